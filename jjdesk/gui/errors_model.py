"""The Errors table: one row per failed item of one day."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from jjdesk.gui import fmt, labels
from jjdesk.gui.labels import FlowLabel
from jjdesk.store.errors import ErrorRecord

_Index = QModelIndex | QPersistentModelIndex


class ErrorsModel(QAbstractTableModel):
    """Time, integration, item, field, message, hint, attempt — what the merchant has to fix.

    Messages and hints may carry remote systems' words: tooltips show them as plain text.
    """

    def __init__(self, flow_label: FlowLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flow_label = flow_label
        self._records: list[ErrorRecord] = []
        self._cells: dict[int, list[str]] = {}  # rows as text, made when first shown
        self.headers = [
            self.tr("Time"),
            self.tr("Integration"),
            self.tr("Item"),
            self.tr("Field"),
            self.tr("Message"),
            self.tr("What to do"),
            self.tr("Attempt"),
        ]

    def set_records(self, records: list[ErrorRecord]) -> None:
        """Show another day's errors."""
        self.beginResetModel()
        self._records = records
        self._cells = {}
        self.endResetModel()

    def cells(self, row: int) -> list[str]:
        """One row as text (the table and the CSV export show the same)."""
        found = self._cells.get(row)
        if found is None:
            found = self._cells[row] = self._texts(self._records[row])
        return found

    def _texts(self, r: ErrorRecord) -> list[str]:
        return [
            fmt.local_time(r.at),
            self._flow_label(r.integration, r.flow),
            f"{labels.item_kind_text(r.item_kind)} {r.item}",
            r.field,
            r.message,
            r.hint,
            self.tr("Attempt {n}").format(n=fmt.number(r.attempt)),
        ]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(index.row())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return labels.plain_tooltip(self.cells(index.row())[index.column()])
        return None
