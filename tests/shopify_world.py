"""The Shopify integration against both simulators over loopback, for flow and e2e tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from jjdesk.app import App
from jjdesk.demo import configure
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.secrets import SecretStore


@contextmanager
def shopify_world(
    profile: Profile, secrets: SecretStore, products: int = 12, orders: int = 0
) -> Iterator[tuple[App, DemoWorld]]:
    """An App whose Shopify integration talks to fresh simulators."""
    world = DemoWorld(products=products, orders=orders).start()
    app = App(profile, all_integrations(), all_connections(), secrets)
    try:
        configure(app, world)
        yield app, world
    finally:
        app.shutdown()
        world.stop()


def simple_product(world: DemoWorld, level: int = 0, **fields: str) -> str:
    """A plain product that every channel accepts, at the given level."""
    values = {
        "Name": "Wollmütze Nordlicht",
        "SellingPrice": "19,90",
        "TaxRate": "19",
        "Quantity": "7",
        "Stock": "1",
        "Level": str(level),
    }
    values.update(fields)
    return world.afterbuy.add_product(**values)
