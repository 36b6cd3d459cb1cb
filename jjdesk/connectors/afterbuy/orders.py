"""Codec for GetSoldItems answers and UpdateSoldItems requests (tags, tracking data).

Buyer data is never read out of the answer: jjdesk keeps order IDs only. The order memo
(`Memo`, what the shop interface's `VMemo` wrote) is read for one thing: the reference
marker jjdesk puts there, by which `find_orders` recognises an order it created.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from lxml import etree

from jjdesk.connectors.afterbuy.errors import AfterbuyMessage, AfterbuyProtocolError
from jjdesk.connectors.afterbuy.formats import (
    TimestampFormatError,
    format_decimal_comma,
    format_german_local,
    parse_german_local,
)
from jjdesk.connectors.afterbuy.wire import (
    child_text,
    children_named,
    element,
    find_child,
    messages,
    parse_bool,
    parse_document,
)
from jjdesk.domain.models import ShipmentInfo
from jjdesk.domain.money import NumberFormatError, parse_decimal

MAX_UPDATE_ORDERS = 150
MAX_TAG_LENGTH = 50
REFERENCE_MARK = "jjdesk-ref:"
_REFERENCE = re.compile(re.escape(REFERENCE_MARK) + r"[ \t]*(\S+)", re.IGNORECASE)


def reference_marker(reference: str) -> str:
    """The line jjdesk writes into an order's memo: "jjdesk-ref: SHOPIFY-1001"."""
    return f"{REFERENCE_MARK} {reference}"


def references_in(memo: str) -> frozenset[str]:
    """Every reference marked in a memo, read as sent and once unescaped (GetSoldItems
    turns `&`, `<`, `>` and quotes into entities, inside CDATA too)."""
    found = set(_REFERENCE.findall(memo))
    if "&" in memo:
        found.update(_REFERENCE.findall(html.unescape(memo)))
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class SoldLine:
    """One sold position: which product, how many, at what price."""

    item_id: str
    product_id: str
    title: str
    quantity: int
    unit_price: Decimal | None
    tax_rate: Decimal | None


@dataclass(frozen=True, slots=True)
class SoldOrder:
    """What jjdesk needs of an Afterbuy order: IDs, lines, shipment and tags; no buyer data."""

    order_id: str
    invoice_number: str
    ordered_at: datetime | None
    lines: tuple[SoldLine, ...]
    shipment: ShipmentInfo
    tags: tuple[str, ...] = ()
    references: frozenset[str] = frozenset()  # jjdesk's reference markers in the memo


@dataclass(slots=True)
class SoldItemsPage:
    """One GetSoldItems answer."""

    call_status: str
    orders: list[SoldOrder] = field(default_factory=list)
    has_more: bool | None = None  # None: the answer did not say
    last_order_id: str = ""
    errors: list[AfterbuyMessage] = field(default_factory=list)
    warnings: list[AfterbuyMessage] = field(default_factory=list)


def parse_sold_items(data: bytes) -> SoldItemsPage:
    """Read a GetSoldItems answer; raises `AfterbuyProtocolError` for broken XML."""
    try:
        root = parse_document(data)
    except etree.XMLSyntaxError as exc:
        raise AfterbuyProtocolError("GetSoldItems") from exc
    result = find_child(root, "Result")
    page = SoldItemsPage(
        call_status=child_text(root, "CallStatus"),
        has_more=parse_bool(child_text(result, "HasMoreItems")),
        last_order_id=child_text(result, "LastOrderID"),
        errors=messages(result, "Error"),
        warnings=messages(result, "Warning"),
    )
    for node in children_named(find_child(result, "Orders"), "Order"):
        page.orders.append(parse_order(node))
    return page


