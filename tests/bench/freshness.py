"""Benchmark: freshness end to end, with the app's own scheduler at 60-second intervals.

Orders appear in the channel simulator and stock changes in the ERP simulator at random
moments over `--minutes`; a watcher polls both simulators and notes when each event has
arrived on the other side. Prints p50 and p95 of both latencies over at least 50 events
each, and the flows' run times (target: p95 ≤ 60 s + the run time).

    PYTHONPATH=. .venv/bin/python tests/bench/freshness.py [--minutes 5] [--events 60]
        [--integration idealo]
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from jjdesk.events import RunFinished
from jjdesk.profile import Profile
from jjdesk.secrets import MemoryKeyring, SecretStore
from tests.harness.registry import Entry, Size, World, WorldOptions, entries

INTERVAL = timedelta(seconds=60)
DRAIN = 150.0  # seconds to wait for the last events after the storm


def _quantiles(values: list[float]) -> str:
    if len(values) < 2:
        return f"{len(values)} events"
    cuts = statistics.quantiles(values, n=20, method="inclusive")
    return f"p50 {statistics.median(values):.1f} s, p95 {cuts[18]:.1f} s ({len(values)} events)"


def _measure(entry: Entry, world: World, minutes: float, events: int) -> None:
    rng = random.Random(60)
    run_seconds: dict[str, list[float]] = {}
    lock = threading.Lock()

    def finished(event: object) -> None:
        if isinstance(event, RunFinished):
            with lock:
                run_seconds.setdefault(event.flow, []).append(event.seconds)

    world.app.bus.subscribe(finished)
    for flow in entry.flows:  # the initial load, before the clock starts
        world.app.run_once(entry.key, flow)
    for flow in entry.fresh_flows:
        world.app.set_interval(entry.key, flow, INTERVAL)
    world.app.start(first_run_delay=timedelta(seconds=1))
    moments = sorted(rng.uniform(0, minutes * 60) for _ in range(2 * events))
    kinds = ["order", "stock"] * events
    rng.shuffle(kinds)
    orders: dict[str, float] = {}
    stock: dict[str, tuple[int, float]] = {}  # a newer change of an SKU replaces the older
    arrived: dict[str, list[float]] = {"order": [], "stock": []}
    start = time.monotonic()
    pending = list(zip(moments, kinds, strict=True))
    deadline = start + minutes * 60 + DRAIN
    while time.monotonic() < deadline and (pending or orders or stock):
        now = time.monotonic()
        while pending and start + pending[0][0] <= now:
            _, kind = pending.pop(0)
            if kind == "order":
                orders[world.new_channel_order()] = time.monotonic()
            else:
                sku, quantity = world.change_stock(rng)
                stock[sku] = (quantity, time.monotonic())
        for ref, at in list(orders.items()):
            if world.order_arrived(ref):
                arrived["order"].append(time.monotonic() - at)
                del orders[ref]
        for sku, (quantity, at) in list(stock.items()):
            if world.stock_arrived(sku, quantity):
                arrived["stock"].append(time.monotonic() - at)
                del stock[sku]
        time.sleep(0.2)
    world.app.shutdown()
    print(f"{entry.key}: intervals {INTERVAL.seconds} s for {', '.join(entry.fresh_flows)}")
    print(f"  order in the channel → in the ERP: {_quantiles(arrived['order'])}")
    print(f"  stock change in the ERP → in the channel: {_quantiles(arrived['stock'])}")
    print(f"  not arrived by the end: {len(orders)} orders, {len(stock)} stock changes")
    for flow, seconds in sorted(run_seconds.items()):
        print(f"  {flow} run time: {_quantiles(seconds).replace('events', 'runs')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long events arrive")
    parser.add_argument("--events", type=int, default=60, help="orders and stock changes each")
    parser.add_argument("--integration", default="", help="one integration key (default: all)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    for entry in entries():
        if args.integration and entry.key != args.integration:
            continue
        root = Path(tempfile.mkdtemp(prefix=f"jjdesk-fresh-{entry.key}-"))
        with entry.open_world(
            Profile(root), SecretStore(MemoryKeyring(), {}), WorldOptions(timeout=30)
        ) as world:
            world.seed(random.Random(2), Size(products=2 * args.events + 40, orders=0))
            _measure(entry, world, args.minutes, args.events)


if __name__ == "__main__":
    main()
