"""The Orders tab: follow an order by the number the merchant sees (#1006, an idealo or
Tradebyte number) from its import to the tracking sent back, or see why it is stuck."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jjdesk import i18n
from jjdesk.app import App
from jjdesk.cockpit.orders import OrderView, find_orders, state_text
from jjdesk.gui import fmt
from jjdesk.gui.labels import error_words, plain_label
from jjdesk.gui.worker import Worker


class OrderBox(QGroupBox):
    """One order in one integration."""

    def __init__(self, view: OrderView, parent: QWidget | None = None) -> None:
        super().__init__(f"{view.title} – {view.label}", parent)
        self.view = view
        form = QFormLayout(self)
        entry = view.entry
        self.fields: dict[str, str] = {}

        def row(name: str, value: str) -> None:
            label = plain_label(value or "—")
            self.fields[name] = value
            form.addRow(name, label)

        row(self.tr("State:"), state_text(entry.state if entry else None))
        if entry is not None:
            row(self.tr("Imported:"), fmt.local_datetime(entry.imported_at or entry.began))
            row(self.tr("Order ID in the sink:"), entry.sink_order_id)
            row(self.tr("Tracking number:"), entry.tracking)
            row(self.tr("Carrier:"), entry.carrier)
            row(self.tr("Shipping update sent:"), fmt.local_datetime(entry.shipped_at))
            row(self.tr("Tag:"), entry.tag)
        if view.errors:
            last = view.errors[0]
            why = last.message + (f" — {last.hint}" if last.hint else "")
            row(self.tr("Why it is stuck:") if view.stuck else self.tr("Last error:"), why)
        for owed in view.owed:
            when = (
                self.tr("when the order changes")
                if owed.next_attempt is None
                else fmt.local_datetime(owed.next_attempt)
            )
            row(
                self.tr("Retried:"),
                self.tr("{step}: attempt {n}, next {when}").format(
                    step=owed.kind, n=fmt.number(owed.attempts), when=when
                ),
            )


class OrderTab(QWidget):
    """Search box and one box per matching order."""

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Order number, e.g. #1006"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.look_up)
        self.search_button = QPushButton(self.tr("Find"))
        self.search_button.clicked.connect(self.look_up)
        self.message = plain_label()
        self.boxes: list[OrderBox] = []
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

    def show_order(self, number: str) -> None:
        """Find one order (from an error item)."""
        self.search.setText(number)
        self.look_up()

    def look_up(self) -> None:
        """Look the order up in the store (worker)."""
        wanted = self.search.text().strip()
        if not wanted:
            return
        self._worker.submit(
            lambda: find_orders(self._app, wanted),
            self._show,
            lambda exc: self.message.setText(error_words(exc)),
        )

    def _show(self, views: list[OrderView]) -> None:
        for box in self.boxes:
            box.deleteLater()
        self.boxes = []
        self.message.setText("" if views else i18n.text("cockpit.order.unknown"))
        for view in views:
            box = OrderBox(view)
            self.boxes.append(box)
            self._column.insertWidget(self._column.count() - 1, box)
