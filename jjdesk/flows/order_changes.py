"""What jjdesk remembers of an order it imported, to notice when the channel changes it.

Only fingerprints are kept, never the order itself: one of the quantities per article,
one of the amounts sent (unit prices, shipping, total), one of the money refunded, and
whether the order is cancelled. When the channel reports the order again with a
different mark, the parts that differ say what happened (cancelled, refunded, quantities
or amounts changed); the order is not created again, the merchant is told once.
"""

from __future__ import annotations

from dataclasses import dataclass

from jjdesk import i18n
from jjdesk.domain.digests import digest
from jjdesk.domain.models import Order

i18n.register(
    {
        "order.changed": {
            "de": "In {channel} nach dem Import geändert: {changes} – bitte in {sink} prüfen; "
            "jjdesk legt die Bestellung nicht neu an",
            "en": "Changed in {channel} after import: {changes} – check it in {sink}; jjdesk "
            "does not create it again",
        },
        "order.changed.hint": {
            "de": "Passen Sie die Bestellung {reference} in {sink} von Hand an (Mengen, Beträge, "
            "Storno, Erstattung).",
            "en": "Adjust order {reference} in {sink} by hand (quantities, amounts, "
            "cancellation, refund).",
        },
        "order.change.cancelled": {"de": "storniert", "en": "cancelled"},
        "order.change.refunded": {"de": "Geld erstattet", "en": "money refunded"},
        "order.change.quantities": {"de": "Mengen geändert", "en": "quantities changed"},
        "order.change.amounts": {"de": "Beträge geändert", "en": "amounts changed"},
    }
)

_SHORT = 16  # hex digits of each part: plenty to tell two versions of one order apart


@dataclass(frozen=True, slots=True)
class OrderMark:
    """The fingerprint of an imported order, in parts."""

    quantities: str
    amounts: str
    refunded: str
    cancelled: bool
    note: str = ""  # of the channel's own words about a change (an idealo revocation)

    @classmethod
    def of(cls, order: Order) -> OrderMark:
        per_article: dict[str, int] = {}
        for line in order.lines:
            per_article[line.sku] = per_article.get(line.sku, 0) + line.quantity
        amounts = [
            sorted((line.sku, line.quantity, str(line.unit_price)) for line in order.lines),
            str(order.shipping_cost),
            str(order.total) if order.total is not None else "",
        ]
        return cls(
            digest(sorted(per_article.items()))[:_SHORT],
            digest(amounts)[:_SHORT],
            digest(str(order.refunded.normalize()))[:_SHORT],
            order.cancelled,
            digest(order.change_note)[:_SHORT] if order.change_note else "",
        )

    def text(self) -> str:
        """As kept in the store."""
        flag = "1" if self.cancelled else "0"
        text = f"q={self.quantities};a={self.amounts};r={self.refunded};c={flag}"
        return f"{text};n={self.note}" if self.note else text

    @classmethod
    def parse(cls, text: str) -> OrderMark | None:
        """A mark as kept; None for anything else (an older jjdesk kept none)."""
        parts = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
        if not {"q", "a", "r", "c"} <= parts.keys():
            return None
        return cls(parts["q"], parts["a"], parts["r"], parts["c"] == "1", parts.get("n", ""))

    def changes_to(self, now: OrderMark, note: str = "") -> list[str]:
        """What differs, in words (a cancellation says it all, with the channel's note)."""
        found = []
        if now.cancelled and not self.cancelled:
            found.append(i18n.text("order.change.cancelled"))
        else:
            if now.refunded != self.refunded:
                found.append(i18n.text("order.change.refunded"))
            if now.quantities != self.quantities:
                found.append(i18n.text("order.change.quantities"))
            elif now.amounts != self.amounts:
                found.append(i18n.text("order.change.amounts"))
        if note and now.note != self.note:
            found.append(note)
        return found or [i18n.text("order.change.amounts")]
