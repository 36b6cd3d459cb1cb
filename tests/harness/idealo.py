"""The proof harness's entry for Afterbuy ↔ idealo: Afterbuy's and idealo's simulators
(offer API PWS 2.0, order API MOA 2.0), the app against them with the checkout flows on.

What should be there is derived from the simulators' own state: Afterbuy's products and
levels become one offer per sellable leaf (title, price, `checkoutLimitPerPeriod` as the
quantity), idealo's checkout orders are in Afterbuy once with what still stands after
revocations, and the tracking the merchant entered in Afterbuy is on the idealo order.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal

from jjdesk.app import App
from jjdesk.domain.levels import ExportAction, LevelRules, StockAction
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.sandbox.afterbuy_catalog import SimProduct
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.idealo import IdealoSimulator
from jjdesk.sandbox.idealo_orders import SimOrder
from jjdesk.sandbox.server import FaultKind
from jjdesk.secrets import SecretStore
from tests.harness.afterbuy_side import (
    AFTERBUY_BUDGET,
    TRANSPORT_FAULTS,
    afterbuy_target,
    amount,
    connect_afterbuy,
    count_order,
    orders_by_vid,
    same_order,
    timeout_text,
)
from tests.harness.afterbuy_side import ship as ship_in_afterbuy
from tests.harness.catalogue import PRODUCT_FLOWS, CatalogueWorld
from tests.harness.idealo_bad import CASES
from tests.harness.registry import Budget, Entry, FaultTarget, Size, Tally, World, WorldOptions

KEY = "idealo"
PREFIX = "IDEALO-"
DONE_TAG = "idealo abgeschlossen"
FREE_VALUE4 = "Delivery=DHL;DeliveryCosts=4,90;PackagingUnit=1;FreeReturnDays=30;Replica=false;"
OFFER_FIELDS = {"DeliveryTime": "1-3 Werktage", "FreeValue4": FREE_VALUE4}
SIMULATED_RATE = 50  # requests a second per API, the simulator's token bucket


class IdealoWorld(CatalogueWorld):
    """Afterbuy and idealo simulators, the app configured against them, and a day's data."""

    key = KEY
    simple_fields = OFFER_FIELDS
    child_fields = OFFER_FIELDS
    sizes = ("38", "40", "42", "44")  # written out, as idealo asks

    def __init__(self, demo: DemoWorld, app: App) -> None:
        super().__init__(demo.afterbuy, app)
        self.demo = demo
        self.idealo: IdealoSimulator = demo.idealo.simulator
        self.generated = demo.sellable_ids() if demo.afterbuy.catalog.count else []
        self.refused: dict[str, str] = {}  # product → the field idealo refuses until repaired
        self._orders = 0

    # ---- seeding ------------------------------------------------------------------------

    def seed(self, rng: random.Random, size: Size) -> None:
        """`size.products` SKUs (a share in variation sets), `size.orders` checkout orders."""
        self.seed_products(rng, size)
        for _ in range(size.orders):
            self.new_channel_order()

    # ---- a day --------------------------------------------------------------------------

    def churn(self, rng: random.Random) -> None:
        """Two edits, three stock changes, two orders, a revocation now and then, tracking,
        and now and then a deletion."""
        self.edit(rng, keep=self.refused)
        for _ in range(3):
            self.change_stock(rng)
        for _ in range(2):
            self.new_channel_order()
        if rng.random() < 0.4:
            self._revoke_one(rng)
        self.ship(rng)
        victim = self.victim(rng, keep=self.refused)
        if victim is not None:
            if rng.random() < 0.5:
                self.afterbuy.delete_product(victim)
            else:
                self.afterbuy.set_level(victim, 11)

    def _revoke_one(self, rng: random.Random) -> None:
        """A customer revokes one line of an order jjdesk has not imported yet (after the
        import, a revocation is a note for the merchant; Afterbuy's order stays)."""
        in_afterbuy = orders_by_vid(self.afterbuy)
        open_orders = [
            o
            for o in (self.idealo.orders.get(i) for i in self.idealo.orders.ids())
            if o is not None
            and o.status == "PROCESSING"
            and not o.merchant_order_number
            and PREFIX + o.order_id not in in_afterbuy
        ]
        if not open_orders:
            return
        order = rng.choice(open_orders)
        line = rng.choice(order.lines)
        self.idealo.orders.revoke(order.order_id, line.sku, 0, "CUSTOMER_REVOKE")

    def ship(self, rng: random.Random) -> int:
        """The merchant enters tracking in Afterbuy for most orders jjdesk imported."""
        return ship_in_afterbuy(self.afterbuy, PREFIX, rng)

    def new_channel_order(self) -> str:
        """A customer buys one or two offers through idealo's checkout now."""
        self._orders += 1
        rng = random.Random(self._orders)
        skus = self.sellable()
        lines = [
            (sku, f"Artikel {sku}", self.price_of(sku), rng.randint(1, 3))
            for sku in rng.sample(skus, min(rng.randint(1, 2), len(skus)))
        ]
        return self.idealo.orders.add(lines, created=datetime.now(UTC))

    def order_arrived(self, reference: str) -> bool:
        """Whether the idealo order is in Afterbuy."""
        return bool(orders_by_vid(self.afterbuy).get(PREFIX + reference))

    def stock_arrived(self, reference: str, quantity: int) -> bool:
        """Whether idealo's offer carries the quantity (`checkoutLimitPerPeriod`)."""
        offer = self.idealo.offers.get(reference)
        return offer is not None and offer.get("checkoutLimitPerPeriod") == quantity

    # ---- faults -------------------------------------------------------------------------

    def targets(self) -> list[FaultTarget]:
        """Afterbuy's interfaces and idealo's two APIs (one server); idealo's tokens expire."""
        return [
            afterbuy_target(self.demo),
            FaultTarget(
                "idealo", self.demo.idealo.faults, (*TRANSPORT_FAULTS, FaultKind.EXPIRE_TOKEN)
            ),
        ]

    def item_faults(self, rng: random.Random, share: float) -> list[str]:
        """Afterbuy's item faults, and products idealo refuses (`fieldErrors`) until the
        merchant repairs them: an image link idealo takes for no URL."""
        done: list[str] = []
        fine = [
            p
            for p in self.simple
            if p not in self.refused
            and p not in self.afterbuy_faults.broken
            and self.afterbuy.product(p) is not None
        ]
        for pid in fine:
            if rng.random() < share:
                product = self.afterbuy.product(pid)
                assert product is not None
                self.refused[pid] = "pictures"
                product.pictures = ["bilder.example.com/ohne-schema.jpg"]
                self.afterbuy.modify_product(pid)
                done.append("idealo:field_errors")
        done += self.afterbuy_faults.plant(rng, [p for p in self.simple if p not in self.refused])
        return done

    def repair(self) -> None:
        """The merchant fixes broken names, encodings and the image links idealo refused."""
        self.afterbuy_faults.repair()
        for pid in self.refused:
            product = self.afterbuy.product(pid)
            if product is not None:
                product.pictures = [f"https://bilder.example.com/images/{pid}.jpg"]
                self.afterbuy.modify_product(pid)
        self.refused.clear()

    # ---- the final state ----------------------------------------------------------------

    def tally(self) -> dict[str, Tally]:
        """Offers, stock, orders and tracking against what should be there."""
        rules = self.app.level_rules(KEY)
        offers, stock = Tally(), Tally()
        for pid in [*self.simple, *self.sets]:
            _tally_offers(self, rules, pid, offers, stock)
        orders, tracking = self._orders_tally()
        return {"offers": offers, "stock": stock, "orders": orders, "tracking": tracking}

    def _orders_tally(self) -> tuple[Tally, Tally]:
        orders, tracking = Tally(), Tally()
        by_vid = orders_by_vid(self.afterbuy)
        for order_id in self.idealo.orders.ids():
            sim = self.idealo.orders.get(order_id)
            assert sim is not None
            want = _standing(sim)
            found = by_vid.get(PREFIX + order_id, [])
            if not want:  # revoked before anything was shipped: nothing to import
                if found and any(getattr(ab, "positions", []) for ab in found):
                    orders.stale += 1
                continue
            total = sum((line.price * q for line, q in want.values()), sim.shipping_costs)
            quantities = {sku: q for sku, (_, q) in want.items()}
            ab = count_order(
                orders, found, len(found) == 1 and same_order(quantities, total, found[0])
            )
            labels = getattr(ab, "parcel_labels", []) if ab is not None else []
            if not labels:
                continue
            tracking.expected += 1
            codes = [t["code"] for t in sim.tracking]
            if not codes:
                tracking.lost += 1
            elif len(codes) > 1:
                tracking.duplicated += 1
            elif codes[0] == labels[0] and DONE_TAG in getattr(ab, "tags", []):
                tracking.arrived += 1
            else:
                tracking.stale += 1
        return orders, tracking

    # ---- budgets ------------------------------------------------------------------------

    def calls(self) -> dict[str, Mapping[str, float]]:
        """Afterbuy per CallName; idealo per method and resource, token grants included."""
        idealo: dict[str, float] = dict(Counter(self.idealo.calls))
        for api, grants in self.idealo.grants.items():
            idealo[f"token {api}"] = float(grants)
        return {"Afterbuy": dict(self.afterbuy.calls), "idealo": idealo}

    def budgets(self) -> list[Budget]:
        """Afterbuy's 50,000 calls a day; idealo publishes no limit (research §1.1), so its
        calls are set against what the simulator allows (50 requests a second per API)."""
        return [
            AFTERBUY_BUDGET,
            Budget(
                "idealo",
                "calls",
                SIMULATED_RATE * 86_400,
                "calls a day (no published limit; the simulator's 50 requests/s)",
            ),
        ]


