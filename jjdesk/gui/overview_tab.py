"""The Overview tab: one card per integration, built from the definitions and the store."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jjdesk.app import App
from jjdesk.cockpit.overview import Card, CardState, FlowLine, overview
from jjdesk.gui import fmt, labels
from jjdesk.gui.day_chart import ERROR_COLOUR, WRITTEN_COLOUR, DayChart
from jjdesk.gui.worker import Worker

REFRESH_MS = 30_000
_STATE_COLOURS = {
    CardState.GOOD: "#2e7d32",
    CardState.TO_FIX: "#e65100",
    CardState.FAILING: "#c62828",
    CardState.PAUSED: "#757575",
}


class IntegrationCard(QFrame):
    """State, flows with their last good run and open items, and the 30-day chart."""

    open_items = Signal(str, str)  # integration, flow ("" = all)
    open_history = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.state = QLabel()
        self.state.setFont(font)
        self.held = QPushButton()
        self.held.setFlat(True)
        self.held.clicked.connect(lambda: self.open_items.emit(self.key, ""))
        self.chart = DayChart()
        self.chart_legend = QLabel()
        self.flows = QGridLayout()
        self.count_buttons: dict[str, QPushButton] = {}
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(self.flows)
        layout.addWidget(self.held)
        layout.addWidget(self.chart)
        layout.addWidget(self.chart_legend)

    def show_card(self, card: Card) -> None:
        """Fill from a snapshot."""
        self.key = card.integration
        self.title.setText(card.title)
        self.state.setText(state_text(card.state))
        self.state.setStyleSheet(f"color: {_STATE_COLOURS[card.state]};")
        self.held.setVisible(card.held_deletion)
        self.held.setText(self.tr("A deletion waits for your confirmation"))
        while self.flows.count():
            item = self.flows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.count_buttons.clear()
        for row, line in enumerate(card.flows):
            self._flow_row(row, line)
        self.chart.set_points(card.days)
        written = sum(p.written for p in card.days)
        errors = sum(p.errors for p in card.days)
        self.chart_legend.setText(
            self.tr(
                "<span style='color:{blue}'>■</span> {written} transferred   "
                "<span style='color:{red}'>■</span> {errors} errors (30 days)"
            ).format(
                blue=WRITTEN_COLOUR.name(),
                red=ERROR_COLOUR.name(),
                written=fmt.number(written),
                errors=fmt.number(errors),
            )
        )

    def _flow_row(self, row: int, line: FlowLine) -> None:
        name = QPushButton(line.title)
        name.setFlat(True)
        name.setToolTip(self.tr("Show the run history"))
        name.clicked.connect(lambda: self.open_history.emit(self.key, line.flow))
        if not line.enabled:
            when = self.tr("switched off")
        elif line.last_good is None:
            when = self.tr("no successful run yet")
        else:
            when = self.tr("last success {time}").format(time=fmt.local_datetime(line.last_good))
        status = QLabel(labels.status_text(line.last_status))
        colour = labels.status_colour(line.last_status)
        if colour is not None:
            status.setStyleSheet(f"color: {colour.name()};")
        if line.problem and line.last_status is not None:
            status.setToolTip(labels.plain_tooltip(line.problem))
        count = QPushButton(
            self.tr("{n} to fix").format(n=fmt.number(line.to_fix)) if line.to_fix else ""
        )
        count.setFlat(True)
        count.setVisible(bool(line.to_fix))
        count.setStyleSheet("color: #e65100; text-decoration: underline;")
        count.clicked.connect(lambda: self.open_items.emit(self.key, line.flow))
        self.count_buttons[line.flow] = count
        retrying = QLabel(
            self.tr("{n} retrying").format(n=fmt.number(line.retrying)) if line.retrying else ""
        )
        for column, widget in enumerate((name, QLabel(when), status, count, retrying)):
            self.flows.addWidget(widget, row, column)


def state_text(state: str) -> str:
    """A card's state in words."""
    return {
        CardState.GOOD: QCoreApplication.translate("Overview", "All good"),
        CardState.TO_FIX: QCoreApplication.translate("Overview", "Something to fix"),
        CardState.FAILING: QCoreApplication.translate("Overview", "Failing"),
        CardState.PAUSED: QCoreApplication.translate("Overview", "Paused"),
    }[state]


class OverviewTab(QWidget):
    """Every enabled integration at a glance; refreshed after runs and every half minute."""

    open_items = Signal(str, str)
    open_history = Signal(str, str)
    setup_requested = Signal()

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.cards: dict[str, IntegrationCard] = {}
        self.empty = QLabel(self.tr("No integration is switched on yet."))
        self.setup_button = QPushButton(self.tr("Start the setup assistant…"))
        self.setup_button.clicked.connect(self.setup_requested)
        self._inner = QWidget()
        self._column = QVBoxLayout(self._inner)
        self._column.addWidget(self.empty)
        self._column.addWidget(self.setup_button)
        self._column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(500)
        self._debounce.timeout.connect(self.refresh)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        """Read the cards in the worker."""
        self._worker.submit(lambda: overview(self._app), self._show)

    def refresh_soon(self) -> None:
        """A run ended or an item failed: one read for a burst of events."""
        self._debounce.start()

    def _show(self, cards: list[Card]) -> None:
        keep = {c.integration for c in cards}
        for key in [k for k in self.cards if k not in keep]:
            self.cards.pop(key).deleteLater()
        for position, card in enumerate(cards):
            widget = self.cards.get(card.integration)
            if widget is None:
                widget = IntegrationCard()
                widget.open_items.connect(self.open_items)
                widget.open_history.connect(self.open_history)
                self.cards[card.integration] = widget
                self._column.insertWidget(position, widget)
            widget.show_card(card)
        self.empty.setVisible(not cards)
        self.setup_button.setVisible(not cards)
