"""TB.Order files → orders: an `ORDER_LIST` (Tradebyte's export) or a single `ORDER`.

One file holds every order not yet exported; each `ORDER` is read on its own, so one
order with a value that does not parse comes out as an `Unreadable` in its place and the
others go on. A file that is no TB.Order document at all raises `OrderFileError`.

Mapping (Tradebyte's field descriptions): the order's id is TB.One's `TB_ID` (unique
across channels); lines carry `SKU` (the article number Tradebyte got from the feed:
the Afterbuy ProductID), `QUANTITY` and `ITEM_PRICE` (gross per piece); shipping cost is
`SHIPMENT/PRICE`; `SHIP_TO` and `SELL_TO` carry street and number in one field
(`STREET_NO`); the customer's comment is `CUSTOMER_COMMENT`. Payment costs and services
(gift wrapping) have no place of their own in Afterbuy's order and go into its memo.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum

from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.tradebyte import xmlread as x
from jjdesk.domain.models import Address, Order, OrderLine, Unreadable
from jjdesk.domain.money import format_amount

ORDER = "order"
CHANNEL = "tradebyte"

i18n.register(
    {
        "tradebyte.order.not_xml": {
            "de": "Die Datei ist kein lesbares XML ({detail})",
            "en": "The file is no readable XML ({detail})",
        },
        "tradebyte.order.not_tborder": {
            "de": "Die Datei ist keine TB.Order-Datei (Wurzelelement „{root}“ statt ORDER_LIST)",
            "en": "The file is no TB.Order file (root element “{root}” instead of ORDER_LIST)",
        },
        "tradebyte.order.bad_value": {
            "de": "„{element}“ hat den Wert „{value}“, den jjdesk nicht lesen kann",
            "en": "“{element}” has the value “{value}”, which jjdesk cannot read",
        },
        "tradebyte.order.missing": {
            "de": "Pflichtangabe „{element}“ fehlt",
            "en": "Required element “{element}” is missing",
        },
        "tradebyte.order.total": {
            "de": "Die Positionen ergeben {lines}, TOTAL_ITEM_AMOUNT sagt {total}",
            "en": "The lines add up to {lines}, TOTAL_ITEM_AMOUNT says {total}",
        },
        "tradebyte.order.currency": {
            "de": "Die Bestellung mischt die Währungen {currencies}",
            "en": "The order mixes the currencies {currencies}",
        },
        "tradebyte.order.bad.hint": {
            "de": "Die Bestellung in TB.One prüfen; die Datei bleibt im Ordner, bis die "
            "Bestellung lesbar ist (oder Sie sie selbst verschieben).",
            "en": "Check the order in TB.One; the file stays in the folder until the order "
            "can be read (or you move it yourself).",
        },
        "tradebyte.memo.payment_costs": {
            "de": "Zahlungskosten (Tradebyte): {amount} {currency}",
            "en": "Payment costs (Tradebyte): {amount} {currency}",
        },
        "tradebyte.memo.service": {
            "de": "Service (Tradebyte) {code} „{description}“: {amount} {currency}",
            "en": "Service (Tradebyte) {code} “{description}”: {amount} {currency}",
        },
        "tradebyte.memo.channel": {
            "de": "Tradebyte-Kanal {sign}, Bestellnummer {number}",
            "en": "Tradebyte channel {sign}, order number {number}",
        },
    }
)


class OrderFileError(ValueError):
    """The file is no TB.Order document; the message says why (no personal data in it)."""


class Release(Enum):
    """Where an order stands at Tradebyte (ORDER_DATA: APPROVED / WITHDRAWN)."""

    APPROVED = "approved"  # confirmed: ship it
    PENDING = "pending"  # APPROVED=0: not released yet
    WITHDRAWN = "withdrawn"  # cancelled before export: not imported


@dataclass(frozen=True, slots=True)
class TbItem:
    """What a shipping message needs of one order item (IDs and the quantity)."""

    item_id: str  # ITEM/TB_ID
    channel_item_id: str  # ITEM/CHANNEL_ID
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True)
class TbOrder:
    """One order of a file, with the IDs Tradebyte's messages refer to."""

    order_id: str  # TB_ID, or channel sign and channel id where a file has no TB_ID
    tb_id: str
    channel_sign: str
    channel_order_id: str  # CHANNEL_ID
    release: Release
    order: Order
    items: tuple[TbItem, ...]