def _standing(sim: SimOrder) -> dict[str, tuple[object, int]]:
    """What still stands of an idealo order per SKU (revocations taken off)."""
    want: dict[str, tuple[object, int]] = {}
    for line in sim.lines:
        left = line.quantity if line.remaining is None else line.remaining
        if left:
            _, before = want.get(line.sku, (line, 0))
            want[line.sku] = (line, before + left)
    return want


def _tally_offers(
    world: IdealoWorld, rules: LevelRules, pid: str, offers: Tally, stock: Tally
) -> None:
    """One Afterbuy top-level product against idealo's offers (one per sellable leaf)."""
    source = world.afterbuy.product(pid)
    action = rules.export_action(source.level) if source is not None else ExportAction.REMOVE
    kids = world.sets.get(pid, [])
    keys = kids or [pid]
    if action not in (ExportAction.TRANSFER, ExportAction.CREATE_ONCE):
        if action is not ExportAction.SKIP and any(world.idealo.offers.get(k) for k in keys):
            offers.stale += 1  # still offered although it should be gone
        return
    assert source is not None
    for key in keys:
        leaf = world.afterbuy.product(key)
        if leaf is None or rules.export_action(leaf.level) not in (
            ExportAction.TRANSFER,
            ExportAction.CREATE_ONCE,
        ):
            continue
        offers.expected += 1
        offer = world.idealo.offers.get(key)
        if offer is None:
            offers.lost += 1
        elif _current(offer, leaf, source, action, bool(kids)):
            offers.arrived += 1
        else:
            offers.stale += 1
        if rules.stock_action(leaf.level) is StockAction.UPDATE:
            stock.expected += 1
            if offer is None:
                stock.lost += 1
            elif offer.get("checkoutLimitPerPeriod") == int(leaf.fields.get("Quantity") or 0):
                stock.arrived += 1
            else:
                stock.stale += 1


