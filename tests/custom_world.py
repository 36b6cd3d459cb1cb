"""Custom shops against Afterbuy's simulator and the shop's own (API, files, database)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from jjdesk.app import App
from jjdesk.demo import configure
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.runner import RunOutcome
from jjdesk.sandbox.custom_shop import CustomShopSimulator, CustomShopState
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.server import SimulatorServer
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus


@dataclass
class CustomWorld:
    """The app, Afterbuy (no orders yet) and the shop's API."""

    app: App
    world: DemoWorld
    shop: CustomShopState
    server: SimulatorServer

    @property
    def base_url(self) -> str:
        """The shop API's address."""
        return self.server.base_url

    def run(self, key: str, flow: str = "orders", *, ok: bool = True) -> RunOutcome:
        """One run of a shop's flow (asserting it did not fail, unless told otherwise)."""
        outcome = self.app.run_once(key, flow)
        if ok:
            assert outcome.status in (RunStatus.SUCCEEDED, RunStatus.WARNINGS), outcome.message
        return outcome

    def vids(self) -> list[str]:
        """The order numbers jjdesk gave Afterbuy's orders, sorted."""
        return sorted(order.vid for order in self.world.afterbuy.list_orders())

    def product(self) -> str:
        """A plain Afterbuy product (a stock article) a shop can sell."""
        return self.world.afterbuy.add_product(
            Name="Wollmütze", SellingPrice="19,90", TaxRate="19", Quantity="7", Stock="1"
        )


@contextmanager
def custom_world(profile: Profile, secrets: SecretStore) -> Iterator[CustomWorld]:
    """Everything started, Afterbuy's connection configured; shops are added by the test."""
    world = DemoWorld(products=0, orders=0).start()
    shop = CustomShopState()
    server = SimulatorServer(CustomShopSimulator(shop)).start()
    app = App(profile, all_integrations(), all_connections(), secrets)
    try:
        configure(app, world)
        app.set_enabled("shopify", False)
        yield CustomWorld(app, world, shop, server)
    finally:
        app.shutdown()
        server.stop()
        world.stop()
