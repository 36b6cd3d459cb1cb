"""Benchmark: how the Tradebyte feed's whole snapshot is built, and what it costs Afterbuy.

Run: .venv/bin/python tests/bench/tradebyte_feed.py [N]
Through the real export flow, the real Afterbuy client and the feed channel: a rebuild
from Afterbuy (a full read), then a delta run that starts from the last file jjdesk wrote
with 1 % of the products changed. Prints Afterbuy calls, seconds, rows and file size, and
the daily call budget (Afterbuy: 50,000 calls a day) of two designs: re-reading Afterbuy
in full every 15 minutes, or rebuilding once a day and starting from the file otherwise.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

from jjdesk.connectors.afterbuy import AfterbuyClient, AfterbuyConfig
from jjdesk.connectors.folders import LocalFolder
from jjdesk.connectors.tradebyte import CsvDialect, RowSettings, TradebyteFeed
from jjdesk.domain.levels import TRADEBYTE_DEFAULT
from jjdesk.events import EventBus
from jjdesk.flows.context import RunContext
from jjdesk.flows.product_export import export_products
from jjdesk.sandbox.afterbuy import ABINTERFACE_PATH, SHOP_PATH, AfterbuySimulator
from jjdesk.sandbox.server import SimulatorServer
from jjdesk.store import Store

RUNS_PER_DAY = 24 * 4  # every 15 minutes
DAILY_CALLS = 50_000


class _Memory:
    def __init__(self) -> None:
        self.value = ""

    def recall(self) -> str:
        return self.value

    def remember(self, value: str) -> None:
        self.value = value


def _run(store: Store, client: AfterbuyClient, feed: TradebyteFeed, rebuild: bool) -> RunContext:
    run_id = store.runs.start("tradebyte", "products", "bench")
    ctx = RunContext(run_id, "tradebyte", "products", store, EventBus(), threading.Event())
    export_products(ctx, client, feed, TRADEBYTE_DEFAULT, rebuild=rebuild)
    return ctx


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    simulator = AfterbuySimulator(seed=3, products=count, daily_limit=10**9)
    with SimulatorServer(simulator) as server, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = Store(root / "jjdesk.sqlite3")
        config = AfterbuyConfig(
            partner_token=simulator.partner_token,
            account_token=simulator.account_token,
            api_url=server.base_url + ABINTERFACE_PATH,
            shop_url=server.base_url + SHOP_PATH,
        )
        client = AfterbuyClient(config)
        memory = _Memory()
        (root / "feed").mkdir()

        def feed() -> TradebyteFeed:
            return TradebyteFeed(
                LocalFolder(root / "feed"),
                "feed.csv",
                RowSettings(("zade",)),
                CsvDialect(),
                memory,
                lambda catalog_id: (catalog_id,),
            )

        started, calls = time.perf_counter(), sum(simulator.calls.values())
        whole = feed()
        ctx = _run(store, client, whole, rebuild=True)
        full_seconds = time.perf_counter() - started
        full_calls = sum(simulator.calls.values()) - calls
        size = (root / "feed" / "feed.csv").stat().st_size
        print(f"rebuild from Afterbuy: {count} products read, {len(whole.rows)} rows, "
              f"{size / 1e6:.1f} MB, {full_calls} Afterbuy calls, {full_seconds:.1f} s "
              f"({ctx.counters.failed} products refused by the feed's checks)")  # fmt: skip

        changed = simulator.product_ids()[::100]
        for pid in changed:
            simulator.modify_product(pid, Name=f"Geändert {pid}")
        started, calls = time.perf_counter(), sum(simulator.calls.values())
        delta = feed()
        based = delta.open_base()
        open_seconds = time.perf_counter() - started
        ctx = _run(store, client, delta, rebuild=False)
        delta_seconds = time.perf_counter() - started
        delta_calls = sum(simulator.calls.values()) - calls
        print(f"delta on the last file: base usable={based}, {len(changed)} products changed, "
              f"{ctx.counters.read} read, {ctx.counters.written} rows written, "
              f"{delta_calls} Afterbuy calls, {delta_seconds:.1f} s "
              f"(of which reading the base file {open_seconds:.2f} s)")  # fmt: skip

        every_run = full_calls * RUNS_PER_DAY
        daily = full_calls + delta_calls * (RUNS_PER_DAY - 1)
        print(f"Afterbuy calls a day for the feed alone (budget {DAILY_CALLS:,}):")
        print(
            f"  full re-read every 15 min:  {every_run:>8,} ({100 * every_run / DAILY_CALLS:.0f} %)"
        )
        print(f"  daily rebuild + file base:  {daily:>8,} ({100 * daily / DAILY_CALLS:.1f} %)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS (simulator in the same process): {peak:.0f} MB")
        client.close()
        store.close()


if __name__ == "__main__":
    main()
