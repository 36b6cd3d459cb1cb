"""The Errors tab: grouped by cause — today's "Action needed", the open items, earlier days
with their counts; mark as handled; CSV export.

Above the list, a deletion that waits for the merchant's confirmation (more products
missing in the source than the share they allow) with its "Confirm deletion" button.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jjdesk.app import App, HeldDeletion
from jjdesk.cockpit.causes import (
    DayCount,
    ErrorGroup,
    ErrorItem,
    error_days,
    error_groups,
    mark_handled,
    open_groups,
)
from jjdesk.gui import fmt, labels
from jjdesk.gui.csv_export import write_csv
from jjdesk.gui.errors_model import ErrorsModel
from jjdesk.gui.labels import FlowLabel, error_words, plain_label
from jjdesk.gui.worker import Worker
from jjdesk.store.errors import ErrorRecord

MESSAGE_COLUMN = 4
COLUMN_WIDTHS = (80, 190, 170, 90, 0, 0, 90)  # 0: shares the rest (message, what to do)
SHOWN_KEYS = 10
BURST_MS = 1_000  # while items keep failing, the list is read at most this often


class HeldDeletionBanner(QFrame):
    """One integration's held deletion: what would go, and the button that confirms it."""

    confirm_clicked = Signal(str)  # integration key

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._title = title
        self._key = ""
        self.text = plain_label()
        self.confirm_button = QPushButton(self.tr("Confirm deletion"))
        self.confirm_button.clicked.connect(lambda: self.confirm_clicked.emit(self._key))
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.confirm_button)

    def show_held(self, held: HeldDeletion) -> None:
        """The count, a few product IDs to check, and Confirm unless already confirmed."""
        self._key = held.integration
        self.confirm_button.setEnabled(True)
        self.confirm_button.setVisible(not held.approved)
        if held.approved:
            self.text.setText(
                self.tr(
                    "{integration}: deletion of {count} products confirmed. The next deletion"
                    " check removes them."
                ).format(integration=self._title, count=fmt.number(held.count))
            )
            return
        keys = ", ".join(held.keys[:SHOWN_KEYS]) + (", …" if len(held.keys) > SHOWN_KEYS else "")
        self.text.setText(
            self.tr(
                "{integration}: {count} of {known} products are missing in the source and would"
                " be removed, more than you allow without confirmation. Check them there"
                " (product IDs {keys}); if that is meant so, confirm the deletion."
            ).format(
                integration=self._title,
                count=fmt.number(held.count),
                known=fmt.number(held.known),
                keys=keys,
            )
        )

    def set_busy(self) -> None:
        """Confirm pressed: no second click while the worker saves it."""
        self.confirm_button.setEnabled(False)


OPEN = "open"  # the list entry for what waits now, whatever day it first failed


