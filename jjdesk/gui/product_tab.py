"""The Products tab: "why is this product (not) in my shop?", and Send now.

The merchant types an ID, an EAN, an article number or words of a name; several matches
are listed to pick from, one is explained at once. Every answer comes from
`jjdesk.cockpit.products`, which asks each integration's own search and product export
(a dry run restricted to the product); so a new integration appears here without a
change to this file, and what a name search cannot cover is said in plain words.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jjdesk import i18n
from jjdesk.app import App
from jjdesk.cockpit.products import (
    ChannelView,
    Finding,
    ProductView,
    explain_product,
    find_products,
    matched_text,
    rule_text,
    send_product,
    verdict,
)
from jjdesk.gui import fmt
from jjdesk.gui.labels import error_words, plain_label
from jjdesk.gui.worker import Worker
from jjdesk.runner import RunOutcome


class ChannelBox(QGroupBox):
    """One integration's answer: level and rule, last sent, unchanged, error, preview."""

    def __init__(self, view: ChannelView, parent: QWidget | None = None) -> None:
        super().__init__(view.title, parent)
        self.view = view
        form = QFormLayout(self)
        self.verdict = plain_label()
        bold = QFont(self.verdict.font())
        bold.setBold(True)
        self.verdict.setFont(bold)
        form.addRow(self.verdict)
        self.rule = plain_label()
        self.last_sent = plain_label()
        self.last_error = plain_label()
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setMinimumHeight(120)
        self.send_button = QPushButton(self.tr("Send this product now"))
        self.result = plain_label()
        form.addRow(self.tr("Level and rule:"), self.rule)
        form.addRow(self.tr("Last sent:"), self.last_sent)
        form.addRow(self.tr("Last error:"), self.last_error)
        form.addRow(self.tr("Would be sent now:"), self.preview)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result, 1)
        buttons.addWidget(self.send_button)
        form.addRow(buttons)
        self._fill()

    def _fill(self) -> None:
        view = self.view
        self.verdict.setText(verdict(view))
        self.rule.setText(rule_text(view))
        if view.last_sent is None:
            self.last_sent.setText(self.tr("never"))
        else:
            same = self.tr("unchanged since") if view.unchanged else self.tr("changed since")
            self.last_sent.setText(f"{fmt.local_datetime(view.last_sent)} ({same})")
        self.last_error.setText(error_text(view))
        writes = [
            {
                "action": w.action.value,
                "key": w.key,
                **({"status": w.status} if w.status else {}),
                **({"body": w.body} if w.body is not None else {}),
            }
            for w in view.planned
        ]
        problems = [f"{p.field}: {p.message}" if p.field else p.message for p in view.problems]
        if writes:
            self.preview.setPlainText(json.dumps(writes, ensure_ascii=False, indent=2))
        elif problems:
            self.preview.setPlainText(self.tr("Nothing, because:") + "\n" + "\n".join(problems))
        else:
            self.preview.setPlainText(self.tr("Nothing."))
        self.send_button.setEnabled(bool(view.planned))


def error_text(view: ChannelView) -> str:
    """The last error and whether it is still being retried."""
    record = view.last_error
    if record is None:
        return "—"
    text = f"{fmt.local_datetime(record.at)}: {record.message}"
    if record.hint:
        text += f" — {record.hint}"
    if view.owed is not None:
        if view.owed.next_attempt is None:
            text += "\n" + QCoreApplication.translate(
                "ProductView", "Tried again when the product changes."
            )
        else:
            text += "\n" + QCoreApplication.translate("ProductView", "Next attempt {time}.").format(
                time=fmt.local_datetime(view.owed.next_attempt)
            )
    return text


