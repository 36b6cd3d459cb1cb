"""The REST variant behind the same connector: orders, their acknowledgement, shipping
messages and stock over `rest.trade-server.net`, with `TradebyteRest`'s rules.

`GET orders/` answers with the orders not yet marked exported (an `ORDER_LIST`, as in
the files); `POST orders/{TB_ID}/exported` is the acknowledgement. A refused mark (4xx)
is not repeated: the order is in Afterbuy, the merchant is told to mark it in TB.One, and
Tradebyte offering the order again does no harm (the ledger knows it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

from jjdesk import i18n
from jjdesk.connectors.privacy import scrub
from jjdesk.connectors.tradebyte.messages_xml import ship_messages
from jjdesk.connectors.tradebyte.orders_xml import Release, TbOrder, parse_orders
from jjdesk.connectors.tradebyte.rest import RestRefused, RestWebPage, TradebyteRest
from jjdesk.connectors.tradebyte.shipping import ORDER_IDS, remember_order, ship_notice
from jjdesk.connectors.tradebyte.stock import stock_xml
from jjdesk.domain.digests import digest
from jjdesk.domain.models import Order, Retry, ShipmentInfo, StockLevel, Unreadable
from jjdesk.domain.ports import IdLinks
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import ItemProblem

MAX_STOCK_ARTICLES = 50_000  # Tradebyte: the stock call is "not suitable for files > 10 MB"

i18n.register(
    {
        "tradebyte.rest.not_marked": {
            "de": "Die Bestellung ist in Afterbuy, aber Tradebyte lehnt die Markierung "
            "„exportiert“ ab: {reason}",
            "en": "The order is in Afterbuy, but Tradebyte refuses to mark it exported: {reason}",
        },
        "tradebyte.rest.not_marked.hint": {
            "de": "Die Bestellung in TB.One von Hand als exportiert markieren; jjdesk legt sie "
            "nicht noch einmal an.",
            "en": "Mark the order as exported in TB.One by hand; jjdesk does not create it again.",
        },
        "tradebyte.rest.ship_refused.hint": {
            "de": "Versanddaten in Afterbuy prüfen; geänderte Daten sendet jjdesk erneut.",
            "en": "Check the shipping data in Afterbuy; jjdesk sends changed data again.",
        },
    }
)


class RestOrders:
    """Tradebyte's orders as an `OrderSource` over REST."""

    name = "tradebyte"

    def __init__(
        self, client: TradebyteRest, links: IdLinks, parcel_types: Mapping[str, str]
    ) -> None:
        self.client = client
        self._links = links
        self._parcel_types = parcel_types
        self._orders: dict[str, TbOrder] | None = None
        self.notices: list[ItemProblem] = []

    def orders_since(self, since: datetime | None) -> Iterator[Order | Unreadable]:
        """The orders Tradebyte has not seen marked exported (pending ones come again)."""
        for entry in self._load():
            if isinstance(entry, Unreadable):
                yield entry
            elif entry.release is Release.APPROVED:
                yield entry.order

    def acknowledge(self, channel_order_id: str, sink_order_id: str) -> None:
        """`POST orders/{TB_ID}/exported`; a refusal becomes a notice (never repeated)."""
        if self._orders is None:
            self._load()
        assert self._orders is not None
        order = self._orders.get(channel_order_id)
        if order is not None:
            remember_order(self._links, order)
        elif self._links.get(ORDER_IDS, channel_order_id) is None:
            return  # Tradebyte no longer lists it: it is marked exported already
        try:
            self.client.post(f"orders/{channel_order_id}/exported")
        except RestRefused as refused:
            self.notices.append(
                ItemProblem(
                    "order",
                    channel_order_id,
                    i18n.text(
                        "tradebyte.rest.not_marked",
                        reason=refused.message
                        if order is None
                        else scrub(refused.message, order.order),
                    ),
                    field="exported",
                    hint=i18n.text("tradebyte.rest.not_marked.hint"),
                )
            )

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        """`POST messages/` with the order's SHIP messages."""
        notice = ship_notice(self._links, channel_order_id, shipment, self._parcel_types)
        try:
            self.client.post(
                "messages/", ship_messages(notice), subject=channel_order_id, safe=False
            )
        except RestRefused as refused:
            raise ItemProblem(
                "order",
                channel_order_id,
                refused.message,
                field="tracking",
                hint=i18n.text("tradebyte.rest.ship_refused.hint"),
                retry=Retry.LATER,
            ) from refused
        except RestWebPage as page:  # this order's messages did not arrive: try it again
            raise ItemProblem(
                "order", channel_order_id, page.message, field="tracking", retry=Retry.SOON
            ) from page

    def _load(self) -> list[TbOrder | Unreadable]:
        data = self.client.get("orders/", channel=self.client.config.channel)
        entries = parse_orders(data, utcnow())
        self._orders = {e.order_id: e for e in entries if isinstance(e, TbOrder)}
        return entries


class RestStock:
    """Stock over REST: `POST articles/stock` with a TB.Stock document (a `StockTarget`)."""

    def __init__(self, client: TradebyteRest) -> None:
        self.client = client

    def send(self, levels: Sequence[StockLevel]) -> None:
        """In parts below Tradebyte's 10 MB; a refused part raises `RestRefused`."""
        for start in range(0, len(levels), MAX_STOCK_ARTICLES):
            part = levels[start : start + MAX_STOCK_ARTICLES]
            content = digest(sorted((lv.product_id, lv.quantity) for lv in part))
            self.client.post("articles/stock", stock_xml(part, utcnow()), content=content)
