"""Benchmark: export ~10,000 products (~25,000 variants) into a Shopify-shaped cost bucket.

Prints: spent points per second ÷ restore rate (target ≥ 0.9), items failed because of
throttling (target 0), writes on a second run with nothing changed (target 0) and with
1 % changed (target ≈ 1 % of products), and the wall time the same export would take on a
real Standard-plan shop (2,000 points, restoring 100/s).

The Shopify simulator runs in its own process (as the real shop is another machine); the
bucket and its restore rate are scaled by the same factor so the run takes minutes, not
hours: the ratio is what counts.

    .venv/bin/python tests/bench/shopify_export.py [--products 26300] [--scale 10]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import tempfile
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

from jjdesk.app import App
from jjdesk.domain.levels import ExportAction, LevelRange, LevelRules, StockAction
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.sandbox.afterbuy import ABINTERFACE_PATH, SHOP_PATH, AfterbuySimulator
from jjdesk.sandbox.server import SimulatorServer
from jjdesk.secrets import MemoryKeyring, SecretStore

STANDARD_BUCKET = 2000
STANDARD_RATE = 100
EVERYTHING = LevelRules((LevelRange(0, 15, ExportAction.TRANSFER, StockAction.UPDATE),))


def _shop(conn: Connection, bucket: float, rate: float) -> None:
    """The Shopify simulator's process: serve, answer stats, stop on request."""
    from jjdesk.sandbox.shopify import ShopifySimulator

    sim = ShopifySimulator(bucket_size=bucket, restore_rate=rate, media_seconds=0.05)
    server = SimulatorServer(sim).start()
    conn.send(server.base_url)
    while True:
        command = conn.recv()
        if command == "stats":
            with sim._lock:  # a consistent snapshot for the report
                variants = sum(len(p.variants) for p in sim.state.products.values())
                conn.send(
                    {
                        "points": sim.points_spent,
                        "throttled": sim.throttled,
                        "products": len(sim.state.products),
                        "variants": variants,
                        "operations": Counter(sim.operations),
                    }
                )
        else:
            server.stop()
            conn.send("stopped")
            return


def _stats(conn: Connection) -> dict[str, object]:
    conn.send("stats")
    result: dict[str, object] = conn.recv()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=26_300, help="Afterbuy products")
    parser.add_argument("--share", type=float, default=0.65, help="share in variation sets")
    parser.add_argument("--scale", type=float, default=10.0, help="bucket and rate factor")
    args = parser.parse_args()

    bucket, rate = STANDARD_BUCKET * args.scale, STANDARD_RATE * args.scale
    ctx = mp.get_context("spawn")
    ours, theirs = ctx.Pipe()
    shop = ctx.Process(target=_shop, args=(theirs, bucket, rate), daemon=True)
    shop.start()
    shop_url = ours.recv()

    afterbuy = AfterbuySimulator(seed=3, products=args.products, variation_share=args.share)
    ab_server = SimulatorServer(afterbuy).start()
    root = Path(tempfile.mkdtemp(prefix="jjdesk-bench-"))
    app = App(
        Profile(root), all_integrations(), all_connections(), SecretStore(MemoryKeyring(), {})
    )
    app.save_connection(
        "afterbuy",
        {
            "api_url": ab_server.base_url + ABINTERFACE_PATH,
            "shop_url": ab_server.base_url + SHOP_PATH,
            "partner_token": afterbuy.partner_token,
            "account_token": afterbuy.account_token,
        },
    )
    app.save_connection(
        "shopify", {"shop": "bench", "base_url": shop_url, "access_token": "shpat_simulator"}
    )
    app.set_level_rules("shopify", EVERYTHING)

    print(f"bucket {bucket:.0f} points restoring {rate:.0f}/s (Standard plan × {args.scale:g})")
    started = time.monotonic()
    first = app.run_once("shopify", "products")
    seconds = time.monotonic() - started
    stats = _stats(ours)
    points = int(stats["points"])  # type: ignore[call-overload]
    failed_by_field = Counter(e.field or "-" for e in app.store.errors.for_run(first.run_id))
    throttle_failures = sum(
        1
        for e in app.store.errors.for_run(first.run_id)
        if "throttl" in e.message.lower() or "429" in e.message
    )
    print(f"\nrun 1 (full export): {first.status.value}, {seconds:.1f} s")
    print(f"  Shopify now holds {stats['products']} products, {stats['variants']} variants")
    print(f"  written {first.written}, failed {first.failed} {dict(failed_by_field)}")
    print(f"  operations: {dict(stats['operations'])}")  # type: ignore[call-overload]
    print(f"  points spent: {points}")
    print(
        f"  spent points/s ÷ restore rate: {points / seconds / rate:.3f} "
        f"(without the initial full bucket: {(points - bucket) / seconds / rate:.3f})"
    )
    print(
        f"  THROTTLED answers: {stats['throttled']}; items failed by throttling: "
        f"{throttle_failures}"
    )
    real = max(0.0, points - STANDARD_BUCKET) / STANDARD_RATE
    print(
        f"  same export on a real Standard-plan shop: ≈ {real / 60:.0f} min "
        f"({real / 3600:.1f} h) of bucket time"
    )

    app.store.watermarks.set("shopify", "products", "2000-01-01T00:00:00+00:00")
    started = time.monotonic()
    second = app.run_once("shopify", "products")
    print(
        f"\nrun 2 (nothing changed, every product read again): read {second.read}, "
        f"written {second.written}, {time.monotonic() - started:.1f} s"
    )

    top_level = [
        pid
        for pid in afterbuy.product_ids()
        if (p := afterbuy.product(pid)) is not None and p.flag in (0, 1, 2)
    ]
    changed = random.Random(1).sample(top_level, max(1, len(top_level) // 100))
    for pid in changed:
        afterbuy.modify_product(pid, Name=f"Geändert {pid}")
    started = time.monotonic()
    third = app.run_once("shopify", "products")
    print(
        f"\nrun 3 (1 % changed: {len(changed)} of {len(top_level)} products): "
        f"read {third.read}, written {third.written} "
        f"({third.written / len(top_level):.2%} of products), "
        f"{time.monotonic() - started:.1f} s"
    )

    app.shutdown()
    ab_server.stop()
    ours.send("stop")
    ours.recv()
    shop.join(10)


if __name__ == "__main__":
    main()
