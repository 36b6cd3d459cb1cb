"""AfterbuyClient: the XML API and the shop interface behind jjdesk's ProductSource/OrderSink.

Every call goes through `HttpTransport` (retries timeouts, 429 and 5xx with backoff);
Afterbuy's own errors arrive with HTTP 200 and become typed exceptions here. Only call
names and IDs are logged: request bodies carry the tokens, answers carry buyer data.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypeVar

import httpx
from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.afterbuy import wire
from jjdesk.connectors.afterbuy.assembly import VariationAssembler
from jjdesk.connectors.afterbuy.catalogs import RawCatalog, build_tree, parse_catalogs
from jjdesk.connectors.afterbuy.config import AfterbuyConfig
from jjdesk.connectors.afterbuy.errors import (
    NO_SOLD_ITEMS,
    AfterbuyMessage,
    AfterbuyProtocolError,
    error_for,
    looks_like_auth,
)
from jjdesk.connectors.afterbuy.messages import SYSTEM
from jjdesk.connectors.afterbuy.orders import (
    MAX_UPDATE_ORDERS,
    SoldOrder,
    parse_sold_items,
    tag_orders,
    tracking_order,
)
from jjdesk.connectors.afterbuy.product_pages import read_products, stuck
from jjdesk.connectors.afterbuy.products import FLAG_VARIATION_PARENT, PageInfo, ParsedProduct
from jjdesk.connectors.afterbuy.ranges import RangeCursor
from jjdesk.connectors.afterbuy.shop_interface import (
    Outcome,
    check_fits,
    check_skus,
    order_form,
    parse_shop_answer,
    refusal,
)
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.paging import PageGuard
from jjdesk.connectors.privacy import scrub
from jjdesk.domain.models import (
    Catalog,
    Order,
    Product,
    Retry,
    ShipmentInfo,
    StockLevel,
    Unreadable,
)
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import AuthFailure, ConfigFailure, ItemProblem, NetworkFailure

log = logging.getLogger(__name__)

# GetShopProducts DetailLevel bits per the research: 0 = all fields, 4 = stock data.
DETAIL_PRODUCTS_FULL = 0
DETAIL_PRODUCTS_STOCK = 4
# GetSoldItems: order data (with Memo) is always there; 8 = articles, 16 = shipping.
# Bit 4 (the buyer) is never asked for: jjdesk keeps no buyer data.
DETAIL_SOLD_ITEMS = 8 | 16
DETAIL_ORDER_DATA = 0
MAX_ID_BATCH = 250
MAX_SOLD_ITEMS = 250
LOOKUP_MARGIN = timedelta(minutes=15)  # Afterbuy's clock and ours may differ
_XML_ATTEMPTS = 3  # an unreadable answer is fetched again this often before giving up
MIN_EAN_DIGITS = 8  # EAN-8 is the shortest GTIN
_GROUPING = re.compile(r"[\s-]")  # "4 012345 678901", "4012345-678901"
_ARTICLE_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")

Item = Product | Unreadable
_T = TypeVar("_T")


class AfterbuyClient:
    """Reads products, stock, catalogues and orders from Afterbuy and writes orders into it.

    A product that cannot be read (a price "abc", a broken timestamp, a character that
    breaks the XML) comes out of the product streams as an `Unreadable` in its place; the
    others go on.
    """

    name = "afterbuy"
    finds_by_name = False  # GetShopProducts has no filter on a product's name

    def __init__(
        self,
        config: AfterbuyConfig,
        transport: HttpTransport | None = None,
        *,
        cancel: threading.Event | None = None,
    ) -> None:
        self.config = config
        self._own_transport = transport is None
        self.transport = transport or HttpTransport(SYSTEM, timeout=config.timeout, cancel=cancel)
        self._parents: dict[str, str | None] | None = None

    def close(self) -> None:
        """Release the connection pool if this client created it."""
        if self._own_transport:
            self.transport.close()

    # ---- connection -------------------------------------------------------------------

    def test_connection(self) -> datetime:
        """Afterbuy's current time (aware UTC), from the cheapest call, GetAfterbuyTime."""
        moment = wire.afterbuy_time(self._call("GetAfterbuyTime", 0))
        if moment is None:
            raise AfterbuyProtocolError("GetAfterbuyTime")
        return moment

    # ---- ProductSource ----------------------------------------------------------------

    def changed_products(self, since: datetime | None) -> Iterator[Item]:
        """Products changed since `since` (all when None); parents come with their variants.

        Children never come out alone. Sets still open when the pages end are completed
        with ProductID look-ups (≤250 IDs a call), so a full read needs no extra call.
        """
        filters = [wire.date_filter("ModDate", since)] if since is not None else []
        return self._lowest_catalogs(
            self._assembled(self._product_pages(filters, DETAIL_PRODUCTS_FULL))
        )

    def products_by_id(self, product_ids: Sequence[str]) -> Iterator[Item]:
        """The named products, assembled like `changed_products` (a child brings its set)."""
        return self._lowest_catalogs(
            self._assembled(self._products_by_ids(list(dict.fromkeys(product_ids))))
        )

    def find_products(self, text: str) -> Iterator[Item]:
        """Products the merchant may mean by `text`: its ProductID, its EAN (filter `Ean`)
        or its article number (filter `Anr`), each once and assembled like `products_by_id`.

        One GetShopProducts call for each of these the text can be (at most three): a
        ProductID is digits, an EAN at least eight digits (spaces and hyphens dropped),
        an article number a number (Afterbuy keeps it as one, with a decimal comma).
        """
        wanted = text.strip()
        digits = _GROUPING.sub("", wanted)
        filters = []
        if digits.isdigit():
            filters.append(wire.values_filter("ProductID", [digits]))
            if len(digits) >= MIN_EAN_DIGITS:
                filters.append(wire.values_filter("Ean", [digits]))
        if _ARTICLE_NUMBER.fullmatch(wanted):
            filters.append(wire.values_filter("Anr", [wanted.replace(".", ",")]))
        return self._lowest_catalogs(self._assembled(self._each_once(filters)))

    def _each_once(self, filters: list[etree._Element]) -> Iterator[ParsedProduct | Unreadable]:
        seen: set[str] = set()
        for flt in filters:
            for item in self._product_pages([flt], DETAIL_PRODUCTS_FULL):
                key = item.key if isinstance(item, Unreadable) else item.product_id
                if key not in seen:
                    seen.add(key)
                    yield item

    def products_by_level(self, level_from: int, level_to: int) -> Iterator[Item]:
        """Products whose level lies in the range (Afterbuy's Level filter), assembled."""
        level = wire.range_filter("Level", "LevelFrom", "LevelTo", level_from, level_to)
        return self._lowest_catalogs(
            self._assembled(self._product_pages([level], DETAIL_PRODUCTS_FULL))
        )

    def _lowest_catalogs(self, items: Iterator[Item]) -> Iterator[Item]:
        """Keep only the lowest of a product's catalogues (SPEC: `CAT<id>` of the lowest).

        A product assigned to a catalogue and to one of its ancestors keeps the deeper one.
        The tree is read (one GetShopCatalogs pass) only when such a product turns up.
        """
        for item in items:
            yield (
                item
                if isinstance(item, Unreadable)
                else _without_ancestors(item, self._catalog_parents)
            )

    def _catalog_parents(self) -> dict[str, str | None]:
        if self._parents is None:
            self._parents = {c.catalog_id: c.parent_id for c in self.catalogs()}
        return self._parents

    def all_product_ids(self) -> set[str]:
        """Every ProductID that exists, complete: the deletion check removes what is missing.

        Paged by ProductID range, so a product deleted meanwhile shifts nothing; a product
        that cannot be read still exists and is listed. Raises rather than answer with
        part of the list (an answer that ends early, a product without an ID).
        """
        ids: set[str] = set()
        for item in self._product_pages([], DETAIL_PRODUCTS_STOCK, suppress_related=True):
            key = item.key if isinstance(item, Unreadable) else item.product_id
            if not key.isdigit():
                raise AfterbuyProtocolError("GetShopProducts")
            ids.add(key)
        return ids

    def stock_levels(self, since: datetime | None) -> Iterator[StockLevel | Unreadable]:
        """Quantities of leaves (simple products, variant children, bundles).

        Uses GetShopProducts with DetailLevel 4 ("Stock") and a DateFilter on
        LastStockChange rather than GetStockInfo: GetStockInfo needs an explicit ID list
        (≤500, ≤200 between 10:00 and 15:00) and has no date filter, so it cannot answer
        "what changed" without first listing the catalogue. This pass costs ⌈changed/250⌉
        calls and no follow-up calls (variation parents are skipped: they have no stock).
        """
        filters = [wire.date_filter("LastStockChange", since)] if since is not None else []
        for item in self._product_pages(filters, DETAIL_PRODUCTS_STOCK, suppress_related=True):
            if isinstance(item, Unreadable):
                yield item
            elif item.flag != FLAG_VARIATION_PARENT and item.product.quantity is not None:
                yield StockLevel(item.product_id, item.product.quantity, item.product.level)

    def catalogs(self) -> list[Catalog]:
        """The whole catalogue tree with full paths, parents first."""
        raw: dict[str, RawCatalog] = {}
        range_from: str | None = None
        guard = PageGuard(SYSTEM)
        while True:
            guard.advance(range_from)
            body: list[etree._Element] = [wire.element("MaxCatalogs", 200)]
            if range_from is not None:
                body.append(
                    wire.data_filter(
                        wire.range_filter("RangeID", "ValueFrom", "ValueTo", range_from, 0)
                    )
                )
            page = self._read("GetShopCatalogs", 0, body, parse_catalogs)
            self._check(page.call_status, "GetShopCatalogs", page.errors, [])
            new = [c for c in page.catalogs if c.catalog_id not in raw]
            raw.update((c.catalog_id, c) for c in new)
            if not page.has_more:
                break
            if not new or not page.last_catalog_id:
                raise stuck("GetShopCatalogs")
            range_from = page.last_catalog_id
        return build_tree(raw.values())

    # ---- OrderSink --------------------------------------------------------------------

    def find_orders(self, references: Sequence[str], since: datetime) -> dict[str, str]:
        """Afterbuy's order ids of orders jjdesk created under these references since `since`.

        One pass of GetSoldItems for all references: DateFilter ModDate from `since` (an
        order is modified no earlier than it was created), paged by RangeID on OrderID,
        DetailLevel 0 (order data: no buyer, no items). An order is matched by the marker
        `create_order` put into its memo (VMemo, returned as Memo), never by a filter
        alone. Costs ⌈orders modified since `since` / 250⌉ calls, usually one, and stops
        as soon as every reference is found. The first (lowest) order id wins.
        """
        wanted = {r for r in references if r}
        found: dict[str, str] = {}
        if not wanted:
            return found
        pages = self._sold_pages([wire.date_filter("ModDate", since)], detail=DETAIL_ORDER_DATA)
        for order in pages:
            for reference in order.references & wanted:
                found.setdefault(reference, order.order_id)
            if len(found) == len(wanted):
                break
        log.info("Afterbuy look-up: %d of %d references found", len(found), len(wanted))
        return found

    def create_order(self, order: Order, reference: str) -> str:
        """Create the order via the shop interface and return Afterbuy's order id (AID).

        `VID` = `reference` with `CheckVID=1`: Afterbuy refuses a second copy and names
        the first one, whose id is returned. Refused before anything is sent: an SKU that
        cannot be a ProductID, data Afterbuy would cut silently. Afterbuy's answers:
        rejected credentials are an `AuthFailure`, a plain-http answer a `ConfigFailure`,
        a refusal an `ItemProblem` (soon for a passing reason, later otherwise). An
        answer nobody can read (empty, a proxy's page) is resolved by a look-up before it
        counts as not created. A lost answer raises `OutcomeUnknown` (HTTP layer).
        """
        check_skus(order, self.config.article_identification)
        check_fits(order, reference)
        form = order_form(
            order,
            reference,
            self.config.partner_token,
            self.config.account_token,
            self.config.article_identification,
            self.config.customer_identification,
        )
        started = utcnow()
        response = self.transport.request("POST", self.config.shop_url, data=form, idempotent=False)
        self._check_http(response)
        answer = parse_shop_answer(response.content, response.headers.get("content-type", ""))
        if answer.outcome in (Outcome.CREATED, Outcome.DUPLICATE):
            log.info(
                "order %s is Afterbuy order %s (%s)",
                reference,
                answer.order_id,
                answer.outcome.value,
            )
            return answer.order_id
        if answer.outcome is Outcome.PLAIN_HTTP:
            raise ConfigFailure(
                i18n.text("afterbuy.https_required"), i18n.text("afterbuy.https_required.msg")
            )
        if answer.outcome is Outcome.UNREADABLE:
            found = self.find_orders([reference], started - LOOKUP_MARGIN).get(reference)
            if found:
                return found
            log.warning("order %s: the shop interface's answer was unreadable", reference)
            raise ItemProblem(
                "order",
                order.channel_order_id,
                i18n.text("afterbuy.order.no_answer"),
                field="order",
                hint=i18n.text("afterbuy.order.no_answer.hint"),
                retry=Retry.SOON,
                label=order.order_number,
            )
        text = scrub("; ".join(answer.errors) or "?", order)
        log.warning("order %s: Afterbuy refused it", reference)
        if looks_like_auth(text):
            raise AuthFailure(SYSTEM, "afterbuy", text)
        raise refusal(order, text)

    def shipments(self, sink_order_ids: Iterable[str]) -> dict[str, ShipmentInfo]:
        """Shipment data per Afterbuy order id; unknown orders are absent."""
        return {o.order_id: o.shipment for o in self.sold_items(list(sink_order_ids))}

    def tag_done(self, sink_order_ids: Sequence[str], tag: str) -> None:
        """Mark orders as completed for a channel with a tag such as "idealo abgeschlossen"."""
        self.add_tags(sink_order_ids, tag)

    # ---- orders beyond the ports ------------------------------------------------------

    def sold_items(self, order_ids: Sequence[str]) -> list[SoldOrder]:
        """The named orders (≤250 per call); unknown IDs are simply absent."""
        found: dict[str, SoldOrder] = {}
        ids = list(dict.fromkeys(order_ids))
        for start in range(0, len(ids), MAX_ID_BATCH):
            batch = ids[start : start + MAX_ID_BATCH]
            for order in self._sold_pages([wire.values_filter("OrderID", batch)]):
                found.setdefault(order.order_id, order)
        return list(found.values())

    def sold_items_since(self, since: datetime, date_field: str = "ModDate") -> Iterator[SoldOrder]:
        """Orders whose `date_field` (ModDate, ShippingDate, …) is after `since`, to the end."""
        return self._sold_pages([wire.date_filter(date_field, since)])

    def sold_items_range(self, first_order_id: int, last_order_id: int = 0) -> Iterator[SoldOrder]:
        """Orders by OrderID range (0 as the upper end means open)."""
        return self._sold_pages([], lower=first_order_id, upper=last_order_id)

    def add_tags(self, order_ids: Sequence[str], tag: str) -> None:
        """Add `tag` to each order, keeping its other tags (≤150 orders per call).

        Whether Afterbuy adds or replaces tags is not documented, so the current tags are
        read first and the full list is written back.
        """
        ids = list(dict.fromkeys(order_ids))
        for start in range(0, len(ids), MAX_UPDATE_ORDERS):
            batch = ids[start : start + MAX_UPDATE_ORDERS]
            current = {o.order_id: o.tags for o in self.sold_items(batch)}
            updates = [
                (oid, (*current.get(oid, ()), tag))
                for oid in batch
                if tag not in current.get(oid, ())
            ]
            if updates:
                self._call("UpdateSoldItems", 0, tag_orders(updates))
                log.info("tagged %d Afterbuy orders", len(updates))

    def set_tracking(
        self,
        order_id: str,
        tracking_number: str,
        shipping_method: str = "",
        shipped_at: datetime | None = None,
    ) -> None:
        """Store a parcel number (and shipping method / date) on an Afterbuy order."""
        self._call(
            "UpdateSoldItems",
            0,
            tracking_order(order_id, tracking_number, shipping_method, shipped_at),
        )

    # ---- internals --------------------------------------------------------------------

    def _assembled(self, items: Iterable[ParsedProduct | Unreadable]) -> Iterator[Item]:
        assembler = VariationAssembler(self._products_by_ids)
        for item in items:
            yield from assembler.feed(item)
        yield from assembler.finish()

    def _products_by_ids(self, product_ids: Sequence[str]) -> Iterator[ParsedProduct | Unreadable]:
        for start in range(0, len(product_ids), MAX_ID_BATCH):
            batch = product_ids[start : start + MAX_ID_BATCH]
            yield from self._product_pages(
                [wire.values_filter("ProductID", batch)], DETAIL_PRODUCTS_FULL
            )

    def _product_pages(
        self,
        filters: list[etree._Element],
        detail_level: int,
        *,
        suppress_related: bool = False,
    ) -> Iterator[ParsedProduct | Unreadable]:
        """Every product of a GetShopProducts query, once, by ProductID range."""

        def fetch(body: Sequence[etree._Element]) -> bytes:
            return self._post_xml("GetShopProducts", detail_level, *body)

        def check(info: PageInfo) -> None:
            self._check(info.call_status, "GetShopProducts", info.errors, info.warnings)

        return read_products(
            fetch,
            check,
            filters,
            page_size=self.config.page_size,
            suppress_related=suppress_related,
        )

    def _sold_pages(
        self,
        filters: list[etree._Element],
        *,
        lower: int = 0,
        upper: int = 0,
        detail: int = DETAIL_SOLD_ITEMS,
    ) -> Iterator[SoldOrder]:
        """GetSoldItems to the end, paged by RangeID on OrderID, each order once.

        Raises when the answers say "more" but the range does not move on, rather than
        end with part of the list.
        """
        seen: set[str] = set()
        cursor = RangeCursor()
        guard = PageGuard(SYSTEM)
        while True:
            guard.advance(lower)
            body: list[etree._Element] = [
                wire.element("RequestAllItems", 0),
                wire.element("MaxSoldItems", MAX_SOLD_ITEMS),
                wire.element("OrderDirection", 0),
                wire.element("ReturnHiddenItems", 0),
            ]
            ranges = []
            if lower or upper:
                ranges.append(wire.range_filter("RangeID", "ValueFrom", "ValueTo", lower, upper))
            if filters or ranges:
                body.append(wire.data_filter(*filters, *ranges))
            page = self._read("GetSoldItems", detail, body, parse_sold_items)
            if page.call_status == "Error" and all(e.code == NO_SOLD_ITEMS for e in page.errors):
                return
            self._check(page.call_status, "GetSoldItems", page.errors, page.warnings)
            ids = [int(o.order_id) for o in page.orders if o.order_id.isdigit()]
            cursor.observe(lower or None, ids)
            for order in page.orders:
                if order.order_id not in seen and (not lower or int(order.order_id or 0) >= lower):
                    seen.add(order.order_id)
                    yield order
            more = page.has_more if page.has_more is not None else len(ids) >= MAX_SOLD_ITEMS
            if not more or not page.orders:
                return
            following = cursor.after(max(ids)) if ids else 0
            if following <= lower:
                raise stuck("GetSoldItems")
            lower = following

    def _read(
        self,
        call_name: str,
        detail_level: int,
        body: list[etree._Element],
        parse: Callable[[bytes], _T],
    ) -> _T:
        """One call whose answer `parse` reads; an unreadable answer is fetched again."""
        for attempt in range(1, _XML_ATTEMPTS + 1):
            data = self._post_xml(call_name, detail_level, *body)
            try:
                return parse(data)
            except AfterbuyProtocolError:
                log.warning("%s: unreadable answer (attempt %d)", call_name, attempt)
        raise AfterbuyProtocolError(call_name)

    def _call(self, call_name: str, detail_level: int, *body: etree._Element) -> etree._Element:
        """A small call read as a whole document, status checked."""
        root = self._read(call_name, detail_level, list(body), _document(call_name))
        result = wire.find_child(root, "Result")
        self._check(
            wire.child_text(root, "CallStatus"),
            call_name,
            wire.messages(result, "Error"),
            wire.messages(result, "Warning"),
        )
        return root

    def _post_xml(self, call_name: str, detail_level: int, *body: etree._Element) -> bytes:
        payload = wire.build_request(
            call_name,
            self.config.partner_token,
            self.config.account_token,
            detail_level,
            *body,
        )
        log.debug("Afterbuy %s", call_name)
        response = self.transport.request(
            "POST",
            self.config.api_url,
            content=payload,
            headers={"Content-Type": "application/xml; charset=utf-8"},
        )
        self._check_http(response)
        return response.content

    def _check_http(self, response: httpx.Response) -> None:
        if response.status_code in (401, 403):
            raise AuthFailure(SYSTEM, "afterbuy", f"HTTP {response.status_code}")
        if response.status_code != 200:
            raise NetworkFailure.http_status(SYSTEM, response.status_code)

    def _check(
        self,
        status: str,
        call_name: str,
        errors: list[AfterbuyMessage],
        warnings: list[AfterbuyMessage],
    ) -> None:
        """Raise for CallStatus Error; warnings come with usable data (their codes are logged)."""
        if status == "Error":
            if not errors:
                errors = [AfterbuyMessage("", call_name)]
            raise error_for(call_name, errors)
        if status not in ("Success", "Warning"):
            raise AfterbuyProtocolError(call_name)
        for warning in warnings:
            log.warning("%s: Afterbuy warning %s", call_name, warning.code)


def _document(call_name: str) -> Callable[[bytes], etree._Element]:
    def parse(data: bytes) -> etree._Element:
        try:
            return wire.parse_document(data)
        except etree.XMLSyntaxError as exc:
            raise AfterbuyProtocolError(call_name) from exc

    return parse


def _without_ancestors(product: Product, parents: Callable[[], dict[str, str | None]]) -> Product:
    """The product (and its variants) with catalogue IDs that are ancestors of others removed."""
    variants = tuple(_without_ancestors(v, parents) for v in product.variants)
    ids = product.catalog_ids
    if len(ids) > 1:
        tree = parents()
        ancestors: set[str] = set()
        for catalog_id in ids:
            current = tree.get(catalog_id)
            while current is not None and current not in ancestors:
                ancestors.add(current)
                current = tree.get(current)
        ids = tuple(c for c in ids if c not in ancestors)
    if ids == product.catalog_ids and variants == product.variants:
        return product
    return replace(product, catalog_ids=ids, variants=variants)
