"""The ports flows talk to. Connectors implement them; flows never see a wire format.

Every method that talks to a remote system may raise `SystemFailure` (the run fails) or
`ItemProblem` (only that item fails). Batch writes answer per item with `ItemOutcome`.
Readers yield `Unreadable` for an item they could not read, in its place, and go on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Protocol

from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import (
    Catalog,
    ChannelPayload,
    ChannelTraits,
    ItemOutcome,
    Order,
    Product,
    ShipmentInfo,
    StockLevel,
    Unreadable,
)


class ProductSource(Protocol):
    """Where products and stock come from (Afterbuy, AccountView)."""

    name: str
    finds_by_name: bool  # whether `find_products` also searches products' names

    def changed_products(self, since: datetime | None) -> Iterator[Product | Unreadable]:
        """Products changed since `since` (all when None), parents with their variants."""
        ...

    def products_by_id(self, product_ids: Sequence[str]) -> Iterator[Product | Unreadable]:
        """The named products (unknown IDs are simply absent)."""
        ...

    def find_products(self, text: str) -> Iterator[Product | Unreadable]:
        """Products the merchant may mean by a search text, assembled like `products_by_id`.

        Whatever the source can look up exactly: a product ID, an EAN, an article
        number; a source that can also search names (`finds_by_name`) does that too.
        Nothing found is an empty stream, never an error.
        """
        ...

    def all_product_ids(self) -> set[str]:
        """Every product ID that exists now, complete and consistent (deletion check).

        Must not miss a product that exists throughout the read, even while others are
        created or deleted meanwhile (page by ID range, not by page number); raises
        rather than answer with a partial list.
        """
        ...

    def stock_levels(self, since: datetime | None) -> Iterator[StockLevel | Unreadable]:
        """Sellable quantity of leaves (simple products and variant children)."""
        ...

    def catalogs(self) -> list[Catalog]:
        """The catalogue tree with full paths."""
        ...


class StockChannel(Protocol):
    """Where quantities go: every product channel, and a stock-only one (Tradebyte's stock
    file or REST call, which carries nothing but article numbers and quantities)."""

    name: str
    traits: ChannelTraits

    def set_stock(self, levels: Sequence[StockLevel]) -> list[ItemOutcome]:
        """Set quantities of leaves; only what differs needs sending."""
        ...

    def commit(self) -> list[ItemOutcome]:
        """Make this run's writes take effect, for a channel whose `traits.commits` is set.

        A file channel renames its file into place here; the outcomes name the keys that
        failed to commit (they stay owed). Other channels return an empty list.
        """
        ...


class ProductChannel(StockChannel, Protocol):
    """Where products go (Shopify, idealo, Tradebyte feed, MijnWebwinkel)."""

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


class TitleSearch(Protocol):
    """A channel that can find the products jjdesk sent it by words of their title.

    For a source that cannot search names (Afterbuy): the channel answers with the
    source's product IDs it keeps on each product (Shopify: a metafield).
    """

    name: str

    def source_ids_by_title(self, text: str, limit: int) -> list[str]:
        """Source product IDs of at most `limit` products whose title has every word."""
        ...


class OrderSource(Protocol):
    """Where orders come from (Shopify, idealo, Tradebyte, custom shop, MijnWebwinkel)."""

    name: str

    def orders_since(self, since: datetime | None) -> Iterator[Order | Unreadable]:
        """Orders created or changed since `since`; may repeat orders (the ledger dedups)."""
        ...

    def acknowledge(self, channel_order_id: str, sink_order_id: str) -> None:
        """Tell the channel the order is imported (merchant order number, archive move).

        Safe to repeat; retried by later runs until it succeeds.
        """
        ...

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        """Send tracking data for an order to the channel."""
        ...


class OrderSink(Protocol):
    """Where orders go (Afterbuy, AccountView)."""

    name: str

    def find_orders(self, references: Sequence[str], since: datetime) -> dict[str, str]:
        """The sink's order ids of orders created with these references at or after `since`.

        A reference is the order number jjdesk sent (the channel's id with the
        integration's prefix). Used for every order whose creation is in doubt, before
        anything is created again; references not found are absent.
        """
        ...

    def create_order(self, order: Order, reference: str) -> str:
        """Create the order under `reference`; returns the sink's id.

        Refuses a duplicate by itself where the sink can (a second guard only). Raises
        `OutcomeUnknown` when the request went out and its answer was lost.
        """
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
