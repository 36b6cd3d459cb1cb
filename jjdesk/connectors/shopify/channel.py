"""The Shopify channel: products, stock, orders and shipments over the Admin GraphQL API.

Implements the `ProductChannel` and `OrderSource` ports. Remote IDs it needs again later
(product GIDs, inventory item GIDs) go into the `IdLinks` store it is given.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.paging import PageGuard
from jjdesk.connectors.shopify import documents as docs
from jjdesk.connectors.shopify.auth import TokenProvider
from jjdesk.connectors.shopify.carriers import shopify_carrier
from jjdesk.connectors.shopify.client import GraphQLClient, ShopifyRequestError
from jjdesk.connectors.shopify.config import ShopifyConfig
from jjdesk.connectors.shopify.cost import fitting_page_size
from jjdesk.connectors.shopify.ids import (
    LINK_INVENTORY_ITEM,
    LINK_PRODUCT,
    LINK_PRODUCT_SKUS,
    gid,
)
from jjdesk.connectors.shopify.messages import SYSTEM
from jjdesk.connectors.shopify.order_codec import OrderDecodeError, line_nodes, to_order
from jjdesk.connectors.shopify.pacer import CostPacer, pacer_for
from jjdesk.connectors.shopify.product_codec import (
    build_payload,
    payload_files,
    payload_publications,
    payload_skus,
)
from jjdesk.connectors.shopify.publications import SalesChannels
from jjdesk.connectors.shopify.scopes import missing_scopes
from jjdesk.domain.digests import digest
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import (
    ChannelPayload,
    ChannelTraits,
    ItemOutcome,
    Order,
    Product,
    Retry,
    ShipmentInfo,
    StockLevel,
    Unreadable,
)
from jjdesk.domain.ports import IdLinks
from jjdesk.domain.timestamps import to_iso
from jjdesk.errors import ConfigFailure, ItemProblem, OutcomeUnknown

log = logging.getLogger(__name__)

STOCK_BATCH = 250  # Shopify's limit for input arrays
PAGE = 250
_SETTLED_MEDIA = frozenset({"READY", "FAILED"})
_FULFILLABLE = frozenset({"OPEN", "IN_PROGRESS"})


class ShopifyChannel:
    """One shop, as a product channel and an order source."""

    name = "shopify"
    # productSet writes one product per request; stock goes 250 quantities at a time
    traits = ChannelTraits(batch_size=25, stock_batch_size=STOCK_BATCH, concurrency=1)

    def __init__(
        self,
        config: ShopifyConfig,
        links: IdLinks,
        *,
        transport: HttpTransport | None = None,
        reference_uri: str = "jjdesk://sync",
        cancel: threading.Event | None = None,
        pacer: CostPacer | None = None,
    ) -> None:
        self.config = config
        self.links = links
        self.reference_uri = reference_uri
        self._owns_transport = transport is None
        self._transport = transport or HttpTransport(
            SYSTEM, timeout=config.timeout, cancel=cancel, verify=config.verify_tls
        )
        self.tokens = TokenProvider(config, self._transport)
        self.client = GraphQLClient(
            config, self._transport, self.tokens, pacer or pacer_for(config.graphql_url)
        )
        self._location: str | None = None
        self._media_checks: dict[str, _MediaCheck] = {}
        self._definition_ready = False
        self.sales_channels = SalesChannels(self._run)

    def close(self) -> None:
        """Release the connection pool (only when this channel created it)."""
        if self._owns_transport:
            self._transport.close()

    def _run(self, document: str, variables: Mapping[str, object]) -> dict[str, Any]:
        return self.client.execute(document, variables)

    def test_connection(self) -> str:
        """The shop's name; raises AuthFailure/NetworkFailure when the connection is bad."""
        data = self._run(docs.SHOP_NAME, {})
        return str(data["shop"]["name"])

    def missing_scopes(self) -> list[str]:
        """Access scopes jjdesk needs that the app was not granted (empty: all there)."""
        data = self._run(docs.ACCESS_SCOPES, {})
        granted = [str(s.get("handle")) for s in data["currentAppInstallation"]["accessScopes"]]
        return missing_scopes(granted)

    # -- products ---------------------------------------------------------------------

    def build(self, product: Product, action: ExportAction) -> list[ChannelPayload]:
        """One productSet payload per Afterbuy product (none for REMOVE/SKIP)."""
        payload = build_payload(
            product,
            action,
            self.config.metafield_namespace,
            self.config.metafield_key,
            self.config.publication_ids,
        )
        return [payload] if payload is not None else []

    def upsert(self, payloads: Sequence[ChannelPayload]) -> list[ItemOutcome]:
        """productSet each payload by its identifier, then check that Shopify got the images.

        A product whose image Shopify could not fetch is written, but reported as failed
        (field "images", naming the URL) so the merchant learns about it instead of
        seeing a product without pictures.
        """
        self.ensure_identifier_definition()
        if payloads:
            self.sales_channels.check(self.config.publication_ids)
        outcomes: list[ItemOutcome] = []
        for payload in payloads:
            try:
                outcome, check = self._upsert_one(payload)
            except (ItemProblem, ShopifyRequestError) as exc:
                outcome = ItemOutcome(
                    payload.key,
                    False,
                    field=getattr(exc, "field", ""),
                    message=exc.message,
                    retry=exc.retry,
                )
                check = None
            if check is not None and check.files:
                self._media_checks[payload.key] = check
            outcomes.append(outcome)
        return outcomes

    def verify(self) -> list[ItemOutcome]:
        """Images Shopify could not fetch, among everything `upsert` wrote so far.

        Checked once after all writes of a run, so Shopify processes images while jjdesk
        keeps writing instead of jjdesk waiting after every batch.
        """
        checks = dict(enumerate(self._media_checks.values()))
        self._media_checks.clear()
        return list(self._failed_media(checks).values())

    def _upsert_one(self, payload: ChannelPayload) -> tuple[ItemOutcome, _MediaCheck | None]:
        skus = payload_skus(payload)
        files = payload_files(payload)
        variables = dict(payload.body)
        variables.pop("publications", None)  # jjdesk's instruction, not productSet's
        variables.update(
            synchronous=True,
            variantsFirst=max(1, min(PAGE, len(skus))),
            mediaFirst=max(1, min(PAGE, len(files))),
        )
        result = self._run(docs.PRODUCT_SET, variables)["productSet"]
        errors = result.get("userErrors") or []
        if errors or not result.get("product"):
            return _user_error_outcome(payload.key, errors, skus), None
        product = result["product"]
        product_gid = str(product["id"])
        self.links.put(LINK_PRODUCT, payload.key, product_gid)
        self._remember_variants(payload.key, product_gid, product["variants"])
        check = _MediaCheck(payload.key, product_gid, tuple(files), _media(product["media"]))
        publish, unpublish = payload_publications(payload)
        refused = self.sales_channels.apply(product_gid, publish, unpublish)
        if refused is not None:
            return ItemOutcome(
                payload.key,
                False,
                remote_id=product_gid,
                field="sales_channels",
                message=i18n.text("shopify.publish.refused", text=refused),
            ), check
        return ItemOutcome(payload.key, True, remote_id=product_gid), check

    def _remember_variants(self, key: str, product_gid: str, first_page: Mapping[str, Any]) -> None:
        nodes = list(first_page["nodes"])
        page = first_page["pageInfo"]
        guard = PageGuard(SYSTEM)
        while page["hasNextPage"]:
            guard.advance(page["endCursor"])
            more = self._run(
                docs.PRODUCT_VARIANTS,
                {"id": product_gid, "first": PAGE, "after": page["endCursor"]},
            )["product"]["variants"]
            nodes.extend(more["nodes"])
            page = more["pageInfo"]
        skus: list[str] = []
        for node in nodes:
            sku = str(node.get("sku") or "")
            if sku:
                skus.append(sku)
                self.links.put(LINK_INVENTORY_ITEM, sku, str(node["inventoryItem"]["id"]))
        previous = self.links.get(LINK_PRODUCT_SKUS, key) or ""
        for gone in set(filter(None, previous.split(","))) - set(skus):
            self.links.delete(LINK_INVENTORY_ITEM, gone)
        self.links.put(LINK_PRODUCT_SKUS, key, ",".join(skus))

    def _failed_media(self, checks: dict[int, _MediaCheck]) -> dict[int, ItemOutcome]:
        """Wait (bounded) for Shopify to process images; outcomes for products with failures."""
        failed: dict[int, ItemOutcome] = {}
        deadline = time.monotonic() + self.config.media_wait_seconds
        pause = 0.25
        pending = dict(checks)
        while pending:
            for index, check in list(pending.items()):
                if all(status in _SETTLED_MEDIA for status, _, _ in check.media):
                    del pending[index]
                    problem = check.problem()
                    if problem is not None:
                        failed[index] = problem
            if not pending or time.monotonic() >= deadline:
                break
            self._transport.wait(pause)
            pause = min(pause * 2, 2.0)
            for check in pending.values():
                data = self._run(
                    docs.PRODUCT_MEDIA, {"id": check.product_gid, "first": max(1, len(check.files))}
                )
                node = data.get("product")
                check.media = _media(node["media"]) if node else ()
        for check in pending.values():
            log.info("images of %s still processing after the wait", check.product_gid)
        return failed

    def commit(self) -> list[ItemOutcome]:
        """Nothing to do: every Shopify write takes effect when it is answered."""
        return []

    def remove(self, keys: Sequence[str]) -> list[ItemOutcome]:
        """productDelete by the linked GID (or found by identifier); unknown keys are fine."""
        outcomes: list[ItemOutcome] = []
        for key in keys:
            try:
                outcomes.append(self._remove_one(key))
            except ShopifyRequestError as exc:
                outcomes.append(ItemOutcome(key, False, message=exc.message, retry=exc.retry))
        return outcomes

    def _remove_one(self, key: str) -> ItemOutcome:
        product_gid = self.links.get(LINK_PRODUCT, key) or self._find_product(key)
        if product_gid is not None:
            result = self._run(docs.PRODUCT_DELETE, {"input": {"id": product_gid}})
            errors = result["productDelete"].get("userErrors") or []
            if errors and self._find_product(key) is not None:
                return _user_error_outcome(key, errors, [])
        self.links.delete(LINK_PRODUCT, key)
        for sku in filter(None, (self.links.get(LINK_PRODUCT_SKUS, key) or "").split(",")):
            self.links.delete(LINK_INVENTORY_ITEM, sku)
        self.links.delete(LINK_PRODUCT_SKUS, key)
        return ItemOutcome(key, True, remote_id=product_gid or "")

    def ensure_identifier_definition(self) -> None:
        """Make sure the metafield holding the Afterbuy ProductID has unique values.

        `productSet` finds a product by `customId` only through a metafield definition
        with the unique-values capability; jjdesk creates it (or switches the capability
        on) once, so a merchant has nothing to set up by hand.
        """
        if self._definition_ready:
            return
        namespace, key = self.config.metafield_namespace, self.config.metafield_key
        ident = {"ownerType": "PRODUCT", "namespace": namespace, "key": key}
        found = self._run(docs.METAFIELD_DEFINITION, {"identifier": ident})["metafieldDefinition"]
        unique = {"uniqueValues": {"enabled": True}}
        if found is None:
            definition = {
                **ident,
                "name": "Afterbuy ProductID (jjdesk)",
                "type": "single_line_text_field",
                "capabilities": unique,
            }
            answer = self._run(docs.METAFIELD_DEFINITION_CREATE, {"definition": definition})
            errors = answer["metafieldDefinitionCreate"]["userErrors"]
        elif not found["capabilities"]["uniqueValues"]["enabled"]:
            definition = {**ident, "capabilities": unique}
            answer = self._run(docs.METAFIELD_DEFINITION_UPDATE, {"definition": definition})
            errors = answer["metafieldDefinitionUpdate"]["userErrors"]
        else:
            errors = []
        if errors:
            text = "; ".join(str(e.get("message", "")) for e in errors)
            raise ConfigFailure(
                i18n.text("shopify.definition.refused"),
                i18n.text(
                    "shopify.definition.refused.msg", namespace=namespace, key=key, text=text
                ),
            )
        self._definition_ready = True

    def _find_product(self, key: str) -> str | None:
        custom_id = {
            "namespace": self.config.metafield_namespace,
            "key": self.config.metafield_key,
            "value": key,
        }
        data = self._run(docs.PRODUCT_BY_IDENTIFIER, {"identifier": {"customId": custom_id}})
        found = data.get("productByIdentifier")
        return str(found["id"]) if found else None

    def source_ids_by_title(self, text: str, limit: int) -> list[str]:
        """Afterbuy ProductIDs (the jjdesk metafield) of products whose title has every word.

        One `products` query: each word a prefix term on `title` (`title:Woll*`), so
        "woll mütz" finds "Wollmütze Nordlicht"; Shopify's special characters are
        escaped. Products without the metafield were not made by jjdesk and are left out.
        """
        query = title_query(text)
        if not query:
            return []
        data = self._run(
            docs.PRODUCTS_BY_TITLE,
            {
                "first": max(1, min(PAGE, limit)),
                "query": query,
                "namespace": self.config.metafield_namespace,
                "key": self.config.metafield_key,
            },
        )
        found = [
            str(node["metafield"]["value"])
            for node in data["products"]["nodes"]
            if node.get("metafield") and node["metafield"].get("value")
        ]
        return list(dict.fromkeys(found))

    def set_stock(self, levels: Sequence[StockLevel]) -> list[ItemOutcome]:
        """inventorySetQuantities ("available", Afterbuy is the source of truth) in batches."""
        wanted: dict[str, int] = {}
        for level in levels:
            wanted[level.product_id] = level.quantity
        outcomes: dict[str, ItemOutcome] = {}
        known: list[tuple[str, str, int]] = []
        for sku, quantity in wanted.items():
            item = self.links.get(LINK_INVENTORY_ITEM, sku)
            if item is None:
                # not in Shopify (yet): the product export sets its stock when it creates it
                outcomes[sku] = ItemOutcome(
                    sku,
                    False,
                    field="stock",
                    message=i18n.text("shopify.stock.not_exported", sku=sku),
                    skipped=True,
                )
            else:
                known.append((sku, item, quantity))
        if known:
            location = self.location_id()
            for start in range(0, len(known), STOCK_BATCH):
                batch = known[start : start + STOCK_BATCH]
                outcomes.update(self._stock_batch(batch, location))
        return [outcomes[sku] for sku in wanted]

    def _stock_batch(
        self, batch: Sequence[tuple[str, str, int]], location: str
    ) -> dict[str, ItemOutcome]:
        variables = {
            "input": {
                "name": "available",
                "reason": "correction",
                "referenceDocumentUri": self.reference_uri,
                "quantities": [
                    {
                        "inventoryItemId": item,
                        "locationId": location,
                        "quantity": quantity,
                        "changeFromQuantity": None,
                    }
                    for _sku, item, quantity in batch
                ],
            },
            "idempotencyKey": str(uuid.uuid4()),
        }
        try:
            result = self._run(docs.INVENTORY_SET_QUANTITIES, variables)["inventorySetQuantities"]
        except ShopifyRequestError as exc:
            return {
                sku: ItemOutcome(sku, False, field="stock", message=exc.message, retry=exc.retry)
                for sku, _, _ in batch
            }
        problems: dict[int, list[Mapping[str, Any]]] = {}
        unplaced: list[Mapping[str, Any]] = []
        for error in result.get("userErrors") or []:
            index = _quantity_index(error.get("field"))
            if index is not None and 0 <= index < len(batch):
                problems.setdefault(index, []).append(error)
            else:
                unplaced.append(error)
        outcomes: dict[str, ItemOutcome] = {}
        clean: list[tuple[str, str, int]] = []
        for index, (sku, item, quantity) in enumerate(batch):
            errors = problems.get(index, []) + unplaced
            if errors:
                outcomes[sku] = _user_error_outcome(sku, errors, [], field="stock")
            else:
                outcomes[sku] = ItemOutcome(sku, True, remote_id=item)
                clean.append((sku, item, quantity))
        if (
            outcomes
            and clean
            and len(clean) < len(batch)
            and not result.get("inventoryAdjustmentGroup")
        ):
            # Shopify applied nothing: send the good items again without the refused ones.
            outcomes.update(self._stock_batch(clean, location))
        return outcomes

    def location_id(self) -> str:
        """The location stock is set at: the configured one, else the first active one."""
        if self._location is None:
            if self.config.location_id:
                self._location = gid("Location", self.config.location_id)
            else:
                nodes = self._run(docs.LOCATIONS, {"first": 50})["locations"]["nodes"]
                active = [n for n in nodes if n.get("isActive")]
                if not active:
                    raise ConfigFailure(
                        i18n.text("config.invalid"), i18n.text("shopify.stock.no_location")
                    )
                self._location = str(active[0]["id"])
        return self._location

    # -- orders -----------------------------------------------------------------------

    def orders_since(self, since: datetime | None) -> Iterator[Order | Unreadable]:
        """Orders updated after `since`, oldest change first, page by page.

        An order Shopify answers with a field error, or whose values cannot be read, is
        yielded as `Unreadable` in its place; when a whole page comes back unreadable,
        its orders are fetched one by one so that only the broken one is reported.
        """
        query = f"updated_at:>'{to_iso(since)}'" if since is not None else None
        guard = PageGuard(SYSTEM)
        after: str | None = None
        single = 0  # orders still to read one at a time after an unreadable page
        page_size = fitting_page_size(
            docs.ORDERS,
            {"linesFirst": self.config.order_lines_page_size},
            "first",
            self.config.orders_page_size,
        )
        while True:
            size = 1 if single else page_size
            guard.advance((after, size))
            variables = {
                "first": size,
                "after": after,
                "query": query,
                "linesFirst": self.config.order_lines_page_size,
            }
            data, errors = self.client.execute_partial(docs.ORDERS, variables)
            connection = (data or {}).get("orders")
            if not isinstance(connection, Mapping):
                if size > 1:
                    single = page_size
                    continue
                edge, more = self._order_key(after, query)
                if edge is None:
                    return
                yield _unreadable_order(edge["node"], errors)
                after, single = str(edge["cursor"]), max(0, single - 1)
                if not more:
                    return
                continue
            spoiled = _spoiled_edges(errors)
            for index, edge in enumerate(connection.get("edges") or []):
                node = edge.get("node") if isinstance(edge, Mapping) else None
                if index in spoiled or not isinstance(node, Mapping):
                    yield _unreadable_order(node if isinstance(node, Mapping) else {}, errors)
                else:
                    yield self._order(node)
            single = max(0, single - 1)
            page = connection["pageInfo"]
            if not page["hasNextPage"]:
                return
            after = page["endCursor"]

    def _order_key(
        self, after: str | None, query: str | None
    ) -> tuple[Mapping[str, Any] | None, bool]:
        """The next order's cursor and names only (to report the one that spoils a page)."""
        data = self._run(docs.ORDER_KEYS, {"after": after, "query": query})["orders"]
        edges = data.get("edges") or []
        return (edges[0] if edges else None), bool(data["pageInfo"]["hasNextPage"])

    def _order(self, node: Mapping[str, Any]) -> Order | Unreadable:
        try:
            lines = self._all_lines(node)
            url = self.config.admin_order_url(str(node["legacyResourceId"]))
            return to_order(node, lines, url, untaxed_rate=self.config.untaxed_rate)
        except OrderDecodeError as exc:
            return Unreadable(
                "order",
                str(node.get("legacyResourceId") or node.get("id") or "?"),
                i18n.text("shopify.order.unreadable", field=exc.field, value=exc.value),
                field=exc.field,
                hint=i18n.text("shopify.order.unreadable.hint"),
                label=str(node.get("name") or ""),
                digest=digest(node),
            )

    def _all_lines(self, order: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        lines = line_nodes(order)
        page = order["lineItems"]["pageInfo"]
        guard = PageGuard(SYSTEM)
        while page["hasNextPage"]:
            guard.advance(page["endCursor"])
            more = self._run(
                docs.ORDER_LINES,
                {"id": order["id"], "first": PAGE // 5, "after": page["endCursor"]},
            )["order"]["lineItems"]
            lines.extend(line_nodes({"lineItems": more}))
            page = more["pageInfo"]
        return lines

    def acknowledge(self, channel_order_id: str, sink_order_id: str) -> None:
        """Nothing to do: tagging the order would bump its updated_at and bring it back in
        the next poll, while jjdesk's ledger already knows it is imported."""

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        """fulfillmentCreate with tracking for every open fulfillment order of the order.

        An order without open fulfillment orders is already fulfilled: success, so a
        repeated run does no harm. A refusal is checked against the order again: when the
        call was sent twice (a dropped connection retried) the first one fulfilled it.
        """
        name, groups = self._open_fulfillment_groups(channel_order_id)
        if not groups:
            return
        fulfillment = {
            "lineItemsByFulfillmentOrder": groups,
            "trackingInfo": tracking_info(shipment),
            "notifyCustomer": False,
        }
        # not safe to repeat blindly: a lost answer is resolved by reading the order again
        try:
            result = self.client.execute(
                docs.FULFILLMENT_CREATE, {"fulfillment": fulfillment}, idempotent=False
            )
        except OutcomeUnknown as lost:
            if not self._open_fulfillment_groups(channel_order_id)[1]:
                return
            raise ItemProblem(
                "order",
                channel_order_id,
                lost.message,
                field="tracking",
                retry=Retry.SOON,
                label=name,
            ) from lost
        errors = result["fulfillmentCreate"].get("userErrors") or []
        if errors and self._open_fulfillment_groups(channel_order_id)[1]:
            text = "; ".join(str(e.get("message", "")) for e in errors)
            raise ItemProblem(
                "order",
                channel_order_id,
                i18n.text("shopify.fulfilment.refused", text=text),
                field="tracking",
                label=name,
            )

    def _open_fulfillment_groups(
        self, channel_order_id: str
    ) -> tuple[str, list[dict[str, object]]]:
        """The order's name and what is still to fulfil, per open fulfillment order."""
        data = self._run(docs.ORDER_FULFILLMENT_ORDERS, {"id": gid("Order", channel_order_id)})
        order = data.get("order")
        if not order:
            raise ItemProblem(
                "order", channel_order_id, i18n.text("shopify.order.not_found"), field="order"
            )
        groups: list[dict[str, object]] = []
        for fo in order["fulfillmentOrders"]["nodes"]:
            if fo.get("status") not in _FULFILLABLE:
                continue
            items = [
                {"id": li["id"], "quantity": int(li["remainingQuantity"])}
                for li in fo["lineItems"]["nodes"]
                if int(li.get("remainingQuantity") or 0) > 0
            ]
            if items:
                groups.append({"fulfillmentOrderId": fo["id"], "fulfillmentOrderLineItems": items})
        return str(order.get("name") or ""), groups


_SEARCH_SPECIAL = re.compile(r"""([\\:()'"*])""")


def title_query(text: str) -> str:
    """Shopify search syntax for "the title has words starting with each of these".

    Every word becomes `title:<word>*`; Shopify's special characters (`\\ : ( )` and
    quotes) are escaped with a backslash, a `*` typed by the merchant too.
    """
    words = [_SEARCH_SPECIAL.sub(r"\\\1", w) for w in text.split()]
    return " ".join(f"title:{w}*" for w in words if w)


def _spoiled_edges(errors: Sequence[Mapping[str, Any]]) -> set[int]:
    """Indexes of the order edges a field error points into (path orders.edges.N…)."""
    spoiled: set[int] = set()
    for error in errors:
        path = error.get("path") or []
        if len(path) >= 3 and path[0] == "orders" and path[1] == "edges":
            with contextlib.suppress(TypeError, ValueError):
                spoiled.add(int(path[2]))
    return spoiled


def _unreadable_order(node: Mapping[str, Any], errors: Sequence[Mapping[str, Any]]) -> Unreadable:
    """An order Shopify could not deliver: named by what is known of it."""
    texts = dict.fromkeys(str(e.get("message", ""))[:120] for e in errors)
    detail = "; ".join(list(texts)[:3]) or "?"
    key = str(node.get("legacyResourceId") or node.get("id") or "?")
    return Unreadable(
        "order",
        key,
        i18n.text("shopify.order.field_error", detail=detail),
        field="order",
        hint=i18n.text("shopify.order.unreadable.hint"),
        label=str(node.get("name") or ""),
        digest=digest([key, node.get("updatedAt"), detail]),
    )


def tracking_info(shipment: ShipmentInfo) -> dict[str, str]:
    """Tracking number, Shopify's carrier name when known, and the tracking link if valid."""
    info: dict[str, str] = {}
    if shipment.tracking_number:
        info["number"] = shipment.tracking_number.strip()
    carrier = shopify_carrier(shipment.shipping_method)
    url = shipment.tracking_url.strip()
    if url and urlsplit(url).scheme in ("http", "https"):
        info["url"] = url
    if carrier:
        info["company"] = carrier
    elif shipment.shipping_method and "url" not in info:
        info["company"] = shipment.shipping_method.strip()
    return info


def _quantity_index(field: object) -> int | None:
    """The position in `quantities` a userError's field path points at."""
    if isinstance(field, list) and len(field) >= 3 and field[1] == "quantities":
        try:
            return int(field[2])
        except (TypeError, ValueError):
            return None
    return None


def _field_text(field: object, skus: Sequence[str]) -> str:
    """A field path for people: input.variants.4.price → "variants[4] (SKU 1005).price"."""
    if not isinstance(field, list):
        return ""
    parts = [str(p) for p in field]
    if parts and parts[0] == "input":
        parts = parts[1:]
    text = ""
    for i, part in enumerate(parts):
        if part.isdigit():
            label = f"[{part}]"
            if i > 0 and parts[i - 1] == "variants" and int(part) < len(skus):
                label += f" (SKU {skus[int(part)]})"
            text += label
        else:
            text += f".{part}" if text else part
    return text


def _user_error_outcome(
    key: str, errors: Sequence[Mapping[str, Any]], skus: Sequence[str], field: str = ""
) -> ItemOutcome:
    text = "; ".join(str(e.get("message", "")) for e in errors) or "?"
    path = _field_text(errors[0].get("field"), skus) if errors else ""
    return ItemOutcome(
        key, False, field=path or field, message=i18n.text("shopify.user_error", text=text)
    )


# One image as Shopify reported it, what a check needs: (status, alt, first error's words)
_Media = tuple[str, str, str]


def _media(connection: Mapping[str, Any]) -> tuple[_Media, ...]:
    """A media page in the compact form a check keeps until the end of the run.

    A run keeps one check per product written; plain tuples of text, unlike the answer's
    dicts and lists, are not tracked by the garbage collector, so ten thousand of them do
    not lengthen every full collection (which pauses every thread, the window's too).
    """
    found = []
    for node in connection["nodes"]:
        errors = node.get("mediaErrors") or []
        first = str(errors[0].get("message") or errors[0].get("code") or "") if errors else ""
        found.append((str(node.get("status") or ""), str(node.get("alt") or ""), first))
    return tuple(found)


@dataclass(slots=True)
class _MediaCheck:
    """A written product whose images Shopify processes after the write."""

    key: str
    product_gid: str
    files: tuple[str, ...]
    media: tuple[_Media, ...]

    def problem(self) -> ItemOutcome | None:
        """A failed outcome naming the first image Shopify could not fetch, if any."""
        for index, (status, alt, error) in enumerate(self.media):
            if status != "FAILED":
                continue
            url = self.files[index] if index < len(self.files) else alt
            return ItemOutcome(
                self.key,
                False,
                remote_id=self.product_gid,
                field="images",
                message=i18n.text("shopify.image.failed", url=url, detail=error or "FAILED"),
                hint=i18n.text("shopify.image.failed.hint"),
            )
        return None
