"""Editors for the structured options: a two-column table and a list ticked from live choices.

Both hand their value to the Settings tab as the JSON text `OptionSpec.check` expects;
the live choices are loaded through the tab's worker (they come from the remote system).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jjdesk import i18n as core_i18n
from jjdesk.integrations.base import OptionSpec, list_of, table_of


class TableEditor(QWidget):
    """Rows of "left → right"; an empty row at the end adds one, clearing a left cell removes it."""

    changed = Signal(str)

    def __init__(self, option: OptionSpec, value: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._option = option
        self.table = QTableWidget(0, 2)
        assert option.table_columns
        self.table.setHorizontalHeaderLabels([core_i18n.text(k) for k in option.table_columns])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        for left, right in table_of(value).items():
            self._add_row(left, right)
        self._add_row("", "")
        self.table.itemChanged.connect(self._edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def value(self) -> str:
        """The table as JSON text (rows without a left value are left out)."""
        rows: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            left = item.text().strip() if item else ""
            if left:
                rows[left] = self._right(row)
        return json.dumps(rows, ensure_ascii=False, sort_keys=True)

    def _right(self, row: int) -> str:
        widget = self.table.cellWidget(row, 1)
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        item = self.table.item(row, 1)
        return item.text().strip() if item else ""

    def _add_row(self, left: str, right: str) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(left))
        if self._option.table_values:
            combo = QComboBox()
            combo.addItem("", "")
            for allowed in self._option.table_values:
                combo.addItem(allowed, allowed)
            combo.setCurrentIndex(max(0, combo.findData(right)))
            combo.currentIndexChanged.connect(lambda _: self._edited())
            self.table.setCellWidget(row, 1, combo)
        else:
            self.table.setItem(row, 1, QTableWidgetItem(right))
        self.table.blockSignals(False)

    def _edited(self, *_: object) -> None:
        last = self.table.item(self.table.rowCount() - 1, 0)
        if last is not None and last.text().strip():
            self._add_row("", "")
        self.changed.emit(self.value())


class ChoiceListEditor(QWidget):
    """Entries ticked from what the remote system offers; loaded when asked for."""

    changed = Signal(str)
    load_requested = Signal()

    def __init__(self, value: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.load = QPushButton(self.tr("Load from the shop"))
        self.load.clicked.connect(self.load_requested.emit)
        self._chosen = list_of(value)
        self.show_choices([(v, v) for v in self._chosen])
        self.list.itemChanged.connect(self._toggled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.load)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    def show_choices(self, choices: list[tuple[str, str]]) -> None:
        """List what can be chosen (value, label); the chosen ones stay ticked."""
        self.list.blockSignals(True)
        self.list.clear()
        offered = dict(choices)
        for value in self._chosen:
            offered.setdefault(value, value)  # chosen before, not offered now: still shown
        for value, label in offered.items():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = value in self._chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def value(self) -> str:
        """The ticked entries as JSON text."""
        return json.dumps(self._chosen, ensure_ascii=False)

    def _toggled(self, _: QListWidgetItem) -> None:
        self._chosen = [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.list.item(i) for i in range(self.list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]
        self.changed.emit(self.value())


def connect_loader(
    editor: ChoiceListEditor,
    load: Callable[[], list[tuple[str, str]]],
    submit: Callable[..., object],
    failed: Callable[[Exception], None],
) -> None:
    """Load the choices in the worker when the merchant asks for them."""

    def loaded(choices: list[tuple[str, str]]) -> None:
        editor.load.setEnabled(True)
        editor.show_choices(choices)

    def failure(exc: Exception) -> None:
        editor.load.setEnabled(True)
        failed(exc)

    def start() -> None:
        editor.load.setEnabled(False)
        submit(load, loaded, failure)

    editor.load_requested.connect(start)
