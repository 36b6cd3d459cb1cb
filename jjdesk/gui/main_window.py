"""The main window: the tabs, and what closing it means with and without a tray."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from jjdesk.app import App
from jjdesk.gui.connections_tab import ConnectionsTab
from jjdesk.gui.errors_tab import ErrorsTab
from jjdesk.gui.history_dialog import HistoryDialog
from jjdesk.gui.labels import FlowLabel
from jjdesk.gui.levels_tab import LevelsTab
from jjdesk.gui.mappings_tab import MappingsTab
from jjdesk.gui.order_tab import OrderTab
from jjdesk.gui.overview_tab import OverviewTab
from jjdesk.gui.product_tab import ProductTab
from jjdesk.gui.resources import app_icon
from jjdesk.gui.settings_tab import SettingsTab
from jjdesk.gui.status_tab import StatusTab
from jjdesk.gui.support_tab import SupportTab
from jjdesk.gui.worker import Worker


class CloseAction(Enum):
    """What closing the window does."""

    HIDE = "hide"  # keep syncing in the background
    QUIT = "quit"
    STAY = "stay"  # the merchant changed their mind


def decide_close(tray_available: bool, ask_background: Callable[[], bool | None]) -> CloseAction:
    """With a tray the window just hides; without one the merchant is asked.

    `ask_background` answers "keep syncing in the background?": True, False, or None for
    cancel. It is only called when there is no tray.
    """
    if tray_available:
        return CloseAction.HIDE
    answer = ask_background()
    if answer is None:
        return CloseAction.STAY
    return CloseAction.HIDE if answer else CloseAction.QUIT


class MainWindow(QMainWindow):
    """Overview, Status, Errors, Products, Orders, Level rules, Connections, Settings,
    Support; Ctrl+1 … Ctrl+9 switch between them."""

    quit_requested = Signal()

    def __init__(
        self,
        app: App,
        worker: Worker,
        flow_label: FlowLabel,
        *,
        tray_available: bool,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tray_available = tray_available
        self._closing_for_good = False
        self.setWindowTitle(self.tr("jjdesk – Demo") if demo else "jjdesk")
        self.setWindowIcon(app_icon())
        self._app = app
        self._worker = worker
        self.overview = OverviewTab(app, worker)
        self.status = StatusTab(app, worker)
        self.errors = ErrorsTab(app, worker, flow_label)
        self.products = ProductTab(app, worker)
        self.orders = OrderTab(app, worker)
        self.levels = LevelsTab(app, worker)
        self.connections = ConnectionsTab(app, worker)
        self.settings = SettingsTab(app, worker)
        self.support = SupportTab(app, worker)
        self.mappings = MappingsTab(app, worker)
        self.history: HistoryDialog | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overview, self.tr("Overview"))
        self.tabs.addTab(self.status, self.tr("Status"))
        self.tabs.addTab(self.errors, self.tr("Errors"))
        self.tabs.addTab(self.products, self.tr("Products"))
        self.tabs.addTab(self.orders, self.tr("Orders"))
        self.tabs.addTab(self.levels, self.tr("Level rules"))
        self.tabs.addTab(self.connections, self.tr("Connections"))
        self.tabs.addTab(self.settings, self.tr("Settings"))
        self.tabs.addTab(self.support, self.tr("Support"))
        self.tabs.addTab(self.mappings, self.tr("Mappings"))
        self.setCentralWidget(self.tabs)
        for number in range(min(9, self.tabs.count())):
            QShortcut(
                QKeySequence(f"Ctrl+{number + 1}"),
                self,
                lambda n=number: self.tabs.setCurrentIndex(n),
            )
        self.overview.open_items.connect(self.show_open_items)
        self.overview.open_history.connect(self.show_history)
        self.overview.open_day.connect(self.show_error_day)
        self.status.history_requested.connect(self.show_history)
        self.errors.open_product.connect(self.show_product)
        self.errors.open_order.connect(self.show_order)
        if demo:
            banner = QLabel(
                self.tr(
                    "Demo: simulated shops, Afterbuy and AccountView, throw-away data. "
                    "Nothing is sent out."
                )
            )
            self.statusBar().addPermanentWidget(banner, 1)
        self.settings.integrations_changed.connect(self._integrations_changed)
        self.mappings.shops_changed.connect(self._shops_changed)
        self.resize(1100, 600)

    def show_errors(self) -> None:
        """Jump to today's errors."""
        self.tabs.setCurrentWidget(self.errors)
        self.errors.show_today()

    def show_error_day(self, day: date) -> None:
        """A day of the overview's chart: that day's errors."""
        self.tabs.setCurrentWidget(self.errors)
        self.errors.show_day(day)

    def show_open_items(self, integration: str, flow: str) -> None:
        """A number on the overview: the matching open items, by cause."""
        self.tabs.setCurrentWidget(self.errors)
        self.errors.show_open(integration, flow)

    def show_history(self, integration: str, flow: str) -> None:
        """One flow's run history in a dialog."""
        self.history = HistoryDialog(self._app, self._worker, integration, flow, self)
        self.history.open()

    def show_product(self, product_id: str) -> None:
        """Why is this product (not) in the shop?"""
        self.tabs.setCurrentWidget(self.products)
        self.products.show_product(product_id)

    def show_order(self, number: str) -> None:
        """Where is this order?"""
        self.tabs.setCurrentWidget(self.orders)
        self.orders.show_order(number)

    def show_connection(self, key: str, problem: str = "") -> None:
        """Jump to a connection's form (its credentials were rejected)."""
        self.tabs.setCurrentWidget(self.connections)
        self.connections.show_connection(key, problem)

    def close_for_good(self) -> None:
        """Close without asking (quit from the tray or the dialog)."""
        self._closing_for_good = True
        self.close()

    def ask_background(self) -> bool | None:
        """The no-tray close question: keep syncing in the background?"""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Close jjdesk"))
        box.setText(self.tr("Keep synchronising in the background?"))
        box.setInformativeText(
            self.tr(
                "Your system shows no tray icon. If jjdesk keeps running, start it again"
                " to bring this window back."
            )
        )
        box.setStandardButtons(
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Cancel:
            return None
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_for_good:
            event.accept()
            return
        action = decide_close(self._tray_available, self.ask_background)
        event.ignore()
        if action is CloseAction.HIDE:
            self.hide()
        elif action is CloseAction.QUIT:
            self.quit_requested.emit()

    def settings_changed(self) -> None:
        """Integrations were switched on elsewhere (the setup assistant)."""
        self._integrations_changed()

    def _shops_changed(self) -> None:
        """A custom shop was added: the lists of integrations and connections follow."""
        self.settings.refresh()
        self._integrations_changed()

    def _integrations_changed(self) -> None:
        self.overview.refresh()
        self.status.refresh()
        self.levels.refresh()
        self.connections.refresh()
