"""Shared pieces of the idealo tests: the simulator on loopback, configs, products."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from typing import Any

from jjdesk.app import App
from jjdesk.connectors.http import RetryPolicy
from jjdesk.connectors.idealo import IdealoConfig
from jjdesk.connectors.idealo.pacing import RatePacer
from jjdesk.domain.models import Product
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.idealo import OFFER_TOKEN_PATH, IdealoSimulator
from jjdesk.sandbox.server import SimulatorServer
from jjdesk.secrets import SecretStore
from tests.shopify_world import shopify_world

FREE_VALUE4 = "Delivery=DHL;DeliveryCosts=4,90;PackagingUnit=1;FreeReturnDays=30;Replica=false;"
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)


@contextmanager
def idealo_server(**options: Any) -> Iterator[tuple[IdealoSimulator, SimulatorServer]]:
    """A fresh idealo simulator on a free loopback port."""
    simulator = IdealoSimulator(**options)
    with SimulatorServer(simulator) as server:
        yield simulator, server


def config_for(server: SimulatorServer, simulator: IdealoSimulator, **changes: Any) -> IdealoConfig:
    """A config pointing both APIs at the simulator."""
    offer_id, offer_secret = simulator.offer_client
    order_id, order_secret = simulator.order_client
    config = IdealoConfig(
        offer_client_id=offer_id,
        offer_client_secret=offer_secret,
        order_client_id=order_id,
        order_client_secret=order_secret,
        product_url="https://www.mein-shop.de/artikel/{sku}",
        offer_url=server.base_url,
        offer_token_url=server.base_url + OFFER_TOKEN_PATH,
        order_url=server.base_url,
    )
    return replace(config, **changes)


def fresh_pacer() -> RatePacer:
    """A pacer of the test's own (the process-wide ones remember other tests' limits)."""
    return RatePacer()


def offer_product(product_id: str, **changes: Any) -> Product:
    """A product idealo accepts as an offer."""
    product = Product(
        product_id=product_id,
        name=f"Wollmütze {product_id}",
        selling_price=Decimal("19.90"),
        quantity=7,
        delivery_time="1-3 Werktage",
        free_values=((4, FREE_VALUE4),),
    )
    return replace(product, **changes)


@contextmanager
def idealo_world(
    profile: Profile, secrets: SecretStore, products: int = 12
) -> Iterator[tuple[App, DemoWorld]]:
    """The app with every integration, the idealo one pointed at the demo's simulator."""
    with shopify_world(profile, secrets, products=products) as (app, world):
        world.idealo.simulator.set_rate_limit(None)
        yield app, world


def afterbuy_product(world: DemoWorld, level: int = 0, **fields: str) -> str:
    """A simple Afterbuy product that becomes a valid idealo offer."""
    values = {
        "Name": "Wollmütze Nordlicht",
        "SellingPrice": "19,90",
        "TaxRate": "19",
        "Quantity": "7",
        "Stock": "1",
        "Level": str(level),
        "DeliveryTime": "1-3 Werktage",
        "FreeValue4": FREE_VALUE4,
    }
    values.update(fields)
    return world.afterbuy.add_product(**values)
