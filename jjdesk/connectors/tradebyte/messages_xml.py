"""TB.Msg: the shipping messages jjdesk sends and the channel messages it reads.

A `SHIP` message goes per order item (`TB_ORDER_ITEM_ID` is mandatory for item messages)
with the item's quantity, the tracking number as `IDCODE` and the package type's import
key as `CARRIER_PARCEL_TYPE`; elements in the order of Tradebyte's schema. Tradebyte adds
reported quantities up, so a message must never go twice (see `order_folder`).

Channel messages (a customer's cancellation `CUST_CANCEL`, a return) are read into
`ChannelMessage`s; one that cannot be read comes out as an `Unreadable`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.tradebyte import xmlread as x
from jjdesk.domain.models import Unreadable

MESSAGE = "message"
MAX_IDCODE = 50

i18n.register(
    {
        "tradebyte.message.not_list": {
            "de": "Die Datei ist keine TB.Msg-Datei (Wurzelelement „{root}“)",
            "en": "The file is no TB.Msg file (root element “{root}”)",
        },
        "tradebyte.message.bad_value": {
            "de": "„{element}“ hat den Wert „{value}“, den jjdesk nicht lesen kann",
            "en": "“{element}” has the value “{value}”, which jjdesk cannot read",
        },
    }
)


@dataclass(frozen=True, slots=True)
class ShipLine:
    """One item of a shipped order, as the SHIP message names it."""

    item_id: str
    channel_item_id: str
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True)
class ShipNotice:
    """Everything a SHIP message for one order says."""

    tb_order_id: str
    channel_sign: str
    channel_order_id: str
    lines: tuple[ShipLine, ...]
    idcode: str
    parcel_type: str


def ship_messages(notice: ShipNotice) -> bytes:
    """`MESSAGES_LIST` with one `SHIP` `MESSAGE` per item."""
    root = etree.Element("MESSAGES_LIST")
    for line in notice.lines:
        message = etree.SubElement(root, "MESSAGE")
        values = (
            ("MESSAGE_TYPE", "SHIP"),
            ("TB_ORDER_ID", notice.tb_order_id),
            ("TB_ORDER_ITEM_ID", line.item_id),
            ("SKU", line.sku),
            ("CHANNEL_SIGN", notice.channel_sign),
            ("CHANNEL_ORDER_ID", notice.channel_order_id),
            ("CHANNEL_ORDER_ITEM_ID", line.channel_item_id),
            ("QUANTITY", str(line.quantity)),
            ("CARRIER_PARCEL_TYPE", notice.parcel_type),
            ("IDCODE", notice.idcode),
        )
        for tag, value in values:
            if value:
                etree.SubElement(message, tag).text = value
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


@dataclass(frozen=True, slots=True)
class ChannelMessage:
    """A message from the channel about an order (no free text: it may hold personal data)."""

    key: str  # MESSAGE_ID, or where the file has none, the file and the position in it
    message_type: str
    tb_order_id: str
    channel_order_id: str
    sku: str
    quantity: int | None
    return_cause: str = ""


def parse_messages(data: bytes, origin: str) -> Sequence[ChannelMessage | Unreadable]:
    """The messages of a `MESSAGES_LIST` (or a single `MESSAGE`); `origin` names the file.

    Raises `etree.XMLSyntaxError` for no XML and `ValueError` for another document.
    """
    root = x.parse(data)
    if root.tag == "MESSAGE":
        nodes = [root]
    elif root.tag in ("MESSAGES_LIST", "MESSAGE_LIST"):
        nodes = list(root.iterfind("MESSAGE"))
    else:
        raise ValueError(i18n.text("tradebyte.message.not_list", root=str(root.tag)[:40]))
    return [_message(node, f"{origin}#{n}") for n, node in enumerate(nodes, start=1)]


def _message(node: etree._Element, fallback_key: str) -> ChannelMessage | Unreadable:
    key = x.text(node, "MESSAGE_ID") or fallback_key
    try:
        quantity = x.integer(node, "QUANTITY")
    except x.BadValue as bad:
        raw = etree.tostring(node, method="c14n")
        return Unreadable(
            MESSAGE,
            key,
            i18n.text("tradebyte.message.bad_value", element=bad.element, value=bad.value),
            field=bad.element,
            digest=hashlib.sha256(raw).hexdigest()[:16],
        )
    return ChannelMessage(
        key=key,
        message_type=x.text(node, "MESSAGE_TYPE"),
        tb_order_id=x.text(node, "TB_ORDER_ID"),
        channel_order_id=x.text(node, "CHANNEL_ORDER_ID"),
        sku=x.text(node, "SKU"),
        quantity=quantity,
        return_cause=x.text(node, "RETURN_CAUSE"),
    )
