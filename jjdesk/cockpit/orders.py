""" "Did order #1006 reach Afterbuy, and was its tracking number sent?" — from the ledger.

Found by the number the merchant sees (#1006, an idealo or Tradebyte number), the
channel's own id, the reference sent to the sink, or the sink's order id. An order that
never got into the ledger (refused at the border, a letter in its SKU) is found by its
errors, which say why it is stuck.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jjdesk import i18n
from jjdesk.app import App
from jjdesk.flows.order_import import ORDER
from jjdesk.store.errors import ErrorRecord
from jjdesk.store.ledger import LedgerEntry, LedgerState
from jjdesk.store.owed import OwedItem

i18n.register(
    {
        "cockpit.order.not_imported": {"de": "Nicht importiert", "en": "Not imported"},
        "cockpit.order.pending": {
            "de": "Wird importiert (vor jedem neuen Senden im Zielsystem geprüft)",
            "en": "Being imported (checked in the sink before anything is sent again)",
        },
        "cockpit.order.imported": {
            "de": "Importiert; der Kanal wird als Nächstes informiert",
            "en": "Imported; the channel is told next",
        },
        "cockpit.order.acknowledged": {
            "de": "Importiert; wartet auf die Sendungsnummer",
            "en": "Imported; waiting for the tracking number",
        },
        "cockpit.order.shipped": {
            "de": "Sendungsnummer gesendet; der Tag im Zielsystem folgt",
            "en": "Tracking sent; the tag in the sink follows",
        },
        "cockpit.order.done": {
            "de": "Erledigt: Sendungsnummer gesendet und getaggt",
            "en": "Done: tracking sent and tagged",
        },
        "cockpit.order.unknown": {
            "de": "jjdesk kennt diese Bestellung nicht. Sie wird mit dem nächsten "
            "Bestellimport nach ihrem Eingang übernommen; Bestellungen, die älter als der "
            "erste Lauf sind, werden nicht importiert.",
            "en": "jjdesk has not seen this order. It is imported with the next order import "
            "after it was placed; orders older than the first run are not imported.",
        },
    }
)

_STATE_KEYS = {
    None: "cockpit.order.not_imported",
    LedgerState.PENDING: "cockpit.order.pending",
    LedgerState.IMPORTED: "cockpit.order.imported",
    LedgerState.ACKNOWLEDGED: "cockpit.order.acknowledged",
    LedgerState.SHIPPED: "cockpit.order.shipped",
    LedgerState.DONE: "cockpit.order.done",
}


def state_text(state: LedgerState | None) -> str:
    """Where an order stands, in words (None: it never got into the ledger)."""
    return i18n.text(_STATE_KEYS[state])


@dataclass(frozen=True, slots=True)
class OrderView:
    """One order's way through jjdesk in one integration."""

    integration: str
    title: str
    label: str
    entry: LedgerEntry | None  # None: never imported (see `errors`)
    errors: list[ErrorRecord] = field(default_factory=list)  # newest first
    owed: list[OwedItem] = field(default_factory=list)  # what is still to be done

    @property
    def stuck(self) -> bool:
        """Not imported, or a step that failed waits for its retry."""
        return self.entry is None or bool(self.owed)


def find_orders(app: App, text: str) -> list[OrderView]:
    """Every order matching `text`, one view per integration it belongs to (store only)."""
    wanted = text.strip()
    if not wanted:
        return []
    views: dict[tuple[str, str], OrderView] = {}
    for entry in app.store.ledger.find(wanted):
        views[(entry.channel, entry.channel_order_id)] = _view(app, entry.channel, entry)
    for record in app.store.errors.of_item(wanted, ORDER):
        key = (record.integration, record.item_key or record.item_id)
        if key not in views:
            views[key] = _view(app, record.integration, None, key[1], record.label)
    return list(views.values())


def _view(
    app: App, integration: str, entry: LedgerEntry | None, order_id: str = "", label: str = ""
) -> OrderView:
    spec = app.integrations.get(integration)
    order_id = entry.channel_order_id if entry else order_id
    errors = [
        e
        for e in app.store.errors.of_item(order_id, ORDER)
        if e.integration == integration and (e.item_key or e.item_id) == order_id
    ]
    owed = [o for o in app.store.owed.all(integration) if o.key == order_id]
    return OrderView(
        integration,
        spec.title if spec else integration,
        (entry.label if entry else label) or order_id,
        entry,
        errors,
        owed,
    )
