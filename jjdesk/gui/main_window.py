"""The main window: the tabs, and what closing it means with and without a tray."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from jjdesk.app import App
from jjdesk.gui.connections_tab import ConnectionsTab
from jjdesk.gui.errors_tab import ErrorsTab
from jjdesk.gui.labels import FlowLabel
from jjdesk.gui.levels_tab import LevelsTab
from jjdesk.gui.resources import app_icon
from jjdesk.gui.settings_tab import SettingsTab
from jjdesk.gui.status_tab import StatusTab
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
    """Status, Errors, Level rules, Connections, Settings."""

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
        self.status = StatusTab(app, worker)
        self.errors = ErrorsTab(app, worker, flow_label)
        self.levels = LevelsTab(app, worker)
        self.connections = ConnectionsTab(app, worker)
        self.settings = SettingsTab(app, worker)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.status, self.tr("Status"))
        self.tabs.addTab(self.errors, self.tr("Errors"))
        self.tabs.addTab(self.levels, self.tr("Level rules"))
        self.tabs.addTab(self.connections, self.tr("Connections"))
        self.tabs.addTab(self.settings, self.tr("Settings"))
        self.setCentralWidget(self.tabs)
        if demo:
            banner = QLabel(
                self.tr("Demo: simulated shops and Afterbuy, throw-away data. Nothing is sent out.")
            )
            self.statusBar().addPermanentWidget(banner, 1)
        self.settings.integrations_changed.connect(self._integrations_changed)
        self.resize(1100, 600)

    def show_errors(self) -> None:
        """Jump to today's errors."""
        self.tabs.setCurrentWidget(self.errors)
        self.errors.show_today()

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

    def _integrations_changed(self) -> None:
        self.status.refresh()
        self.levels.refresh()
        self.connections.refresh()
