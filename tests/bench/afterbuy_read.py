"""Benchmark: read a 100,000-product Afterbuy catalogue through the real client.

Run: /work/venv/bin/python tests/bench/afterbuy_read.py [N]
The simulator runs in a subprocess so that its memory does not count; the figures are the
client's: products/s, calls vs the minimum ⌈N/250⌉, peak RSS, and the speed of our
streaming codec against a plain xmltodict parse of the same pages.
"""

from __future__ import annotations

import math
import multiprocessing
import resource
import sys
import time
from decimal import Decimal

import httpx
import xmltodict

from jjdesk.connectors.afterbuy import AfterbuyClient, AfterbuyConfig
from jjdesk.connectors.afterbuy.formats import parse_german_local
from jjdesk.connectors.afterbuy.products import PageInfo, iter_products
from jjdesk.connectors.afterbuy.wire import build_request, element
from jjdesk.domain.models import Picture, Product, Unreadable
from jjdesk.domain.money import parse_decimal


def _serve(count: int, port_queue: multiprocessing.Queue, stop: multiprocessing.Event) -> None:  # type: ignore[type-arg]
    from jjdesk.sandbox.afterbuy import AfterbuySimulator
    from jjdesk.sandbox.server import SimulatorServer

    server = SimulatorServer(AfterbuySimulator(seed=11, products=count, variation_share=0.3))
    server.start()
    port_queue.put(server.base_url)
    stop.wait()
    port_queue.put(dict(server.simulator.calls))  # type: ignore[attr-defined]
    server.stop()


def _page_bytes(url: str, page: int) -> bytes:
    body = build_request(
        "GetShopProducts", "partner", "account", 0,
        element("MaxShopItems", 250), element("PaginationEnabled", 1), element("PageNumber", page),
    )  # fmt: skip
    return httpx.post(url, content=body, timeout=60).content


def _xmltodict_products(page: bytes) -> list[Product]:
    """The straightforward alternative: xmltodict, then the same field mapping by hand."""
    doc = xmltodict.parse(page, force_list=("Product", "AdditionalPrice", "ProductPicture"))
    out = []
    for raw in doc["Afterbuy"]["Result"]["Products"]["Product"]:
        prices = (raw.get("AdditionalPrices") or {}).get("AdditionalPrice", [])
        pictures = (raw.get("ProductPictures") or {}).get("ProductPicture", [])
        out.append(
            Product(
                product_id=raw["ProductID"],
                name=raw.get("Name") or "",
                level=int(raw.get("Level") or 0),
                description=raw.get("Description") or "",
                ean=raw.get("EAN") or "",
                quantity=int(raw.get("Quantity") or 0),
                selling_price=parse_decimal(raw.get("SellingPrice")),
                buying_price=parse_decimal(raw.get("BuyingPrice")),
                tax_rate=parse_decimal(raw.get("TaxRate")),
                weight_kg=parse_decimal(raw.get("Weight")),
                additional_prices=tuple(
                    (a["Name"], parse_decimal(a["Value"]) or Decimal(0)) for a in prices
                ),
                pictures=tuple(Picture(p["Url"], int(p["Nr"])) for p in pictures),
                modified_at=parse_german_local(raw.get("ModDate")),
            )
        )
    return out


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    stop = multiprocessing.Event()
    proc = multiprocessing.Process(target=_serve, args=(count, queue, stop), daemon=True)
    proc.start()
    base = queue.get(timeout=30)
    config = AfterbuyConfig(
        "partner", "account", api_url=f"{base}/afterbuy/ABInterface.aspx",
        shop_url=f"{base}/afterbuy/ShopInterfaceUTF8.aspx",
    )  # fmt: skip
    client = AfterbuyClient(config)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    leaves = products = in_sets = 0
    for product in client.changed_products(None):
        if isinstance(product, Unreadable):
            continue
        products += 1
        leaves += 1 + len(product.variants)
        if product.variants:
            in_sets += 1 + len(product.variants)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    client.close()

    # Codec against xmltodict on the same pages (parse time only, pages fetched once).
    sample_pages = [_page_bytes(config.api_url, n) for n in range(1, 21)]
    sample_products = sum(p.count(b"<Product>") for p in sample_pages)
    t0 = time.perf_counter()
    for page in sample_pages:
        for _item in iter_products(page, PageInfo()):
            pass
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    for page in sample_pages:
        xmltodict.parse(page)
    raw_baseline = time.perf_counter() - t0
    t0 = time.perf_counter()
    for page in sample_pages:
        _xmltodict_products(page)
    baseline = time.perf_counter() - t0

    stop.set()
    calls = queue.get(timeout=30)
    proc.join(timeout=10)
    minimum = math.ceil(count / 250)
    print(
        f"catalogue: {leaves} products ({in_sets / leaves:.0%} in variation sets), "
        f"{products} top-level"
    )
    print(f"end to end: {elapsed:.1f} s, {leaves / elapsed:,.0f} products/s")
    client_calls = calls.get("GetShopProducts", 0) - len(sample_pages)  # minus codec samples
    print(f"calls by the client: GetShopProducts {client_calls} (minimum {minimum})")
    print(f"peak RSS (client process): {peak_mb:.0f} MB (before read {rss_before / 1024:.0f} MB)")
    print(f"codec (iterparse → domain): {sample_products / ours:,.0f} products/s")
    print(
        f"xmltodict → same domain mapping: {sample_products / baseline:,.0f} products/s "
        f"(ours {baseline / ours:.1f}x)"
    )
    print(
        f"xmltodict.parse alone (no mapping): {sample_products / raw_baseline:,.0f} products/s "
        f"(ours {raw_baseline / ours:.1f}x)"
    )


if __name__ == "__main__":
    main()
