"""idealo in the demo: the simulator beside Afterbuy's, seeded to show what can go wrong.

Afterbuy's demo catalogue already writes free field 4 into its products (most of them
right, some broken); this adds energy labels in free field 5 – complete ones and an
incomplete one – and a few typical free-field-4 mistakes, so the Errors tab shows what a
merchant must fix. idealo's checkout gets orders for Afterbuy's products, some of them
freight orders with the pickup service and two-man delivery; later ticks bring new
orders and a revocation of an order already imported.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Protocol

from jjdesk.sandbox.afterbuy import AfterbuySimulator
from jjdesk.sandbox.idealo import OFFER_TOKEN_PATH, IdealoSimulator
from jjdesk.sandbox.server import FaultPlan, SimulatorServer

KEY = "idealo"
PRODUCT_URL = "https://www.jjdesk-demo.de/artikel/{sku}"
ENERGY_LABEL = (
    "Eec=A++;efficiencyClass=A;spectrum=A-G;labelUrl=https://bilder.example.com/label.png;"
    "dataSheetUrl=https://bilder.example.com/datenblatt.pdf;fuelEfficiencyClass=nil;"
    "wetGripClass=nil;externalRollingNoise=nil;externalRollingNoiseClass=nil;snowGrip=nil;"
    "iceGrip=nil;version=1;"
)
ENERGY_LABEL_INCOMPLETE = "Eec=A++;efficiencyClass=A;labelUrl=https://bilder.example.com/l.png;"
FREE_VALUE4_MISTAKES = (
    # a ";" missing between two pairs, and a value outside the list
    "Delivery=DHL DeliveryCosts=4,90;FulfillmentType=PAKET;",
    # an unknown key (a typo) and a word where a number belongs
    "Delivery=DPD;DeliveryCosts=5,90;FreeReturnDay=30;PackagingUnit=eins;",
)


class DemoApp(Protocol):
    """What the demo needs of `jjdesk.app.App` (kept as a protocol: no import cycle)."""

    def save_connection(self, connection: str, values: dict[str, str]) -> None: ...

    def set_enabled(self, integration: str, enabled: bool) -> None: ...

    def set_flow_enabled(self, integration: str, flow: str, enabled: bool) -> None: ...


class IdealoDemo:
    """The idealo simulator of the demo world and what it knows about Afterbuy."""

    def __init__(self, afterbuy: AfterbuySimulator, seed: int = 7) -> None:
        self.afterbuy = afterbuy
        self.simulator = IdealoSimulator(seed=seed)
        self._server = SimulatorServer(self.simulator)
        self._rng = random.Random(seed)
        self._imported_revoked = False

    @property
    def base_url(self) -> str:
        """Scheme and host standing in for both idealo APIs."""
        return self._server.base_url

    @property
    def faults(self) -> FaultPlan:
        """Faults for the next idealo requests."""
        return self._server.faults

    def start(self, sellable: list[str], orders: int = 4) -> IdealoDemo:
        """Start the server and seed checkout orders."""
        self._server.start()
        if sellable and orders:
            start = datetime.now(UTC) - timedelta(hours=3)
            self.simulator.orders.seed(sellable, orders, start)
        return self

    def stop(self) -> None:
        """Stop the server."""
        self._server.stop()

    def connection(self) -> dict[str, str]:
        """The idealo connection form as the demo fills it in."""
        offer_id, offer_secret = self.simulator.offer_client
        order_id, order_secret = self.simulator.order_client
        return {
            "offer_client_id": offer_id,
            "offer_client_secret": offer_secret,
            "order_client_id": order_id,
            "order_client_secret": order_secret,
            "product_url": PRODUCT_URL,
            "offer_api_url": self.base_url,
            "offer_token_url": self.base_url + OFFER_TOKEN_PATH,
            "order_api_url": self.base_url,
        }

    def configure(self, app: DemoApp) -> None:
        """Point the idealo connection at the simulator; switch everything on."""
        app.save_connection(KEY, self.connection())
        app.set_enabled(KEY, True)
        for flow in ("orders", "shipping"):
            app.set_flow_enabled(KEY, flow, True)

    def new_order(self, sellable: list[str]) -> str | None:
        """A customer buys something through idealo's checkout now."""
        if not sellable:
            return None
        [order_id] = self.simulator.orders.seed(sellable, 1, datetime.now(UTC))
        return order_id

    def tick(self, sellable: list[str]) -> None:
        """One step: a new order; once, a customer revokes an imported order."""
        self.new_order(sellable)
        if not self._imported_revoked:
            for order_id in self.simulator.orders.ids():
                order = self.simulator.orders.get(order_id)
                if order is not None and order.merchant_order_number:
                    self.simulator.orders.revoke(order_id, reason="CUSTOMER_REVOKE")
                    self._imported_revoked = True
                    break

    def show_free_field_examples(self, sellable: list[str]) -> None:
        """Energy labels (good and incomplete) and typical free-field-4 mistakes.

        `jjdesk demo` calls it; tests leave the catalogue as Afterbuy's simulator made it
        (the marks change five products, which every channel would then read again).
        """
        chosen = self._rng.sample(sellable, k=min(len(sellable), 5))
        marks = [
            {"FreeValue5": ENERGY_LABEL},
            {"FreeValue5": ENERGY_LABEL},
            {"FreeValue5": ENERGY_LABEL_INCOMPLETE},
            {"FreeValue4": FREE_VALUE4_MISTAKES[0]},
            {"FreeValue4": FREE_VALUE4_MISTAKES[1]},
        ]
        for product_id, fields in zip(chosen, marks, strict=False):
            self.afterbuy.modify_product(product_id, **fields)
