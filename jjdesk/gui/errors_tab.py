"""The Errors tab: today's "Action needed", earlier days by date, CSV export.

Above the list, a deletion that waits for the merchant's confirmation (more products
missing in the source than the share they allow) with its "Confirm deletion" button.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jjdesk.app import App, HeldDeletion
from jjdesk.gui import fmt
from jjdesk.gui.csv_export import write_csv
from jjdesk.gui.errors_model import ErrorsModel
from jjdesk.gui.labels import FlowLabel, error_words, plain_label
from jjdesk.gui.worker import Worker
from jjdesk.store.errors import ErrorRecord

MESSAGE_COLUMN = 4
SHOWN_KEYS = 10


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


class ErrorsTab(QWidget):
    """Shows the errors of one day; follows new errors live while showing today."""

    def __init__(
        self, app: App, worker: Worker, flow_label: FlowLabel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.model = ErrorsModel(flow_label, self)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.day_edit = QDateEdit(QDate.currentDate())
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setMaximumDate(QDate.currentDate())
        self.day_edit.dateChanged.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self.export_csv)
        self.status_label = plain_label()
        self.held: dict[str, HeldDeletionBanner] = {}
        self._held_column = QVBoxLayout()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # message and what-to-do share the width and wrap, so both are read in full
        for column in (MESSAGE_COLUMN, MESSAGE_COLUMN + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(self.tr("Day:")))
        top.addWidget(self.day_edit)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self._held_column)
        layout.addWidget(self.view)
        layout.addWidget(self.status_label)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.refresh)
        self.refresh()

    def day(self) -> date:
        """The day shown."""
        return self.day_edit.date().toPython()  # type: ignore[return-value]

    def show_today(self) -> None:
        """Jump to today (the tray notification leads here)."""
        self.day_edit.setMaximumDate(QDate.currentDate())
        if self.day_edit.date() == QDate.currentDate():
            self.refresh()
        else:
            self.day_edit.setDate(QDate.currentDate())

    def on_new_error(self) -> None:
        """An item failed just now: re-read today's list (a burst causes one read)."""
        if self.day() == date.today():
            self._debounce.start()

    def refresh(self) -> None:
        """Read the shown day's errors in the worker."""
        day = self.day()
        if day == date.today():
            self.heading.setText(self.tr("Action needed"))
        else:
            self.heading.setText(self.tr("Errors on {day}").format(day=fmt.local_date(day)))
        self._worker.submit(
            lambda: self._app.store.errors.on_day(day), lambda rows: self._loaded(day, rows)
        )
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

    def _loaded(self, day: date, records: list[ErrorRecord]) -> None:
        if day != self.day():
            return  # the merchant picked another day meanwhile
        self.model.set_records(records)
        self.export_button.setEnabled(bool(records))
        self.status_label.setText(
            self.tr("No errors on this day.")
            if not records
            else self.tr("{n} errors").format(n=fmt.number(len(records)))
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
