"""The demo's world: Afterbuy, Shopify and idealo simulators that know about each other.

Shopify's seeded orders buy products that exist in the Afterbuy catalogue (plus one with
a letter in its SKU, so the Errors tab has something to show), and an activity thread
keeps the world moving: new orders arrive, the merchant enters tracking numbers in
Afterbuy, stock changes.
"""

from __future__ import annotations

import itertools
import random
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from jjdesk.sandbox.afterbuy import ABINTERFACE_PATH, SHOP_PATH, AfterbuySimulator
from jjdesk.sandbox.idealo_demo import IdealoDemo
from jjdesk.sandbox.server import FaultPlan, SimulatorServer
from jjdesk.sandbox.shopify import ShopifySimulator
from jjdesk.sandbox.shopify_seed import SeedOrder, german_orders

CARRIERS = ("DHL", "DPD", "GLS", "Hermes")


class DemoWorld:
    """Both simulators on loopback, seeded consistently; `tick` moves the world one step."""

    def __init__(
        self,
        products: int = 60,
        orders: int = 8,
        seed: int = 7,
        *,
        variation_share: float = 0.3,
        bucket_scale: float = 1.0,
    ) -> None:
        # tokens that appear in no address (idealo's token path holds "businessaccount")
        self.afterbuy = AfterbuySimulator(
            seed=seed,
            products=products,
            variation_share=variation_share,
            partner_token="demo-partner-7f3c",
            account_token="demo-account-9d2e",
        )
        # a benchmark's initial load may scale Shopify's bucket (Standard: 2,000 / 100 per s)
        self.shopify = ShopifySimulator(
            bucket_size=2000 * bucket_scale, restore_rate=100 * bucket_scale
        )
        self._afterbuy_server = SimulatorServer(self.afterbuy)
        self._shopify_server = SimulatorServer(self.shopify)
        self.idealo = IdealoDemo(self.afterbuy, seed)
        self._rng = random.Random(seed)
        self._orders = orders
        self._seed_counter = itertools.count(seed * 1000)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> DemoWorld:
        """Start both servers and seed the shop's orders."""
        self._afterbuy_server.start()
        self._shopify_server.start()
        start = datetime.now(UTC) - timedelta(hours=6)
        for n, order in enumerate(german_orders(self._orders, next(self._seed_counter), start)):
            self.shopify.add_order(self._with_catalogue_skus(order, keep_letters=n == 3))
        self.idealo.start(self.sellable_ids(), orders=self._orders // 2)
        return self

    @property
    def afterbuy_faults(self) -> FaultPlan:
        """Faults for the next Afterbuy requests (tests make Afterbuy slow or flaky)."""
        return self._afterbuy_server.faults

    @property
    def shopify_faults(self) -> FaultPlan:
        """Faults for the next Shopify requests."""
        return self._shopify_server.faults

    @property
    def afterbuy_api_url(self) -> str:
        """The simulated ABInterface.aspx."""
        return self._afterbuy_server.base_url + ABINTERFACE_PATH

    @property
    def afterbuy_shop_url(self) -> str:
        """The simulated ShopInterfaceUTF8.aspx."""
        return self._afterbuy_server.base_url + SHOP_PATH

    @property
    def shopify_base_url(self) -> str:
        """Scheme and host standing in for https://{shop}.myshopify.com."""
        return self._shopify_server.base_url

    def sellable_ids(self) -> list[str]:
        """Simple products and variants that the default level rules transfer."""
        ids = []
        for pid in self.afterbuy.product_ids():
            product = self.afterbuy.product(pid)
            if product is not None and product.flag in (0, 3) and product.level <= 8:
                ids.append(pid)
        return ids

    def _with_catalogue_skus(self, order: SeedOrder, keep_letters: bool = False) -> SeedOrder:
        ids = self.sellable_ids()
        lines = tuple(
            line
            if keep_letters and not line.sku.isdigit()
            else replace(line, sku=self._rng.choice(ids))
            for line in order.lines
        )
        return replace(order, lines=lines)

    def new_order(self) -> str:
        """A customer buys something now."""
        now = datetime.now(UTC)
        [order] = german_orders(1, next(self._seed_counter), now - timedelta(minutes=5))
        order = replace(order, created_at=now, updated_at=now)
        return self.shopify.add_order(self._with_catalogue_skus(order))

    def ship_imported_orders(self) -> int:
        """The merchant enters tracking data in Afterbuy for orders jjdesk imported."""
        shipped = 0
        for order in self.afterbuy.list_orders():
            if order.vid and not order.parcel_labels:
                number = f"00340434{order.order_id:010d}"
                self.afterbuy.set_tracking(str(order.order_id), number, self._rng.choice(CARRIERS))
                shipped += 1
        return shipped

    def change_stock(self) -> None:
        """Somebody sold something in the shop around the corner."""
        ids = self.sellable_ids()
        if ids:
            self.afterbuy.set_quantity(self._rng.choice(ids), self._rng.randint(0, 40))

    def tick(self) -> None:
        """One step of the world: an order, a shipment, a stock change."""
        self.new_order()
        self.idealo.tick(self.sellable_ids())
        self.ship_imported_orders()
        self.change_stock()

    def run_activity(self, every: float = 20.0) -> None:
        """Tick in a background thread until `stop`."""

        def loop() -> None:
            while not self._stop.wait(every):
                self.tick()

        self._thread = threading.Thread(target=loop, name="demo-activity", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the activity and both servers."""
        self._stop.set()
        self._afterbuy_server.stop()
        self._shopify_server.stop()
        self.idealo.stop()
