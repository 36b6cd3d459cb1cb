"""Afterbuy simulator: the XML API and the shop interface with the real formats.

Serves `/afterbuy/ABInterface.aspx` (GetAfterbuyTime, GetShopProducts, GetShopCatalogs,
GetSoldItems, UpdateSoldItems) and `/afterbuy/ShopInterfaceUTF8.aspx` (Action=new with
CheckVID, CheckUserId). Start it with a seeded catalogue::

    sim = AfterbuySimulator(seed=7, products=100_000)
    with SimulatorServer(sim) as server:
        url = server.base_url + ABINTERFACE_PATH

What it receives is read by its own strict parser (`afterbuy_request`), never the
connector's. Paging works both ways Afterbuy offers: PageNumber (computed afresh on every
call, so a deletion shifts later pages, as it does in Afterbuy) and RangeID with
HasMoreProducts / HasMoreItems and LastProductID / LastOrderID. Error codes follow the
research where known (2 parse error, 12 unsupported call, 15 no sold items, 30 invalid
filter, 75 more than 150 orders); the codes for a bad token (20) and the daily call limit
(21) are the simulator's own, Afterbuy documents none.

Faults for tests: canned shop interface answers (a passing refusal, a proxy's HTML page),
a product with a character that breaks the XML, a wrong encoding declaration, a product
deleted between two pages, and `check_vid=False` for a sink that accepts duplicates.
"""

from __future__ import annotations

import bisect
import threading
import uuid
from collections import Counter, OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from jjdesk.sandbox.afterbuy_catalog import CATALOG_TREE, SimCatalog, SimProduct, SimRelation
from jjdesk.sandbox.afterbuy_orders import SimOrder, SimPosition, orders_result
from jjdesk.sandbox.afterbuy_request import (
    ApiRequest,
    BadRequest,
    SimFilter,
    parse_amount,
    parse_api_request,
    parse_new_order,
    parse_stamp,
    shop_form,
)
from jjdesk.sandbox.afterbuy_xml import (
    BAD_BYTE,
    el,
    envelope,
    error_answer,
    products_result,
    stamp,
)
from jjdesk.sandbox.server import SimRequest, SimResponse

