"""The proof harness entry for AccountView ↔ MijnWebwinkel (`avmww`).

AccountView holds simple articles and variant groups (a main article with its sizes);
MijnWebwinkel takes paid orders. Both simulators offer every transport fault; AccountView
also lets access tokens run out (the client refreshes, and the refresh token rotates).
Item faults: an AccountView price that does not parse, an order refused by AccountView,
an order of an article AccountView does not have yet (the merchant creates it in the
repair). No shipping flow: the shop's API has no tracking field.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal

from jjdesk.app import App
from jjdesk.demo_avmww import AvmwwDemo, configure_avmww
from jjdesk.integrations.accountview_mijnwebwinkel import AV, KEY, MWW
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.sandbox.server import FaultKind
from jjdesk.secrets import SecretStore
from tests.harness.registry import (
    BadInput,
    Budget,
    Entry,
    FaultTarget,
    Planted,
    Size,
    Tally,
    World,
    WorldOptions,
)

TRANSPORT_FAULTS = (
    FaultKind.HTTP_429,
    FaultKind.HTTP_500,
    FaultKind.SLOW,
    FaultKind.DROP,
    FaultKind.LOSE_ANSWER,
)
SIZES = ("S", "M", "L", "XL")
PREFIX = "MWW-"


class AvmwwWorld:
    """Both simulators, the app configured against them, and a day's data."""

    def __init__(self, demo: AvmwwDemo, app: App) -> None:
        self.demo = demo
        self.app = app
        self.av = demo.accountview
        self.shop = demo.shop
        self.simple: list[str] = []
        self.groups: dict[str, list[str]] = {}
        self.broken: dict[str, float] = {}  # article → its price before it was broken
        self.missing: list[str] = []  # ordered articles AccountView gets in the repair
        self._stamp = 0

    # ---- seeding ------------------------------------------------------------------------

    def seed(self, rng: random.Random, size: Size) -> None:
        groups = round(size.products * size.variation_share / size.children)
        for _ in range(size.products - groups * size.children):
            self.add_simple(rng)
        for _ in range(groups):
            self.add_group(rng, size.children)
        for _ in range(size.orders):
            self.new_channel_order()

    def _changed(self) -> str:
        self._stamp += 1
        return f"2030-01-01T00:{self._stamp // 60 % 60:02d}:{self._stamp % 60:02d}"

    def add_simple(self, rng: random.Random) -> str:
        code = f"ART-{len(self.simple) + 1:03d}"
        self.av.add_article(
            code,
            f"Artikel {code}",
            str(Decimal(rng.randint(199, 9999)) / 100),
            STOCK=float(rng.randint(0, 40)),
            RES_SALE=float(rng.randint(0, 3)),
            ART_GRP=rng.choice(("Keuken", "Kleding", "Tuin")),
            CNG_DATE=self._changed(),
        )
        self.simple.append(code)
        return code

    def add_group(self, rng: random.Random, children: int) -> str:
        code = f"GRP-{len(self.groups) + 1:03d}"
        price = str(Decimal(rng.randint(999, 4999)) / 100)
        self.av.add_article(code, f"Shirt {code}", price, STOCK=0.0, CNG_DATE=self._changed())
        kids = []
        for size in SIZES[:children]:
            kid = f"{code}-{size}"
            self.av.add_article(
                kid,
                f"Shirt {code} {size}",
                price,
                MAIN_ART=code,
                VAR_AXIS="Maat",
                VAR_VALUE=size,
                STOCK=float(rng.randint(2, 30)),
                CNG_DATE=self._changed(),
            )
            kids.append(kid)
        self.groups[code] = kids
        return code

    def leaves(self) -> list[str]:
        return [*self.simple, *(k for kids in self.groups.values() for k in kids)]

    def _row(self, code: str) -> dict[str, object]:
        return next(r for r in self.av.state.rows("ART", "ARTICLE") if r["ART_CODE"] == code)

    # ---- a day --------------------------------------------------------------------------

    def churn(self, rng: random.Random) -> None:
        for code in rng.sample([*self.simple, *self.groups], 2):
            if code in self.broken:
                continue
            if rng.random() < 0.5:
                self.av.update_article(code, ART_DESC1=f"Nieuw {rng.randint(1, 999)} {code}")
            else:
                price = float(Decimal(rng.randint(199, 9999)) / 100)
                for leaf in [code, *self.groups.get(code, [])]:
                    self.av.update_article(leaf, SALE_PRICE=price, CNG_DATE=self._changed())
            self.av.update_article(code, CNG_DATE=self._changed())
        for _ in range(3):
            self.change_stock(rng)
        for _ in range(2):
            self.new_channel_order()

    def ship(self, rng: random.Random) -> int:
        """No shipping flow in this integration."""
        return 0

    def new_channel_order(self, skus: list[str] | None = None) -> str:
        rng = random.Random(len(self.shop.state.orders) + 1)
        chosen = skus or rng.sample(self.leaves(), min(2, len(self.leaves())))
        customer = rng.choice(("kees", "anna", "piet", "sanne", "joost"))
        company = "Bakkerij De Jong BV" if customer == "piet" else ""
        lines = [(sku, rng.randint(1, 3), "10.00") for sku in chosen]
        number = self.shop.add_order(lines, email=f"{customer}@example.nl", company=company)
        return str(number)

    def change_stock(self, rng: random.Random) -> tuple[str, int]:
        code = rng.choice(self.leaves())
        quantity = rng.randint(0, 50)
        self.av.update_article(code, STOCK=float(quantity), RES_SALE=0.0)
        return code, quantity

    def order_arrived(self, reference: str) -> bool:
        return any(d["CUST_REF"] == PREFIX + reference for d in self.av.documents("SO1"))

    def stock_arrived(self, reference: str, quantity: int) -> bool:
        return self.shop_stock(reference) == quantity

    # ---- faults -------------------------------------------------------------------------

    def targets(self) -> list[FaultTarget]:
        return [
            FaultTarget(
                "AccountView",
                self.demo.av_server.faults,
                (*TRANSPORT_FAULTS, FaultKind.EXPIRE_TOKEN),
            ),
            FaultTarget("MijnWebwinkel", self.demo.shop_server.faults, TRANSPORT_FAULTS),
        ]

    def item_faults(self, rng: random.Random, share: float) -> list[str]:
        done: list[str] = []
        for code in self.simple:
            if code not in self.broken and rng.random() < share:
                self.broken[code] = float(str(self._row(code)["SALE_PRICE"]))
                self.av.update_article(code, SALE_PRICE="acht", CNG_DATE=self._changed())
                done.append("accountview:bad_price")
        self.av.refuse_next_documents("Boekingsperiode is afgesloten")
        done.append("accountview:refusal")
        if rng.random() < 0.5 or not self.missing:
            code = f"NIEUW-{len(self.missing) + 1:02d}"
            self.missing.append(code)
            self.new_channel_order([code, rng.choice(self.leaves())])
            done.append("mijnwebwinkel:unknown_article")
        return done

    def repair(self) -> None:
        for code, price in self.broken.items():
            self.av.update_article(code, SALE_PRICE=price, CNG_DATE=self._changed())
        self.broken.clear()
        for code in self.missing:
            self.av.add_article(code, f"Artikel {code}", "10.00", CNG_DATE=self._changed())
            self.simple.append(code)
        self.missing.clear()

    # ---- the final state ----------------------------------------------------------------

    def shop_stock(self, code: str) -> object:
        for article in self.shop.state.articles.values():
            if article.get("sku") == code:
                return article.get("stock")
        parent = next((p for p, kids in self.groups.items() if code in kids), None)
        article = self.shop.article_by_sku(parent or "")
        if article is None:
            return "absent"
        size = code.rsplit("-", 1)[-1]
        found = [v["stock"] for v in article["variants"] if v["options"][0]["name"] == size]
        return found[0] if len(found) == 1 else "absent"

    def tally(self) -> dict[str, Tally]:
        products, variants, stock, orders = Tally(), Tally(), Tally(), Tally()
        held = Counter(str(a.get("sku")) for a in self.shop.state.articles.values())
        for code in [*self.simple, *self.groups]:
            products.expected += 1
            row = self._row(code)
            if held[code] == 0:
                products.lost += 1
                continue
            if held[code] > 1:
                products.duplicated += 1
                continue
            article = self.shop.article_by_sku(code) or {}
            gross = (Decimal(str(row["SALE_PRICE"])) * Decimal("1.21")).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            current = article.get("name") == row["ART_DESC1"] and article["price"][
                "default"
            ] == str(gross)
            products.arrived += current
            products.stale += not current
            for kid in self.groups.get(code, []):
                variants.expected += 1
                size = kid.rsplit("-", 1)[-1]
                found = [v for v in article.get("variants", []) if v["options"][0]["name"] == size]
                variants.arrived += len(found) == 1
                variants.lost += not found
                variants.duplicated += len(found) > 1
        for code in self.leaves():
            stock.expected += 1
            row = self._row(code)
            want = int(float(str(row["STOCK"])) - float(str(row.get("RES_SALE") or 0)))
            got = self.shop_stock(code)
            if got == "absent":
                stock.lost += 1
            elif got == want:
                stock.arrived += 1
            else:
                stock.stale += 1
        documents: dict[str, list[dict[str, object]]] = {}
        for document in self.av.documents("SO1"):
            documents.setdefault(str(document["CUST_REF"]), []).append(document)
        for number, order in self.shop.state.orders.items():
            orders.expected += 1
            found = documents.get(f"{PREFIX}{number}", [])
            if not found:
                orders.lost += 1
            elif len(found) > 1:
                orders.duplicated += 1
            else:
                want_lines: Counter[str] = Counter()
                for line in order.data["orderlines"]:
                    if line["type"] == "article":
                        want_lines[line["articles"][0]["sku"]] += line["quantity"]
                got_lines: Counter[str] = Counter()
                lines = found[0]["lines"]
                assert isinstance(lines, list)
                for line in lines:
                    got_lines[str(line["ART_CODE"])] += int(line["QTY"])
                if want_lines == got_lines:
                    orders.arrived += 1
                else:
                    orders.stale += 1
        return {"products": products, "variants": variants, "stock": stock, "orders": orders}

    def calls(self) -> dict[str, Mapping[str, float]]:
        av: Counter[str] = Counter(
            " ".join((r.method, r.path.rsplit("/", 1)[-1], *r.query.get("BusinessObject", [])))
            for r in self.av.requests
        )
        shop: Counter[str] = Counter(
            f"{e.request.method} {e.request.path.split('/')[2]}" for e in self.shop.exchanges
        )
        return {"AccountView": dict(av), "MijnWebwinkel": dict(shop)}

    def budgets(self) -> list[Budget]:
        """Neither system publishes a daily limit (MijnWebwinkel's rate limit is unnamed)."""
        return []


