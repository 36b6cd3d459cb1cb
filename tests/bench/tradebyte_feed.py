"""Benchmark: how the Tradebyte feed's whole snapshot is built, and what it costs Afterbuy.

Run: .venv/bin/python tests/bench/tradebyte_feed.py [N]
Through the real export flow, the real Afterbuy client and the feed channel: a rebuild
from Afterbuy (a full read), then a delta run that starts from the last file jjdesk wrote
with 1 % of the products changed. Prints Afterbuy calls, seconds, rows, file size and
jjdesk's peak memory (the simulator runs in a subprocess), and the daily call budget
(Afterbuy: 50,000 calls a day) of two designs: re-reading Afterbuy in full every 15
minutes, or rebuilding once a day and starting from the file otherwise.
"""

from __future__ import annotations

import multiprocessing
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


def _serve(count: int, commands: multiprocessing.Queue, answers: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """The simulator in its own process: "calls" → calls so far, ("change", n) → ids changed."""
    simulator = AfterbuySimulator(seed=3, products=count, daily_limit=10**9)
    with SimulatorServer(simulator) as server:
        answers.put(server.base_url)
        while (command := commands.get()) != "stop":
            if command == "calls":
                answers.put(sum(simulator.calls.values()))
            else:
                changed = simulator.product_ids()[:: command[1]]
                for pid in changed:
                    simulator.modify_product(pid, Name=f"Geändert {pid}")
                answers.put(len(changed))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    commands: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    answers: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    process = multiprocessing.Process(target=_serve, args=(count, commands, answers))
    process.start()
    base_url = answers.get()

    def calls_so_far() -> int:
        commands.put("calls")
        return int(answers.get())

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = Store(root / "jjdesk.sqlite3")
        config = AfterbuyConfig(
            partner_token="partner",
            account_token="account",
            api_url=base_url + ABINTERFACE_PATH,
            shop_url=base_url + SHOP_PATH,
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

        started, calls = time.perf_counter(), calls_so_far()
        whole = feed()
        ctx = _run(store, client, whole, rebuild=True)
        full_seconds = time.perf_counter() - started
        full_calls = calls_so_far() - calls
        size = (root / "feed" / "feed.csv").stat().st_size
        print(f"rebuild from Afterbuy: {count} products read, {sum(1 for _ in whole.rows())} rows, "
              f"{size / 1e6:.1f} MB, {full_calls} Afterbuy calls, {full_seconds:.1f} s "
              f"({ctx.counters.failed} products refused by the feed's checks)")  # fmt: skip

        commands.put(("change", 100))
        changed = int(answers.get())
        started, calls = time.perf_counter(), calls_so_far()
        delta = feed()
        based = delta.open_base()
        open_seconds = time.perf_counter() - started
        ctx = _run(store, client, delta, rebuild=False)
        delta_seconds = time.perf_counter() - started
        delta_calls = calls_so_far() - calls
        print(f"delta on the last file: base usable={based}, {changed} products changed, "
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
        print(f"peak RSS of jjdesk's side: {peak:.0f} MB")
        client.close()
        store.close()
    commands.put("stop")
    process.join(30)


if __name__ == "__main__":
    main()
