"""Nothing lost, nothing twice: the order import killed inside its runs, 50 times.

Twice: against Afterbuy's simulator, which refuses a repeated VID (CheckVID), and against
the same simulator with that guard off, a sink that creates whatever it gets. Kills land
inside runs by construction: the test waits until the child's run is recorded as
running before it kills, and it goes on until 50 kills landed (bounded in time, not in
attempts, so a slow machine takes longer instead of failing). The shop interface answers
slowly, so many kills hit a request in flight: Afterbuy then creates the order after the
client died, which leaves it in doubt in jjdesk's ledger.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
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
from jjdesk.store.runs import RunStatus
from tests.shopify_world import shopify_world, simple_product

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50
TIME_LIMIT = 600.0  # seconds; a healthy machine needs about a tenth of it


def _importer(profile: Profile, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jjdesk",
            "--profile",
            str(profile.root),
            "run",
            "shopify",
            "orders",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _running_run(db: Path, pid: int) -> bool:
    """Whether the child has recorded a run as running (read-only, its own connection)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return False
    try:
        row = conn.execute("SELECT 1 FROM runs WHERE pid=? AND status='running'", (pid,)).fetchone()
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()
    return row is not None


@pytest.mark.slow
@pytest.mark.parametrize("sink_refuses_duplicates", [True, False], ids=["checkvid", "no-dedup"])
def test_killed_imports_never_lose_or_duplicate_an_order(
    profile: Profile, secrets: SecretStore, sink_refuses_duplicates: bool
) -> None:
    rng = random.Random(20261201)
    with shopify_world(profile, secrets) as (app, world):
        world.afterbuy.check_vid = sink_refuses_duplicates
        simple_product(world)
        env = dict(os.environ)
        env.update(
            {
                "PYTHON_KEYRING_BACKEND": "jjdesk.secrets.MemoryKeyring",
                "JJDESK_SECRET_AFTERBUY_PARTNER_TOKEN": world.afterbuy.partner_token,
                "JJDESK_SECRET_AFTERBUY_ACCOUNT_TOKEN": world.afterbuy.account_token,
                "JJDESK_SECRET_SHOPIFY_ACCESS_TOKEN": world.shopify.access_token,
            }
        )
        app.store.watermarks.set("shopify", "orders", "2000-01-01T00:00:00+00:00")
        shop_orders: list[str] = []
        landed = attempts = 0
        deadline = time.monotonic() + TIME_LIMIT
        while landed < KILLS and time.monotonic() < deadline:
            attempts += 1
            for _ in range(rng.randint(1, 3)):
                shop_orders.append(world.new_order())
            world.afterbuy_faults.inject(
                FaultKind.SLOW, rng.randint(1, 4), path_contains="Shop", delay=0.2
            )
            child = _importer(profile, env)
            while child.poll() is None and not _running_run(profile.db_path, child.pid):
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.5))
            if child.poll() is None and _running_run(profile.db_path, child.pid):
                os.kill(child.pid, signal.SIGKILL)
                landed += 1
            child.wait(30)
            world.afterbuy_faults.clear()
        assert landed == KILLS, f"only {landed} of {attempts} kills landed in {TIME_LIMIT} s"
        time.sleep(0.5)  # let requests that outlived their client reach the simulator
        final = _importer(profile, env)
        assert final.wait(120) == 0
        imported = Counter(order.vid for order in world.afterbuy.list_orders())
        duplicates = {vid: n for vid, n in imported.items() if n > 1}
        lost = {f"SHOPIFY-{o}" for o in shop_orders} - set(imported)
        print(
            f"\ncrash test ({'CheckVID' if sink_refuses_duplicates else 'no dedup'}): "
            f"{len(shop_orders)} orders, {landed} kills landed in {attempts} runs, "
            f"{len(duplicates)} duplicated, {len(lost)} lost, "
            f"{world.afterbuy.calls['GetSoldItems']} look-up calls"
        )
        assert duplicates == {} and lost == set()
        assert set(imported) == {f"SHOPIFY-{o}" for o in shop_orders}
        assert app.store.ledger.in_state("shopify", LedgerState.PENDING) == []
        runs = app.store.runs.history(limit=500)
        interrupted = [r for r in runs if r.status is RunStatus.INTERRUPTED]
        assert len(interrupted) >= KILLS
        assert runs[0].status is RunStatus.SUCCEEDED
