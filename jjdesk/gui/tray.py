"""The tray icon and its menu; shows the notifier's messages."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from jjdesk.gui.notifier import Severity
from jjdesk.gui.resources import tray_icon

_ICONS = {
    Severity.INFO: QSystemTrayIcon.MessageIcon.Information,
    Severity.WARNING: QSystemTrayIcon.MessageIcon.Warning,
    Severity.CRITICAL: QSystemTrayIcon.MessageIcon.Critical,
}


class Tray(QObject):
    """Open, Run all now, Pause/Resume, Quit — and notifications by severity."""

    open_requested = Signal()
    run_all_requested = Signal()
    pause_toggled = Signal()
    quit_requested = Signal()
    message_clicked = Signal()
    snooze_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self.open_action = self.menu.addAction(self.tr("Open jjdesk"))
        self.run_all_action = self.menu.addAction(self.tr("Run all now"))
        self.pause_action = self.menu.addAction(self.tr("Pause"))
        self.snooze_action = self.menu.addAction(self.tr("Snooze notifications for an hour"))
        self.snooze_action.triggered.connect(self.snooze_requested)
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction(self.tr("Quit"))
        self.open_action.triggered.connect(self.open_requested)
        self.run_all_action.triggered.connect(self.run_all_requested)
        self.pause_action.triggered.connect(self.pause_toggled)
        self.quit_action.triggered.connect(self.quit_requested)
        self.alert = False
        self.icon = QSystemTrayIcon(tray_icon(), self)
        self.icon.setToolTip("jjdesk")
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.message_clicked)

    def show(self) -> None:
        """Put the icon into the tray."""
        self.icon.show()

    def hide(self) -> None:
        """Take the icon out (quit)."""
        self.icon.hide()

    def set_paused(self, paused: bool) -> None:
        """The menu offers the opposite of the current state."""
        self.pause_action.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.icon.setToolTip(self.tr("jjdesk (paused)") if paused else "jjdesk")

    def show_message(self, title: str, text: str, severity: Severity) -> None:
        """A desktop notification from the tray; warnings leave the icon marked."""
        self.icon.showMessage(title, text, _ICONS[severity], 10_000)
        if severity is not Severity.INFO:
            self.set_alert(True)

    def set_alert(self, alert: bool) -> None:
        """Mark the icon (red dot) until the merchant has looked at the window."""
        self.alert = alert
        self.icon.setIcon(tray_icon(alert))

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()
