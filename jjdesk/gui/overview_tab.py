"""The Overview tab: one card per integration, built from the definitions and the store.

Cards are read in the worker and updated in place (their widgets are made once per set
of flows), only while the tab is shown, and at most every three seconds while a run reports
failures; colours come from the palette, so a dark system theme is followed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QShowEvent
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
from jjdesk.gui.day_chart import DayChart
from jjdesk.gui.worker import Worker

REFRESH_MS = 30_000
BURST_MS = 3_000  # while events keep coming, the cards are read at most this often
_STATE_COLOURS = {
    CardState.GOOD: labels.GOOD_GREEN,
    CardState.TO_FIX: labels.ATTENTION_ORANGE,
    CardState.FAILING: labels.ERROR_RED,
}


def paint_text(widget: QWidget, colour: QColor | None) -> None:
    """Text in a colour through the widget's palette (None: the inherited palette again).

    Only a real change is set: a new palette re-polishes and re-lays out the widget.
    """
    if colour is None:
        if widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
            widget.setPalette(QPalette())
        return
    palette = widget.palette()
    if palette.color(QPalette.ColorRole.WindowText) == colour:
        return
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(role, colour)
    widget.setPalette(palette)


class FlowRowWidgets:
    """The widgets of one flow's line on a card, updated in place."""

    def __init__(self, card: IntegrationCard, row: int, flow: str) -> None:
        self.flow = flow
        self.name = QPushButton()
        self.name.setFlat(True)
        self.name.setToolTip(QCoreApplication.translate("IntegrationCard", "Show the run history"))
        self.name.clicked.connect(lambda: card.open_history.emit(card.key, flow))
        self.when = QLabel()
        self.status = QLabel()
        self.count = QPushButton()
        self.count.setFlat(True)
        font = QFont(self.count.font())
        font.setUnderline(True)
        self.count.setFont(font)
        self.count.clicked.connect(lambda: card.open_items.emit(card.key, flow))
        self.retrying = QLabel()
        for column, widget in enumerate(
            (self.name, self.when, self.status, self.count, self.retrying)
        ):
            card.flows.addWidget(widget, row, column)

    def show(self, card: IntegrationCard, line: FlowLine) -> None:
        """Fill from the flow's line of a snapshot."""
        self.name.setText(line.title)
        if not line.enabled:
            when = QCoreApplication.translate("IntegrationCard", "switched off")
        elif line.last_good is None:
            when = QCoreApplication.translate("IntegrationCard", "no successful run yet")
        else:
            when = QCoreApplication.translate("IntegrationCard", "last success {time}").format(
                time=fmt.local_datetime(line.last_good)
            )
        self.when.setText(when)
        self.status.setText(labels.status_text(line.last_status))
        self.status.setToolTip(
            labels.plain_tooltip(line.problem) if line.problem and line.last_status else ""
        )
        self.count.setText(
            QCoreApplication.translate("IntegrationCard", "{n} to fix").format(
                n=fmt.number(line.to_fix)
            )
            if line.to_fix
            else ""
        )
        self.count.setVisible(bool(line.to_fix))
        self.retrying.setText(
            QCoreApplication.translate("IntegrationCard", "{n} retrying").format(
                n=fmt.number(line.retrying)
            )
            if line.retrying
            else ""
        )

    def colour(self, line: FlowLine) -> None:
        """Status and count colours for the current palette."""
        paint_text(self.status, labels.status_colour(line.last_status, self.status.palette()))
        paint_text(self.count, labels.readable(labels.ATTENTION_ORANGE, self.count.palette()))


