"""What a shipping message needs and Afterbuy does not keep: Tradebyte's order and item IDs.

They are remembered (IDs and quantities only, no personal data) when an order is in
Afterbuy, and turned into a `ShipNotice` once Afterbuy has a tracking number and a
shipping method. The method becomes the package type's import key through the merchant's
table; a method without an entry is sent as it is, as the reference product does (its
name must then equal the import key in TB.One).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from jjdesk import i18n
from jjdesk.connectors.tradebyte.messages_xml import MAX_IDCODE, ShipLine, ShipNotice
from jjdesk.connectors.tradebyte.orders_xml import TbOrder
from jjdesk.domain.models import Retry, ShipmentInfo
from jjdesk.domain.ports import IdLinks
from jjdesk.errors import ItemProblem

ORDER_IDS = "tradebyte.order"
SHIP_FILES = "tradebyte.ship_file"  # the SHIP message file staged for an order

i18n.register(
    {
        "tradebyte.ship.unknown": {
            "de": "jjdesk kennt die Tradebyte-Positionen dieser Bestellung nicht",
            "en": "jjdesk does not know the Tradebyte items of this order",
        },
        "tradebyte.ship.unknown.hint": {
            "de": "Die Versandmeldung in TB.One von Hand eintragen.",
            "en": "Enter the dispatch notification in TB.One by hand.",
        },
        "tradebyte.ship.no_tb_id": {
            "de": "Die Bestellung hat keine TB.One-Bestellnummer (TB_ID); Tradebyte nimmt "
            "Versandmeldungen nur mit ihr an",
            "en": "The order has no TB.One order number (TB_ID); Tradebyte accepts dispatch "
            "notifications only with it",
        },
        "tradebyte.ship.no_number": {
            "de": "Afterbuy hat nur einen Sendungslink, Tradebyte braucht die Paketnummer",
            "en": "Afterbuy has only a tracking link; Tradebyte needs the parcel number",
        },
        "tradebyte.ship.too_long": {
            "de": "Die Paketnummer hat {length} Zeichen, Tradebyte nimmt höchstens {limit}",
            "en": "The parcel number has {length} characters; Tradebyte takes at most {limit}",
        },
        "tradebyte.ship.fix.hint": {
            "de": "Paketnummer und Versandart in Afterbuy prüfen; jjdesk sendet danach erneut.",
            "en": "Check parcel number and shipping method in Afterbuy; jjdesk sends again then.",
        },
    }
)


def remember_order(links: IdLinks, order: TbOrder) -> None:
    """Keep the IDs a later SHIP message needs."""
    record = {
        "tb": order.tb_id,
        "sign": order.channel_sign,
        "channel": order.channel_order_id,
        "items": [[i.item_id, i.channel_item_id, i.sku, i.quantity] for i in order.items],
    }
    links.put(ORDER_IDS, order.order_id, json.dumps(record))


def ship_notice(
    links: IdLinks, order_id: str, info: ShipmentInfo, parcel_types: Mapping[str, str]
) -> ShipNotice:
    """The SHIP message for an order; `ItemProblem` when it cannot be made."""
    raw = links.get(ORDER_IDS, order_id)
    if raw is None:
        raise _problem(order_id, "tradebyte.ship.unknown", "tradebyte.ship.unknown.hint")
    record = json.loads(raw)
    if not record["tb"]:
        raise _problem(order_id, "tradebyte.ship.no_tb_id", "tradebyte.ship.unknown.hint")
    number = info.tracking_number.strip()
    if not number:
        raise _problem(order_id, "tradebyte.ship.no_number", "tradebyte.ship.fix.hint")
    if len(number) > MAX_IDCODE:
        raise _problem(
            order_id,
            "tradebyte.ship.too_long",
            "tradebyte.ship.fix.hint",
            length=len(number),
            limit=MAX_IDCODE,
        )
    return ShipNotice(
        tb_order_id=record["tb"],
        channel_sign=record["sign"],
        channel_order_id=record["channel"],
        lines=tuple(ShipLine(str(a), str(b), str(c), int(d)) for a, b, c, d in record["items"]),
        idcode=number,
        parcel_type=parcel_type(info.shipping_method, parcel_types),
    )


def parcel_type(method: str, table: Mapping[str, str]) -> str:
    """The import key for an Afterbuy shipping method (exact, then ignoring case)."""
    wanted = method.strip()
    if wanted in table:
        return table[wanted]
    folded = {k.casefold(): v for k, v in table.items()}
    return folded.get(wanted.casefold(), wanted)


def forget_order(links: IdLinks, order_id: str) -> None:
    """Drop the IDs once the order needs no more messages."""
    links.delete(ORDER_IDS, order_id)
    links.delete(SHIP_FILES, order_id)


def _problem(order_id: str, key: str, hint: str, **params: object) -> ItemProblem:
    return ItemProblem(
        "order",
        order_id,
        i18n.text(key, **params),
        field="tracking",
        hint=i18n.text(hint),
        retry=Retry.LATER,
    )
