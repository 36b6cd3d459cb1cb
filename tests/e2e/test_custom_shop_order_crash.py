"""Nothing lost, nothing twice, for a custom shop's API: the import killed in its runs.

As the Tradebyte crash test does: `jjdesk run shop-mein-shop orders` as the merchant runs
it, killed while its run is recorded as running, until enough kills landed; Afterbuy's
shop interface answers slowly, so many kills hit an order in flight. New orders arrive
in the shop meanwhile, read page by page. Afterbuy takes duplicates here, so only
jjdesk's look-up keeps each order single.
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

from jjdesk.demo_custom import configure_http
from jjdesk.profile import Profile
from jjdesk.sandbox.server import FaultKind
from jjdesk.secrets import SecretStore, env_name
from jjdesk.store.ledger import LedgerState
from tests.custom_world import custom_world
from tests.e2e.test_order_import_crash import _running_run

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
TIME_LIMIT = 300.0  # seconds; a healthy machine needs a fraction of it


def _importer(profile: Profile, key: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "jjdesk", "--profile", str(profile.root)]
    return subprocess.Popen(
        [*command, "run", key, "orders"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_killed_custom_shop_imports_never_lose_or_duplicate_an_order(
    profile: Profile, secrets: SecretStore
) -> None:
    rng = random.Random(20261212)
    with custom_world(profile, secrets) as cw:
        cw.world.afterbuy.check_vid = False  # no second guard: the ledger's look-up alone
        skus = [cw.product() for _ in range(3)]
        key = configure_http(cw.app, cw.shop, cw.base_url, page_size=2)
        env = dict(os.environ)
        env.update(
            {
                "PYTHON_KEYRING_BACKEND": "jjdesk.secrets.MemoryKeyring",
                "JJDESK_SECRET_AFTERBUY_PARTNER_TOKEN": cw.world.afterbuy.partner_token,
                "JJDESK_SECRET_AFTERBUY_ACCOUNT_TOKEN": cw.world.afterbuy.account_token,
                env_name(key, "token"): cw.shop.token,
            }
        )
        numbers: list[str] = []
        landed = attempts = 0
        deadline = time.monotonic() + TIME_LIMIT
        while landed < KILLS and time.monotonic() < deadline:
            attempts += 1
            for _ in range(rng.randint(1, 3)):
                numbers.append(cw.shop.new_order(rng.sample(skus, 2)).number)
            cw.world.afterbuy_faults.inject(
                FaultKind.SLOW, rng.randint(1, 4), path_contains="Shop", delay=0.2
            )
            child = _importer(profile, key, env)
            while child.poll() is None and not _running_run(profile.db_path, child.pid):
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.6))
            if child.poll() is None and _running_run(profile.db_path, child.pid):
                os.kill(child.pid, signal.SIGKILL)
                landed += 1
            child.wait(30)
            cw.world.afterbuy_faults.clear()
        assert landed == KILLS, f"only {landed} of {attempts} kills landed in {TIME_LIMIT} s"
        time.sleep(0.5)  # let requests that outlived their client reach the simulator
        for _ in range(2):
            assert _importer(profile, key, env).wait(120) == 0
        imported = Counter(order.vid for order in cw.world.afterbuy.list_orders())
        expected = {f"MEIN-SHOP-{n}" for n in numbers}
        duplicated = {vid: n for vid, n in imported.items() if n > 1}
        lost = expected - set(imported)
        print(
            f"\ncustom shop crash test: {len(numbers)} orders, {attempts} runs, {landed} kills, "
            f"{len(duplicated)} duplicated, {len(lost)} lost"
        )
        assert duplicated == {} and lost == set()
        assert set(imported) == expected
        assert cw.app.store.ledger.in_state(key, LedgerState.PENDING) == []