def parse_order(node: etree._Element) -> SoldOrder:
    """One `<Order>` → a `SoldOrder` with its shipment as the domain sees it."""
    order_id = child_text(node, "OrderID")
    shipping = find_child(node, "ShippingInfo")
    labels = sorted(
        children_named(find_child(shipping, "ParcelLabels"), "ParcelLabel"),
        key=lambda label: _int(child_text(label, "PackageNumber")) or 0,
    )
    label_numbers = [n for lbl in labels if (n := child_text(lbl, "ParcelLabelNumber"))]
    tracking_number = (
        (label_numbers[0] if label_numbers else "")
        or child_text(node, "AdditionalInfo")
        or child_text(find_child(node, "VorgangsInfo"), "VorgangsInfo1")
    )
    shipment = ShipmentInfo(
        sink_order_id=order_id,
        tracking_number=tracking_number,
        tracking_url=child_text(node, "TrackingLink"),
        shipping_method=child_text(shipping, "ShippingMethod")
        or child_text(shipping, "DeliveryService"),
        shipped_at=_time(child_text(shipping, "DeliveryDate")),
        tags=_tags(node),
    )
    return SoldOrder(
        order_id=order_id,
        invoice_number=child_text(node, "InvoiceNumber"),
        ordered_at=_time(child_text(node, "OrderDate")),
        lines=tuple(
            _line(item) for item in children_named(find_child(node, "SoldItems"), "SoldItem")
        ),
        shipment=shipment,
        tags=shipment.tags,
        references=references_in(child_text(node, "Memo")),
    )


def _line(item: etree._Element) -> SoldLine:
    details = find_child(item, "ShopProductDetails")
    return SoldLine(
        item_id=child_text(item, "ItemID"),
        product_id=child_text(details, "ProductID"),
        title=child_text(item, "ItemTitle"),
        quantity=_int(child_text(item, "ItemQuantity")) or 0,
        unit_price=_decimal(child_text(item, "ItemPrice")),
        tax_rate=_decimal(child_text(item, "TaxRate")),
    )


def _tags(node: etree._Element) -> tuple[str, ...]:
    return tuple(
        t
        for tag in children_named(find_child(node, "Tags"), "Tag")
        if (t := (tag.text or "").strip())
    )


def tag_orders(order_tags: Sequence[tuple[str, Sequence[str]]]) -> etree._Element:
    """`<Orders>` giving each order its full tag list (≤150 orders, caller batches)."""
    if len(order_tags) > MAX_UPDATE_ORDERS:
        raise ValueError("UpdateSoldItems takes at most 150 orders")
    return element(
        "Orders",
        None,
        *(
            element(
                "Order",
                None,
                element("OrderID", order_id),
                element("Tags", None, *(element("Tag", t[:MAX_TAG_LENGTH]) for t in tags)),
            )
            for order_id, tags in order_tags
        ),
    )


def tracking_order(
    order_id: str,
    tracking_number: str,
    shipping_method: str = "",
    shipped_at: datetime | None = None,
    weight_kg: Decimal | None = None,
) -> etree._Element:
    """`<Orders>` setting one order's parcel label, shipping method and shipping date.

    The number also goes to AdditionalInfo ("Zusatzinfo"), where merchants commonly keep it.
    """
    info: list[etree._Element] = []
    if shipping_method:
        info.append(element("ShippingMethod", shipping_method))
    if shipped_at is not None:
        info.append(element("DeliveryDate", format_german_local(shipped_at)))
    label = [
        element("PackageNumber", 1),
        element("ParcelLabelNumber", tracking_number),
        element("PackageQuantity", 1),
    ]
    if weight_kg is not None:
        label.append(element("PackageWeight", format_decimal_comma(weight_kg)))
    info.append(element("ParcelLabels", None, element("ParcelLabel", None, *label)))
    return element(
        "Orders",
        None,
        element(
            "Order",
            None,
            element("OrderID", order_id),
            element("AdditionalInfo", tracking_number),
            element("ShippingInfo", None, *info),
        ),
    )


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        value = _decimal(text)
        return int(value) if value is not None else None


def _decimal(text: str) -> Decimal | None:
    try:
        return parse_decimal(text)
    except NumberFormatError:
        return None


def _time(text: str) -> datetime | None:
    try:
        return parse_german_local(text)
    except TimestampFormatError:
        return None