@contextmanager
def open_world(
    profile: Profile, secrets: SecretStore, options: WorldOptions
) -> Iterator[AvmwwWorld]:
    demo = AvmwwDemo().start(seeded=False)
    app = App(profile, all_integrations(), all_connections(), secrets)
    timeout = str(max(1, round(options.timeout)))
    try:
        configure_avmww(app, demo)
        app.save_connection(AV, {"timeout_seconds": timeout})
        app.save_connection(MWW, {"timeout_seconds": timeout})
        yield AvmwwWorld(demo, app)
    finally:
        app.shutdown()
        demo.stop()


def good_items(world: World, flow: str) -> Callable[[], list[str]]:
    assert isinstance(world, AvmwwWorld)
    rng = random.Random(7)
    if flow in ("products", "stock"):
        codes = [world.add_simple(rng) for _ in range(2)]

        def through() -> list[str]:
            missing = []
            for code in codes:
                row = world._row(code)
                want = int(float(str(row["STOCK"])) - float(str(row["RES_SALE"])))
                absent = world.shop.article_by_sku(code) is None
                if absent or (flow == "stock" and world.shop_stock(code) != want):
                    missing.append(code)
            return missing

        return through
    world.add_simple(rng)
    refs = [world.new_channel_order([world.simple[-1]]) for _ in range(2)]
    return lambda: [ref for ref in refs if not world.order_arrived(ref)]


