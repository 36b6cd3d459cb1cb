"""Afterbuy simulator: the XML API and the shop interface with the real formats.

Serves `/afterbuy/ABInterface.aspx` (GetAfterbuyTime, GetShopProducts, GetShopCatalogs,
GetSoldItems, UpdateSoldItems) and `/afterbuy/ShopInterfaceUTF8.aspx` (Action=new with
CheckVID, CheckUserId). Start it with a seeded catalogue::

    sim = AfterbuySimulator(seed=7, products=100_000)
    with SimulatorServer(sim) as server:
        url = server.base_url + ABINTERFACE_PATH

Error codes follow the research where known (2 parse error, 12 unsupported call, 15 no
sold items, 75 more than 150 orders); the codes for a bad token (20) and the daily call
limit (21) are the simulator's own, Afterbuy documents none.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import parse_qs

from lxml import etree

from jjdesk.domain.timestamps import format_german_local, parse_german_local
from jjdesk.sandbox.afterbuy_catalog import CATALOG_TREE, SimCatalog, SimProduct, SimRelation
from jjdesk.sandbox.afterbuy_orders import SimOrder, SimPosition, orders_result
from jjdesk.sandbox.afterbuy_xml import el, envelope, error_answer, products_result
from jjdesk.sandbox.server import SimRequest, SimResponse

ABINTERFACE_PATH = "/afterbuy/ABInterface.aspx"
SHOP_PATH = "/afterbuy/ShopInterfaceUTF8.aspx"
MAX_PRODUCTS = 250
MAX_ORDERS = 250
MAX_UPDATE = 150
DUPLICATE_TEXT = "Diese Bestellung wurde bereits erfasst. (VID bereits vorhanden)"
_TEXTS = {
    "parse": ("Request XML Parsefehler", "Error parsing the request XML"),
    "call": ("Unsupported CallName.", "Unsupported CallName."),
    "auth": (
        "Authentifizierung fehlgeschlagen: PartnerToken oder AccountToken ungültig.",
        "Authentication failed: invalid PartnerToken or AccountToken.",
    ),
    "limit": (
        "Das tägliche Limit an Aufrufen ist erreicht.",
        "The daily call limit has been reached.",
    ),
    "none": ("Keine neuen verkauften Artikel gefunden.", "No new sold items found."),
    "many": (
        "Es dürfen maximal 150 Bestellungen übergeben werden.",
        "At most 150 orders may be passed.",
    ),
}
Matcher = Callable[[int], bool]


@dataclass(slots=True)
class _State:
    calls_today: int = 0
    day: str = ""
    corrupt: int = 0
    orders: dict[int, SimOrder] = field(default_factory=dict)
    next_order_id: int = 400_000_001


class AfterbuySimulator:
    """A thread-safe stand-in for Afterbuy; `calls` counts requests per CallName."""

    name = "afterbuy"

    def __init__(
        self,
        *,
        seed: int = 1,
        products: int = 1000,
        variation_share: float = 0.3,
        orders: int = 0,
        partner_token: str = "partner",
        account_token: str = "account",
        daily_limit: int = 50_000,
    ) -> None:
        self.catalog = SimCatalog(seed, products, variation_share)
        self.partner_token = partner_token
        self.account_token = account_token
        self.daily_limit = daily_limit
        self.calls: Counter[str] = Counter()
        self._state = _State()
        self._lock = threading.RLock()
        self._matches: OrderedDict[tuple[object, ...], list[int]] = OrderedDict()
        for n in range(orders):
            self._seed_order(n)

    # ---- test helpers ------------------------------------------------------------------

    def add_product(self, **fields: str) -> str:
        """A new simple product with the given wire fields; returns its ProductID."""
        with self._lock:
            self._matches.clear()
            return str(self.catalog.add(None, **fields))

    def add_variation_set(self, options: list[list[tuple[str, str]]]) -> tuple[str, list[str]]:
        """A new variation set: one child per option list; returns (parent, children)."""
        with self._lock:
            self._matches.clear()
            parent_id = self.catalog.add(SimProduct(0, 1, {"Name": "Neues Set", "Level": "0"}))
            parent = self.catalog.get(parent_id)
            assert parent is not None
            parent.fields["BaseProductFlag"] = "1"
            children: list[str] = []
            for position, values in enumerate(options, start=1):
                child = SimProduct(0, 3, {"Name": f"Variante {position}", "Level": "0"})
                child.fields["BaseProductFlag"] = "3"
                child.fields["Quantity"] = "5"
                child.relations.append(SimRelation(parent_id, 1))
                child_id = self.catalog.add(child)
                parent.relations.append(SimRelation(child_id, 1, list(values), position))
                children.append(str(child_id))
            return str(parent_id), children

    def modify_product(self, product_id: str, **fields: str) -> None:
        """Set wire fields (e.g. SellingPrice="abc") and bump the ModDate."""
        with self._lock:
            self._matches.clear()
            self.catalog.modify(int(product_id), **fields)

    def delete_product(self, product_id: str) -> None:
        """Delete a product."""
        with self._lock:
            self._matches.clear()
            self.catalog.delete(int(product_id))

    def set_level(self, product_id: str, level: int) -> None:
        """Change a product's level (a change like any other: ModDate moves)."""
        self.modify_product(product_id, Level=str(level))

    def set_quantity(self, product_id: str, quantity: int) -> None:
        """Change stock (ModDate and LastStockChange move)."""
        self.modify_product(product_id, Quantity=str(quantity))

    def product(self, product_id: str) -> SimProduct | None:
        """The product as the simulator holds it."""
        with self._lock:
            return self.catalog.get(int(product_id))

    def product_ids(self) -> list[str]:
        """Every existing ProductID."""
        with self._lock:
            return [str(pid) for pid in self.catalog.ids()]

    def set_tracking(
        self,
        order_id: str,
        tracking_number: str = "",
        shipping_method: str = "",
        tracking_link: str = "",
        shipped_at: datetime | None = None,
    ) -> None:
        """Fill an order's shipping data as the merchant would in Afterbuy."""
        with self._lock:
            order = self._state.orders[int(order_id)]
            if tracking_number:
                order.parcel_labels = [tracking_number]
            order.shipping_method = shipping_method or order.shipping_method
            order.tracking_link = tracking_link or order.tracking_link
            order.shipped_at = shipped_at or datetime.now(UTC)
            order.modified_at = datetime.now(UTC)

    def list_orders(self) -> list[SimOrder]:
        """Every order (with VID, tags, positions), oldest first."""
        with self._lock:
            return list(self._state.orders.values())

    def corrupt_next(self, times: int = 1) -> None:
        """Answer the next XML API calls with truncated XML."""
        with self._lock:
            self._state.corrupt += times

    # ---- dispatch ------------------------------------------------------------------------

    def handle(self, request: SimRequest) -> SimResponse:
        """Answer one request of either interface."""
        with self._lock:
            if request.path.casefold() == SHOP_PATH.casefold():
                return self._shop(request)
            if request.path.casefold() != ABINTERFACE_PATH.casefold():
                return SimResponse(404, b"Not Found", "text/plain")
            body = self._api(request.body)
            if self._state.corrupt > 0:
                self._state.corrupt -= 1
                body = body[: len(body) // 2]
            return SimResponse(200, body)

    def _api(self, raw: bytes) -> bytes:
        try:
            root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            self.calls["<malformed>"] += 1
            return error_answer("NotFound", 2, *self._texts("parse", "de"))
        glob = root.find("AfterbuyGlobal")
        call = _text(glob, "CallName")
        lang = "en" if _text(glob, "ErrorLanguage").upper() == "EN" else "de"
        self.calls[call] += 1
        if not self._count_call():
            return error_answer(call, 21, *self._texts("limit", lang))
        if (
            _text(glob, "PartnerToken") != self.partner_token
            or _text(glob, "AccountToken") != self.account_token
        ):
            return error_answer(call, 20, *self._texts("auth", lang))
        detail = int(_text(glob, "DetailLevel") or 0)
        if call == "GetAfterbuyTime":
            now = datetime.now(UTC)
            local = format_german_local(now)
            return envelope(
                call,
                el("AfterbuyTimeStamp", local)
                + el("AfterbuyUniversalTimeStamp", now.strftime("%d.%m.%Y %H:%M:%S")),
            )
        if call == "GetShopProducts":
            return self._products(root, detail)
        if call == "GetShopCatalogs":
            return self._catalogs()
        if call == "GetSoldItems":
            return self._sold_items(root, lang)
        if call == "UpdateSoldItems":
            return self._update_sold_items(root, lang)
        return error_answer(call or "NotFound", 12, *self._texts("call", lang))

    def _texts(self, key: str, lang: str) -> tuple[str, str]:
        de, en = _TEXTS[key]
        text = en if lang == "en" else de
        return text, text

    def _count_call(self) -> bool:
        today = datetime.now(UTC).date().isoformat()
        if self._state.day != today:
            self._state.day, self._state.calls_today = today, 0
        self._state.calls_today += 1
        return self._state.calls_today <= self.daily_limit

    # ---- products ------------------------------------------------------------------------

    def _products(self, root: etree._Element, detail: int) -> bytes:
        per_page = max(1, min(MAX_PRODUCTS, int(_text(root, "MaxShopItems") or MAX_PRODUCTS)))
        page = max(1, int(_text(root, "PageNumber") or 1))
        ids = self._matching_products(root)
        total_pages = max(1, -(-len(ids) // per_page))
        chosen = ids[(page - 1) * per_page : page * per_page]
        products = (p for pid in chosen if (p := self.catalog.get(pid)) is not None)
        body = products_result(
            self.catalog,
            products,
            stock_only=detail == 4,
            page=page,
            total_pages=total_pages,
            total=len(ids),
            per_page=per_page,
        )
        return envelope("GetShopProducts", body)

    def _matching_products(self, root: etree._Element) -> list[int]:
        """IDs matching the DataFilter, cached so that paging does not rescan the catalogue."""
        key = tuple(etree.tostring(f) for f in root.iterfind("DataFilter/Filter"))
        cached = self._matches.get(key)
        if cached is not None:
            self._matches.move_to_end(key)
            return cached
        matchers: list[Matcher] = []
        explicit: list[int] | None = None
        for flt in root.iterfind("DataFilter/Filter"):
            name = _text(flt, "FilterName").casefold()
            values = flt.find("FilterValues")
            if name == "productid":
                explicit = sorted(
                    {int(v) for v in _all_texts(values, "FilterValue") if v.isdigit()}
                )
            elif name == "level":
                low = int(_text(values, "LevelFrom") or 0)
                matchers.append(
                    _level_matcher(self.catalog, low, int(_text(values, "LevelTo") or 99))
                )
            elif name == "rangeid":
                low = int(_text(values, "ValueFrom") or 0)
                matchers.append(_id_range(low, int(_text(values, "ValueTo") or 0)))
            elif name == "datefilter":
                matchers.append(self._date_matcher(values))
        candidates = (
            [pid for pid in explicit if self.catalog.exists(pid)]
            if explicit is not None
            else self.catalog.ids()
        )
        ids = [pid for pid in candidates if all(m(pid) for m in matchers)]
        self._matches[key] = ids
        if len(self._matches) > 8:
            self._matches.popitem(last=False)
        return ids

    def _date_matcher(self, values: etree._Element | None) -> Matcher:
        since = parse_german_local(_text(values, "DateFrom")) or datetime.min.replace(tzinfo=UTC)
        until = parse_german_local(_text(values, "DateTo")) or datetime.max.replace(tzinfo=UTC)
        stock = _text(values, "FilterValue").casefold() == "laststockchange"
        date_of = self.catalog.stock_date if stock else self.catalog.mod_date
        return lambda pid: since <= date_of(pid) <= until

    def _catalogs(self) -> bytes:
        parts = ["<HasMoreCatalogs>0</HasMoreCatalogs><Catalogs>"]
        for position, (cid, name, parent) in enumerate(CATALOG_TREE):
            parts.append(
                f"<Catalog>{el('CatalogID', cid)}<Name><![CDATA[{name}]]></Name>"
                f"{el('ParnetID', parent or 0)}{el('Level', 0 if parent is None else 1)}"
                f"{el('Position', position)}<Show>1</Show></Catalog>"
            )
        parts.append(f"</Catalogs>{el('LastCatalogID', CATALOG_TREE[-1][0])}")
        return envelope("GetShopCatalogs", "".join(parts))

    # ---- orders ----------------------------------------------------------------------------

    def _sold_items(self, root: etree._Element, lang: str) -> bytes:
        limit = max(1, min(MAX_ORDERS, int(_text(root, "MaxSoldItems") or MAX_ORDERS)))
        matchers: list[OrderMatcher] = []
        for flt in root.iterfind("DataFilter/Filter"):
            name = _text(flt, "FilterName").casefold()
            values = flt.find("FilterValues")
            if name == "orderid":
                matchers.append(_order_ids(set(_all_texts(values, "FilterValue"))))
            elif name == "rangeid":
                low = int(_text(values, "ValueFrom") or 0)
                matchers.append(_order_range(_id_range(low, int(_text(values, "ValueTo") or 0))))
            elif name == "datefilter":
                matchers.append(_order_since(parse_german_local(_text(values, "DateFrom"))))
            elif name == "tag":
                matchers.append(_order_tags(set(_all_texts(values, "FilterValue"))))
        found = [o for o in self._state.orders.values() if all(m(o) for m in matchers)]
        if not found:
            return error_answer("GetSoldItems", 15, *self._texts("none", lang))
        page = found[:limit]
        return envelope("GetSoldItems", orders_result(page, has_more=len(found) > limit))

    def _update_sold_items(self, root: etree._Element, lang: str) -> bytes:
        orders = root.findall("Orders/Order")
        if len(orders) > MAX_UPDATE:
            return error_answer("UpdateSoldItems", 75, *self._texts("many", lang))
        for node in orders:
            order = self._state.orders.get(int(_text(node, "OrderID") or 0))
            if order is None:
                continue
            tags = node.find("Tags")
            if tags is not None:
                order.tags = [t.text.strip() for t in tags.findall("Tag") if t.text]
            if node.find("AdditionalInfo") is not None:
                order.additional_info = _text(node, "AdditionalInfo")
            shipping = node.find("ShippingInfo")
            if shipping is not None:
                order.shipping_method = _text(shipping, "ShippingMethod") or order.shipping_method
                delivery = parse_german_local(_text(shipping, "DeliveryDate"))
                order.shipped_at = delivery or order.shipped_at
                labels = _all_texts(shipping.find("ParcelLabels"), "ParcelLabel/ParcelLabelNumber")
                order.parcel_labels = labels or order.parcel_labels
            order.modified_at = datetime.now(UTC)
        return envelope("UpdateSoldItems", "")

    # ---- shop interface ----------------------------------------------------------------

    def _shop(self, request: SimRequest) -> SimResponse:
        form = {k: v[0] for k, v in request.query.items()}
        if request.body:
            parsed = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
            form.update({k: v[0] for k, v in parsed.items()})
        form = {k.casefold(): v for k, v in form.items()}
        action = form.get("action", "")
        self.calls[f"ShopInterface:{action}"] += 1
        if (
            form.get("partnertoken") != self.partner_token
            or form.get("usertoken") != self.account_token
        ):
            return _shop_error("UserId nicht vorhanden oder nicht freigegeben.")
        if action == "CheckUserId":
            return SimResponse(
                200, b"<result><success>1</success><data><UserID>123456</UserID></data></result>"
            )
        if action != "new":
            return _shop_error("Unbekannte Action.")
        vid = form.get("vid", "")
        if vid and form.get("checkvid") == "1":
            existing = next((o for o in self._state.orders.values() if o.vid == vid), None)
            if existing is not None:
                return SimResponse(
                    200,
                    (
                        "<result><success>0</success><errorlist>"
                        f"<error>{DUPLICATE_TEXT}</error>{el('VID', vid)}"
                        f"{el('OrderID', existing.order_id)}</errorlist></result>"
                    ).encode(),
                )
        order = self._create_order(form)
        return SimResponse(
            200,
            (
                "<result><success>1</success><Action>new</Action><data>"
                f"{el('AID', order.order_id)}{el('UID', uuid.uuid4())}"
                f"{el('KundenNr', 900_000 + order.order_id % 100_000)}{el('VID', vid)}"
                "<CouponUsed>0</CouponUsed></data></result>"
            ).encode(),
        )

    def _create_order(self, form: dict[str, str]) -> SimOrder:
        count = int(form.get("posanz", "0") or 0)
        positions = [
            SimPosition(
                article=form.get(f"artikelnr_{n}", ""),
                title=form.get(f"artikelname_{n}", ""),
                quantity=int(form.get(f"artikelmenge_{n}", "1") or 1),
                price=Decimal(form.get(f"artikelepreis_{n}", "0").replace(",", ".")),
                tax_rate=form.get(f"artikelmwst_{n}", ""),
            )
            for n in range(1, count + 1)
        ]
        order = self._new_order(vid=form.get("vid", ""), positions=positions)
        order.form = form
        order.memo = form.get("vmemo", "")
        order.comment = form.get("kommentar", "")
        order.shipping_method = form.get("versandart", "")
        order.shipping_cost = form.get("versandkosten", "0")
        order.country = form.get("kland", "")
        return order

    def _new_order(self, vid: str, positions: list[SimPosition]) -> SimOrder:
        order_id = self._state.next_order_id
        self._state.next_order_id += 1
        now = datetime.now(UTC)
        order = SimOrder(order_id, vid, positions, created_at=now, modified_at=now)
        self._state.orders[order_id] = order
        return order

    def _seed_order(self, n: int) -> None:
        ids = self.catalog.ids()
        pid = next(ids)
        order = self._new_order(
            f"SEED-{n + 1}",
            [SimPosition(str(pid), f"Artikel {pid}", 1 + n % 3, Decimal("19.99"), "19,00")],
        )
        order.shipping_method = "DHL Paket"
        if n % 2 == 0:
            order.parcel_labels = [f"00340434{n:012d}"]
            order.tracking_link = (
                f"https://nolp.dhl.de/nextt-online-public/set_identcodes.do?idc=00340434{n:012d}"
            )
            order.shipped_at = order.created_at
        if n % 3 == 0:
            order.tags = ["Sonderversand"]


def _level_matcher(catalog: SimCatalog, low: int, high: int) -> Matcher:
    return lambda pid: low <= catalog.level_of(pid) <= high


def _id_range(low: int, high: int) -> Matcher:
    """RangeID: ValueFrom inclusive, ValueTo 0 = open."""
    return lambda value: value >= low and (high == 0 or value <= high)


OrderMatcher = Callable[[SimOrder], bool]


def _order_ids(wanted: set[str]) -> OrderMatcher:
    return lambda order: str(order.order_id) in wanted


def _order_range(in_range: Matcher) -> OrderMatcher:
    return lambda order: in_range(order.order_id)


def _order_since(since: datetime | None) -> OrderMatcher:
    return lambda order: since is None or order.modified_at >= since


def _order_tags(wanted: set[str]) -> OrderMatcher:
    return lambda order: bool(wanted & set(order.tags))


def _shop_error(text: str) -> SimResponse:
    return SimResponse(
        200,
        f"<result><success>0</success><errorlist>{el('error', text)}</errorlist></result>".encode(),
    )


def _text(node: etree._Element | None, path: str) -> str:
    if node is None:
        return ""
    found = node.find(path)
    if found is None:
        found = node.find(f".//{path}")
    return (found.text or "").strip() if found is not None else ""


def _all_texts(node: etree._Element | None, path: str) -> list[str]:
    if node is None:
        return []
    return [(f.text or "").strip() for f in node.iterfind(path)]
