"""The Products tab: "why is this product (not) in my shop?", and Send now.

Every answer comes from `jjdesk.cockpit.products`, which asks each integration's own
product export in a dry run restricted to the product; so a new integration appears
here without a change to this file.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jjdesk.app import App
from jjdesk.cockpit.products import ChannelView, ProductView, explain_product, send_product
from jjdesk.domain.levels import ExportAction
from jjdesk.gui import fmt, labels
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
        self.verdict.setText(verdict_text(view))
        found = view.found
        if found is not None and view.rule is not None:
            level = self.tr("no level") if found.level is None else str(found.level)
            self.rule.setText(
                self.tr("Level {level}: {action} (rule for levels {low}–{high})").format(
                    level=level,
                    action=labels.export_action_text(ExportAction(found.action)),
                    low=view.rule.low,
                    high=view.rule.high,
                )
            )
        else:
            self.rule.setText("—")
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


def verdict_text(view: ChannelView) -> str:
    """The answer in one sentence."""
    if view.failure:
        return QCoreApplication.translate("ProductView", "Could not ask: {why}").format(
            why=view.failure
        )
    found = view.found
    if found is None:
        return QCoreApplication.translate("ProductView", "The source has no product with this ID.")
    if view.problems:
        return QCoreApplication.translate(
            "ProductView", "Not sent: it has an error to fix (see below)."
        )
    action = ExportAction(found.action)
    if action is ExportAction.SKIP:
        return QCoreApplication.translate(
            "ProductView", "Not sent: its level says to leave it untouched."
        )
    if action is ExportAction.REMOVE:
        if view.planned:
            return QCoreApplication.translate(
                "ProductView", "Its level says to remove it: the next run removes it."
            )
        return QCoreApplication.translate(
            "ProductView", "Not in the shop: its level says to remove it."
        )
    if view.unchanged:
        return QCoreApplication.translate(
            "ProductView", "In the shop and up to date: the next run sends nothing."
        )
    if action is ExportAction.CREATE_ONCE and view.sent_keys:
        return QCoreApplication.translate(
            "ProductView", "Created once; afterwards only its stock is updated."
        )
    if view.sent_keys:
        return QCoreApplication.translate(
            "ProductView", "Changed since it was last sent: the next run updates it."
        )
    return QCoreApplication.translate(
        "ProductView", "Not in the shop yet: the next run creates it."
    )


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
    """Search a product by its ProductID; one box per integration with a product export."""

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Afterbuy ProductID, e.g. 4711"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.explain)
        self.search_button = QPushButton(self.tr("Explain"))
        self.search_button.clicked.connect(self.explain)
        self.message = plain_label()
        self.boxes: list[ChannelBox] = []
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
        layout.addWidget(scroll, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

    def show_product(self, product_id: str) -> None:
        """Explain one product (from an error item or the command line)."""
        self.search.setText(product_id)
        self.explain()

    def explain(self) -> None:
        """Ask every product export about the typed product (network: in the worker)."""
        wanted = self.search.text().strip()
        if not wanted:
            return
        self.search_button.setEnabled(False)
        self.message.setText(self.tr("Asking the systems…"))
        self._worker.submit(lambda: explain_product(self._app, wanted), self._show, self._failed)

    def _show(self, view: ProductView) -> None:
        self.search_button.setEnabled(True)
        for box in self.boxes:
            box.deleteLater()
        self.boxes = []
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
        product_id = self.search.text().strip()

        def sent(outcome: RunOutcome) -> None:
            box.result.setText(
                self.tr("Sent: {written} written, {failed} failed.").format(
                    written=fmt.number(outcome.written), failed=fmt.number(outcome.failed)
                )
            )
            self.explain()

        self._worker.submit(
            lambda: send_product(self._app, view.integration, product_id),
            sent,
            lambda exc: box.result.setText(error_words(exc)),
        )

    def _failed(self, exc: Exception) -> None:
        self.search_button.setEnabled(True)
        self.message.setText(error_words(exc))
