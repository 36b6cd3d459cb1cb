"""The Level rules tab: per integration, which Afterbuy level leads to which action."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jjdesk.app import App
from jjdesk.domain.levels import (
    MAX_LEVEL,
    ExportAction,
    LevelRange,
    LevelRuleError,
    LevelRules,
    StockAction,
)
from jjdesk.gui import labels
from jjdesk.gui.labels import error_words, plain_label
from jjdesk.gui.worker import Worker

OK_STYLE = "color: #2e7d32;"
ERROR_STYLE = "color: #c62828; font-weight: bold;"


class LevelEditor(QWidget):
    """An editable table of level ranges of one integration; Save validates first."""

    save_requested = Signal(object)  # LevelRules

    FROM, TO, EXPORT, STOCK = range(4)

    def __init__(self, defaults: LevelRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._defaults = defaults
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("From level"), self.tr("To level"), self.tr("Product"), self.tr("Stock")]
        )
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = plain_label()
        add = QPushButton(self.tr("Add range"))
        remove = QPushButton(self.tr("Remove range"))
        self.save_button = QPushButton(self.tr("Save"))
        reset = QPushButton(self.tr("Reset to defaults"))
        add.clicked.connect(self.add_range)
        remove.clicked.connect(self.remove_range)
        self.save_button.clicked.connect(self.save)
        reset.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        for button in (add, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (reset, self.save_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "The Afterbuy level of a product decides what happens to it in this channel."
                    " Every level from 0 to 15 must be in exactly one range; a product without"
                    " a level counts as level 0."
                )
            )
        )
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def set_rules(self, rules: LevelRules) -> None:
        """Fill the table."""
        self.table.setRowCount(0)
        for r in rules.ranges:
            self._append(r)

    def add_range(self) -> None:
        """A new row for the merchant to fill in."""
        self._append(LevelRange(MAX_LEVEL, MAX_LEVEL, ExportAction.SKIP, StockAction.SKIP))

    def remove_range(self) -> None:
        """Remove the selected row (or the last one)."""
        row = self.table.currentRow()
        self.table.removeRow(row if row >= 0 else self.table.rowCount() - 1)

    def ranges(self) -> list[LevelRange]:
        """What the table says now."""
        result = []
        for row in range(self.table.rowCount()):
            low, high = self._spin(row, self.FROM).value(), self._spin(row, self.TO).value()
            export = self._combo(row, self.EXPORT).currentData()
            stock = self._combo(row, self.STOCK).currentData()
            result.append(LevelRange(low, high, ExportAction(export), StockAction(stock)))
        return result

    def save(self) -> None:
        """Validate; a broken table is refused with a message and not saved."""
        ranges = self.ranges()
        try:
            rules = LevelRules(tuple(sorted(ranges, key=lambda r: r.low)))
        except LevelRuleError as exc:
            self.show_message(self.explain(ranges) or str(exc), error=True)
            return
        self.set_rules(rules)
        self.save_requested.emit(rules)

    def reset(self) -> None:
        """Back to the reference product's table (saved at once)."""
        self.set_rules(self._defaults)
        self.save_requested.emit(self._defaults)

    def show_message(self, text: str, *, error: bool) -> None:
        """Below the table: red for a refusal, green for saved."""
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setText(text)

    def explain(self, ranges: list[LevelRange]) -> str:
        """What is wrong with the table, in words: a reversed range, a gap or an overlap."""
        for r in ranges:
            if r.low > r.high:
                return self.tr("The range {low}–{high} ends before it starts.").format(
                    low=r.low, high=r.high
                )
        seen = Counter(level for r in ranges for level in range(r.low, r.high + 1))
        missing = [level for level in range(MAX_LEVEL + 1) if seen[level] == 0]
        if missing:
            return self.tr("Level {level} is in no range. Not saved.").format(level=missing[0])
        double = [level for level in range(MAX_LEVEL + 1) if seen[level] > 1]
        if double:
            return self.tr("Level {level} is in more than one range. Not saved.").format(
                level=double[0]
            )
        return ""

    def _append(self, r: LevelRange) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in ((self.FROM, r.low), (self.TO, r.high)):
            spin = QSpinBox()
            spin.setRange(0, MAX_LEVEL)
            spin.setValue(value)
            self.table.setCellWidget(row, column, spin)
        export = QComboBox()
        for action in ExportAction:
            export.addItem(labels.export_action_text(action), action.value)
        export.setCurrentIndex(export.findData(r.export.value))
        stock = QComboBox()
        for stock_action in StockAction:
            stock.addItem(labels.stock_action_text(stock_action), stock_action.value)
        stock.setCurrentIndex(stock.findData(r.stock.value))
        self.table.setCellWidget(row, self.EXPORT, export)
        self.table.setCellWidget(row, self.STOCK, stock)

    def _spin(self, row: int, column: int) -> QSpinBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QSpinBox)
        return widget

    def _combo(self, row: int, column: int) -> QComboBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QComboBox)
        return widget


LevelPage = tuple[str, str, LevelRules, LevelRules]  # key, title, current, defaults


def load_levels(app: App) -> list[LevelPage]:
    """The enabled integrations' rules; those without level rules have no page."""
    return [
        (i.key, i.title, app.level_rules(i.key), i.default_levels)
        for i in app.enabled_integrations()
        if i.default_levels is not None
    ]


class LevelsTab(QWidget):
    """One editor per enabled integration."""

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.editors: dict[str, LevelEditor] = {}
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.empty = QLabel(self.tr("Switch an integration on in Settings to edit its levels."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.pages)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the rules (start-up, integration switched on or off)."""
        self._worker.submit(lambda: load_levels(self._app), self._loaded)

    def _loaded(self, pages: list[LevelPage]) -> None:
        self.pages.clear()
        for editor in self.editors.values():
            editor.deleteLater()
        self.editors = {}
        for key, title, current, defaults in pages:
            editor = LevelEditor(defaults)
            editor.set_rules(current)
            editor.save_requested.connect(lambda rules, k=key: self._save(k, rules))
            self.editors[key] = editor
            self.pages.addTab(editor, title)
        self.empty.setVisible(not pages)
        self.pages.setVisible(bool(pages))

    def _save(self, key: str, rules: LevelRules) -> None:
        editor = self.editors[key]
        self._worker.submit(
            lambda: self._app.set_level_rules(key, rules),
            lambda _: editor.show_message(self.tr("Saved."), error=False),
            lambda exc: editor.show_message(
                self.tr("Could not save: {error}").format(error=error_words(exc)), error=True
            ),
        )