class IntegrationCard(QFrame):
    """State, flows with their last good run and open items, and the 30-day chart."""

    open_items = Signal(str, str)  # integration, flow ("" = all)
    open_history = Signal(str, str)
    open_day = Signal(object)  # date: a day's errors

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = ""
        self.card: Card | None = None
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
        self.chart.day_clicked.connect(self.open_day)
        self.chart_legend = QLabel()
        self.flows = QGridLayout()
        self.rows: list[FlowRowWidgets] = []
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(self.flows)
        layout.addWidget(self.held)
        layout.addWidget(self.chart)
        layout.addWidget(self.chart_legend)

    @property
    def count_buttons(self) -> dict[str, QPushButton]:
        """Each flow's "N to fix" button."""
        return {row.flow: row.count for row in self.rows}

    def show_card(self, card: Card) -> None:
        """Fill from a snapshot; an unchanged snapshot changes nothing."""
        if card == self.card:
            return
        self.card = card
        self.key = card.integration
        self.title.setText(card.title)
        self.state.setText(state_text(card.state))
        self.held.setVisible(card.held_deletion)
        self.held.setText(self.tr("A deletion waits for your confirmation"))
        if [r.flow for r in self.rows] != [f.flow for f in card.flows]:
            self._rebuild_rows(card.flows)
        for row, line in zip(self.rows, card.flows, strict=True):
            row.show(self, line)
        self.chart.set_points(card.days)
        self.chart_legend.setText(
            self.tr("{written} transferred, {errors} errors (30 days)").format(
                written=fmt.number(sum(p.written for p in card.days)),
                errors=fmt.number(sum(p.errors for p in card.days)),
            )
        )
        self._colour()

    def _rebuild_rows(self, lines: list[FlowLine]) -> None:
        while self.flows.count():
            item = self.flows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = [FlowRowWidgets(self, n, line.flow) for n, line in enumerate(lines)]

    def state_colour(self) -> QColor:
        """The colour the state is shown in now."""
        return self.state.palette().color(QPalette.ColorRole.WindowText)

    def _colour(self) -> None:
        card = self.card
        if card is None:
            return
        colour = _STATE_COLOURS.get(card.state)
        paint_text(self.state, labels.readable(colour, self.palette()) if colour else None)
        for row, line in zip(self.rows, card.flows, strict=True):
            row.colour(line)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._colour()  # the system switched between light and dark


def state_text(state: str) -> str:
    """A card's state in words."""
    return {
        CardState.GOOD: QCoreApplication.translate("Overview", "All good"),
        CardState.TO_FIX: QCoreApplication.translate("Overview", "Something to fix"),
        CardState.FAILING: QCoreApplication.translate("Overview", "Failing"),
        CardState.PAUSED: QCoreApplication.translate("Overview", "Paused"),
    }[state]


class OverviewTab(QWidget):
    """Every enabled integration at a glance; read when shown, after runs, every half
    minute while shown."""

    open_items = Signal(str, str)
    open_history = Signal(str, str)
    open_day = Signal(object)  # date
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
        self._stale = False
        self._reading = False
        self._again = False
        self._burst = QTimer(self)
        self._burst.setSingleShot(True)
        self._burst.setInterval(BURST_MS)
        self._burst.timeout.connect(self.refresh)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self._read()

    def refresh(self) -> None:
        """Read the cards in the worker (later, when shown, if the tab is hidden now)."""
        if not self.isVisible():
            self._stale = True
            return
        self._read()

    def refresh_soon(self) -> None:
        """A run ended or an item failed: one read for a burst, at most one every 3 s."""
        if not self._burst.isActive():
            self._burst.start()

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up on what happened while the tab was hidden."""
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._read()

    def _read(self) -> None:
        if self._reading:  # one read at a time; one more after it
            self._again = True
            return
        self._reading = True
        self._worker.submit(lambda: overview(self._app), self._show, self._read_failed)

    def _read_failed(self, exc: Exception) -> None:
        self._reading = False
        if self._again:
            self._again = False
            self.refresh()

    def _show(self, cards: list[Card]) -> None:
        self._reading = False
        keep = {c.integration for c in cards}
        for key in [k for k in self.cards if k not in keep]:
            self.cards.pop(key).deleteLater()
        for position, card in enumerate(cards):
            widget = self.cards.get(card.integration)
            if widget is None:
                widget = IntegrationCard()
                widget.open_items.connect(self.open_items)
                widget.open_history.connect(self.open_history)
                widget.open_day.connect(self.open_day)
                self.cards[card.integration] = widget
                self._column.insertWidget(position, widget)
            widget.show_card(card)
        self.empty.setVisible(not cards)
        self.setup_button.setVisible(not cards)
        if self._again:
            self._again = False
            self.refresh()
