"""The nouns every connector translates to and from: products, stock, orders, shipments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum


class Retry(Enum):
    """When an item that failed is tried again (the retry queue's rule for it).

    SOON: a passing fault (a 5xx, a timeout, "try again later"): the next runs, backing off.
    LATER: the remote system refused it; it may clear without jjdesk's data changing (a
    product created in the ERP meanwhile), so it is retried, but patiently.
    ON_CHANGE: jjdesk's own check found the data wrong; the same data fails the same way,
    so it waits until the data changes.
    """

    SOON = "soon"
    LATER = "later"
    ON_CHANGE = "on_change"


class ProductKind(Enum):
    """How a product relates to others in the source system."""

    SIMPLE = "simple"
    VARIATION_PARENT = "variation_parent"
    VARIATION_CHILD = "variation_child"
    PRODUCT_SET = "product_set"  # a bundle: sold as one item, made of others


@dataclass(frozen=True, slots=True)
class Picture:
    """An image by its original URL (channels fetch it themselves)."""

    url: str
    position: int = 0
    alt: str = ""


@dataclass(frozen=True, slots=True)
class OptionValue:
    """One axis of a variant, e.g. ("Farbe", "Rot")."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Product:
    """A product as the source system describes it.

    A variation parent carries its children in `variants`; each child carries its option
    values. IDs are strings so that numeric (Afterbuy) and textual (AccountView) IDs fit.
    """

    product_id: str
    name: str
    kind: ProductKind = ProductKind.SIMPLE
    level: int | None = None
    description: str = ""
    short_description: str = ""
    article_number: str = ""
    ean: str = ""
    manufacturer_part_number: str = ""
    brand: str = ""
    keywords: tuple[str, ...] = ()
    catalog_ids: tuple[str, ...] = ()
    pictures: tuple[Picture, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    free_values: tuple[tuple[int, str], ...] = ()
    quantity: int | None = None
    stock_managed: bool = True
    selling_price: Decimal | None = None
    buying_price: Decimal | None = None
    tax_rate: Decimal | None = None
    additional_prices: tuple[tuple[str, Decimal], ...] = ()
    weight_kg: Decimal | None = None
    delivery_time: str = ""
    condition: str = ""
    country_of_origin: str = ""
    shipping_group: str = ""
    unit: str = ""
    modified_at: datetime | None = None
    parent_id: str | None = None
    options: tuple[OptionValue, ...] = ()
    variants: tuple[Product, ...] = ()
    set_component_ids: tuple[str, ...] = ()

    def additional_price(self, name: str) -> Decimal | None:
        """An additional price by its definition name (case-insensitive), or None."""
        wanted = name.casefold()
        for key, value in self.additional_prices:
            if key.casefold() == wanted:
                return value
        return None

    def free_value(self, number: int) -> str:
        """Free field 1–10, empty when not set."""
        for key, value in self.free_values:
            if key == number:
                return value
        return ""


UNLIMITED = "unlimited"


@dataclass(frozen=True, slots=True)
class StockLevel:
    """The sellable quantity of one product (leaf: simple product or variant child).

    `unlimited`: the source does not manage this product's stock (a shop then sells it
    without limit, MijnWebwinkel's `stock: null`); `quantity` means nothing then.
    """

    product_id: str
    quantity: int
    level: int | None = None
    unlimited: bool = False

    @property
    def digest(self) -> str:
        """What was sent, as the stock flow remembers it ("unlimited" or the quantity)."""
        return UNLIMITED if self.unlimited else str(self.quantity)


@dataclass(frozen=True, slots=True)
class Catalog:
    """A node of the source's catalogue tree with its full path ("Damen > Schuhe")."""

    catalog_id: str
    name: str
    parent_id: str | None
    path: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address; personal data, so it is never stored by jjdesk."""

    first_name: str = ""
    last_name: str = ""
    company: str = ""
    street: str = ""
    street2: str = ""
    postal_code: str = ""
    city: str = ""
    state: str = ""
    country_code: str = ""  # ISO 3166-1 alpha-2
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One position: what was bought, identified by the channel's SKU."""

    sku: str
    title: str
    quantity: int
    unit_price: Decimal  # gross, per unit
    tax_rate: Decimal | None = None
    ean: str = ""
    channel_line_id: str = ""


@dataclass(frozen=True, slots=True)
class Order:
    """An order as a channel reports it, ready to be written into the order sink.

    `lines` hold what still stands (edited, refunded and cancelled units are gone) at
    the gross unit price the customer paid after every discount. `total`, when the
    channel states one, is what the customer pays in all; lines and shipping must add up
    to it. `cancelled` and `test` orders are not imported (test orders on request);
    `refunded` is the money given back so far.
    """

    channel: str
    channel_order_id: str
    order_number: str
    created_at: datetime
    updated_at: datetime
    billing: Address
    lines: tuple[OrderLine, ...]
    shipping: Address | None = None
    shipping_cost: Decimal = Decimal("0")
    shipping_method: str = ""
    payment_method: str = ""
    paid: bool = False
    currency: str = "EUR"
    taxes_included: bool = True
    has_tax: bool = True
    memo: str = ""
    channel_url: str = ""
    customer_note: str = ""
    cancelled: bool = False
    test: bool = False
    total: Decimal | None = None
    refunded: Decimal = Decimal("0")
    # what changed in the channel that the merchant must check in the sink (a line
    # revoked), in words; for an order already imported it is told once per change
    change_note: str = ""

    @property
    def sum_of_positions(self) -> Decimal:
        """Lines × unit prices + shipping: the total the sink will show."""
        lines = sum((line.unit_price * line.quantity for line in self.lines), Decimal("0"))
        return lines + self.shipping_cost


@dataclass(frozen=True, slots=True)
class ShipmentInfo:
    """What the order sink knows about a shipment: enough for the channel's fulfilment."""

    sink_order_id: str
    tracking_number: str = ""
    tracking_url: str = ""
    shipping_method: str = ""
    shipped_at: datetime | None = None
    tags: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Both a tracking reference and a shipping method are known (SPEC: then send)."""
        return bool((self.tracking_number or self.tracking_url) and self.shipping_method)


@dataclass(frozen=True, slots=True)
class ChannelPayload:
    """What a channel would receive for one product, before it is sent.

    `body` is plain JSON-able data; its fingerprint decides whether a write is needed.
    """

    key: str
    body: dict[str, object]
    status: str = "active"
    stock_only: bool = False
    extra: dict[str, object] = field(default_factory=dict)
    source_id: str = ""  # the source product it was built from (default: the key itself)

    @property
    def source(self) -> str:
        """The source product this payload belongs to."""
        return self.source_id or self.key


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """The channel's answer for one item of a batch write."""

    key: str
    ok: bool
    remote_id: str = ""
    field: str = ""
    message: str = ""
    hint: str = ""
    skipped: bool = False  # the channel does not carry this item (yet): neither done nor failed
    retry: Retry = Retry.LATER  # for a failure: when to try again


@dataclass(frozen=True, slots=True)
class ChannelTraits:
    """How a channel wants to be written to; the flows follow it.

    `batch_size`: items per `upsert`/`set_stock` call. `concurrency`: requests the
    connector may have in flight (it runs them itself; flows call it from one thread).
    `commits`: writes take effect only at `commit()` (a file renamed into place), so
    fingerprints count only after it. `snapshot`: the channel holds only what it was given
    (a feed file rewritten whole), so a product its level rules skip is not kept in it
    either: a key sent before leaves it, as on removal.
    """

    batch_size: int = 25
    stock_batch_size: int = 250
    concurrency: int = 1
    commits: bool = False
    snapshot: bool = False


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An item a source could not read (a quantity "drei", a broken timestamp).

    The flow records it as an error on that item and goes on with the others. `digest`
    identifies the raw data, so the same broken item is reported once, not every run.
    """

    kind: str
    key: str
    message: str
    field: str = ""
    hint: str = ""
    label: str = ""
    digest: str = ""
