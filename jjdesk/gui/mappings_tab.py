"""The Mappings tab: a custom shop's field mapping with a live preview, before saving.

Side by side: a sample order as the shop delivers it (fetched live in the worker, or
read from a file the merchant picks), the mapping's rules, and the mapped result with
every error (missing required field, SKU with letters, an amount or a date that does
not parse). Mapping a sample is pure and quick, so the preview follows every edit in
the GUI thread; fetching and reading files go through the worker. Save checks the
mapping and stores it with the shop's settings.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jjdesk.app import App, Services
from jjdesk.connectors.custom_shop import PRESETS, parse_file
from jjdesk.domain.mapping import (
    EVALUATORS,
    Mapped,
    Mapping,
    MappingError,
    Rows,
    map_record,
    mapping_problems,
    order_records,
)
from jjdesk.domain.models import Order
from jjdesk.errors import JJDeskError
from jjdesk.gui.labels import error_words, plain_label
from jjdesk.gui.mapping_table import MappingTable
from jjdesk.gui.worker import Worker
from jjdesk.integrations.custom_shop import FAMILY, MAPPING, sample_records

OK_STYLE = "color: #2e7d32;"
ERROR_STYLE = "color: #c62828; font-weight: bold;"


def sample_text(record: object) -> str:
    """A raw order as the merchant recognises it (JSON, CSV/SQL rows, XML)."""
    if isinstance(record, Rows):
        return json.dumps([dict(r) for r in record.rows], ensure_ascii=False, indent=2, default=str)
    if isinstance(record, etree._Element):
        return etree.tostring(record, pretty_print=True, encoding="unicode")
    return json.dumps(record, ensure_ascii=False, indent=2, default=str)


def order_text(order: Order) -> str:
    """The mapped order, field by field, as it would go to Afterbuy."""
    billing = order.billing
    lines = [
        f"{order.order_number}  ({order.created_at.astimezone():%d.%m.%Y %H:%M})",
        f"{billing.first_name} {billing.last_name}, {billing.street}, "
        f"{billing.postal_code} {billing.city} {billing.country_code}".strip(),
        billing.email,
    ]
    for line in order.lines:
        price = f"{line.unit_price:.2f}".replace(".", ",")
        tax = f", {line.tax_rate} %" if line.tax_rate is not None else ""
        lines.append(f"{line.quantity} × {line.sku} {line.title} à {price} €{tax}")
    shipping = f"{order.shipping_cost:.2f}".replace(".", ",")
    lines.append(f"{order.shipping_method} {shipping} € · {order.payment_method}")
    return "\n".join(lines)


class MappingsTab(QWidget):
    """Pick a shop, load a sample, edit the rules, see the result, save."""

    shops_changed = Signal()

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self._records: list[object] = []
        self._saved_mappings: dict[str, Mapping | str] = {}
        self.mapping: Mapping | None = None
        self.errors_shown: list[str] = []

        self.shop = QComboBox()
        self.shop.currentIndexChanged.connect(lambda _: self._load_shop())
        add = QPushButton(self.tr("Add shop…"))
        add.clicked.connect(self._ask_new_shop)
        self.preset = QComboBox()
        for name in PRESETS:
            self.preset.addItem(name, name)
        apply_preset = QPushButton(self.tr("Use preset"))
        apply_preset.clicked.connect(self._use_preset)
        top = QHBoxLayout()
        widgets: list[QWidget] = [
            QLabel(self.tr("Shop:")),
            self.shop,
            add,
            QLabel(self.tr("Preset:")),
        ]
        for widget in widgets:
            top.addWidget(widget)
        top.addWidget(self.preset)
        top.addWidget(apply_preset)
        top.addStretch(1)

        self.kind = QComboBox()
        for kind in EVALUATORS:
            self.kind.addItem(kind, kind)
        self.orders_path = QLineEdit()
        self.lines_path = QLineEdit()
        for edit in (self.orders_path, self.lines_path):
            edit.textEdited.connect(lambda _: self.update_preview())
        self.kind.currentIndexChanged.connect(lambda _: self.update_preview())
        self.table = MappingTable()
        self.table.changed.connect(self.update_preview)
        where = QFormLayout()
        where.addRow(self.tr("Expressions:"), self.kind)
        where.addRow(self.tr("Orders in the data:"), self.orders_path)
        where.addRow(self.tr("Lines of an order:"), self.lines_path)
        rules = QWidget()
        rules_layout = QVBoxLayout(rules)
        rules_layout.addLayout(where)
        rules_layout.addWidget(self.table)

        fetch = QPushButton(self.tr("Fetch live"))
        fetch.clicked.connect(self.fetch_live)
        pick = QPushButton(self.tr("Load from file…"))
        pick.clicked.connect(self._pick_file)
        self.record = QComboBox()
        self.record.currentIndexChanged.connect(lambda _: self._show_record())
        self.sample = QPlainTextEdit()
        self.sample.setReadOnly(True)
        sample = QWidget()
        sample_layout = QVBoxLayout(sample)
        buttons = QHBoxLayout()
        buttons.addWidget(fetch)
        buttons.addWidget(pick)
        buttons.addWidget(self.record, 1)
        sample_layout.addWidget(QLabel(self.tr("Sample order as the shop delivers it")))
        sample_layout.addLayout(buttons)
        sample_layout.addWidget(self.sample)

        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.errors = QListWidget()
        self.save_button = QPushButton(self.tr("Save mapping"))
        self.save_button.clicked.connect(self.save)
        self.message = plain_label()
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.addWidget(QLabel(self.tr("Mapped result")))
        preview_layout.addWidget(self.result, 2)
        preview_layout.addWidget(QLabel(self.tr("Errors")))
        preview_layout.addWidget(self.errors, 1)
        preview_layout.addWidget(self.save_button)
        preview_layout.addWidget(self.message)

        splitter = QSplitter()
        for widget in (sample, rules, preview):
            splitter.addWidget(widget)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.refresh()

    # --- shops ------------------------------------------------------------------------

    @property
    def shop_key(self) -> str:
        """The shop being edited ("" when there is none yet)."""
        return str(self.shop.currentData() or "")

    def refresh(self, select: str = "") -> None:
        """List the custom shops with their saved mappings (read in the worker); keeps the
        one chosen, or chooses `select`."""
        wanted = select or self.shop_key
        self._worker.submit(self._read_shops, lambda shops: self._fill(shops, wanted))

    def _read_shops(self) -> list[tuple[str, str, Mapping | str]]:
        """(key, name, saved mapping or why it cannot be read) per shop."""
        members = self._app.members
        family = members.families[FAMILY]
        shops: list[tuple[str, str, Mapping | str]] = []
        for member in members.members(FAMILY):
            key = family.member_key(member.slug)
            try:
                saved: Mapping | str = Mapping.from_data(
                    json.loads(self._app.option(key, MAPPING.name))
                )
            except (ValueError, JJDeskError) as exc:  # a stored value that no longer fits
                saved = error_words(exc)
            shops.append((key, member.name, saved))
        return shops

    def _fill(self, shops: list[tuple[str, str, Mapping | str]], wanted: str) -> None:
        self._saved_mappings = {key: saved for key, _, saved in shops}
        self.shop.blockSignals(True)
        self.shop.clear()
        for key, name, _ in shops:
            self.shop.addItem(name, key)
        index = self.shop.findData(wanted)
        self.shop.setCurrentIndex(index if index >= 0 else 0)
        self.shop.blockSignals(False)
        self._load_shop()

    def add_shop(self, name: str) -> None:
        """Add a custom shop by name (in the worker) and edit it."""

        def added(key: str) -> None:
            self.refresh(select=key)
            self.shops_changed.emit()

        self._worker.submit(lambda: self._app.members.add(FAMILY, name).key, added, self._failed)

    def _ask_new_shop(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add shop"), self.tr("Name of the shop:"))
        if ok and name.strip():
            self.add_shop(name.strip())

    def _load_shop(self) -> None:
        self._records = []
        self.record.clear()
        self.sample.clear()
        saved = self._saved_mappings.get(self.shop_key)
        if isinstance(saved, str):
            self._show_error(saved)
        self._show_mapping(
            saved if isinstance(saved, Mapping) else Mapping.from_data(PRESETS["nested_json"])
        )

    def _use_preset(self) -> None:
        self._show_mapping(Mapping.from_data(PRESETS[str(self.preset.currentData())]))

    def _show_mapping(self, mapping: Mapping) -> None:
        for widget in (self.kind, self.orders_path, self.lines_path):
            widget.blockSignals(True)
        self.kind.setCurrentIndex(max(0, self.kind.findData(mapping.kind)))
        self.orders_path.setText(mapping.orders)
        self.lines_path.setText(mapping.lines)
        for widget in (self.kind, self.orders_path, self.lines_path):
            widget.blockSignals(False)
        self.table.show_mapping(mapping)
        self.update_preview()

    # --- samples ----------------------------------------------------------------------

    def fetch_live(self) -> None:
        """A few orders from the shop itself, in the worker."""
        key = self.shop_key
        if not key:
            return
        name = self.shop.currentText()
        self.message.setText(self.tr("Fetching sample orders…"))
        self._worker.submit(
            lambda: sample_records(Services(self._app, key), key, name),
            self._show_records,
            self._failed,
        )

    def load_sample_file(self, path: Path) -> None:
        """Orders from a file the merchant picked, read and parsed in the worker."""
        mapping = self.current_mapping()
        kind = mapping.kind

        def read() -> list[object]:
            data = parse_file(kind, path.read_bytes())
            return order_records(mapping, data)

        self._worker.submit(read, self._show_records, self._failed)

    def _pick_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Sample order file"),
            "",
            self.tr("Order files (*.json *.csv *.txt *.xml)"),
        )
        if chosen:
            self.load_sample_file(Path(chosen))

    def _show_records(self, records: list[object]) -> None:
        self._records = list(records)
        self.record.blockSignals(True)
        self.record.clear()
        for number in range(1, len(self._records) + 1):
            self.record.addItem(
                self.tr("Order %1 of %2")
                .replace("%1", str(number))
                .replace("%2", str(len(self._records)))
            )
        self.record.blockSignals(False)
        if not self._records:
            self.message.setText(self.tr("The sample has no orders the mapping can find."))
        else:
            self.message.setText("")
        self._show_record()

    def _show_record(self) -> None:
        record = self._record()
        self.sample.setPlainText(sample_text(record) if record is not None else "")
        self.update_preview()

    def _record(self) -> object | None:
        index = self.record.currentIndex()
        return self._records[index] if 0 <= index < len(self._records) else None

    # --- preview and saving -----------------------------------------------------------

    def current_mapping(self) -> Mapping:
        """The mapping as the tab shows it now."""
        return Mapping(
            str(self.kind.currentData()),
            self.orders_path.text().strip(),
            self.lines_path.text().strip(),
            self.table.rules(),
        )

    def update_preview(self) -> None:
        """Map the sample with the mapping as it stands; show the result and every error."""
        mapping = self.mapping = self.current_mapping()
        errors: list[MappingError] = list(self.table.problems) + mapping_problems(mapping)
        record = self._record()
        result = ""
        if record is not None and not errors:
            mapped: Mapped = map_record(mapping, record, self.shop_key, numeric_skus=True)
            errors.extend(mapped.errors)
            if mapped.order is not None:
                result = order_text(mapped.order)
        self.result.setPlainText(result)
        self.errors_shown = [e.text for e in errors]
        self.errors.clear()
        self.errors.addItems(self.errors_shown)

    def save(self) -> None:
        """Check and store the mapping with the shop's settings (in the worker)."""
        key = self.shop_key
        mapping = self.current_mapping()
        problems = self.table.problems + mapping_problems(mapping)
        if not key or problems:
            self._show_error(self.tr("Not saved: correct the errors listed first."))
            return
        value = json.dumps(mapping.to_data(), ensure_ascii=False)
        self._worker.submit(
            lambda: self._app.set_option(key, MAPPING.name, value),
            lambda _: self._saved(),
            self._failed,
        )

    def _saved(self) -> None:
        self._saved_mappings[self.shop_key] = self.current_mapping()
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText(self.tr("Mapping saved."))

    def _failed(self, exc: Exception) -> None:
        self._show_error(error_words(exc))

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)
