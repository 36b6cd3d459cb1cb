"""Decides when the merchant gets a tray notification: at most one per run.

Item failures are counted per run and nothing is said until the run ends; then a failed
run gives one critical message, a run with failed items one warning that names the flow
and the count in plain words, and orders by the name the merchant knows them by ("#1006").
The class holds no widgets, so tests count its signal.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QLocale, QObject, Signal, Slot

from jjdesk.events import ItemFailed, RunFinished
from jjdesk.gui.labels import FlowLabel, title_and_message
from jjdesk.store.runs import RunStatus


class Severity(Enum):
    """How loud a notification is (the tray maps it to its icon)."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class NotifyLevel(Enum):
    """What the merchant wants to hear about (Settings)."""

    ALL = "all"  # also runs that transferred items
    FAILURES = "failures"  # failed runs and items that need attention
    OFF = "off"


LEVEL_KEY = "notify.level"
SUMMARY_KEY = "notify.summary_at"  # "HH:MM", empty = no daily summary
SNOOZE_SECONDS = 3600


class Notifier(QObject):
    """Turns run events into `notify(title, text, severity)`, at most once per run."""

    notify = Signal(str, str, object)  # title, text, Severity

    def __init__(self, flow_label: FlowLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flow_label = flow_label
        self._kinds: dict[int, Counter[str]] = {}
        self._orders: dict[int, list[str]] = {}  # names of the failed orders, per run
        self.level = NotifyLevel.FAILURES
        self._snoozed_until = 0.0
        self.clock: Callable[[], float] = time.monotonic  # tests move time on

    def snooze(self, seconds: float = SNOOZE_SECONDS) -> None:
        """Say nothing for an hour (the tray's Snooze)."""
        self._snoozed_until = self.clock() + seconds

    @property
    def snoozed(self) -> bool:
        """Whether notifications are snoozed right now."""
        return self.clock() < self._snoozed_until

    def _emit(self, title: str, text: str, severity: Severity) -> None:
        if self.level is NotifyLevel.OFF or self.snoozed:
            return
        if severity is Severity.INFO and self.level is not NotifyLevel.ALL:
            return
        self.notify.emit(title, text, severity)

    def summary(self, text: str) -> None:
        """The daily summary (sent unless notifications are off or snoozed)."""
        if self.level is not NotifyLevel.OFF and not self.snoozed:
            self.notify.emit(self.tr("jjdesk today"), text, Severity.INFO)

    @Slot(object)
    def on_item_failed(self, event: ItemFailed) -> None:
        """Remember the failure until its run ends."""
        self._kinds.setdefault(event.run_id, Counter())[event.item_kind] += 1
        if event.item_kind == "order":
            names = self._orders.setdefault(event.run_id, [])
            name = event.label or event.item_id
            if name not in names:
                names.append(name)

    @Slot(object)
    def on_run_finished(self, event: RunFinished) -> None:
        """Say something once if the run failed or left items that need action."""
        kinds = self._kinds.pop(event.run_id, Counter())
        orders = self._orders.pop(event.run_id, [])
        label = self._flow_label(event.integration, event.flow)
        if event.status == RunStatus.FAILED.value:
            detail = title_and_message(event.title, event.message) or self.tr("The run failed.")
            self._emit(self.tr("Sync failed"), f"{label}: {detail}", Severity.CRITICAL)
            return
        count = max(event.failed, sum(kinds.values()))
        if count and event.status != RunStatus.INTERRUPTED.value:
            kind = next(iter(kinds)) if len(kinds) == 1 else ""
            text = f"{label}: {self.attention_text(kind, count, orders)}"
            self._emit(self.tr("Action needed"), text, Severity.WARNING)
        elif event.written and event.status == RunStatus.SUCCEEDED.value:
            text = self.tr("{flow}: {n} items transferred").format(
                flow=label, n=QLocale().toString(event.written)
            )
            self._emit(self.tr("Sync done"), text, Severity.INFO)

    def attention_text(self, kind: str, count: int, orders: list[str] | None = None) -> str:
        """'2 orders need your attention: #1006, #1007', with the item kind when all failed
        items share it (orders named, the first three)."""
        n = QLocale().toString(count)
        if kind == "order":
            names = ", ".join((orders or [])[:3]) + (" …" if len(orders or []) > 3 else "")
            if count == 1 and names:
                return self.tr("Order {name} needs your attention").format(name=names)
            if count == 1:
                return self.tr("1 order needs your attention")
            if names:
                return self.tr("{n} orders need your attention: {names}").format(n=n, names=names)
            return self.tr("{n} orders need your attention").format(n=n)
        if kind == "product":
            if count == 1:
                return self.tr("1 product needs your attention")
            return self.tr("{n} products need your attention").format(n=n)
        if count == 1:
            return self.tr("1 item needs your attention")
        return self.tr("{n} items need your attention").format(n=n)