def parse_orders(data: bytes, modified: datetime) -> list[TbOrder | Unreadable]:
    """Every order of a file; `modified` (the file's time) marks a file edited later."""
    try:
        root = x.parse(data)
    except etree.XMLSyntaxError as exc:
        raise OrderFileError(i18n.text("tradebyte.order.not_xml", detail=exc.msg[:80])) from exc
    if root.tag == "ORDER":
        nodes = [root]
    elif root.tag == "ORDER_LIST":
        nodes = list(root.iterfind("ORDER"))
    else:
        raise OrderFileError(i18n.text("tradebyte.order.not_tborder", root=str(root.tag)[:40]))
    return [_order_or_unreadable(node, modified) for node in nodes]


def _key(data: etree._Element | None) -> str:
    """TB.One's order id, or (a file without it) the channel's sign and order id."""
    parts = (x.text(data, "CHANNEL_SIGN"), x.text(data, "CHANNEL_ID"))
    return x.text(data, "TB_ID") or "-".join(part for part in parts if part)


def _order_or_unreadable(node: etree._Element, modified: datetime) -> TbOrder | Unreadable:
    data = x.child(node, "ORDER_DATA")
    key = _key(data)
    label = x.text(data, "CHANNEL_NO") or x.text(data, "CHANNEL_ID")
    raw = etree.tostring(node, method="c14n")
    try:
        return _order(node, modified)
    except x.BadValue as bad:
        message = i18n.text("tradebyte.order.bad_value", element=bad.element, value=bad.value)
        field = bad.element
    except _Missing as missing:
        message = i18n.text("tradebyte.order.missing", element=missing.element)
        field = missing.element
    except _Inconsistent as wrong:
        message, field = wrong.message, wrong.field
    return Unreadable(
        ORDER,
        key or "?",
        message,
        field=field,
        hint=i18n.text("tradebyte.order.bad.hint"),
        label=label,
        digest=hashlib.sha256(raw).hexdigest()[:16],
    )


class _Missing(Exception):
    def __init__(self, element: str) -> None:
        super().__init__(element)
        self.element = element


