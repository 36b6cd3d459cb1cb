"""Nothing lost, nothing twice: the order import killed at random moments, 50 times."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from jjdesk.profile import Profile
from jjdesk.sandbox.server import FaultKind
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.shopify_world import shopify_world, simple_product

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50


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


def test_killed_imports_never_lose_or_duplicate_an_order(
    profile: Profile, secrets: SecretStore
) -> None:
    rng = random.Random(20261123)
    with shopify_world(profile, secrets) as (app, world):
        pid = simple_product(world)
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
        for _ in range(KILLS):
            for _ in range(rng.randint(1, 3)):
                shop_orders.append(world.new_order())
            # slow order creation so that kills land inside the shop-interface call too
            world.afterbuy_faults.inject(
                FaultKind.SLOW, rng.randint(1, 4), path_contains="Shop", delay=0.15
            )
            child = _importer(profile, env)
            time.sleep(rng.uniform(0.3, 1.6))
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
            child.wait(30)
        world.afterbuy_faults.clear()
        final = _importer(profile, env)
        assert final.wait(120) == 0
        imported = Counter(order.vid for order in world.afterbuy.list_orders())
        duplicates = {vid: n for vid, n in imported.items() if n > 1}
        assert duplicates == {}
        assert set(imported) == set(shop_orders)
        runs = app.store.runs.history(limit=500)
        interrupted = [r for r in runs if r.status is RunStatus.INTERRUPTED]
        assert len(interrupted) >= KILLS * 0.8  # the kills really landed inside runs
        assert runs[0].status is RunStatus.SUCCEEDED
        assert pid
