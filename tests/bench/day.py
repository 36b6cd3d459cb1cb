"""Benchmark: a merchant's day of API budget, for every integration with a harness entry.

A catalogue of ~10,000 SKUs (40 % in variation sets), and over the day 200 orders and
2,000 stock changes. After the initial load, `--hours` of the day are played in steps of
the shortest interval (each step brings its share of the changes and moves the
integration's own clocks, such as Tradebyte's upload floors, by the step; then every flow
that is due runs); the calls each flow makes per run, counted by the simulators, scale to a day:

    calls a day (flow) = mean calls per run × runs a day,  runs a day = 86,400 s ÷ interval

once at the reference intervals and once at 60-second freshness for orders and stock.
Printed per system against its budget (Afterbuy: 50,000 calls a day; Shopify: the cost
bucket's daily refill), and the cost of an idle poll (nothing new) per flow.

    PYTHONPATH=. .venv/bin/python tests/bench/day.py [--skus 10000] [--hours 2]
        [--integration idealo]
"""

from __future__ import annotations

import argparse
import logging
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from jjdesk.profile import Profile
from jjdesk.secrets import MemoryKeyring, SecretStore
from tests.harness.clocks import let_time_pass
from tests.harness.registry import Entry, World, WorldOptions, entries

DAY = 86_400
ORDERS_A_DAY = 200
STOCK_CHANGES_A_DAY = 2_000
FRESH = timedelta(seconds=60)
BLOCK, SET_SHARE = 20, 0.45  # the simulator's catalogue: 9 of 20 in a set, 8 of them SKUs


def _totals(world: World) -> dict[str, float]:
    """Per system: calls so far (Shopify also its cost points, as its own unit)."""
    out: dict[str, float] = {}
    for system, calls in world.calls().items():
        out[f"{system} calls"] = sum(v for k, v in calls.items() if k != "cost points")
        if "cost points" in calls:
            out[f"{system} cost points"] = calls["cost points"]
    return out


def _delta(after: Mapping[str, float], before: Mapping[str, float]) -> dict[str, float]:
    return {k: v - before.get(k, 0.0) for k, v in after.items()}


def _changes(world: World, rng: random.Random, interval: float, carry: dict[str, float]) -> None:
    """One interval's share of the day's orders and stock changes (fractions carried)."""
    carry["orders"] += ORDERS_A_DAY * interval / DAY
    carry["stock"] += STOCK_CHANGES_A_DAY * interval / DAY
    while carry["orders"] >= 1:
        world.new_channel_order()
        carry["orders"] -= 1
    while carry["stock"] >= 1:
        world.change_stock(rng)
        carry["stock"] -= 1
    world.ship(rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--hours", type=float, default=2.0, help="hours of the day simulated")
    parser.add_argument("--integration", default="", help="one integration key (default: all)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    # leaves per block of 20: 11 simple + 8 children (the parent is no SKU)
    catalogue = round(args.skus * BLOCK / (BLOCK - 1))
    for entry in entries():
        if args.integration and entry.key != args.integration:
            continue
        root = Path(tempfile.mkdtemp(prefix=f"jjdesk-day-{entry.key}-"))
        options = WorldOptions(
            timeout=60, catalogue=catalogue, variation_share=SET_SHARE, quota_scale=50
        )
        rng = random.Random(1)
        with entry.open_world(Profile(root), SecretStore(MemoryKeyring(), {}), options) as world:
            started = time.monotonic()
            before = _totals(world)
            for flow in entry.flows:
                world.app.run_once(entry.key, flow)
            load = _delta(_totals(world), before)
            print(f"{entry.key}: initial load of {catalogue} Afterbuy products ({args.skus} SKUs)")
            print(f"  {time.monotonic() - started:.0f} s; " + _fmt(load))
            idle = {}
            for flow in entry.flows:
                before = _totals(world)
                world.app.run_once(entry.key, flow)
                idle[flow] = _delta(_totals(world), before)
            print("  idle poll (nothing new), per run: " + "; ".join(
                f"{flow}: {_fmt(cost)}" for flow, cost in idle.items()
            ))  # fmt: skip
            for label, fresh in (("reference intervals", False), ("60-s freshness", True)):
                _day(world, entry, label, fresh, args.hours, rng)


def _day(
    world: World, entry: Entry, label: str, fresh: bool, hours: float, rng: random.Random
) -> None:
    """`hours` of the day in steps of the shortest interval: that step's share of the
    changes, then every flow that is due; flows due less often run once at the end."""
    intervals = {
        flow: FRESH.total_seconds()
        if fresh and flow in entry.fresh_flows
        else world.app.interval(entry.key, flow).total_seconds()
        for flow in entry.flows
    }
    step = min(intervals.values())
    window = hours * 3600
    carry: dict[str, float] = defaultdict(float)
    spent: dict[str, dict[str, float]] = {flow: defaultdict(float) for flow in entry.flows}
    runs: dict[str, int] = defaultdict(int)

    def run(flow: str) -> None:
        before = _totals(world)
        world.app.run_once(entry.key, flow)
        for k, v in _delta(_totals(world), before).items():
            spent[flow][k] += v
        runs[flow] += 1

    for n in range(1, int(window // step) + 1):
        let_time_pass(world, timedelta(seconds=step))
        _changes(world, rng, step, carry)
        for flow in entry.flows:
            if intervals[flow] <= window and (n * step) % intervals[flow] < step:
                run(flow)
    for flow in entry.flows:
        if not runs[flow]:
            run(flow)
    print(
        f"\n  a day at {label}: {hours:g} h simulated in steps of {step:.0f} s, scaled as "
        "calls a day = calls per run × 86,400 s ÷ interval"
    )
    day: dict[str, float] = defaultdict(float)
    for flow in entry.flows:
        per_run = {k: v / runs[flow] for k, v in spent[flow].items()}
        a_day = DAY / intervals[flow]
        for k, v in per_run.items():
            day[k] += v * a_day
        print(
            f"    {flow:10} every {intervals[flow] / 60:6.1f} min, {a_day:5.0f} runs a day: "
            f"per run {_fmt(per_run)} → a day {_fmt({k: v * a_day for k, v in per_run.items()})}"
        )
    for budget in world.budgets():
        used = day.get(f"{budget.system} {budget.unit}", 0.0)
        print(
            f"    {budget.system}: {used:,.0f} {budget.unit} a day of {budget.limit:,.0f} "
            f"{budget.note} = {used / budget.limit:.1%}"
        )


def _fmt(cost: Mapping[str, float]) -> str:
    return ", ".join(f"{k} {v:,.1f}" for k, v in sorted(cost.items()))


if __name__ == "__main__":
    main()
