"""Nothing lost, nothing twice, for Tradebyte's order files: the import killed in its runs.

As `test_order_import_crash` does for Shopify: `jjdesk run tradebyte orders` as the
merchant runs it, killed while its run is recorded as running, until enough kills landed;
Afterbuy's shop interface answers slowly, so many kills hit an order in flight (created
after the client died: in doubt in the ledger). TB.One keeps exporting new order files
meanwhile, several orders per file. Against a sink that takes duplicates, only jjdesk's
look-up keeps each order single. At the end every order is in Afterbuy exactly once and
every file is in the archive.
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
from tests.e2e.test_order_import_crash import _running_run
from tests.tradebyte_world import simple_product, tradebyte_world

ROOT = Path(__file__).resolve().parents[2]
KILLS = 12
TIME_LIMIT = 300.0  # seconds; a healthy machine needs a fraction of it


def _importer(profile: Profile, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "jjdesk", "--profile", str(profile.root)]
    return subprocess.Popen(
        [*command, "run", "tradebyte", "orders"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_killed_tradebyte_imports_never_lose_or_duplicate_an_order(
    profile: Profile, secrets: SecretStore, tmp_path: Path
) -> None:
    rng = random.Random(20261202)
    with tradebyte_world(profile, secrets, tmp_path / "tradebyte", products=0) as tb:
        tb.world.afterbuy.check_vid = False  # no second guard: the ledger's look-up alone
        skus = [simple_product(tb.world) for _ in range(3)]
        sftp = tb.tradebyte.sftp
        tb.app.test_connection("tradebyte_sftp")  # pins the host key, as the merchant would
        env = dict(os.environ)
        env.update(
            {
                "PYTHON_KEYRING_BACKEND": "jjdesk.secrets.MemoryKeyring",
                "JJDESK_SECRET_AFTERBUY_PARTNER_TOKEN": tb.world.afterbuy.partner_token,
                "JJDESK_SECRET_AFTERBUY_ACCOUNT_TOKEN": tb.world.afterbuy.account_token,
                "JJDESK_SECRET_TRADEBYTE_SFTP_PASSWORD": sftp.password,
            }
        )
        orders: list[int] = []
        landed = attempts = 0
        deadline = time.monotonic() + TIME_LIMIT
        while landed < KILLS and time.monotonic() < deadline:
            attempts += 1
            batch = [tb.tradebyte.new_order(rng.sample(skus, 2)) for _ in range(rng.randint(1, 3))]
            tb.tradebyte.export_orders(batch)
            orders.extend(o.tb_id for o in batch)
            tb.world.afterbuy_faults.inject(
                FaultKind.SLOW, rng.randint(1, 4), path_contains="Shop", delay=0.2
            )
            child = _importer(profile, env)
            while child.poll() is None and not _running_run(profile.db_path, child.pid):
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.6))
            if child.poll() is None and _running_run(profile.db_path, child.pid):
                os.kill(child.pid, signal.SIGKILL)
                landed += 1
            child.wait(30)
            tb.world.afterbuy_faults.clear()
        assert landed == KILLS, f"only {landed} of {attempts} kills landed in {TIME_LIMIT} s"
        time.sleep(0.5)  # let requests that outlived their client reach the simulator
        for _ in range(3):  # the look-ups of the last run, then the archive moves
            assert _importer(profile, env).wait(120) == 0
        imported = Counter(order.vid for order in tb.world.afterbuy.list_orders())
        duplicated = {vid: n for vid, n in imported.items() if n > 1}
        lost = {f"TRADEBYTE-{o}" for o in orders} - set(imported)
        print(
            f"\ntradebyte crash test: {len(orders)} orders in {attempts} files, {landed} kills, "
            f"{len(duplicated)} duplicated, {len(lost)} lost"
        )
        assert duplicated == {} and lost == set()
        assert set(imported) == {f"TRADEBYTE-{o}" for o in orders}
        assert tb.app.store.ledger.in_state("tradebyte", LedgerState.PENDING) == []
        assert tb.tradebyte.files("out") == []
        assert tb.tradebyte.archived_orders() == set(orders)
