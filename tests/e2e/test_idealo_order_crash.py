"""Nothing lost, nothing twice, for idealo orders: `jjdesk run idealo orders` killed inside
its runs, against an Afterbuy that takes duplicates (CheckVID off), so only jjdesk's own
ledger stands between a kill and a second copy.

The same construction as the Shopify crash test (`test_order_import_crash.py`), kept short
for CI: fewer kills, one sink. Each kill lands inside a run (the child has recorded its
run as running); Afterbuy answers slowly, so many kills hit an order in flight, which
Afterbuy then creates after the client died; idealo answers slowly on the merchant order
number, so other kills hit the acknowledgement.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jjdesk.profile import Profile
from jjdesk.sandbox.server import FaultKind
from jjdesk.secrets import SecretStore
from jjdesk.store.ledger import LedgerState
from tests.e2e.test_order_import_crash import _running_run
from tests.idealo_helpers import afterbuy_product, idealo_world

ROOT = Path(__file__).resolve().parents[2]
KILLS = 15
TIME_LIMIT = 300.0  # seconds; a healthy machine needs a small part of it


def _importer(profile: Profile, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "jjdesk", "--profile", str(profile.root), "run", "idealo", "orders"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_killed_idealo_imports_never_lose_or_duplicate_an_order(
    profile: Profile, secrets: SecretStore
) -> None:
    rng = random.Random(20261210)
    with idealo_world(profile, secrets) as (app, world):
        world.afterbuy.check_vid = False
        sku = afterbuy_product(world)
        sim = world.idealo.simulator
        offer_id, offer_secret = sim.offer_client
        order_id, order_secret = sim.order_client
        env = dict(os.environ)
        env.update(
            {
                "PYTHON_KEYRING_BACKEND": "jjdesk.secrets.MemoryKeyring",
                "JJDESK_SECRET_AFTERBUY_PARTNER_TOKEN": world.afterbuy.partner_token,
                "JJDESK_SECRET_AFTERBUY_ACCOUNT_TOKEN": world.afterbuy.account_token,
                "JJDESK_SECRET_SHOPIFY_ACCESS_TOKEN": world.shopify.access_token,
                "JJDESK_SECRET_IDEALO_OFFER_CLIENT_ID": offer_id,
                "JJDESK_SECRET_IDEALO_OFFER_CLIENT_SECRET": offer_secret,
                "JJDESK_SECRET_IDEALO_ORDER_CLIENT_ID": order_id,
                "JJDESK_SECRET_IDEALO_ORDER_CLIENT_SECRET": order_secret,
            }
        )
        orders: list[str] = []
        landed = attempts = 0
        deadline = time.monotonic() + TIME_LIMIT
        while landed < KILLS and time.monotonic() < deadline:
            attempts += 1
            for _ in range(rng.randint(1, 3)):
                [new] = sim.orders.seed([sku], 1, datetime.now(UTC))
                orders.append(new)
            world.afterbuy_faults.inject(
                FaultKind.SLOW, rng.randint(1, 3), path_contains="Shop", delay=0.2
            )
            world.idealo.faults.inject(
                FaultKind.SLOW, rng.randint(0, 2), path_contains="merchant-order", delay=0.2
            )
            child = _importer(profile, env)
            while child.poll() is None and not _running_run(profile.db_path, child.pid):
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.4))
            if child.poll() is None and _running_run(profile.db_path, child.pid):
                os.kill(child.pid, signal.SIGKILL)
                landed += 1
            child.wait(30)
            world.afterbuy_faults.clear()
            world.idealo.faults.clear()
        assert landed == KILLS, f"only {landed} of {attempts} kills landed in {TIME_LIMIT} s"
        time.sleep(0.5)  # let requests that outlived their client reach the simulators
        final = _importer(profile, env)
        assert final.wait(120) == 0
        imported = Counter(order.vid for order in world.afterbuy.list_orders())
        duplicates = {vid: n for vid, n in imported.items() if n > 1}
        expected = {f"IDEALO-{o}" for o in orders}
        print(
            f"\nidealo crash test: {len(orders)} orders, {landed} kills landed in {attempts} "
            f"runs, {len(duplicates)} duplicated, {len(expected - set(imported))} lost"
        )
        assert duplicates == {} and set(imported) == expected
        assert app.store.ledger.in_state("idealo", LedgerState.PENDING) == []
        # every order carries Afterbuy's id as its merchant order number at idealo
        by_vid = {o.vid: str(o.order_id) for o in world.afterbuy.list_orders()}
        for order in orders:
            raw = sim.orders.render(order)
            assert raw is not None and raw.get("merchantOrderNumber") == by_vid[f"IDEALO-{order}"]
