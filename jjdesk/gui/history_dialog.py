"""A flow's run history: when, how long, how many items, and the result of every run."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jjdesk.app import App
from jjdesk.gui import fmt, labels
from jjdesk.gui.worker import Worker
from jjdesk.store.runs import RunRecord


class HistoryDialog(QDialog):
    """The newest runs of one flow first; read in the worker."""

    def __init__(
        self, app: App, worker: Worker, integration: str, flow: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        spec = app.integrations[integration]
        self.setWindowTitle(
            self.tr("Run history – {flow}").format(flow=f"{spec.title} – {spec.flow(flow).title}")
        )
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Started"),
                self.tr("Duration"),
                self.tr("Read"),
                self.tr("Written"),
                self.tr("Failed"),
                self.tr("Result"),
                self.tr("Trigger"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(820, 420)
        self.records: list[RunRecord] = []
        worker.submit(lambda: app.store.runs.of_flow(integration, flow), self._show)

    def _show(self, records: list[RunRecord]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        for row, run in enumerate(records):
            result = labels.status_text(run.status)
            detail = labels.title_and_message(run.title, run.message)
            if detail:
                result = f"{result}: {detail}"
            trigger = {
                "manual": self.tr("Run now"),
                "schedule": self.tr("Timetable"),
                "product": self.tr("One product"),
            }.get(run.trigger, run.trigger)
            if run.dry_run:
                trigger = self.tr("{trigger} (preview)").format(trigger=trigger)
            cells = [
                fmt.local_datetime(run.started),
                fmt.duration(run.seconds),
                fmt.number(run.read),
                fmt.number(run.written),
                fmt.number(run.failed),
                result,
                trigger,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 5:
                    colour = labels.status_colour(run.status)
                    if colour is not None:
                        item.setForeground(colour)
                    item.setToolTip(labels.plain_tooltip(result))
                self.table.setItem(row, column, item)

    def result_text(self, row: int) -> str:
        """The Result cell of a row (tests read it)."""
        item = self.table.item(row, 5)
        return item.text() if item is not None else ""