class ProductTab(QWidget):
    """Search a product; one box per integration with a product export."""

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("ProductID, EAN, article number or name"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.look_up)
        self.search_button = QPushButton(self.tr("Find"))
        self.search_button.clicked.connect(self.look_up)
        self.message = plain_label()
        self.note = plain_label()
        self.hits = QListWidget()
        self.hits.setVisible(False)
        self.hits.itemActivated.connect(self._picked)
        self.hits.itemClicked.connect(self._picked)
        self.boxes: list[ChannelBox] = []
        self.finding: Finding | None = None
        self._product_id = ""
        self._inner = QWidget()
        self._column = QVBoxLayout(self._inner)
        self._column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._inner)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.note)
        layout.addWidget(self.hits)
        layout.addWidget(scroll, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

    def show_product(self, product_id: str) -> None:
        """Explain one product known by its ID (from an error item)."""
        self.search.setText(product_id)
        self.hits.clear()
        self.hits.setVisible(False)
        self.note.clear()
        self.explain(product_id)

    def look_up(self) -> None:
        """Look the typed text up in every integration's source (network: in the worker)."""
        wanted = self.search.text().strip()
        if not wanted:
            return
        self.search_button.setEnabled(False)
        self.message.setText(self.tr("Asking the systems…"))
        self._worker.submit(lambda: find_products(self._app, wanted), self._found, self._failed)

    def _found(self, finding: Finding) -> None:
        self.finding = finding
        self.search_button.setEnabled(True)
        self.hits.clear()
        self.note.setText(finding.name_note() if finding.might_be_name or not finding.hits else "")
        problems = "\n".join(finding.failures)
        if len(finding.hits) == 1:
            self.hits.setVisible(False)
            self.explain(finding.hits[0].product.product_id)
            return
        self._clear_boxes()
        if not finding.hits:
            self.hits.setVisible(False)
            nothing = i18n.text("cockpit.search.nothing", text=finding.text)
            self.message.setText("\n".join(p for p in (nothing, problems) if p))
            return
        self.message.setText(
            self.tr("{n} products match; pick one:").format(n=fmt.number(len(finding.hits)))
        )
        for hit in finding.hits:
            item = QListWidgetItem(
                f"{hit.product.product_id} — {hit.product.name} ({matched_text(hit)})"
            )
            item.setData(Qt.ItemDataRole.UserRole, hit.product.product_id)
            self.hits.addItem(item)
        self.hits.setVisible(True)
        self.hits.setCurrentRow(0)
        self.hits.setFocus()

    def _picked(self, item: QListWidgetItem) -> None:
        self.explain(str(item.data(Qt.ItemDataRole.UserRole)))

    def explain(self, product_id: str) -> None:
        """Ask every product export about one product (network: in the worker)."""
        self._product_id = product_id
        self.search_button.setEnabled(False)
        self.message.setText(self.tr("Asking the systems…"))
        self._worker.submit(
            lambda: explain_product(self._app, product_id), self._show, self._failed
        )

    def _clear_boxes(self) -> None:
        for box in self.boxes:
            box.deleteLater()
        self.boxes = []

    def _show(self, view: ProductView) -> None:
        self.search_button.setEnabled(True)
        self._clear_boxes()
        if not view.channels:
            self.message.setText(self.tr("No switched-on integration exports products."))
            return
        name = view.name
        self.message.setText(
            self.tr("Product {id}: {name}").format(id=view.product_id, name=name)
            if name
            else self.tr("Product {id}").format(id=view.product_id)
        )
        for channel in view.channels:
            box = ChannelBox(channel)
            box.send_button.clicked.connect(lambda _=False, b=box: self.send_now(b))
            self.boxes.append(box)
            self._column.insertWidget(self._column.count() - 1, box)

    def send_now(self, box: ChannelBox) -> None:
        """Send the product through its integration's export now, then explain it again."""
        box.send_button.setEnabled(False)
        box.result.setText(self.tr("Sending…"))
        view = box.view
        product_id = self._product_id

        def sent(outcome: RunOutcome) -> None:
            box.result.setText(
                self.tr("Sent: {written} written, {failed} failed.").format(
                    written=fmt.number(outcome.written), failed=fmt.number(outcome.failed)
                )
            )
            self.explain(product_id)

        self._worker.submit(
            lambda: send_product(self._app, view.integration, product_id),
            sent,
            lambda exc: box.result.setText(error_words(exc)),
        )

    def _failed(self, exc: Exception) -> None:
        self.search_button.setEnabled(True)
        self.message.setText(error_words(exc))
