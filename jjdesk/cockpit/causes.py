"""Errors grouped by what to fix: "Invalid image link — 37 products", then the items.

The cause of an error is derived, not stored: the catalogue template its message was
rendered from (`i18n.key_of`), with the field and the kind of item. Values filled in
(the URL, the SKU) differ per item and are left out; a remote system's own words
(`{text}`) are the cause itself and stay in. A message no template matches is its own
cause. A template `<key>.cause` in the catalogue names the cause in short. Handled
items stay in their group, shown apart, and do not count as open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jjdesk import i18n
from jjdesk.app import App
from jjdesk.domain.models import Retry
from jjdesk.store.errors import ErrorRecord

# placeholders that carry a remote system's words: part of the cause, not of the item
_CAUSE_VALUES = frozenset({"text", "code"})


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """One item of a group: its newest error of the day and how often it failed."""

    record: ErrorRecord
    rows: int

    @property
    def handled(self) -> bool:
        """Whether the merchant marked it as handled."""
        return self.record.handled_at is not None


@dataclass(frozen=True, slots=True)
class ErrorGroup:
    """Every item of one day that failed for the same cause."""

    cause: str
    title: str
    item_kind: str
    field: str
    hint: str
    items: list[ErrorItem]

    @property
    def open(self) -> list[ErrorItem]:
        """The items still to deal with."""
        return [i for i in self.items if not i.handled]


@dataclass(frozen=True, slots=True)
class DayCount:
    """A day with errors, for the list of earlier days."""

    day: date
    errors: int
    open: int


def cause_of(record: ErrorRecord) -> tuple[str, str]:
    """(cause key, title in words) of one error."""
    key, values = i18n.key_of(record.message)
    if not key:
        return f"{record.item_kind}|{record.field}|{record.message}", record.message
    kept = tuple((n, v) for n, v in values if n in _CAUSE_VALUES)
    cause = f"{record.item_kind}|{record.field}|{key}|{kept}"
    title_key = f"{key}.cause"  # a short name, where the catalogue has one
    if i18n.known(title_key):
        return cause, i18n.text(title_key)
    if not values:
        return cause, record.message
    filled = {n: (v if n in _CAUSE_VALUES else "…") for n, v in values}
    return cause, i18n.text(key, **filled)


def error_groups(app: App, day: date) -> list[ErrorGroup]:
    """The day's errors by cause, the biggest open group first (reads the store)."""
    return _grouped(app.store.errors.on_day(day))


def open_groups(app: App, integration: str = "", flow: str = "") -> list[ErrorGroup]:
    """What waits for the merchant now, by cause: every item still owed (not a passing
    fault) with its newest error, whatever day it failed first — the overview's count."""
    records = []
    for key in [integration] if integration else list(app.integrations):
        owed = {
            (o.flow, o.kind, o.key)
            for o in app.store.owed.all(key)
            if o.retry is not Retry.SOON and (not flow or o.flow == flow)
        }
        records += [
            r
            for r in app.store.errors.newest_per_item(key)
            if (r.flow, r.queue, r.item_key) in owed
        ]
    return _grouped(records)


def _grouped(records: list[ErrorRecord]) -> list[ErrorGroup]:
    newest: dict[tuple[str, str, str, str], tuple[ErrorRecord, int]] = {}
    for record in records:  # newest first
        item = (record.integration, record.flow, record.queue, record.item_key or record.item_id)
        cause, _ = cause_of(record)
        key = (*item[:2], f"{item[2]}|{item[3]}", cause)
        kept = newest.get(key)
        newest[key] = (kept[0], kept[1] + 1) if kept else (record, 1)
    groups: dict[str, ErrorGroup] = {}
    for (_, _, _, cause), (record, rows) in newest.items():
        group = groups.get(cause)
        if group is None:
            _, title = cause_of(record)
            group = ErrorGroup(cause, title, record.item_kind, record.field, record.hint, [])
            groups[cause] = group
        group.items.append(ErrorItem(record, rows))
    return sorted(groups.values(), key=lambda g: (-len(g.open), -len(g.items), g.title))


def error_days(app: App) -> list[DayCount]:
    """Every day with errors, newest first, with its error rows and the open ones."""
    open_rows = dict(app.store.errors.day_counts(unhandled_only=True))
    return [
        DayCount(day, rows, open_rows.get(day, 0)) for day, rows in app.store.errors.day_counts()
    ]


def mark_handled(app: App, record: ErrorRecord) -> int:
    """The merchant dealt with this item: it leaves the open list until it fails again."""
    return app.store.errors.mark_handled(
        record.integration, record.flow, record.item_key or record.item_id
    )
