"""Orders and channel messages of the Tradebyte simulator, rendered as TB.One exports them.

`ORDER_LIST` with one `ORDER` per order in the element order of Tradebyte's schema
(ORDER_DATA, SELL_TO, SHIP_TO, SHIPMENT, PAYMENT, ITEMS); `MESSAGES_LIST` for channel
messages (a customer's cancellation). Seeded German orders for the demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from lxml import etree

from jjdesk.sandbox.shopify_seed import CITIES, FIRST_NAMES, LAST_NAMES, STREETS


@dataclass
class SimItem:
    """One order item."""

    tb_id: int
    sku: str
    quantity: int
    price: Decimal  # gross per piece
    title: str = "Artikel"
    ean: str = ""
    channel_id: str = ""


@dataclass
class SimParty:
    """SELL_TO / SHIP_TO."""

    first_name: str
    last_name: str
    street_no: str
    zip_code: str
    city: str
    country: str = "DE"
    email: str = ""
    phone: str = ""


@dataclass
class SimTbOrder:
    """An order as TB.One holds it."""

    tb_id: int
    channel_id: str
    items: list[SimItem]
    ship_to: SimParty
    sell_to: SimParty | None = None
    channel_sign: str = "zade"
    channel_no: str = ""
    # TB.One took the order in a while before it exports the file
    created: datetime = field(default_factory=lambda: datetime.now(UTC) - timedelta(minutes=10))
    shipping_price: Decimal = Decimal("4.95")
    payment_type: str = "INVOICE"
    payment_costs: Decimal = Decimal("0")
    paid: int = 1
    approved: bool = True
    withdrawn: bool = False
    comment: str = ""
    exported: bool = False
    total_override: Decimal | None = None  # a wrong TOTAL_ITEM_AMOUNT, for tests

    @property
    def total(self) -> Decimal:
        """Gross total of the items (TOTAL_ITEM_AMOUNT: without shipping)."""
        if self.total_override is not None:
            return self.total_override
        return sum((i.price * i.quantity for i in self.items), Decimal("0"))


def _add(parent: etree._Element, tag: str, value: object, currency: str = "") -> None:
    if value is None or value == "":
        return
    element = etree.SubElement(parent, tag)
    if currency:
        element.set("currency", currency)
    element.text = str(value)


def _party(parent: etree._Element, tag: str, party: SimParty) -> None:
    node = etree.SubElement(parent, tag)
    _add(node, "FIRSTNAME", party.first_name)
    _add(node, "LASTNAME", party.last_name)
    _add(node, "STREET_NO", party.street_no)
    _add(node, "ZIP", party.zip_code)
    _add(node, "CITY", party.city)
    _add(node, "COUNTRY", party.country)
    _add(node, "PHONE_PRIVATE", party.phone)
    _add(node, "EMAIL", party.email)


def order_element(order: SimTbOrder) -> etree._Element:
    """One `ORDER`."""
    node = etree.Element("ORDER")
    data = etree.SubElement(node, "ORDER_DATA")
    _add(data, "ORDER_DATE", order.created.date().isoformat())
    _add(data, "TB_ID", order.tb_id)
    _add(data, "CHANNEL_SIGN", order.channel_sign)
    _add(data, "CHANNEL_ID", order.channel_id)
    _add(data, "CHANNEL_NO", order.channel_no or order.channel_id)
    _add(data, "PAID", order.paid)
    if order.withdrawn:
        _add(data, "WITHDRAWN", 1)
    else:
        _add(data, "APPROVED", 1 if order.approved else 0)
    _add(data, "CUSTOMER_COMMENT", order.comment)
    _add(data, "ITEM_COUNT", len(order.items))
    _add(data, "TOTAL_ITEM_AMOUNT", f"{order.total:.2f}", currency="EUR")
    _add(data, "DATE_CREATED", order.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    if order.sell_to is not None:
        _party(node, "SELL_TO", order.sell_to)
    _party(node, "SHIP_TO", order.ship_to)
    shipment = etree.SubElement(node, "SHIPMENT")
    _add(shipment, "PRICE", f"{order.shipping_price:.2f}", currency="EUR")
    payment = etree.SubElement(node, "PAYMENT")
    _add(payment, "TYPE", order.payment_type)
    _add(payment, "COSTS", f"{order.payment_costs:.2f}", currency="EUR")
    items = etree.SubElement(node, "ITEMS")
    for n, item in enumerate(order.items, start=1):
        entry = etree.SubElement(items, "ITEM")
        _add(entry, "TB_ID", item.tb_id)
        _add(entry, "CHANNEL_ID", item.channel_id or n)
        _add(entry, "SKU", item.sku)
        _add(entry, "EAN", item.ean)
        _add(entry, "QUANTITY", item.quantity)
        _add(entry, "BILLING_TEXT", item.title)
        _add(entry, "ITEM_PRICE", f"{item.price:.2f}", currency="EUR")
        _add(entry, "DATE_CREATED", order.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    return node


def order_list(orders: list[SimTbOrder]) -> bytes:
    """An `ORDER_LIST` document (what an order file and `GET orders/` carry)."""
    root = etree.Element("ORDER_LIST")
    for order in orders:
        root.append(order_element(order))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def read_order_ids(data: bytes) -> set[int]:
    """The TB ids in an order file (what moving it to the archive marks exported)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return set()
    found = (node.findtext("TB_ID") or "" for node in root.iter("ORDER_DATA"))
    return {int(text) for text in found if text.strip().isdigit()}


@dataclass
class SimMessage:
    """A message from the channel (a customer's cancellation)."""

    message_id: int
    message_type: str
    tb_order_id: int
    item_id: int
    sku: str
    quantity: int
    channel_order_id: str = ""
    exported: bool = False


def message_list(messages: list[SimMessage]) -> bytes:
    """A `MESSAGES_LIST` document."""
    root = etree.Element("MESSAGES_LIST")
    for m in messages:
        node = etree.SubElement(root, "MESSAGE")
        _add(node, "MESSAGE_ID", m.message_id)
        _add(node, "MESSAGE_TYPE", m.message_type)
        _add(node, "TB_ORDER_ID", m.tb_order_id)
        _add(node, "TB_ORDER_ITEM_ID", m.item_id)
        _add(node, "SKU", m.sku)
        _add(node, "CHANNEL_ORDER_ID", m.channel_order_id)
        _add(node, "QUANTITY", m.quantity)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def german_party(rng: random.Random) -> SimParty:
    """A plausible German customer (umlauts included)."""
    city, zip_code = rng.choice(CITIES)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return SimParty(
        first_name=first,
        last_name=last,
        street_no=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        zip_code=zip_code,
        city=city,
        email=f"kunde{rng.randint(100, 999)}@example.com",
        phone=f"0{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
    )
