"""The proof harness's entry for Afterbuy ↔ Shopify: both simulators, the app against them.

What should be there is derived from the simulators' own state (Afterbuy's products and
levels, Shopify's orders, the tracking the merchant entered in Afterbuy) and jjdesk's
level rules, and compared with what the other simulator holds at the end.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from jjdesk.app import App
from jjdesk.domain.levels import ExportAction, LevelRules, StockAction
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.sandbox.afterbuy_catalog import SimProduct
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.server import FaultKind
from jjdesk.sandbox.shopify import ShopifySimulator
from jjdesk.sandbox.shopify_seed import SeedLine, german_orders
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
from tests.harness.registry import (
    Budget,
    Entry,
    FaultTarget,
    Size,
    Tally,
    World,
    WorldOptions,
)
from tests.harness.shopify_bad import CASES

KEY = "shopify"
PREFIX = "SHOPIFY-"
DONE_TAG = "Shopify abgeschlossen"
CLIENT_ID, CLIENT_SECRET = "sim-client", "sim-secret"
STANDARD_RESTORE = 100  # Shopify Standard plan: points restored per second
IMAGE = "https://bilder.example.com/images/{pid}.jpg"


class ShopifyWorld(CatalogueWorld):
    """Afterbuy and Shopify simulators, the app configured against them, and a day's data."""

    key = KEY
    sold = (ExportAction.TRANSFER, ExportAction.CREATE_ONCE)

    def __init__(self, demo: DemoWorld, app: App) -> None:
        super().__init__(demo.afterbuy, app)
        self.demo = demo
        self.shopify: ShopifySimulator = demo.shopify
        self._orders = 0
        if demo.afterbuy.catalog.count:
            self.generated = demo.sellable_ids()

    # ---- seeding ------------------------------------------------------------------------

    def seed(self, rng: random.Random, size: Size) -> None:
        """`size.products` SKUs (a share in variation sets), `size.orders` orders."""
        self.seed_products(rng, size)
        for _ in range(size.orders):
            self.new_channel_order()

    def add_simple(self, rng: random.Random, **fields: str) -> str:
        """A valid simple product (a draft now and then), a quarter of them with a picture."""
        pid = super().add_simple(rng, **fields)
        if rng.random() < 0.25:
            product = self.afterbuy.product(pid)
            assert product is not None
            product.pictures = [IMAGE.format(pid=pid)]
            self.afterbuy.modify_product(pid)
        return pid

    # ---- a day --------------------------------------------------------------------------

    def churn(self, rng: random.Random) -> None:
        """Two edits, three stock changes, two orders, tracking, now and then a deletion."""
        self.edit(rng)
        for _ in range(3):
            self.change_stock(rng)
        for _ in range(2):
            self.new_channel_order()
        self.ship(rng)
        victim = self.victim(rng)
        if victim is not None:
            if rng.random() < 0.5:
                self.afterbuy.delete_product(victim)
            else:
                self.afterbuy.set_level(victim, 11)

    def ship(self, rng: random.Random) -> int:
        """The merchant enters tracking in Afterbuy for most orders jjdesk imported."""
        return ship_in_afterbuy(self.afterbuy, PREFIX, rng)

    def new_channel_order(self) -> str:
        """A customer buys one to three seeded products now."""
        self._orders += 1
        [seed] = german_orders(1, seed=9000 + self._orders)
        rng = random.Random(self._orders)
        skus = self.sellable()
        lines = tuple(
            SeedLine(sku, f"Artikel {sku}", rng.randint(1, 3), self.price_of(sku), line.tax_rate)
            for line, sku in zip(
                seed.lines, rng.sample(skus, min(len(seed.lines), len(skus))), strict=False
            )
        )
        now = datetime.now(UTC)
        seed = replace(seed, lines=lines, created_at=now, updated_at=now, financial_status="PAID")
        return self.shopify.add_order(seed)

    def order_arrived(self, reference: str) -> bool:
        """Whether the Shopify order is in Afterbuy."""
        vid = PREFIX + reference
        return any(o.vid == vid for o in self.afterbuy.list_orders())

    def stock_arrived(self, reference: str, quantity: int) -> bool:
        """Whether Shopify shows the quantity for the SKU."""
        return self.shopify.stock(reference) == quantity

    # ---- faults -------------------------------------------------------------------------

    def targets(self) -> list[FaultTarget]:
        """Afterbuy's two interfaces and Shopify's API; only Shopify's tokens expire."""
        return [
            afterbuy_target(self.demo),
            FaultTarget(
                "Shopify", self.demo.shopify_faults, (*TRANSPORT_FAULTS, FaultKind.EXPIRE_TOKEN)
            ),
        ]

    def item_faults(self, rng: random.Random, share: float) -> list[str]:
        """Every item fault the two simulators offer, each for about `share` of its items."""
        done: list[str] = []
        tops = [p for p in [*self.simple, *self.sets] if self.afterbuy.product(p) is not None]
        for pid in tops:
            if rng.random() < share:
                kind = rng.choice(("internal", "user_error"))
                self.shopify.state.fail_item(pid, kind)
                done.append(f"shopify:{kind}")
        for sku in self.leaves():
            if rng.random() < share:
                self.shopify.state.fail_item(sku, "stock")
                done.append("shopify:stock")
        for legacy in list(self.shopify.state.orders)[-3:]:
            if rng.random() < share * 3:
                kind = rng.choice(("order_field", "order_node"))
                self.shopify.state.fail_item(str(legacy), kind)
                done.append(f"shopify:{kind}")
        done += self.afterbuy_faults.plant(rng, self.simple)
        return done

    def repair(self) -> None:
        """The merchant corrects the names that broke the XML; encodings are declared right."""
        self.afterbuy_faults.repair()

    # ---- the final state ----------------------------------------------------------------

    def tally(self) -> dict[str, Tally]:
        """Products, variants, stock, orders and tracking against what should be there."""
        rules = self.app.level_rules(KEY)
        products, variants, stock = Tally(), Tally(), Tally()
        with self.shopify._lock:
            held = Counter(
                rec.metafields.get(("jjdesk", "afterbuy_product_id"), ("",))[0]
                for rec in self.shopify.state.products.values()
            )
        for pid in [*self.simple, *self.sets]:
            _tally_product(self, rules, pid, held, products, variants, stock)
        orders, tracking = self._orders_tally()
        return {
            "products": products,
            "variants": variants,
            "stock": stock,
            "orders": orders,
            "tracking": tracking,
        }

    def _orders_tally(self) -> tuple[Tally, Tally]:
        orders, tracking = Tally(), Tally()
        by_vid = orders_by_vid(self.afterbuy)
        with self.shopify._lock:
            shop_orders = list(self.shopify.state.orders.values())
        for rec in shop_orders:
            found = by_vid.get(PREFIX + str(rec.legacy), [])
            ab = count_order(orders, found, len(found) == 1 and _same_order(rec, found[0]))
            if ab is None:
                continue
            labels = getattr(ab, "parcel_labels", [])
            if not labels:
                continue
            tracking.expected += 1
            sent = [f for f in self.shopify.fulfillments(str(rec.legacy)) if f.get("number")]
            if not sent:
                tracking.lost += 1
            elif len(sent) > 1:
                tracking.duplicated += 1
            elif sent[0]["number"] == labels[0] and DONE_TAG in getattr(ab, "tags", []):
                tracking.arrived += 1
            else:
                tracking.stale += 1
        return orders, tracking

    # ---- budgets ------------------------------------------------------------------------

    def calls(self) -> dict[str, Mapping[str, float]]:
        """Afterbuy per CallName; Shopify per operation plus the cost points spent."""
        shopify: dict[str, float] = dict(Counter(self.shopify.operations))
        shopify["cost points"] = float(self.shopify.points_spent)
        return {"Afterbuy": dict(self.afterbuy.calls), "Shopify": shopify}

    def budgets(self) -> list[Budget]:
        """Afterbuy's 50,000 calls a day; Shopify's bucket refills 100 points a second."""
        return [
            AFTERBUY_BUDGET,
            Budget(
                "Shopify",
                "cost points",
                STANDARD_RESTORE * 86_400,
                "points a day (Standard plan: 2,000-point bucket restoring 100/s)",
            ),
        ]