class _Inconsistent(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _required(node: etree._Element | None, tag: str) -> str:
    value = x.text(node, tag)
    if not value:
        raise _Missing(tag)
    return value


def _order(node: etree._Element, modified: datetime) -> TbOrder:
    data = x.child(node, "ORDER_DATA")
    if data is None:
        raise _Missing("ORDER_DATA")
    tb_id = x.text(data, "TB_ID")
    sign = x.text(data, "CHANNEL_SIGN")
    channel_id = _required(data, "CHANNEL_ID")
    order_id = _key(data)
    created = x.moment(data, "DATE_CREATED") or x.moment(data, "ORDER_DATE")
    if created is None:
        raise _Missing("ORDER_DATE")
    items_node = x.child(node, "ITEMS")
    item_nodes = [] if items_node is None else list(items_node.iterfind("ITEM"))
    if not item_nodes:
        raise _Missing("ITEMS/ITEM")
    lines, items, services = [], [], []
    currencies: set[str] = set()
    for item in item_nodes:
        line, tb_item = _line(item)
        lines.append(line)
        items.append(tb_item)
        currencies.add(x.attribute(item, "ITEM_PRICE", "currency"))
        services.extend(_services(item))
    _check_total(data, lines, currencies)
    shipment = x.child(node, "SHIPMENT")
    payment = x.child(node, "PAYMENT")
    currencies |= {
        x.attribute(shipment, "PRICE", "currency"),
        x.attribute(data, "TOTAL_ITEM_AMOUNT", "currency"),
    }
    currency = _currency(currencies)
    services.extend(_services(node))
    memo = _memo(sign, x.text(data, "CHANNEL_NO") or channel_id, payment, services, currency)
    ship_to = _address(x.child(node, "SHIP_TO"), "SHIP_TO")
    sell_to_node = x.child(node, "SELL_TO")
    billing = _address(sell_to_node, "SELL_TO") if sell_to_node is not None else ship_to
    order = Order(
        channel=CHANNEL,
        channel_order_id=order_id,
        order_number=x.text(data, "CHANNEL_NO") or channel_id,
        created_at=created,
        updated_at=max(created, modified),
        billing=billing,
        shipping=ship_to,
        lines=tuple(lines),
        shipping_cost=x.decimal(shipment, "PRICE") or Decimal("0"),
        shipping_method=x.text(shipment, "CARRIER_PARCEL_TYPE"),
        payment_method=x.text(payment, "TYPE"),
        paid=x.integer(data, "PAID") == 1,
        currency=currency,
        taxes_included=True,
        memo=memo,
        customer_note=x.text(data, "CUSTOMER_COMMENT"),
    )
    return TbOrder(
        order_id=order_id,
        tb_id=tb_id,
        channel_sign=sign,
        channel_order_id=channel_id,
        release=_release(data),
        order=order,
        items=tuple(items),
    )


def _release(data: etree._Element) -> Release:
    if x.integer(data, "WITHDRAWN") == 1:
        return Release.WITHDRAWN
    approved = x.text(data, "APPROVED")
    if approved in ("1", "true"):
        return Release.APPROVED
    if approved in ("0", "false"):
        return Release.PENDING
    if not approved:
        raise _Missing("APPROVED")
    raise x.BadValue("APPROVED", approved)


def _line(item: etree._Element) -> tuple[OrderLine, TbItem]:
    sku = _required(item, "SKU")
    quantity = x.integer(item, "QUANTITY")
    if quantity is None:
        raise _Missing("QUANTITY")
    if quantity < 1:  # an order line of no pieces is a misread order, never a zero
        raise x.BadValue("QUANTITY", str(quantity))
    price = x.decimal(item, "ITEM_PRICE")
    if price is None:
        raise _Missing("ITEM_PRICE")
    line = OrderLine(
        sku=sku,
        title=x.text(item, "BILLING_TEXT") or sku,
        quantity=quantity,
        unit_price=price,
        ean=x.text(item, "EAN"),
        channel_line_id=x.text(item, "TB_ID") or x.text(item, "CHANNEL_ID"),
    )
    tb_item = TbItem(x.text(item, "TB_ID"), x.text(item, "CHANNEL_ID"), sku, quantity)
    return line, tb_item


def _check_total(data: etree._Element, lines: list[OrderLine], currencies: set[str]) -> None:
    """The lines must add up to TOTAL_ITEM_AMOUNT: a difference means a misread order."""
    total = x.decimal(data, "TOTAL_ITEM_AMOUNT")
    if total is None:
        return
    summed = sum((line.unit_price * line.quantity for line in lines), Decimal("0"))
    if abs(summed - total) >= Decimal("0.01"):
        currency = _currency(currencies)
        raise _Inconsistent(
            "TOTAL_ITEM_AMOUNT",
            i18n.text(
                "tradebyte.order.total",
                lines=format_amount(summed, currency, i18n.language()),
                total=format_amount(total, currency, i18n.language()),
            ),
        )


def _currency(found: set[str]) -> str:
    named = sorted(c.upper() for c in found if c)
    if len(set(named)) > 1:
        raise _Inconsistent(
            "currency", i18n.text("tradebyte.order.currency", currencies=", ".join(named))
        )
    return named[0] if named else "EUR"


def _services(node: etree._Element) -> list[tuple[str, str, Decimal]]:
    found = []
    container = x.child(node, "SERVICES")
    for service in () if container is None else container.iterfind("SERVICE"):
        price = x.decimal(service, "PRICE") or Decimal("0")
        found.append((x.text(service, "CODE"), x.text(service, "DESC"), price))
    return found


def _memo(
    sign: str,
    number: str,
    payment: etree._Element | None,
    services: list[tuple[str, str, Decimal]],
    currency: str,
) -> str:
    parts = [i18n.text("tradebyte.memo.channel", sign=sign or "?", number=number)]
    costs = x.decimal(payment, "COSTS")
    if costs:
        parts.append(i18n.text("tradebyte.memo.payment_costs", amount=costs, currency=currency))
    for code, description, price in services:
        parts.append(
            i18n.text(
                "tradebyte.memo.service",
                code=code,
                description=description,
                amount=price,
                currency=currency,
            )
        )
    return "\n".join(parts)


def _address(node: etree._Element | None, tag: str) -> Address:
    if node is None:
        raise _Missing(tag)
    last = x.text(node, "LASTNAME") or x.text(node, "NAME")
    phones = (x.text(node, t) for t in ("PHONE_PRIVATE", "PHONE_MOBILE", "PHONE_OFFICE"))
    return Address(
        first_name=x.text(node, "FIRSTNAME"),
        last_name=last,
        company=x.text(node, "NAME_EXTENSION"),
        street=x.text(node, "STREET_NO"),
        street2=x.text(node, "STREET_EXTENSION"),
        postal_code=x.text(node, "ZIP"),
        city=x.text(node, "CITY"),
        country_code=x.text(node, "COUNTRY").upper(),
        phone=next((p for p in phones if p), ""),
        email=x.text(node, "EMAIL"),
    )
