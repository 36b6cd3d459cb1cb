"""Benchmark: orders per second the field mapper turns into jjdesk orders, per shape.

Run: .venv/bin/python tests/bench/custom_mapping.py [ORDERS]
The custom-shop simulator writes ORDERS orders (3 lines each, default 2,000) in each
shape; each shape is parsed as the file source parses it, then mapped with its preset
(records found, every field and line mapped and converted, SKUs checked). Prints
orders/s for mapping alone and for parsing plus mapping, best of three rounds.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from jjdesk.connectors.custom_shop import parse_file, preset
from jjdesk.connectors.custom_shop.records import map_one
from jjdesk.domain.mapping import Mapping, order_records
from jjdesk.domain.models import Order
from jjdesk.sandbox.custom_shop import CustomShopState, ShopOrder

SHAPES = {"nested JSON": "nested_json", "flat JSON": "flat_json", "CSV": "csv", "XML": "xml"}


def _raw(shop: CustomShopState, orders: list[ShopOrder], name: str, folder: Path) -> bytes:
    if name == "nested_json":
        return json.dumps({"orders": [shop.nested(o) for o in orders]}).encode()
    if name == "flat_json":
        return json.dumps({"data": [shop.flat(o) for o in orders]}).encode()
    return shop.write_file(folder, name, orders).read_bytes()


def _map(mapping: Mapping, data: object) -> int:
    items = [map_one(mapping, r, "shop-bench") for r in order_records(mapping, data)]
    assert all(isinstance(i, Order) for i in items), "every benchmark order must map"
    return len(items)


def _best(fn: Callable[[], int]) -> tuple[int, float]:
    best = float("inf")
    count = 0
    for _ in range(3):
        start = time.perf_counter()
        count = fn()
        best = min(best, time.perf_counter() - start)
    return count, best


def main(count: int) -> None:
    shop = CustomShopState()
    skus = ["10000001", "10000002", "10000003"]
    orders = [shop.new_order(skus) for _ in range(count)]
    print(f"custom shop mapping: {count} orders × {len(skus)} lines, best of 3")
    print(f"{'shape':<12} {'map only':>14} {'parse + map':>14} {'bytes':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, name in SHAPES.items():
            mapping = preset(name)
            raw = _raw(shop, orders, name, Path(tmp))
            parsed = parse_file(mapping.kind, raw)
            mapped, alone = _best(lambda m=mapping, p=parsed: _map(m, p))
            _, whole = _best(lambda m=mapping, r=raw: _map(m, parse_file(m.kind, r)))
            assert mapped == count
            print(
                f"{label:<12} {count / alone:>10,.0f} /s {count / whole:>10,.0f} /s {len(raw):>11,}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