def _tally_product(
    world: ShopifyWorld,
    rules: LevelRules,
    pid: str,
    held: Counter[str],
    products: Tally,
    variants: Tally,
    stock: Tally,
) -> None:
    """One Afterbuy top-level product against Shopify."""
    source = world.afterbuy.product(pid)
    shown = world.shopify.product(pid)
    action = rules.export_action(source.level) if source is not None else ExportAction.REMOVE
    if action in (ExportAction.REMOVE, ExportAction.SKIP):
        if shown is not None and (action is ExportAction.REMOVE or source is None):
            products.stale += 1  # still in the shop although it should be gone
        return
    assert source is not None
    products.expected += 1
    if held[pid] > 1:
        products.duplicated += 1
    if shown is None:
        products.lost += 1
    else:
        status = "DRAFT" if action is ExportAction.INACTIVE else "ACTIVE"
        current = shown["status"] == status and (
            action is ExportAction.CREATE_ONCE or shown["title"] == source.fields["Name"]
        )
        if current and held[pid] == 1:
            products.arrived += 1
        elif held[pid] == 1:
            products.stale += 1
    leaves = [world.afterbuy.product(c) for c in world.sets.get(pid, [])] or [source]
    shop_variants = {v["sku"]: v for v in (shown or {}).get("variants", [])}
    sku_count = Counter(v["sku"] for v in (shown or {}).get("variants", []))
    for leaf in leaves:
        if leaf is None or rules.export_action(leaf.level) in (
            ExportAction.REMOVE,
            ExportAction.SKIP,
        ):
            continue
        sku = str(leaf.product_id)
        variants.expected += 1
        variant = shop_variants.get(sku)
        price = _leaf_price(leaf, source)
        if sku_count[sku] > 1:
            variants.duplicated += 1
        elif variant is None:
            variants.lost += 1
        elif action is ExportAction.CREATE_ONCE or Decimal(variant["price"]) == price:
            variants.arrived += 1
        else:
            variants.stale += 1
        if rules.stock_action(leaf.level) is StockAction.UPDATE:
            stock.expected += 1
            quantity = world.shopify.stock(sku)
            if quantity is None:
                stock.lost += 1
            elif quantity == int(leaf.fields.get("Quantity") or 0):
                stock.arrived += 1
            else:
                stock.stale += 1


