"""The proof harness's entry for Afterbuy ↔ Tradebyte (TB.One over SFTP): Afterbuy's
simulator, TB.One's SFTP server with its importer, the app against both.

What should be there is derived from the simulators' own state: Afterbuy's products and
levels become the rows TB.One imported from the product files (a full file replaces what
TB.One knew, a delta updates its rows) and the quantities of the stock files; every order
TB.One exported is in Afterbuy once with its lines and total; the tracking the merchant
entered in Afterbuy came back as SHIP messages, each item shipped exactly once.

Tradebyte allows a product delta at most hourly, a full file daily and stock every ten
minutes; jjdesk keeps those clocks. The soak's rounds and the day benchmark's steps stand
for time, so the world moves those clocks back as they pass (`let_time_pass`), as the
retry queue is aged — otherwise the floors would hold every later change back.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from jjdesk.app import App
from jjdesk.demo_tradebyte import TradebyteDemo, configure_tradebyte
from jjdesk.domain.levels import ExportAction, LevelRules, StockAction
from jjdesk.domain.timestamps import parse_iso
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.server import SimulatorServer
from jjdesk.sandbox.tradebyte import TradebyteSimulator
from jjdesk.sandbox.tradebyte_orders import SimTbOrder
from jjdesk.sandbox.tradebyte_rest import TradebyteRestSimulator
from jjdesk.secrets import SecretStore
from tests.harness.afterbuy_side import (
    AFTERBUY_BUDGET,
    afterbuy_target,
    amount,
    connect_afterbuy,
    count_order,
    orders_by_vid,
    same_order,
)
from tests.harness.afterbuy_side import ship as ship_in_afterbuy
from tests.harness.catalogue import PRODUCT_FLOWS, CatalogueWorld
from tests.harness.registry import Budget, Entry, FaultTarget, Size, Tally, World, WorldOptions
from tests.harness.tradebyte_bad import CASES

KEY = "tradebyte"
PREFIX = "TRADEBYTE-"
DONE_TAG = "Tradebyte abgeschlossen"
CHANNEL = "zade"
EAN = "4006381333931"
ARTICLE_FIELDS = {"EAN": EAN}  # Tradebyte wants an EAN-13 on every article
CLOCKS = ("stock:sent", "products:upload:full", "products:upload:any", "products:rebuilt")
# Tradebyte's floors a day: product data full once + delta hourly; stock every 10 minutes
UPLOADS_A_DAY = 1 + 23 + 144
METERED = ("PRODUCT", "ARTICLE", "TBCAT")  # the feed, stock as CSV or as TB.Stock XML


class TradebyteWorld(CatalogueWorld):
    """Afterbuy and TB.One simulators, the app configured against them, and a day's data."""

    key = KEY
    simple_fields = ARTICLE_FIELDS
    child_fields = ARTICLE_FIELDS

    def __init__(
        self, demo: DemoWorld, tradebyte: TradebyteSimulator, app: App, closers: ExitStack
    ) -> None:
        super().__init__(demo.afterbuy, app)
        self.demo = demo
        self.tradebyte = tradebyte
        self.generated = demo.sellable_ids() if demo.afterbuy.catalog.count else []
        self.exported: dict[int, SimTbOrder] = {}  # orders TB.One put into order files
        self._rng = random.Random(17)
        self._closers = closers

    def use_rest(self) -> TradebyteRestSimulator:
        """Switch to TB.One's REST interface (orders, SHIP messages, stock) on loopback."""
        rest = TradebyteRestSimulator(self.tradebyte.state)
        server = self._closers.enter_context(SimulatorServer(rest))
        self.app.save_connection(
            "tradebyte_rest",
            {
                "base_url": server.base_url,
                "hnr": rest.account,
                "username": rest.username,
                "password": rest.password,
            },
        )
        self.app.set_option(KEY, "transport", "tradebyte.rest")
        return rest

    def let_time_pass(self, by: timedelta) -> None:
        """Move jjdesk's Tradebyte moments (floors, last uploads) `by` into the past: the
        soak's rounds and the day benchmark's steps stand for time (`tests/harness/clocks`)."""
        marks = self.app.store.watermarks
        for name in CLOCKS:
            moment = parse_iso(marks.get(KEY, name))
            if moment is not None:
                marks.set(KEY, name, (moment - by).isoformat())

    # ---- seeding ------------------------------------------------------------------------

    def seed(self, rng: random.Random, size: Size) -> None:
        """`size.products` SKUs (a share in variation sets), `size.orders` orders in a file."""
        self.seed_products(rng, size)
        orders = [self.tb_order() for _ in range(size.orders)]
        if orders:
            self.export(orders)

    # ---- a day --------------------------------------------------------------------------

    def churn(self, rng: random.Random) -> None:
        """Two edits, three stock changes, an order file with two orders, tracking, and now
        and then a product switched inactive."""
        self.edit(rng)
        for _ in range(3):
            self.change_stock(rng)
        self.export([self.tb_order(), self.tb_order()])
        self.ship(rng)
        victim = self.victim(rng)
        if victim is not None:
            self.afterbuy.set_level(victim, 10)

    def ship(self, rng: random.Random) -> int:
        """The merchant enters tracking in Afterbuy for most orders jjdesk imported."""
        return ship_in_afterbuy(self.afterbuy, PREFIX, rng)

    def tb_order(self) -> SimTbOrder:
        """A customer buys one or two articles (one to three pieces each), not exported yet."""
        skus = self.sellable()
        order = self.tradebyte.new_order(
            self._rng.sample(skus, min(self._rng.randint(1, 2), len(skus)))
        )
        for item in order.items:
            item.quantity = self._rng.randint(1, 3)
            item.price = self.price_of(item.sku)
        return order

    def export(self, orders: list[SimTbOrder]) -> str:
        """TB.One exports these orders in one file; each is then expected in Afterbuy."""
        name = self.tradebyte.export_orders(orders)
        for order in orders:
            self.exported[order.tb_id] = order
        return name

    def new_channel_order(self) -> str:
        """A customer orders now: TB.One exports a file with that one order."""
        order = self.tb_order()
        self.export([order])
        return str(order.tb_id)

    def order_arrived(self, reference: str) -> bool:
        """Whether the Tradebyte order is in Afterbuy."""
        return bool(orders_by_vid(self.afterbuy).get(PREFIX + reference))

    def stock_arrived(self, reference: str, quantity: int) -> bool:
        """Whether TB.One holds the quantity for the article."""
        with self.tradebyte.state.lock:
            return self.tradebyte.state.stock.get(reference) == quantity

    # ---- faults -------------------------------------------------------------------------

    def targets(self) -> list[FaultTarget]:
        """Afterbuy's interfaces; TB.One's SFTP server has no HTTP faults (its own come as
        item faults: a dropped upload, a full disk, an archive it will not write to)."""
        return [afterbuy_target(self.demo)]

    def item_faults(self, rng: random.Random, share: float) -> list[str]:
        """Afterbuy's item faults and the SFTP server's: the next upload loses its
        connection halfway; now and then the disk is full or the archive refuses writes
        (imported order files cannot be moved) until the merchant's provider repairs it."""
        faults = self.tradebyte.sftp.faults
        faults.drop_after_bytes = 200
        done = ["sftp:dropped_upload"]
        if rng.random() < share * 3:
            faults.deny_writes_below.add("out/archive")
            done.append("sftp:archive_denied")
        if rng.random() < share * 2:
            faults.disk_full = True
            done.append("sftp:disk_full")
        done += self.afterbuy_faults.plant(rng, self.simple)
        return done

    def repair(self) -> None:
        """Broken names, encodings, the full disk and the archive's rights are fixed."""
        self.afterbuy_faults.repair()
        faults = self.tradebyte.sftp.faults
        faults.drop_after_bytes = None
        faults.disk_full = False
        faults.deny_writes_below.clear()

    # ---- the final state ----------------------------------------------------------------

    def tally(self) -> dict[str, Tally]:
        """Articles, stock, orders and tracking against what should be there."""
        rules = self.app.level_rules(KEY)
        view = self._imported_rows()
        with self.tradebyte.state.lock:
            stock_at_tb = dict(self.tradebyte.state.stock)
        articles, stock = Tally(), Tally()
        for pid in [*self.simple, *self.sets]:
            _tally_articles(self, rules, pid, view, stock_at_tb, articles, stock)
        orders, tracking = self._orders_tally()
        return {"articles": articles, "stock": stock, "orders": orders, "tracking": tracking}

    def _imported_rows(self) -> dict[str, list[dict[str, str]]]:
        """TB.One's rows by article number: a full product file replaces, a delta updates.
        A list per article, so that a row twice in one file shows as a duplicate."""
        view: dict[str, list[dict[str, str]]] = {}
        with self.tradebyte.state.lock:
            feeds = list(self.tradebyte.state.feeds())
        for feed in feeds:
            rows: dict[str, list[dict[str, str]]] = {}
            for row in feed.checked.rows:
                rows.setdefault(row["a_nr"], []).append(row)
            if len(rows) >= len(view) and set(view) <= set(rows):
                view = rows  # a full file (it names every article TB.One knows)
            else:
                view.update(rows)
        return view

    def _orders_tally(self) -> tuple[Tally, Tally]:
        orders, tracking = Tally(), Tally()
        by_vid = orders_by_vid(self.afterbuy)
        state = self.tradebyte.state
        for tb_id, order in self.exported.items():
            want: dict[str, int] = {}
            for item in order.items:
                want[item.sku] = want.get(item.sku, 0) + item.quantity
            total = order.total + order.shipping_price + order.payment_costs
            found = by_vid.get(PREFIX + str(tb_id), [])
            ab = count_order(orders, found, len(found) == 1 and same_order(want, total, found[0]))
            labels = getattr(ab, "parcel_labels", []) if ab is not None else []
            if not labels:
                continue
            tracking.expected += 1
            with state.lock:
                shipped = [state.shipped.get((str(tb_id), str(i.tb_id)), 0) for i in order.items]
                codes = {
                    ship["IDCODE"]
                    for imported in state.imported
                    for ship in imported.checked.ships
                    if ship["TB_ORDER_ID"] == str(tb_id)
                }
                # the importer refuses a SHIP for more than is open: a message sent twice
                refused_twice = any(
                    f"of item {item.tb_id}, only" in reason
                    for name, reasons in state.refused.items()
                    if name.upper().startswith("MESSAGES")
                    for reason in reasons
                    for item in order.items
                )
            wanted = [i.quantity for i in order.items]
            if not any(shipped):
                tracking.lost += 1
            elif refused_twice or any(s > w for s, w in zip(shipped, wanted, strict=True)):
                tracking.duplicated += 1
            elif shipped == wanted and codes == {labels[0]} and DONE_TAG in getattr(ab, "tags", []):
                tracking.arrived += 1
            else:
                tracking.stale += 1
        return orders, tracking

    # ---- budgets ------------------------------------------------------------------------

    def calls(self) -> dict[str, Mapping[str, float]]:
        """Afterbuy per CallName; Tradebyte's metered uploads (product data, stock) apart
        from the other files on its SFTP server (SHIP messages, order files archived),
        which follow the orders and have no limit of their own."""
        metered: Counter[str] = Counter()
        files: Counter[str] = Counter()
        for name in self.tradebyte.sftp.uploads:
            folder, _, file = name.strip("/").rpartition("/")
            kind = file.split("_", 1)[0].upper()
            if folder == "in" and kind in METERED:
                metered[f"{kind} uploaded"] += 1
            else:
                files[f"{kind} {'archived' if folder.endswith('archive') else 'uploaded'}"] += 1
        return {
            "Afterbuy": dict(self.afterbuy.calls),
            "Tradebyte": dict(metered),
            "Tradebyte files": dict(files),
        }

    def budgets(self) -> list[Budget]:
        """Afterbuy's 50,000 calls a day; Tradebyte's floors for product data and stock
        (research §2.1)."""
        return [
            AFTERBUY_BUDGET,
            Budget(
                "Tradebyte",
                "calls",
                UPLOADS_A_DAY,
                "uploads a day (product data: full once + delta hourly; stock: every 10 min)",
            ),
        ]