ABINTERFACE_PATH = "/afterbuy/ABInterface.aspx"
SHOP_PATH = "/afterbuy/ShopInterfaceUTF8.aspx"
MAX_PRODUCTS = 250
MAX_ORDERS = 250
MAX_UPDATE = 150
DUPLICATE_TEXT = "Diese Bestellung wurde bereits erfasst. (VID bereits vorhanden)"
PASSING_REFUSAL = "Interner Fehler, bitte versuchen Sie es später erneut."
PROXY_PAGE = (
    b"<!DOCTYPE html><html><head><title>Anmeldung</title></head>"
    b"<body><form action='/login'>Bitte melden Sie sich am Proxy an.</form></body></html>"
)
_TEXTS = {
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
OrderMatcher = Callable[[SimOrder], bool]


@dataclass(slots=True)
class _State:
    calls_today: int = 0
    day: str = ""
    corrupt: int = 0
    orders: dict[int, SimOrder] = field(default_factory=dict)
    next_order_id: int = 400_000_001
    shop_answers: deque[SimResponse] = field(default_factory=deque)
    product_pages: int = 0
    deletions: list[tuple[int, int]] = field(default_factory=list)  # (after page, ProductID)
    declared: str = "utf-8"


class AfterbuySimulator:
    """A thread-safe stand-in for Afterbuy; `calls` counts requests per CallName.

    `check_vid=False` makes the shop interface ignore CheckVID: a sink that takes the same
    order twice, for tests that must prove exactly-once without Afterbuy's help.
    """

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
        check_vid: bool = True,
    ) -> None:
        self.catalog = SimCatalog(seed, products, variation_share)
        self.partner_token = partner_token
        self.account_token = account_token
        self.daily_limit = daily_limit
        self.check_vid = check_vid
        self.calls: Counter[str] = Counter()
        self._state = _State()
        self._lock = threading.RLock()
        self._matches: OrderedDict[tuple[object, ...], list[int]] = OrderedDict()
        for n in range(orders):
            self._seed_order(n)

    # ---- test helpers: data -------------------------------------------------------------

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

    # ---- test helpers: faults -----------------------------------------------------------

    def corrupt_next(self, times: int = 1) -> None:
        """Answer the next XML API calls with truncated XML."""
        with self._lock:
            self._state.corrupt += times

    def answer_shop_next(
        self, body: bytes, *, times: int = 1, content_type: str = "text/xml; charset=utf-8"
    ) -> None:
        """Answer the next shop interface calls with `body` (status 200), creating nothing."""
        with self._lock:
            for _ in range(times):
                self._state.shop_answers.append(SimResponse(200, body, content_type))

    def refuse_next_orders(self, text: str = PASSING_REFUSAL, times: int = 1) -> None:
        """Refuse the next `Action=new` calls with Afterbuy's error list and `text`."""
        self.answer_shop_next(_shop_error(text).body, times=times)

    def answer_proxy_page_next(self, times: int = 1) -> None:
        """A proxy's login page, status 200, instead of the next shop interface answers."""
        self.answer_shop_next(PROXY_PAGE, times=times, content_type="text/html; charset=utf-8")

    def break_product(
        self, product_id: str, field: str = "Name", *, raw_byte: bool = False
    ) -> None:
        """Put a character into one field that makes every answer carrying it unreadable.

        Default: a vertical tab (not allowed in XML 1.0); `raw_byte`: the byte 0xFF, which
        is no UTF-8. Everything else about the product stays as it was.
        """
        with self._lock:
            product = self.catalog.get(int(product_id))
            assert product is not None
            bad = BAD_BYTE if raw_byte else "\x0b"
            text = product.fields.get(field, "") or "x"
            self.modify_product(product_id, **{field: text[:1] + bad + text[1:]})

    def declare_encoding(self, encoding: str) -> None:
        """Let XML API answers declare `encoding` while their bytes stay UTF-8."""
        with self._lock:
            self._state.declared = encoding

    def delete_after_page(self, product_id: str, pages: int = 1) -> None:
        """Delete a product once `pages` further GetShopProducts answers have gone out."""
        with self._lock:
            after = self._state.product_pages + pages
            self._state.deletions.append((after, int(product_id)))

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
            req = parse_api_request(raw)
        except BadRequest as bad:
            self.calls["<malformed>"] += 1
            return error_answer("NotFound", bad.code, bad.text)
        self.calls[req.call] += 1
        if not self._count_call():
            return error_answer(req.call, 21, *self._texts("limit", req.language))
        if req.partner_token != self.partner_token or req.account_token != self.account_token:
            return error_answer(req.call, 20, *self._texts("auth", req.language))
        try:
            return self._dispatch(req)
        except BadRequest as bad:
            return error_answer(req.call, bad.code, bad.text)

    def _dispatch(self, req: ApiRequest) -> bytes:
        if req.call == "GetAfterbuyTime":
            now = datetime.now(UTC)
            return envelope(
                req.call,
                el("AfterbuyTimeStamp", stamp(now))
                + el("AfterbuyUniversalTimeStamp", now.strftime("%d.%m.%Y %H:%M:%S")),
            )
        if req.call == "GetShopProducts":
            return self._products(req)
        if req.call == "GetShopCatalogs":
            return self._catalogs()
        if req.call == "GetSoldItems":
            return self._sold_items(req)
        if req.call == "UpdateSoldItems":
            return self._update_sold_items(req)
        return error_answer(req.call or "NotFound", 12, *self._texts("call", req.language))

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

    def _products(self, req: ApiRequest) -> bytes:
        per_page = max(1, min(MAX_PRODUCTS, req.number("MaxShopItems", MAX_PRODUCTS)))
        ranges = [f for f in req.filters if f.name == "rangeid"]
        ids = self._matching_products([f for f in req.filters if f.name != "rangeid"])
        for r in ranges:  # RangeID on ProductID: ValueFrom inclusive, ValueTo 0 = open
            ids = ids[bisect.bisect_left(ids, r.value_from) :]
            if r.value_to:
                ids = ids[: bisect.bisect_right(ids, r.value_to)]
        pagination = None
        if req.flag("PaginationEnabled"):
            page = max(1, req.number("PageNumber", 1))
            pages = max(1, -(-len(ids) // per_page))
            chosen = ids[(page - 1) * per_page : page * per_page]
            has_more = page < pages
            pagination = (page, pages, len(ids), per_page)
        else:
            chosen, has_more = ids[:per_page], len(ids) > per_page
        products = [p for pid in chosen if (p := self.catalog.get(pid)) is not None]
        body = products_result(
            self.catalog,
            products,
            stock_only=req.detail_level == 4,
            has_more=has_more,
            pagination=pagination,
        )
        answer = envelope("GetShopProducts", body, declared=self._state.declared)
        self._page_served()
        return answer

    def _page_served(self) -> None:
        """Carry out deletions planned "between two pages"."""
        self._state.product_pages += 1
        due = [d for d in self._state.deletions if d[0] <= self._state.product_pages]
        for entry in due:
            self._state.deletions.remove(entry)
            self.catalog.delete(entry[1])
            self._matches.clear()

    def _matching_products(self, filters: list[SimFilter]) -> list[int]:
        """Ascending IDs matching the filters, cached so that paging does not rescan."""
        key = tuple(filters)
        cached = self._matches.get(key)
        if cached is not None:
            self._matches.move_to_end(key)
            return cached
        matchers: list[Matcher] = []
        explicit: list[int] | None = None
        for flt in filters:
            if flt.name in ("productid", "ean", "anr"):  # several filters: all must match
                found = self._named(flt)
                explicit = sorted(found if explicit is None else found & set(explicit))
            elif flt.name == "level":
                matchers.append(_level_matcher(self.catalog, flt.value_from, flt.value_to))
            elif flt.name == "datefilter":
                matchers.append(self._date_matcher(flt))
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

    def _named(self, flt: SimFilter) -> set[int]:
        """IDs a ProductID, Ean or Anr filter names (any of its values)."""
        if flt.name == "productid":
            return {int(v) for v in flt.values}
        field_name = "EAN" if flt.name == "ean" else "Anr"
        return {pid for v in flt.values for pid in self.catalog.with_field(field_name, v)}

    def _date_matcher(self, flt: SimFilter) -> Matcher:
        since = flt.date_from or datetime.min.replace(tzinfo=UTC)
        until = flt.date_to or datetime.max.replace(tzinfo=UTC)
        date_of = self.catalog.stock_date if flt.date_field == "laststockchange" else None
        date_of = date_of or self.catalog.mod_date
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
        return envelope("GetShopCatalogs", "".join(parts), declared=self._state.declared)

    # ---- orders ----------------------------------------------------------------------------

    def _sold_items(self, req: ApiRequest) -> bytes:
        limit = max(1, min(MAX_ORDERS, req.number("MaxSoldItems", MAX_ORDERS)))
        matchers = [_order_matcher(f) for f in req.filters]
        found = [o for o in self._state.orders.values() if all(m(o) for m in matchers)]
        found.sort(key=lambda o: o.order_id, reverse=req.number("OrderDirection", 0) == 1)
        if not found:
            return error_answer("GetSoldItems", 15, *self._texts("none", req.language))
        page = found[:limit]
        body = orders_result(page, has_more=len(found) > limit, detail=req.detail_level)
        return envelope("GetSoldItems", body, declared=self._state.declared)

    def _update_sold_items(self, req: ApiRequest) -> bytes:
        orders = req.root.findall("Orders/Order")
        if len(orders) > MAX_UPDATE:
            return error_answer("UpdateSoldItems", 75, *self._texts("many", req.language))
        for node in orders:
            text = (node.findtext("OrderID") or "").strip()
            if not text.isdigit():
                raise BadRequest(2, "Request XML Parsefehler: OrderID")
            order = self._state.orders.get(int(text))
            if order is None:
                continue
            tags = node.find("Tags")
            if tags is not None:
                order.tags = [t.text.strip() for t in tags.findall("Tag") if t.text]
            if node.find("AdditionalInfo") is not None:
                order.additional_info = (node.findtext("AdditionalInfo") or "").strip()
            shipping = node.find("ShippingInfo")
            if shipping is not None:
                method = (shipping.findtext("ShippingMethod") or "").strip()
                order.shipping_method = method or order.shipping_method
                delivery = (shipping.findtext("DeliveryDate") or "").strip()
                try:
                    order.shipped_at = parse_stamp(delivery) if delivery else order.shipped_at
                except ValueError as exc:
                    raise BadRequest(2, "Request XML Parsefehler: DeliveryDate") from exc
                labels = [
                    (n.text or "").strip()
                    for n in shipping.iterfind("ParcelLabels/ParcelLabel/ParcelLabelNumber")
                ]
                order.parcel_labels = labels or order.parcel_labels
            order.modified_at = datetime.now(UTC)
        return envelope("UpdateSoldItems", "")

    # ---- shop interface ----------------------------------------------------------------

    def _shop(self, request: SimRequest) -> SimResponse:
        try:
            form = shop_form(request.query, request.body)
        except BadRequest as bad:
            return _shop_error(bad.text)
        action = form.get("action", "")
        self.calls[f"ShopInterface:{action}"] += 1
        if self._state.shop_answers:
            return self._state.shop_answers.popleft()
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
        try:
            new = parse_new_order(form)
        except BadRequest as bad:
            return _shop_error(bad.text)
        if new.vid and new.check_vid and self.check_vid:
            existing = next((o for o in self._state.orders.values() if o.vid == new.vid), None)
            if existing is not None:
                return SimResponse(
                    200,
                    (
                        "<result><success>0</success><errorlist>"
                        f"<error>{DUPLICATE_TEXT}</error>{el('VID', new.vid)}"
                        f"{el('OrderID', existing.order_id)}</errorlist></result>"
                    ).encode(),
                )
        positions = [
            SimPosition(p.article, p.title, p.quantity, p.price, p.tax_rate) for p in new.positions
        ]
        order = self._new_order(new.vid, positions)
        order.form = new.form
        order.memo = new.form.get("vmemo", "")
        order.comment = new.form.get("kommentar", "")
        order.shipping_method = new.form.get("versandart", "")
        order.shipping_cost = new.shipping_cost
        order.country = new.form.get("kland", "")
        return SimResponse(
            200,
            (
                "<result><success>1</success><Action>new</Action><data>"
                f"{el('AID', order.order_id)}{el('UID', uuid.uuid4())}"
                f"{el('KundenNr', 900_000 + order.order_id % 100_000)}{el('VID', new.vid)}"
                "<CouponUsed>0</CouponUsed></data></result>"
            ).encode(),
        )

    def _new_order(self, vid: str, positions: list[SimPosition]) -> SimOrder:
        order_id = self._state.next_order_id
        self._state.next_order_id += 1
        now = datetime.now(UTC)
        order = SimOrder(order_id, vid, positions, created_at=now, modified_at=now)
        self._state.orders[order_id] = order
        return order

    def _seed_order(self, n: int) -> None:
        pid = next(self.catalog.ids())
        order = self._new_order(
            f"SEED-{n + 1}",
            [SimPosition(str(pid), f"Artikel {pid}", 1 + n % 3, parse_amount("19,99"), "19,00")],
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
    return lambda pid: low <= catalog.level_of(pid) <= (high or 99)


def _order_matcher(flt: SimFilter) -> OrderMatcher:
    """One GetSoldItems filter as a test on an order."""
    if flt.name == "orderid":
        wanted = set(flt.values)
        return lambda order: str(order.order_id) in wanted
    if flt.name == "rangeid":
        low, high = flt.value_from, flt.value_to
        return lambda order: order.order_id >= low and (high == 0 or order.order_id <= high)
    if flt.name == "tag":
        tags = set(flt.values)
        return lambda order: bool(tags & set(order.tags))
    since = flt.date_from or datetime.min.replace(tzinfo=UTC)
    until = flt.date_to or datetime.max.replace(tzinfo=UTC)
    date_of = _ORDER_DATES.get(flt.date_field, lambda order: order.modified_at)

    def dated(order: SimOrder) -> bool:
        moment = date_of(order)
        return moment is not None and since <= moment <= until

    return dated


_ORDER_DATES: dict[str, Callable[[SimOrder], datetime | None]] = {
    "moddate": lambda order: order.modified_at,
    "auctionenddate": lambda order: order.created_at,
    "feedbackdate": lambda order: order.created_at,
    "shippingdate": lambda order: order.shipped_at,
}


def _shop_error(text: str) -> SimResponse:
    return SimResponse(
        200,
        f"<result><success>0</success><errorlist>{el('error', text)}</errorlist></result>".encode(),
    )
