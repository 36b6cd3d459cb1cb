"""The rules of a mapping as an editable table: field, source expression, transforms.

One row per order field. A source is one expression, or several joined by " + " (they
are joined by a space, e.g. street and house number); transforms are the JSON list the
mapping saves (`[{"name": "decimal_comma"}]`), empty for none. Editing a cell emits
`changed`; `mapping` reads the table back, `problems` says what could not be read.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from jjdesk.domain.mapping import TARGETS, Mapping, MappingError, Rule, Transform, field_label

SOURCE, TRANSFORMS = 1, 2


class MappingTable(QTableWidget):
    """Field | source | transforms, for every target of the order model."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(TARGETS), 3, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Order field"), self.tr("Source expression"), self.tr("Transforms (JSON)")]
        )
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TRANSFORMS, QHeaderView.ResizeMode.Stretch)
        self.problems: list[MappingError] = []
        self._filling = False
        for row, target in enumerate(TARGETS):
            label = QTableWidgetItem(field_label(target.name) + (" *" if target.required else ""))
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            label.setData(Qt.ItemDataRole.UserRole, target.name)
            self.setItem(row, 0, label)
            self.setItem(row, SOURCE, QTableWidgetItem(""))
            self.setItem(row, TRANSFORMS, QTableWidgetItem(""))
        self.itemChanged.connect(self._edited)

    def row_of(self, target: str) -> int:
        """The row of an order field ("lines.sku")."""
        return next(i for i, t in enumerate(TARGETS) if t.name == target)

    def show_mapping(self, mapping: Mapping) -> None:
        """Fill the table from a mapping (no `changed` while filling)."""
        self._filling = True
        try:
            for row, target in enumerate(TARGETS):
                rule = mapping.rule(target.name)
                source = rule.source_text if rule else ""
                steps = [t.to_data() for t in rule.transforms] if rule else []
                self._cell(row, SOURCE).setText(source)
                self._cell(row, TRANSFORMS).setText(
                    json.dumps(steps, ensure_ascii=False) if steps else ""
                )
        finally:
            self._filling = False

    def set_source(self, target: str, source: str) -> None:
        """Type a source expression into a field's row (as the merchant would)."""
        self._cell(self.row_of(target), SOURCE).setText(source)

    def rules(self) -> dict[str, Rule]:
        """The rules as the table holds them; `problems` lists transforms that are no JSON."""
        self.problems = []
        rules: dict[str, Rule] = {}
        for row, target in enumerate(TARGETS):
            source = self._cell(row, SOURCE).text()
            sources = tuple(s.strip() for s in source.split(" + ") if s.strip())
            steps = self._steps(target.name, source, self._cell(row, TRANSFORMS).text())
            if sources or steps:
                rules[target.name] = Rule(sources, steps)
        return rules

    def _steps(self, target: str, source: str, text: str) -> tuple[Transform, ...]:
        if not text.strip():
            return ()
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, list) or not all(
            isinstance(d, dict) and isinstance(d.get("name"), str) for d in data
        ):
            message = self.tr('Transforms must be a JSON list like [{"name": "trim"}]')
            self.problems.append(MappingError(target, source, message))
            return ()
        return tuple(
            Transform(d["name"], tuple((k, v) for k, v in d.items() if k != "name")) for d in data
        )

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        assert item is not None
        return item

    def _edited(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self.changed.emit()