class ErrorsTab(QWidget):
    """Errors by cause for one day (today: "Action needed") or everything still open.

    Left: the open items and every day with errors, with their counts. Right: the groups
    ("Invalid image link — 37 products"), each expandable to its items; an item opens
    the product or order view (double-click or Enter) and can be marked as handled.
    The flat table below the groups is what the CSV export writes.
    """

    open_product = Signal(str)  # product ID
    open_order = Signal(str)  # order number as the merchant knows it

    def __init__(
        self, app: App, worker: Worker, flow_label: FlowLabel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self._flow_label = flow_label
        self._selection: date | str = date.today()
        self._filter: tuple[str, str] = ("", "")
        self.model = ErrorsModel(flow_label, self)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.days = QListWidget()
        self.days.setMaximumWidth(260)
        self.days.itemSelectionChanged.connect(self._day_picked)
        self.groups = QTreeWidget()
        self.groups.setHeaderLabels(
            [
                self.tr("Cause / item"),
                self.tr("Integration"),
                self.tr("Message"),
                self.tr("What to do"),
            ]
        )
        self.groups.setWordWrap(True)
        self.groups.setAlternatingRowColors(True)
        self.groups.itemActivated.connect(self._activated)
        self.groups.currentItemChanged.connect(lambda *_: self._sync_buttons())
        self.groups.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.groups.setColumnWidth(0, 300)
        self.groups.setColumnWidth(1, 170)
        self.groups.setColumnWidth(2, 380)
        self.handled_button = QPushButton(self.tr("Mark as handled"))
        self.handled_button.clicked.connect(self.mark_current_handled)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(lambda: self._activated(self.groups.currentItem(), 0))
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self.export_csv)
        self.filter_label = QLabel()
        self.clear_filter = QPushButton(self.tr("Show all integrations"))
        self.clear_filter.clicked.connect(lambda: self.show_open("", ""))
        self.status_label = plain_label()
        self.held: dict[str, HeldDeletionBanner] = {}
        self._held_column = QVBoxLayout()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(True)
        # Widths and heights are set, never measured from the rows: measuring thousands of
        # rows after every refresh would stall the window. Message and what-to-do share
        # the width and wrap over two lines; the tooltip shows each in full.
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(COLUMN_WIDTHS):
            if width:
                self.view.setColumnWidth(column, width)
        for column in (MESSAGE_COLUMN, MESSAGE_COLUMN + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().lineSpacing() * 2 + 8)
        self.details = QToolButton()
        self.details.setText(self.tr("Every error row"))
        self.details.setCheckable(True)
        self.details.toggled.connect(self.view.setVisible)
        self.view.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.filter_label)
        top.addWidget(self.clear_filter)
        top.addWidget(self.open_button)
        top.addWidget(self.handled_button)
        top.addWidget(self.export_button)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addLayout(self._held_column)
        right.addWidget(self.groups, 3)
        right.addWidget(self.details)
        right.addWidget(self.view, 2)
        right.addWidget(self.status_label)
        body = QHBoxLayout(self)
        body.addWidget(self.days)
        body.addLayout(right, 1)
        self._burst = QTimer(self)
        self._burst.setSingleShot(True)
        self._burst.setInterval(BURST_MS)
        self._burst.timeout.connect(self.refresh)
        self._stale = False
        self._sync_buttons()
        self._read()

    def showEvent(self, event: QShowEvent) -> None:
        """Read what failed while the tab was hidden."""
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._read()

    def day(self) -> date:
        """The day shown (today while the open items are shown)."""
        return self._selection if isinstance(self._selection, date) else date.today()

    def show_today(self) -> None:
        """Jump to today (the tray notification leads here)."""
        self._selection = date.today()
        self._filter = ("", "")
        self.refresh()

    def show_day(self, day: date) -> None:
        """One day's errors (a day of the overview's chart)."""
        self._selection = day
        self._filter = ("", "")
        self.refresh()

    def show_open(self, integration: str, flow: str) -> None:
        """What waits now, of one integration (and flow): a number on the overview."""
        self._selection = OPEN
        self._filter = (integration, flow)
        self.refresh()

    def on_new_error(self) -> None:
        """An item failed just now: re-read the list, once for a burst, at most once a
        second while it lasts."""
        if (self._selection == date.today() or self._selection == OPEN) and (
            not self._burst.isActive()
        ):
            self._burst.start()

    def refresh(self) -> None:
        """Read the days, the groups and the rows of the selection in the worker; while
        the tab is hidden, when it is shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._read()

    def _read(self) -> None:
        selection, (integration, flow) = self._selection, self._filter
        if selection == OPEN:
            self.heading.setText(self.tr("Open items to fix"))
        elif selection == date.today():
            self.heading.setText(self.tr("Action needed"))
        else:
            assert isinstance(selection, date)
            self.heading.setText(self.tr("Errors on {day}").format(day=fmt.local_date(selection)))
        if integration:
            title = self._app.integrations[integration].title
            self.filter_label.setText(self._flow_label(integration, flow) if flow else title)
        self.filter_label.setVisible(bool(integration))
        self.clear_filter.setVisible(bool(integration))

        def read() -> tuple[list[DayCount], list[ErrorGroup], list[ErrorRecord]]:
            days = error_days(self._app)
            if selection == OPEN:
                groups = open_groups(self._app, integration, flow)
                rows = [i.record for g in groups for i in g.items]
            else:
                assert isinstance(selection, date)
                groups = error_groups(self._app, selection)
                rows = self._app.store.errors.on_day(selection)
            return days, groups, rows

        self._worker.submit(read, lambda result: self._loaded(selection, *result))
        self._worker.submit(self._app.held_deletions, self._show_held)

    def _show_held(self, held: list[HeldDeletion]) -> None:
        keep = {h.integration for h in held}
        for key in [k for k in self.held if k not in keep]:
            self.held.pop(key).deleteLater()
        for item in held:
            banner = self.held.get(item.integration)
            if banner is None:
                banner = HeldDeletionBanner(self._app.integrations[item.integration].title)
                banner.confirm_clicked.connect(self.confirm_deletion)
                self.held[item.integration] = banner
                self._held_column.addWidget(banner)
            banner.show_held(item)

    def confirm_deletion(self, integration: str) -> None:
        """The merchant confirms a held deletion (saved in the worker)."""
        self.held[integration].set_busy()
        self._worker.submit(
            lambda: self._app.approve_deletion(integration),
            lambda _: self._worker.submit(self._app.held_deletions, self._show_held),
            lambda exc: self.status_label.setText(error_words(exc)),
        )

    def _loaded(
        self,
        selection: date | str,
        days: list[DayCount],
        groups: list[ErrorGroup],
        records: list[ErrorRecord],
    ) -> None:
        if selection != self._selection:
            return  # the merchant picked another entry meanwhile
        self._fill_days(days)
        self._fill_groups(groups)
        self.model.set_records(records)
        self.export_button.setEnabled(bool(records))
        if not groups:
            self.status_label.setText(
                self.tr("Nothing to fix.")
                if selection == OPEN
                else self.tr("No errors on this day.")
            )
        else:
            items = sum(len(g.items) for g in groups)
            self.status_label.setText(
                self.tr("{n} errors").format(n=fmt.number(len(records)))
                + " · "
                + self.tr("{items} items, {open} open").format(
                    items=fmt.number(items), open=fmt.number(sum(len(g.open) for g in groups))
                )
            )

    def _fill_days(self, days: list[DayCount]) -> None:
        self.days.blockSignals(True)
        self.days.clear()
        entry = QListWidgetItem(self.tr("Open items to fix"))
        entry.setData(Qt.ItemDataRole.UserRole, OPEN)
        self.days.addItem(entry)
        today = date.today()
        listed = [d for d in days if d.day != today]
        counts = next((d for d in days if d.day == today), DayCount(today, 0, 0))
        for item in [counts, *listed]:
            name = (
                self.tr("Today (action needed)") if item.day == today else fmt.local_date(item.day)
            )
            text = self.tr("{day} — {n} errors").format(day=name, n=fmt.number(item.errors))
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, item.day.isoformat())
            self.days.addItem(row)
        for number in range(self.days.count()):
            data = self.days.item(number).data(Qt.ItemDataRole.UserRole)
            current = self._selection if self._selection == OPEN else self.day().isoformat()
            if data == current:
                self.days.setCurrentRow(number)
        self.days.blockSignals(False)

    def _day_picked(self) -> None:
        item = self.days.currentItem()
        if item is None:
            return
        data = str(item.data(Qt.ItemDataRole.UserRole))
        self._selection = OPEN if data == OPEN else date.fromisoformat(data)
        if data != OPEN:
            self._filter = ("", "")
        self.refresh()

    def _fill_groups(self, groups: list[ErrorGroup]) -> None:
        expanded = set()
        for number in range(self.groups.topLevelItemCount()):
            node = self.groups.topLevelItem(number)
            if node is not None and node.isExpanded():
                expanded.add(node.data(0, Qt.ItemDataRole.UserRole))
        self.groups.clear()
        for group in groups:
            top = QTreeWidgetItem(
                [
                    self.tr("{cause} — {count}").format(
                        cause=group.title, count=count_text(group.item_kind, len(group.open))
                    ),
                    "",
                    "",
                    group.hint,
                ]
            )
            top.setData(0, Qt.ItemDataRole.UserRole, group.cause)
            top.setToolTip(0, labels.plain_tooltip(group.title))
            top.setToolTip(3, labels.plain_tooltip(group.hint))
            bold = QFont(top.font(0))
            bold.setBold(True)
            top.setFont(0, bold)
            for item in group.items:
                record = item.record
                name = f"{labels.item_kind_text(record.item_kind)} {record.item}"
                if item.handled:
                    name = self.tr("{item} (handled)").format(item=name)
                child = QTreeWidgetItem(
                    [
                        name,
                        self._flow_label(record.integration, record.flow),
                        record.message,
                        record.hint,
                    ]
                )
                child.setData(0, Qt.ItemDataRole.UserRole, item)
                child.setToolTip(2, labels.plain_tooltip(record.message))
                child.setToolTip(3, labels.plain_tooltip(record.hint))
                if item.handled:
                    child.setForeground(0, labels.off_colour())
                top.addChild(child)
            self.groups.addTopLevelItem(top)
            top.setExpanded(group.cause in expanded or len(groups) == 1)
        self._sync_buttons()

    def current_item(self) -> ErrorItem | None:
        """The item selected in the groups, if an item (not a group) is selected."""
        node = self.groups.currentItem()
        data = node.data(0, Qt.ItemDataRole.UserRole) if node is not None else None
        return data if isinstance(data, ErrorItem) else None

    def _sync_buttons(self) -> None:
        item = self.current_item()
        self.handled_button.setEnabled(item is not None and not item.handled)
        self.open_button.setEnabled(item is not None)

    def _activated(self, node: QTreeWidgetItem | None, _column: int) -> None:
        data = node.data(0, Qt.ItemDataRole.UserRole) if node is not None else None
        if not isinstance(data, ErrorItem):
            return
        record = data.record
        if record.item_kind == "order":
            self.open_order.emit(record.label or record.item_key or record.item_id)
        else:
            self.open_product.emit(record.item_key or record.item_id)

    def mark_current_handled(self) -> None:
        """The selected item is dealt with: it leaves the open items (saved in the worker)."""
        item = self.current_item()
        if item is None:
            return
        self.handled_button.setEnabled(False)
        self._worker.submit(
            lambda: mark_handled(self._app, item.record),
            lambda _: self.refresh(),
            lambda exc: self.status_label.setText(error_words(exc)),
        )

    def export_csv(self) -> None:
        """Ask for a file name, then write the shown rows in the worker."""
        name = f"jjdesk-errors-{self.day().isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export errors"), name, self.tr("CSV files (*.csv)")
        )
        if not path:
            return
        header = list(self.model.headers)
        rows = [self.model.cells(r) for r in range(self.model.rowCount())]
        self._worker.submit(
            lambda: write_csv(Path(path), header, rows),
            lambda written: self.status_label.setText(
                self.tr("Saved to {path}").format(path=str(written))
            ),
            lambda exc: self.status_label.setText(
                self.tr("Could not save the file: {error}").format(error=error_words(exc))
            ),
        )


def count_text(kind: str, count: int) -> str:
    """'37 products', '1 order', '2 items'."""
    n = fmt.number(count)
    if kind == "order":
        if count == 1:
            return QCoreApplication.translate("Errors", "1 order")
        return QCoreApplication.translate("Errors", "{n} orders").format(n=n)
    if kind == "product":
        if count == 1:
            return QCoreApplication.translate("Errors", "1 product")
        return QCoreApplication.translate("Errors", "{n} products").format(n=n)
    if count == 1:
        return QCoreApplication.translate("Errors", "1 item")
    return QCoreApplication.translate("Errors", "{n} items").format(n=n)