def _current(
    offer: Mapping[str, object],
    leaf: SimProduct,
    source: SimProduct,
    action: ExportAction,
    child: bool,
) -> bool:
    if action is ExportAction.CREATE_ONCE:
        return True
    price = leaf.fields.get("SellingPrice") or source.fields.get("SellingPrice") or "0"
    if Decimal(str(offer.get("price"))) != amount(price):
        return False
    return child or offer.get("title") == source.fields["Name"]


@contextmanager
def open_world(
    profile: Profile, secrets: SecretStore, options: WorldOptions
) -> Iterator[IdealoWorld]:
    """Afterbuy's and idealo's simulators on loopback, an App with the checkout flows on."""
    demo = DemoWorld(
        products=options.catalogue,
        orders=0,
        variation_share=options.variation_share,
    ).start()
    demo.afterbuy.check_vid = options.sink_refuses_duplicates
    if options.quota_scale != 1:
        demo.idealo.simulator.set_rate_limit(SIMULATED_RATE * options.quota_scale)
    app = App(profile, all_integrations(), all_connections(), secrets)
    try:
        connect_afterbuy(app, demo, options.timeout)
        demo.idealo.configure(app)
        app.save_connection(
            KEY, {**demo.idealo.connection(), "timeout_seconds": timeout_text(options.timeout)}
        )
        yield IdealoWorld(demo, app)
    finally:
        app.shutdown()
        demo.stop()


def good_items(world: World, flow: str) -> Callable[[], list[str]]:
    """Two good offers, or two good orders, next to a bad input; the check lists those
    that did not go through."""
    assert isinstance(world, IdealoWorld)
    if flow in PRODUCT_FLOWS:
        return world.good_products(
            flow, lambda pid: world.idealo.offers.get(pid) is not None, world.stock_arrived
        )
    return world.good_orders(world.new_channel_order, world.order_arrived)


ENTRY = Entry(
    key=KEY,
    flows=("products", "stock", "orders", "shipping", "deletions"),
    open_world=open_world,
    good_items=good_items,
    bad_inputs=CASES,
)
