"""Nothing lost, nothing twice, MijnWebwinkel → AccountView: the import killed 50 times.

As `test_tradebyte_order_crash` does for Tradebyte: `jjdesk run avmww orders` as the
merchant runs it, killed with SIGKILL while its run is recorded as running, until 50
kills landed; AccountView answers slowly now and then, so many kills hit an order in
flight (its document stored after the client died: in doubt in the ledger). The shop
keeps taking paid orders meanwhile. AccountView refuses no duplicate, so only jjdesk's
look-up by the shop's order number keeps each order single. At the end every order is
in AccountView exactly once, and every customer is one debtor.

The child processes take their credentials from the environment (a headless run);
AccountView's refresh token does not rotate here, as a token rotated by a killed child
could not reach the next one's environment.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from jjdesk.profile import Profile
from jjdesk.sandbox.server import FaultKind
from jjdesk.secrets import SecretStore
from jjdesk.store.ledger import LedgerState
from tests.avmww_world import avmww_world
from tests.e2e.test_order_import_crash import _running_run

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50
TIME_LIMIT = 600.0  # seconds; a healthy machine needs a fraction of it
SKUS = ("MOK-DELFT", "THEEDOEK", "TS-ZEE-M", "KAARS")
CUSTOMERS = ("kees@example.nl", "anna@example.nl", "piet@dejong.nl", "sanne@example.nl")


def _importer(profile: Profile, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "jjdesk", "--profile", str(profile.root)]
    return subprocess.Popen(
        [*command, "run", "avmww", "orders"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_killed_avmww_imports_never_lose_or_duplicate_an_order(
    profile: Profile, secrets: SecretStore
) -> None:
    rng = random.Random(20261313)
    with avmww_world(profile, secrets, rotate=False) as world:
        for sku in SKUS:
            world.av.add_article(sku, f"Artikel {sku}", "8.26")
        env = dict(os.environ)
        env.update(
            {
                "PYTHON_KEYRING_BACKEND": "jjdesk.secrets.MemoryKeyring",
                "JJDESK_SECRET_ACCOUNTVIEW_CLIENT_SECRET": world.av.client_secret,
                "JJDESK_SECRET_ACCOUNTVIEW_REFRESH_TOKEN": str(
                    secrets.get("accountview", "refresh_token")
                ),
                "JJDESK_SECRET_MIJNWEBWINKEL_TOKEN": world.shop.token,
                "JJDESK_SECRET_MIJNWEBWINKEL_PARTNER_TOKEN": world.shop.partner_token,
            }
        )
        faults = world.demo.av_server.faults
        orders: list[int] = []
        landed = attempts = 0
        deadline = time.monotonic() + TIME_LIMIT
        while landed < KILLS and time.monotonic() < deadline:
            attempts += 1
            for _ in range(rng.randint(1, 3)):
                email = rng.choice(CUSTOMERS)
                company = "Bakkerij De Jong BV" if email.endswith("dejong.nl") else ""
                lines = [(sku, rng.randint(1, 3), "10.00") for sku in rng.sample(SKUS, 2)]
                orders.append(world.shop.add_order(lines, email=email, company=company))
            faults.inject(
                FaultKind.SLOW, rng.randint(1, 6), path_contains="accountviewdata", delay=0.2
            )
            child = _importer(profile, env)
            while child.poll() is None and not _running_run(profile.db_path, child.pid):
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.8))
            if child.poll() is None and _running_run(profile.db_path, child.pid):
                os.kill(child.pid, signal.SIGKILL)
                landed += 1
            child.wait(30)
            faults.clear()
        assert landed == KILLS, f"only {landed} of {attempts} kills landed in {TIME_LIMIT} s"
        time.sleep(0.5)  # let requests that outlived their client reach the simulator
        for _ in range(3):  # the look-ups of the last run, then the rest
            assert _importer(profile, env).wait(120) == 0
        imported = Counter(d["CUST_REF"] for d in world.av.documents("SO1"))
        duplicated = {ref: n for ref, n in imported.items() if n > 1}
        expected = {f"MWW-{number}" for number in orders}
        lost = expected - set(imported)
        debtors = Counter(d["MAIL_BUS"] for d in world.av.debtors())
        print(
            f"\navmww crash test: {len(orders)} orders in {attempts} runs, {landed} kills, "
            f"{len(duplicated)} duplicated, {len(lost)} lost, "
            f"{sum(n - 1 for n in debtors.values())} duplicate debtors"
        )
        assert duplicated == {} and lost == set()
        assert set(imported) == expected
        assert all(n == 1 for n in debtors.values()), debtors
        assert world.app.store.ledger.in_state("avmww", LedgerState.PENDING) == []
