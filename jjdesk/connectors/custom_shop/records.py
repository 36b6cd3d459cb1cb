"""From a shop's raw records to jjdesk orders: the mapping applied, errors made readable.

Every source (HTTP, files, SQL) yields raw records; this turns each into an `Order` or an
`Unreadable` whose message names the mapped field and the source expression, never a
personal value (the mapper hides those). `digest` identifies the raw data, so the same
broken order is reported once, not every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from jjdesk import i18n
from jjdesk.domain.digests import digest
from jjdesk.domain.mapping import Mapped, Mapping, map_record
from jjdesk.domain.models import Order, ShipmentInfo, Unreadable

ORDER = "order"

i18n.register(
    {
        "custom.mapping.hint": {
            "de": "Die Bestellung im Shop korrigieren oder die Zuordnung im Reiter "
            "„Zuordnungen“ anpassen; danach geht sie beim nächsten Lauf durch.",
            "en": "Correct the order in the shop or adjust the mapping in the “Mappings” "
            "tab; it then goes through on the next run.",
        },
        "custom.unnamed": {"de": "Bestellung ohne Nummer", "en": "order without a number"},
    }
)


def to_order(mapped: Mapped) -> Order | Unreadable:
    """The order, or an `Unreadable` naming every mapped field and expression that failed."""
    if mapped.order is not None:
        return mapped.order
    raw = digest(_plain(mapped.record))
    key = mapped.key or raw[:16]
    return Unreadable(
        ORDER,
        key,
        "; ".join(e.text for e in mapped.errors),
        field=mapped.errors[0].target if mapped.errors else "",
        hint=i18n.text("custom.mapping.hint"),
        label=mapped.key or i18n.text("custom.unnamed"),
        digest=raw,
    )


def map_one(
    mapping: Mapping, record: object, channel: str, *, numeric_skus: bool = True
) -> Order | Unreadable:
    """One raw record → order; `numeric_skus`: SKUs must be Afterbuy ProductIDs (digits)."""
    return to_order(map_record(mapping, record, channel, numeric_skus=numeric_skus))


def _plain(record: object) -> object:
    """Something `digest` can hash for any record kind (rows, XML elements, JSON)."""
    rows = getattr(record, "rows", None)
    if rows is not None:
        return [dict(r) for r in rows]
    if isinstance(record, etree._Element):
        return etree.tostring(record).decode("utf-8", "replace")
    return record


@dataclass(frozen=True, slots=True)
class ShipmentValues:
    """What a shipping update may put into a URL, a body or an UPDATE statement."""

    order_id: str
    tracking_number: str
    tracking_url: str
    carrier: str
    shipped_at: str

    @classmethod
    def of(cls, order_id: str, info: ShipmentInfo, now: datetime) -> ShipmentValues:
        """The values for one order's shipment (shipped now when Afterbuy gives no time)."""
        moment = info.shipped_at or now
        return cls(
            order_id,
            info.tracking_number,
            info.tracking_url,
            info.shipping_method,
            moment.isoformat(timespec="seconds"),
        )

    def as_dict(self) -> dict[str, str]:
        """Placeholder name → value."""
        return {
            "order_id": self.order_id,
            "tracking_number": self.tracking_number,
            "tracking_url": self.tracking_url,
            "carrier": self.carrier,
            "shipped_at": self.shipped_at,
        }


PLACEHOLDERS = ("order_id", "tracking_number", "tracking_url", "carrier", "shipped_at")