def _leaf_price(leaf: SimProduct, parent: SimProduct) -> Decimal:
    text = leaf.fields.get("SellingPrice") or parent.fields.get("SellingPrice") or "0"
    return amount(text)


def _same_order(rec: object, ab: object) -> bool:
    """What still stands per ProductID, and the total the customer pays."""
    money = rec.money
    want: dict[str, int] = {}
    for line in money.lines:
        if line.current:
            want[str(line.sku)] = want.get(str(line.sku), 0) + int(line.current)
    return same_order(want, money.current_total(), ab)


@contextmanager
def open_world(
    profile: Profile, secrets: SecretStore, options: WorldOptions
) -> Iterator[ShopifyWorld]:
    """Both simulators on loopback and an App logging into Shopify with client credentials
    (so that tokens can expire), with the harness's time limits."""
    demo = DemoWorld(
        products=options.catalogue,
        orders=0,
        variation_share=options.variation_share,
        bucket_scale=options.quota_scale,
    ).start()
    demo.afterbuy.check_vid = options.sink_refuses_duplicates
    app = App(profile, all_integrations(), all_connections(), secrets)
    timeout = timeout_text(options.timeout)
    try:
        connect_afterbuy(app, demo, options.timeout)
        app.save_connection(
            "shopify",
            {
                "shop": demo.shopify.shop,
                "base_url": demo.shopify_base_url,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "timeout_seconds": timeout,
            },
        )
        app.set_enabled(KEY, True)
        yield ShopifyWorld(demo, app)
    finally:
        app.shutdown()
        demo.stop()


def good_items(world: World, flow: str) -> Callable[[], list[str]]:
    """Two good products, or two good orders, next to a bad input; the check lists those
    that did not go through."""
    assert isinstance(world, ShopifyWorld)
    if flow in PRODUCT_FLOWS:
        return world.good_products(
            flow,
            lambda pid: world.shopify.product(pid) is not None,
            lambda pid, quantity: world.shopify.stock(pid) == quantity,
        )
    return world.good_orders(world.new_channel_order, world.order_arrived)


ENTRY = Entry(
    key=KEY,
    flows=("products", "stock", "orders", "shipping", "deletions"),
    open_world=open_world,
    good_items=good_items,
    bad_inputs=CASES,
)
