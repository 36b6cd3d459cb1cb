"""The Status table: one row per flow, filled from a store snapshot and live run events."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from jjdesk.app import App
from jjdesk.domain.timestamps import utcnow
from jjdesk.events import RunFinished, RunProgress, RunStarted
from jjdesk.gui import fmt, labels
from jjdesk.store.runs import RunStatus

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class FlowRow:
    """What the Status tab shows of one flow."""

    integration: str
    flow: str
    label: str
    status: RunStatus | None = None
    started: datetime | None = None
    seconds: float | None = None
    read: int = 0
    written: int = 0
    failed: int = 0
    problem: str = ""
    next_run: datetime | None = None
    done: int = 0
    total: int | None = None
    enabled: bool = True  # switched off in Settings: not scheduled, no Run now
    setting_problem: str = ""  # its interval as stored does not fit: shown instead of a time

    @property
    def running(self) -> bool:
        """Whether a run of this flow is going on."""
        return self.status is RunStatus.RUNNING


def load_status(app: App) -> tuple[list[FlowRow], bool]:
    """Read the rows and the paused state (worker thread: touches SQLite)."""
    latest = app.store.runs.latest_per_flow()
    rows = []
    for ref in app.flow_refs():
        row = FlowRow(
            ref.integration,
            ref.flow,
            f"{ref.integration_title} – {ref.flow_title}",
            next_run=app.scheduler.next_run(ref.integration, ref.flow),
            enabled=ref.enabled,
            setting_problem=ref.problem,
        )
        last = latest.get((ref.integration, ref.flow))
        if last is not None:
            row = replace(
                row,
                status=last.status,
                started=last.started,
                seconds=last.seconds,
                read=last.read,
                written=last.written,
                failed=last.failed,
                problem=labels.title_and_message(last.title, last.message),
            )
        rows.append(row)
    return rows, app.paused


class StatusModel(QAbstractTableModel):
    """Rows of `FlowRow`; the last column is left empty for the row's buttons."""

    FLOW, LAST_RUN, DURATION, READ, WRITTEN, FAILED, STATUS, NEXT_RUN, ACTIONS = range(9)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FlowRow] = []
        self._paused = False
        self._seq = 0
        self._touched: dict[tuple[str, str], int] = {}
        self._headers = [
            self.tr("Flow"),
            self.tr("Last run"),
            self.tr("Duration"),
            self.tr("Read"),
            self.tr("Written"),
            self.tr("Failed"),
            self.tr("Status"),
            self.tr("Next run"),
            "",
        ]

    # --- filling ---------------------------------------------------------------------

    def token(self) -> int:
        """A mark taken before a snapshot is read; see `set_rows`."""
        return self._seq

    def set_rows(self, rows: list[FlowRow], paused: bool, token: int) -> None:
        """Replace the rows with a snapshot read after `token` was taken.

        A flow that had an event since then keeps what the event said (the snapshot may
        have been read just before it); it only takes the next run time from the snapshot.
        """
        fresher = {
            key: row for key, row in self._by_key().items() if self._touched.get(key, 0) > token
        }
        merged = []
        for row in rows:
            kept = fresher.get((row.integration, row.flow))
            merged.append(
                replace(
                    kept,
                    next_run=row.next_run,
                    enabled=row.enabled,
                    setting_problem=row.setting_problem,
                )
                if kept
                else row
            )
        self._paused = paused
        if [(r.integration, r.flow) for r in merged] == list(self._by_key()):
            self._rows = merged  # same flows: update in place, the row widgets stay
            if merged:
                self.dataChanged.emit(self.index(0, 0), self.index(len(merged) - 1, self.ACTIONS))
            return
        self.beginResetModel()
        self._rows = merged
        self.endResetModel()

    def _by_key(self) -> dict[tuple[str, str], FlowRow]:
        return {(r.integration, r.flow): r for r in self._rows}

    def row(self, number: int) -> FlowRow:
        """One row's data."""
        return self._rows[number]

    def find(self, integration: str, flow: str) -> int:
        """The row number of a flow, -1 when it is not listed."""
        for number, row in enumerate(self._rows):
            if (row.integration, row.flow) == (integration, flow):
                return number
        return -1

    def on_started(self, event: RunStarted) -> None:
        """A run began: counters start at zero."""
        self._update(
            event.integration,
            event.flow,
            status=RunStatus.RUNNING,
            started=utcnow(),
            seconds=None,
            read=0,
            written=0,
            failed=0,
            problem="",
            done=0,
            total=None,
        )

    def on_progress(self, event: RunProgress) -> None:
        """Counters and progress of the running run."""
        self._update(
            event.integration,
            event.flow,
            status=RunStatus.RUNNING,
            read=event.read,
            written=event.written,
            failed=event.failed,
            done=event.done,
            total=event.total,
        )

    def on_finished(self, event: RunFinished) -> None:
        """The run's final counts and state."""
        self._update(
            event.integration,
            event.flow,
            status=RunStatus(event.status),
            seconds=event.seconds,
            read=event.read,
            written=event.written,
            failed=event.failed,
            problem=labels.title_and_message(event.title, event.message),
        )

    def _update(self, integration: str, flow: str, **changes: Any) -> None:
        self._seq += 1
        self._touched[(integration, flow)] = self._seq
        number = self.find(integration, flow)
        if number < 0:
            return
        self._rows[number] = replace(self._rows[number], **changes)
        self.dataChanged.emit(self.index(number, 0), self.index(number, self.ACTIONS))

    # --- Qt model --------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and not row.enabled:
            return labels.off_colour()
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return labels.status_colour(row.status)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS and row.problem:
            return labels.plain_tooltip(row.problem)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NEXT_RUN:
            return labels.plain_tooltip(row.setting_problem)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.READ,
            self.WRITTEN,
            self.FAILED,
            self.DURATION,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: FlowRow, column: int) -> str:
        never = row.status is None
        if column == self.FLOW:
            return row.label
        if column == self.LAST_RUN:
            return fmt.local_datetime(row.started)
        if column == self.DURATION:
            return "" if row.running else fmt.duration(row.seconds)
        if column in (self.READ, self.WRITTEN, self.FAILED):
            value = {self.READ: row.read, self.WRITTEN: row.written, self.FAILED: row.failed}
            return "" if never else fmt.number(value[column])
        if column == self.STATUS:
            text = labels.status_text(row.status)
            return (
                f"{text}: {row.problem}" if row.status is RunStatus.FAILED and row.problem else text
            )
        if column == self.NEXT_RUN:
            if row.setting_problem:
                return self.tr("Off: {problem}").format(problem=row.setting_problem)
            if not row.enabled:
                return self.tr("Off")
            return self.tr("Paused") if self._paused else fmt.local_datetime(row.next_run)
        return ""
