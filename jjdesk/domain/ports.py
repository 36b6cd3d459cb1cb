"""The ports flows talk to. Connectors implement them; flows never see a wire format.

Every method that talks to a remote system may raise `SystemFailure` (the run fails) or
`ItemProblem` (only that item fails). Batch writes answer per item with `ItemOutcome`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Protocol

from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import (
    Catalog,
    ChannelPayload,
    ItemOutcome,
    Order,
    Product,
    ShipmentInfo,
    StockLevel,
)


class ProductSource(Protocol):
    """Where products and stock come from (Afterbuy, AccountView)."""

    name: str

    def changed_products(self, since: datetime | None) -> Iterator[Product]:
        """Products changed since `since` (all when None), parents with their variants."""
        ...

    def products_by_id(self, product_ids: Sequence[str]) -> Iterator[Product]:
        """The named products (unknown IDs are simply absent)."""
        ...

    def all_product_ids(self) -> set[str]:
        """Every product ID that exists now (for the deletion check)."""
        ...

    def stock_levels(self, since: datetime | None) -> Iterator[StockLevel]:
        """Sellable quantity of leaves (simple products and variant children)."""
        ...

    def catalogs(self) -> list[Catalog]:
        """The catalogue tree with full paths."""
        ...


class ProductChannel(Protocol):
    """Where products go (Shopify, idealo, Tradebyte feed, MijnWebwinkel)."""

    name: str

    def build(self, product: Product, action: ExportAction) -> list[ChannelPayload]:
        """Map one source product to what the channel receives; pure, no I/O.

        Raises `ItemProblem` for data the channel would refuse (too many options, a
        broken image URL, an invalid free-field string). Returns one payload for a
        channel that keeps variants together, several for one that sells children alone.
        """
        ...

    def upsert(self, payloads: Sequence[ChannelPayload]) -> list[ItemOutcome]:
        """Create or update; idempotent, so a retry after a crash does no harm."""
        ...

    def verify(self) -> list[ItemOutcome]:
        """After a run's writes: problems the channel found while processing them later.

        Shopify fetches images after `productSet` has answered; a channel without such
        after-the-fact processing returns an empty list.
        """
        ...

    def remove(self, keys: Sequence[str]) -> list[ItemOutcome]:
        """Remove products by their source key (unknown keys count as removed)."""
        ...

    def set_stock(self, levels: Sequence[StockLevel]) -> list[ItemOutcome]:
        """Set quantities of leaves; only what differs needs sending."""
        ...


class OrderSource(Protocol):
    """Where orders come from (Shopify, idealo, Tradebyte, custom shop, MijnWebwinkel)."""

    name: str

    def orders_since(self, since: datetime | None) -> Iterator[Order]:
        """Orders created or changed since `since`; may repeat orders (the ledger dedups)."""
        ...

    def acknowledge(self, order: Order, sink_order_id: str) -> None:
        """Tell the channel the order is imported (merchant order number, archive move)."""
        ...

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        """Send tracking data for an order to the channel."""
        ...


class OrderSink(Protocol):
    """Where orders go (Afterbuy, AccountView)."""

    name: str

    def find_order(self, channel: str, channel_order_id: str) -> str | None:
        """The sink's order id for a channel order, if the sink already has it."""
        ...

    def create_order(self, order: Order) -> str:
        """Create the order, refusing a duplicate by itself where it can; returns its id."""
        ...

    def shipments(self, sink_order_ids: Iterable[str]) -> dict[str, ShipmentInfo]:
        """Shipment data per sink order id (orders the sink does not know are absent)."""
        ...

    def tag_done(self, sink_order_ids: Sequence[str], tag: str) -> None:
        """Mark orders as completed for a channel (Afterbuy tag "<channel> abgeschlossen")."""
        ...


class IdLinks(Protocol):
    """Remembered IDs of one channel: a source key → the channel's own id.

    Connectors use it to find what they created before (a Shopify product GID, an
    inventory item GID); jjdesk's store implements it, one namespace per integration.
    """

    def get(self, kind: str, key: str) -> str | None:
        """The remote id linked to `key`, if any."""
        ...

    def put(self, kind: str, key: str, remote_id: str) -> None:
        """Remember (or replace) a link."""
        ...

    def delete(self, kind: str, key: str) -> None:
        """Forget a link (after the remote item was removed)."""
        ...

    def keys(self, kind: str) -> list[str]:
        """Every source key linked for `kind`."""
        ...