def _tally_articles(
    world: TradebyteWorld,
    rules: LevelRules,
    pid: str,
    view: Mapping[str, list[dict[str, str]]],
    stock_at_tb: Mapping[str, int],
    articles: Tally,
    stock: Tally,
) -> None:
    """One Afterbuy top-level product against TB.One's rows (one per article)."""
    source = world.afterbuy.product(pid)
    if source is None:
        return
    for key in world.sets.get(pid, []) or [pid]:
        leaf = world.afterbuy.product(key)
        if leaf is None:
            continue
        action = rules.export_action(leaf.level)
        if action not in (ExportAction.TRANSFER, ExportAction.INACTIVE):
            continue
        articles.expected += 1
        rows = view.get(key, [])
        if not rows:
            articles.lost += 1
            continue
        if len(rows) > 1:
            articles.duplicated += 1
            continue
        [row] = rows
        price = leaf.fields.get("SellingPrice") or source.fields.get("SellingPrice") or "0"
        current = (
            Decimal(row[f"a_vk[{CHANNEL}]"]) == amount(price)
            and row["a_active"] == ("0" if action is ExportAction.INACTIVE else "1")
            and (key != pid or row["p_name"] == source.fields["Name"])
        )
        if current:
            articles.arrived += 1
        else:
            articles.stale += 1
        if rules.stock_action(leaf.level) is StockAction.UPDATE:
            stock.expected += 1
            if key not in stock_at_tb:
                stock.lost += 1
            elif stock_at_tb[key] == int(leaf.fields.get("Quantity") or 0):
                stock.arrived += 1
            else:
                stock.stale += 1


