"""Benchmark: the long fault soak for every integration (or one), printing its figures.

Items expected, arrived, duplicated, lost, stale per category, and the runs needed, under
about 10 % injected faults of every kind the simulators offer (see `tests/soak/soak.py`).

    PYTHONPATH=. .venv/bin/python tests/bench/soak.py [--integration shopify]
        [--products 200] [--orders 60] [--rounds 10] [--seed 15]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from jjdesk.profile import Profile
from jjdesk.secrets import MemoryKeyring, SecretStore
from tests.harness.registry import Size, entries
from tests.soak.soak import SoakPlan, soak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--integration", default="", help="one integration key (default: all)")
    parser.add_argument("--products", type=int, default=200, help="SKUs seeded")
    parser.add_argument("--orders", type=int, default=60, help="channel orders seeded")
    parser.add_argument("--rounds", type=int, default=10, help="rounds with churn and faults")
    parser.add_argument("--rate", type=float, default=0.10, help="share of requests failing")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    plan = SoakPlan(
        size=Size(products=args.products, orders=args.orders),
        active_rounds=args.rounds,
        max_rounds=args.rounds + 15,
        rate=args.rate,
        seed=args.seed,
    )
    dirty = 0
    for entry in entries():
        if args.integration and entry.key != args.integration:
            continue
        root = Path(tempfile.mkdtemp(prefix=f"jjdesk-soak-{entry.key}-"))
        started = time.monotonic()
        report = soak(entry, Profile(root), SecretStore(MemoryKeyring(), environ={}), plan)
        print("\n".join(report.lines()))
        print(f"wall time {time.monotonic() - started:.0f} s; clean: {report.clean}\n")
        dirty += not report.clean
    raise SystemExit(1 if dirty else 0)


if __name__ == "__main__":
    main()
