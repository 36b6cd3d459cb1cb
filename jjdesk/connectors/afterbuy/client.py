"""AfterbuyClient: the XML API and the shop interface behind jjdesk's ProductSource/OrderSink.

Every call goes through `HttpTransport` (retries timeouts, 429 and 5xx with backoff);
Afterbuy's own errors arrive with HTTP 200 and become typed exceptions here. Only call
names and IDs are logged: request bodies carry the tokens, answers carry buyer data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime

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
    AfterbuyWarning,
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
from jjdesk.connectors.afterbuy.products import (
    FLAG_VARIATION_PARENT,
    PageInfo,
    ParsedProduct,
    ProductParseProblem,
    iter_products,
)
from jjdesk.connectors.afterbuy.shop_interface import (
    check_skus,
    order_form,
    parse_shop_answer,
    scrub,
)
from jjdesk.connectors.http import HttpTransport
from jjdesk.domain.models import Catalog, Order, Product, ShipmentInfo, StockLevel
from jjdesk.errors import AuthFailure, ItemProblem, NetworkFailure, SystemFailure

log = logging.getLogger(__name__)

# GetShopProducts DetailLevel bits per the research: 0 = all fields, 4 = stock data.
DETAIL_PRODUCTS_FULL = 0
DETAIL_PRODUCTS_STOCK = 4
# GetSoldItems: order data is always there; 8 = articles, 16 = shipping.
DETAIL_SOLD_ITEMS = 8 | 16
MAX_ID_BATCH = 250
_XML_ATTEMPTS = 3  # an unreadable answer is fetched again this often before giving up

ProblemHandler = Callable[[ItemProblem], None]


class AfterbuyClient:
    """Reads products, stock, catalogues and orders from Afterbuy and writes orders into it.

    Per-product problems (a price "abc", a broken timestamp) never stop a product stream:
    they go to `on_problem` (if given) and are also kept in `problems` for the last read.
    """

    name = "afterbuy"

    def __init__(
        self,
        config: AfterbuyConfig,
        transport: HttpTransport | None = None,
        *,
        on_problem: ProblemHandler | None = None,
    ) -> None:
        self.config = config
        self._own_transport = transport is None
        self.transport = transport or HttpTransport(SYSTEM, timeout=config.timeout)
        self._on_problem = on_problem
        self.problems: list[ItemProblem] = []
        self.warnings: list[AfterbuyWarning] = []
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

    def changed_products(self, since: datetime | None) -> Iterator[Product]:
        """Products changed since `since` (all when None); parents come with their variants.

        Children never come out alone. Sets still open when the pages end are completed
        with ProductID look-ups (≤250 IDs a call), so a full read needs no extra call.
        """
        filters = [wire.date_filter("ModDate", since)] if since is not None else []
        return self._lowest_catalogs(
            self._assembled(self._product_pages(filters, DETAIL_PRODUCTS_FULL))
        )

    def products_by_id(self, product_ids: Sequence[str]) -> Iterator[Product]:
        """The named products, assembled like `changed_products` (a child brings its set)."""
        return self._lowest_catalogs(
            self._assembled(self._products_by_ids(list(dict.fromkeys(product_ids))))
        )

    def products_by_level(self, level_from: int, level_to: int) -> Iterator[Product]:
        """Products whose level lies in the range (Afterbuy's Level filter), assembled."""
        level = wire.range_filter("Level", "LevelFrom", "LevelTo", level_from, level_to)
        return self._lowest_catalogs(
            self._assembled(self._product_pages([level], DETAIL_PRODUCTS_FULL))
        )

    def _lowest_catalogs(self, products: Iterator[Product]) -> Iterator[Product]:
        """Keep only the lowest of a product's catalogues (SPEC: `CAT<id>` of the lowest).

        A product assigned to a catalogue and to one of its ancestors keeps the deeper one.
        The tree is read (one GetShopCatalogs pass) only when such a product turns up.
        """
        for product in products:
            yield _without_ancestors(product, self._catalog_parents)

    def _catalog_parents(self) -> dict[str, str | None]:
        if self._parents is None:
            self._parents = {c.catalog_id: c.parent_id for c in self.catalogs()}
        return self._parents

    def all_product_ids(self) -> set[str]:
        """Every ProductID, read with the small stock DetailLevel to keep pages light."""
        ids: set[str] = set()
        for item in self._product_pages([], DETAIL_PRODUCTS_STOCK, suppress_related=True):
            if item.product_id:
                ids.add(item.product_id)
        return ids

    def stock_levels(self, since: datetime | None) -> Iterator[StockLevel]:
        """Quantities of leaves (simple products, variant children, bundles).

        Uses GetShopProducts with DetailLevel 4 ("Stock") and a DateFilter on
        LastStockChange rather than GetStockInfo: GetStockInfo needs an explicit ID list
        (≤500, ≤200 between 10:00 and 15:00) and has no date filter, so it cannot answer
        "what changed" without first listing the catalogue. This pass costs ⌈changed/250⌉
        calls and no follow-up calls (variation parents are skipped: they have no stock).
        """
        filters = [wire.date_filter("LastStockChange", since)] if since is not None else []
        for item in self._product_pages(filters, DETAIL_PRODUCTS_STOCK, suppress_related=True):
            if isinstance(item, ProductParseProblem):
                self._problem(item.problem)
                continue
            if item.flag == FLAG_VARIATION_PARENT or item.product.quantity is None:
                continue
            yield StockLevel(item.product_id, item.product.quantity, item.product.level)

    def catalogs(self) -> list[Catalog]:
        """The whole catalogue tree with full paths, parents first."""
        raw: dict[str, RawCatalog] = {}
        range_from: str | None = None
        while True:
            body: list[etree._Element] = [wire.element("MaxCatalogs", 200)]
            if range_from is not None:
                body.append(
                    wire.data_filter(
                        wire.range_filter("RangeID", "ValueFrom", "ValueTo", range_from, 0)
                    )
                )
            data = self._post_xml("GetShopCatalogs", 0, *body)
            page = parse_catalogs(data)
            self._check(page.call_status, "GetShopCatalogs", page.errors, [])
            new = [c for c in page.catalogs if c.catalog_id not in raw]
            raw.update((c.catalog_id, c) for c in new)
            if not page.has_more or not new or not page.last_catalog_id:
                break
            range_from = page.last_catalog_id
        return build_tree(raw.values())

    # ---- OrderSink --------------------------------------------------------------------

    def find_orders(self, references: Sequence[str], since: datetime) -> dict[str, str]:
        """Not yet: an empty answer leaves the second guard, CheckVID, to refuse a copy."""
        return {}

    def create_order(self, order: Order, reference: str) -> str:
        """Create the order via the shop interface and return Afterbuy's order id (AID).

        Safe to repeat: `VID` + `CheckVID=1` make Afterbuy refuse a second copy, and that
        refusal carries the first order's id, which is returned. An SKU that cannot be a
        ProductID is an `ItemProblem` raised before anything is sent.
        """
        check_skus(order, self.config.article_identification)
        form = order_form(
            order,
            reference,
            self.config.partner_token,
            self.config.account_token,
            self.config.article_identification,
            self.config.customer_identification,
        )
        response = self.transport.request("POST", self.config.shop_url, data=form, idempotent=False)
        self._check_http(response)
        answer = parse_shop_answer(response.content)
        if answer.duplicate:
            log.info("order %s was already recorded as %s", order.channel_order_id, answer.order_id)
        if answer.success and answer.order_id:
            return answer.order_id
        text = scrub("; ".join(answer.errors) or "?", order)
        if looks_like_auth(text):
            raise AuthFailure(SYSTEM, "afterbuy", text)
        if "ssl" in text.casefold():
            raise SystemFailure(i18n.text("afterbuy.order.refused", text=text), text)
        raise ItemProblem(
            "order",
            order.channel_order_id,
            i18n.text("afterbuy.order.refused", text=text),
            hint=i18n.text("afterbuy.order.refused.hint"),
        )

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
        return self._sold_pages(
            [], wire.range_filter("RangeID", "ValueFrom", "ValueTo", first_order_id, last_order_id)
        )

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

    def _assembled(self, items: Iterable[ParsedProduct | ProductParseProblem]) -> Iterator[Product]:
        self.problems = []
        assembler = VariationAssembler(self._products_by_ids, self._problem)
        for item in items:
            yield from assembler.feed(item)
        yield from assembler.finish()

    def _products_by_ids(
        self, product_ids: Sequence[str]
    ) -> Iterator[ParsedProduct | ProductParseProblem]:
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
    ) -> Iterator[ParsedProduct | ProductParseProblem]:
        """Every page of a GetShopProducts query, de-duplicated by ProductID."""
        page_number = 1
        previous: set[str] = set()
        while True:
            body = [
                wire.element("MaxShopItems", self.config.page_size),
                wire.element("SuppressBaseProductRelatedData", int(suppress_related)),
                wire.element("PaginationEnabled", 1),
                wire.element("PageNumber", page_number),
                wire.element("ReturnShop20Container", 0),
            ]
            if filters:
                body.append(wire.data_filter(*filters))
            items, info = self._product_page(detail_level, body)
            ids = {i.product_id for i in items}
            yield from items
            # PaginationResult answers for the PageNumber mechanism; HasMoreProducts otherwise.
            more = page_number < info.total_pages if info.total_pages is not None else info.has_more
            if not more or not items or ids <= previous:
                return
            previous = ids
            page_number += 1

    def _product_page(
        self, detail_level: int, body: list[etree._Element]
    ) -> tuple[list[ParsedProduct | ProductParseProblem], PageInfo]:
        """One page, read as a stream; an unreadable page is fetched again."""
        for attempt in range(1, _XML_ATTEMPTS + 1):
            data = self._post_xml("GetShopProducts", detail_level, *body)
            info = PageInfo()
            try:
                items = list(iter_products(data, info))
            except AfterbuyProtocolError:
                log.warning("GetShopProducts: unreadable answer (attempt %d)", attempt)
                if attempt == _XML_ATTEMPTS:
                    raise
                continue
            self._check(info.call_status, "GetShopProducts", info.errors, info.warnings)
            return items, info
        raise AssertionError("unreachable")

    def _sold_pages(
        self, filters: list[etree._Element], start: etree._Element | None = None
    ) -> Iterator[SoldOrder]:
        """GetSoldItems to the end: the next page starts at the last OrderID (deduped)."""
        seen: set[str] = set()
        range_filter = start
        while True:
            body: list[etree._Element] = [
                wire.element("RequestAllItems", 0),
                wire.element("MaxSoldItems", 250),
                wire.element("OrderDirection", 0),
                wire.element("ReturnHiddenItems", 0),
            ]
            all_filters = [*filters, *([range_filter] if range_filter is not None else [])]
            if all_filters:
                body.append(wire.data_filter(*all_filters))
            page = None
            for attempt in range(1, _XML_ATTEMPTS + 1):
                data = self._post_xml("GetSoldItems", DETAIL_SOLD_ITEMS, *body)
                try:
                    page = parse_sold_items(data)
                    break
                except AfterbuyProtocolError:
                    log.warning("GetSoldItems: unreadable answer (attempt %d)", attempt)
                    if attempt == _XML_ATTEMPTS:
                        raise
            assert page is not None
            if page.call_status == "Error" and all(e.code == NO_SOLD_ITEMS for e in page.errors):
                return
            self._check(page.call_status, "GetSoldItems", page.errors, page.warnings)
            new = [o for o in page.orders if o.order_id not in seen]
            for order in new:
                seen.add(order.order_id)
                yield order
            if not page.has_more or not new or not page.last_order_id:
                return
            range_filter = wire.range_filter(
                "RangeID", "ValueFrom", "ValueTo", page.last_order_id, 0
            )

    def _call(self, call_name: str, detail_level: int, *body: etree._Element) -> etree._Element:
        """A small call read as a whole document, status checked."""
        for attempt in range(1, _XML_ATTEMPTS + 1):
            data = self._post_xml(call_name, detail_level, *body)
            try:
                root = wire.parse_document(data)
            except etree.XMLSyntaxError as exc:
                log.warning("%s: unreadable answer (attempt %d)", call_name, attempt)
                if attempt == _XML_ATTEMPTS:
                    raise AfterbuyProtocolError(call_name) from exc
                continue
            result = wire.find_child(root, "Result")
            self._check(
                wire.child_text(root, "CallStatus"),
                call_name,
                wire.messages(result, "Error"),
                wire.messages(result, "Warning"),
            )
            return root
        raise AssertionError("unreachable")

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
        """Raise for CallStatus Error; keep warnings (they come with usable data)."""
        if status == "Error":
            if not errors:
                errors = [AfterbuyMessage("", call_name)]
            raise error_for(call_name, errors)
        if status not in ("Success", "Warning"):
            raise AfterbuyProtocolError(call_name)
        for warning in warnings:
            log.warning("%s: Afterbuy warning %s", call_name, warning.code)
            self.warnings.append(AfterbuyWarning(SYSTEM, warning.code, warning.description))

    def _problem(self, problem: ItemProblem) -> None:
        log.warning("product %s: unreadable field %s", problem.item_id, problem.field)
        self.problems.append(problem)
        if self._on_problem is not None:
            self._on_problem(problem)


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