@contextmanager
def open_world(
    profile: Profile, secrets: SecretStore, options: WorldOptions
) -> Iterator[TradebyteWorld]:
    """Afterbuy's simulator and TB.One's SFTP server on loopback, an App against both."""
    demo = DemoWorld(
        products=options.catalogue, orders=0, variation_share=options.variation_share
    ).start()
    demo.afterbuy.check_vid = options.sink_refuses_duplicates
    root = Path(profile.root) / "tradebyte-world"
    tb = TradebyteDemo(demo, root)
    tb.simulator.start()
    app = App(profile, all_integrations(), all_connections(), secrets)
    try:
        with ExitStack() as closers:
            connect_afterbuy(app, demo, options.timeout)
            configure_tradebyte(app, tb)
            yield TradebyteWorld(demo, tb.simulator, app, closers)
    finally:
        app.shutdown()
        tb.stop()
        demo.stop()


def good_items(world: World, flow: str) -> Callable[[], list[str]]:
    """Two good articles, or two good orders, next to a bad input; the check lists those
    that did not go through."""
    assert isinstance(world, TradebyteWorld)
    if flow in PRODUCT_FLOWS:
        return world.good_products(
            flow, lambda pid: pid in world._imported_rows(), world.stock_arrived
        )
    return world.good_orders(world.new_channel_order, world.order_arrived)


ENTRY = Entry(
    key=KEY,
    flows=("products", "stock", "orders", "shipping", "messages", "deletions"),
    open_world=open_world,
    good_items=good_items,
    bad_inputs=CASES,
)
