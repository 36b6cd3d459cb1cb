"""Shared pieces of the Shopify tests: fixture paths, sample products, a running simulator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from jjdesk.connectors.http import HttpTransport, RetryPolicy
from jjdesk.connectors.shopify import ShopifyChannel, ShopifyConfig
from jjdesk.connectors.shopify.pacer import CostPacer
from jjdesk.domain.models import OptionValue, Picture, Product, ProductKind
from jjdesk.sandbox.server import SimulatorServer
from jjdesk.sandbox.shopify import ShopifySimulator, start_shopify_simulator
from tests.memory_links import MemoryLinks

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "shopify"
REAL_SCHEMA = FIXTURES / "admin-2026-07.schema.graphql"


def simple_product(product_id: str = "1000", **changes: Any) -> Product:
    """A transferable simple product with a price, an image and a weight."""
    values: dict[str, Any] = {
        "product_id": product_id,
        "name": "Wollmütze „Nordlicht“",
        "description": "<p>Warm und weich</p>",
        "brand": "Strickwerk",
        "keywords": ("Mütze, Winter",),
        "catalog_ids": ("12",),
        "ean": "4006381333931",
        "selling_price": Decimal("19.90"),
        "weight_kg": Decimal("0.25"),
        "pictures": (Picture("https://img.example.com/muetze.jpg"),),
    }
    values.update(changes)
    return Product(**values)


def child(product_id: str, *options: tuple[str, str], price: str = "29.90") -> Product:
    """A variation child with its option values."""
    return Product(
        product_id=product_id,
        name=f"Shirt {product_id}",
        kind=ProductKind.VARIATION_CHILD,
        selling_price=Decimal(price),
        options=tuple(OptionValue(n, v) for n, v in options),
        parent_id="2000",
    )


def variation(product_id: str = "2000", children: tuple[Product, ...] = ()) -> Product:
    """A variation parent (colour × size) with its children."""
    kids = children or (
        child("2001", ("Farbe", "Rot"), ("Größe", "M")),
        child("2002", ("Farbe", "Rot"), ("Größe", "L")),
        child("2003", ("Farbe", "Blau"), ("Größe", "M")),
    )
    return Product(
        product_id=product_id,
        name="Shirt Basic",
        kind=ProductKind.VARIATION_PARENT,
        brand="Textilhaus",
        pictures=(Picture("https://img.example.com/shirt.jpg"),),
        variants=kids,
    )


def fast_transport(attempts: int = 5) -> HttpTransport:
    """A transport with short backoffs so fault tests stay quick."""
    return HttpTransport(
        "Shopify", timeout=5.0, retry=RetryPolicy(attempts=attempts, base_delay=0.05)
    )


@contextmanager
def shopify_sim(**options: Any) -> Iterator[tuple[SimulatorServer, ShopifySimulator]]:
    """A running simulator on loopback, stopped afterwards."""
    server, sim = start_shopify_simulator(**options)
    try:
        yield server, sim
    finally:
        server.stop()


def channel_for(
    server: SimulatorServer,
    sim: ShopifySimulator,
    *,
    links: MemoryLinks | None = None,
    **config: Any,
) -> ShopifyChannel:
    """The real connector pointed at the simulator (token auth unless told otherwise)."""
    settings: dict[str, Any] = {"access_token": sim.access_token, "media_wait_seconds": 5.0}
    settings.update(config)
    cfg = ShopifyConfig(shop=sim.shop, base_url=server.base_url, **settings)
    return ShopifyChannel(
        cfg, links or MemoryLinks(), transport=fast_transport(), pacer=CostPacer()
    )
