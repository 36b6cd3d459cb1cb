"""The Status tab: every flow's last and next run, Run now / Cancel, Pause all."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jjdesk.app import App, RunRequest
from jjdesk.domain.timestamps import utcnow
from jjdesk.events import RunFinished, RunProgress, RunStarted
from jjdesk.gui import fmt
from jjdesk.gui.labels import error_words, plain_label
from jjdesk.gui.status_model import FlowRow, StatusModel, load_status
from jjdesk.gui.worker import Worker

REFRESH_MS = 30_000


class RowActions(QWidget):
    """Run now, or while running a progress bar and Cancel."""

    run_clicked = Signal()
    cancel_clicked = Signal()
    history_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setFormat("%v / %m")
        self.remaining = QLabel()
        self.run_button = QPushButton(self.tr("Run now"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.history_button = QPushButton(self.tr("History"))
        self.run_button.clicked.connect(self.run_clicked)
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.history_button.clicked.connect(self.history_clicked)
        for widget in (
            self.progress,
            self.remaining,
            self.run_button,
            self.cancel_button,
            self.history_button,
        ):
            layout.addWidget(widget)
        self.show_row(None)

    def show_row(self, row: FlowRow | None) -> None:
        """Match the buttons to the row's state (a switched-off flow offers no Run now)."""
        running = row is not None and row.running
        enabled = row is None or row.enabled
        self.progress.setVisible(running)
        self.remaining.setVisible(running)
        self.cancel_button.setVisible(running)
        self.run_button.setVisible(not running)
        self.run_button.setEnabled(enabled)
        self.run_button.setToolTip("" if enabled else self.tr("Switched off in Settings"))
        if row is None or not running:
            return
        if row.total:
            self.progress.setRange(0, row.total)
            self.progress.setValue(min(row.done, row.total))
            self.remaining.setText(remaining_text(row))
        else:
            self.progress.setRange(0, 0)  # busy: the total is not known yet
            self.remaining.setText("")


def remaining_text(row: FlowRow) -> str:
    """'about 3 min left', from the pace so far; empty while it cannot be told."""
    if not row.total or not row.done or row.started is None:
        return ""
    elapsed = (utcnow() - row.started).total_seconds()
    left = elapsed / row.done * max(0, row.total - row.done)
    return QCoreApplication.translate("RowActions", "about {time} left").format(
        time=fmt.duration(left)
    )


class StatusTab(QWidget):
    """Rows update live from run events and every half minute from the store."""

    paused_changed = Signal(bool)
    history_requested = Signal(str, str)

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.model = StatusModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        # sized to the contents after each read from the store, not on every progress event
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.pause_button = QPushButton()
        self.pause_button.clicked.connect(self.toggle_pause)
        self.paused_label = QLabel()
        self.message = plain_label()
        self._paused: bool | None = None  # unknown until the first read
        self._unfitted = False
        header = QHBoxLayout()
        header.addWidget(self.paused_label, 1)
        header.addWidget(self.pause_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        self.model.modelReset.connect(self._build_actions)
        self.model.dataChanged.connect(self._sync_actions)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.pause_button.setEnabled(False)
        self._show_paused(False)
        self.refresh()

    def refresh(self) -> None:
        """Read the rows from the store in the worker; the table follows."""
        token = self.model.token()
        self._worker.submit(
            lambda: load_status(self._app),
            lambda result: self._loaded(result[0], result[1], token),
        )

    def _loaded(self, rows: list[FlowRow], paused: bool, token: int) -> None:
        self.model.set_rows(rows, paused, token)
        self._set_paused(paused)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Column widths to the texts: measuring asks the model for every cell, so a
        hidden tab does it when it is shown."""
        if self.isVisible():
            self._unfitted = False
            self.view.resizeColumnsToContents()
        else:
            self._unfitted = True

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the columns to what changed while the tab was hidden."""
        super().showEvent(event)
        if self._unfitted:
            self._fit_columns()

    def row_actions(self, number: int) -> RowActions:
        """The button widget of a row."""
        widget = self.view.indexWidget(self.model.index(number, StatusModel.ACTIONS))
        assert isinstance(widget, RowActions)
        return widget

    # --- live events -----------------------------------------------------------------

    def on_started(self, event: RunStarted) -> None:
        """A run began."""
        self.model.on_started(event)

    def on_progress(self, event: RunProgress) -> None:
        """A run made progress."""
        self.model.on_progress(event)

    def on_finished(self, event: RunFinished) -> None:
        """A run ended: show its result at once, then re-read next run times."""
        self.model.on_finished(event)
        self.refresh()

    # --- buttons ---------------------------------------------------------------------

    def run_now(self, integration: str, flow: str) -> None:
        """Start one flow; the worker checks the run lock (a file) and queues the job."""
        self.message.clear()
        self._worker.submit(
            lambda: self._app.run_now(integration, flow),
            lambda answer: self._run_requested(integration, flow, answer),
            self._failed,
        )

    def _run_requested(self, integration: str, flow: str, answer: RunRequest) -> None:
        if answer is RunRequest.ELSEWHERE:
            number = self.model.find(integration, flow)
            label = self.model.row(number).label if number >= 0 else f"{integration} {flow}"
            self.message.setText(
                self.tr(
                    "{flow} is running in another jjdesk right now (for example `jjdesk run`)."
                    " Try again when it has finished."
                ).format(flow=label)
            )

    def run_all(self) -> None:
        """Start every listed flow that is switched on and not running."""
        for number in range(self.model.rowCount()):
            row = self.model.row(number)
            if row.enabled:
                self.run_now(row.integration, row.flow)

    def cancel(self, integration: str, flow: str) -> None:
        """Ask a running flow to stop at its next page."""
        self._app.runner.cancel(integration, flow)

    def toggle_pause(self) -> None:
        """Pause or resume the timetable, saved for the next start (Run now keeps working)."""
        if self._paused is None:
            return
        pause = not self._paused
        self.pause_button.setEnabled(False)
        self._worker.submit(
            lambda: self._app.pause_all() if pause else self._app.resume_all(),
            lambda _: self.refresh(),
            self._failed,
        )

    def _set_paused(self, paused: bool) -> None:
        changed = paused != self._paused
        self._paused = paused
        self.pause_button.setEnabled(True)
        self._show_paused(paused)
        if changed:
            self.paused_changed.emit(paused)

    def _show_paused(self, paused: bool) -> None:
        self.pause_button.setText(self.tr("Resume all") if paused else self.tr("Pause all"))
        self.paused_label.setText(
            self.tr("Scheduled runs are paused. Run now still works.") if paused else ""
        )

    def _failed(self, exc: Exception) -> None:
        self.pause_button.setEnabled(self._paused is not None)
        self.message.setText(error_words(exc))

    def _build_actions(self) -> None:
        for number in range(self.model.rowCount()):
            row = self.model.row(number)
            actions = RowActions()
            actions.run_clicked.connect(lambda i=row.integration, f=row.flow: self.run_now(i, f))
            actions.cancel_clicked.connect(lambda i=row.integration, f=row.flow: self.cancel(i, f))
            actions.history_clicked.connect(
                lambda i=row.integration, f=row.flow: self.history_requested.emit(i, f)
            )
            actions.show_row(row)
            self.view.setIndexWidget(self.model.index(number, StatusModel.ACTIONS), actions)
        self.view.resizeColumnsToContents()

    def _sync_actions(self) -> None:
        for number in range(self.model.rowCount()):
            self.row_actions(number).show_row(self.model.row(number))