def _bad_price(world: World) -> Planted:
    assert isinstance(world, AvmwwWorld)
    code = world.add_simple(random.Random(3))
    world.av.update_article(code, SALE_PRICE="acht")
    return {"item": code}


def _negative_stock(world: World) -> Planted:
    assert isinstance(world, AvmwwWorld)
    code = world.add_simple(random.Random(4))
    world.av.update_article(code, STOCK=1.0, RES_SALE=5.0)
    return {"item": code}


def _missing_article(world: World) -> Planted:
    assert isinstance(world, AvmwwWorld)
    return {"item": world.new_channel_order(["KLOMP-42"]), "sku": "KLOMP-42"}


def _unreadable_order(world: World) -> Planted:
    assert isinstance(world, AvmwwWorld)
    world.add_simple(random.Random(5))
    number = world.new_channel_order([world.simple[-1]])
    world.shop.state.orders[int(number)].data["orderlines"][0]["quantity"] = "drie"
    return {"item": number}


CASES = (
    BadInput(
        "price-not-a-number",
        "products",
        _bad_price,
        "Artikel nicht lesbar: Feld SALE_PRICE hat den Wert „acht“",
        "Article not readable: field SALE_PRICE has the value “acht”",
        field="SALE_PRICE",
    ),
    BadInput(
        "stock-below-reservations",
        "stock",
        _negative_stock,
        "Der Bestand -4 ist negativ; übertragen wird nur ein Bestand ab 0",
        "The stock -4 is negative; only a stock from 0 up is sent",
        field="stock",
    ),
    BadInput(
        "article-missing-in-accountview",
        "orders",
        _missing_article,
        "Artikel fehlt in AccountView: {sku}",
        "Article missing in AccountView: {sku}",
        field="lines.sku",
    ),
    BadInput(
        "quantity-not-a-number",
        "orders",
        _unreadable_order,
        "Bestellung nicht lesbar: orderlines.quantity „drie“",
        "Order not readable: orderlines.quantity “drie”",
        field="orderlines.quantity",
    ),
)

ENTRY = Entry(
    key=KEY,
    flows=("products", "stock", "orders"),
    open_world=open_world,
    good_items=good_items,
    bad_inputs=CASES,
)
