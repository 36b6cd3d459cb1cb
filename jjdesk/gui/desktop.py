"""The whole desktop shell wired together: events, notifications, window, tray.

`run_gui` builds one of these around the QApplication; tests build it directly, without
the event loop and single-instance handling around it.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QSystemTrayIcon

from jjdesk.app import App
from jjdesk.cockpit.overview import DaySummary, day_summary
from jjdesk.events import RunFinished, RunStarted
from jjdesk.gui import fmt
from jjdesk.gui.bridge import EventBridge
from jjdesk.gui.labels import flow_labeller, title_and_message
from jjdesk.gui.main_window import MainWindow
from jjdesk.gui.notifier import LEVEL_KEY, SUMMARY_KEY, Notifier, NotifyLevel, Severity
from jjdesk.gui.tray import Tray
from jjdesk.gui.wizard import SetupWizard
from jjdesk.gui.worker import Worker

SUMMARY_CHECK_MS = 60_000


class Desktop(QObject):
    """Owns the bridge, worker, notifier, window and (when the system has one) the tray."""

    quit_requested = Signal()

    def __init__(
        self,
        app: App,
        *,
        tray_available: bool | None = None,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        self.app = app
        self.worker = Worker(self)
        self.bridge = EventBridge(app.bus, self)
        label = flow_labeller(app)
        self.notifier = Notifier(label, self)
        self.window = MainWindow(app, self.worker, label, tray_available=tray_available, demo=demo)
        self.tray: Tray | None = Tray(self) if tray_available else None
        self._manual_runs: set[int] = set()
        self.notice: QMessageBox | None = None
        self.wizard: SetupWizard | None = None
        self._summary_at = ""
        self._summary_sent: date | None = None
        self._summary_timer = QTimer(self)
        self._summary_timer.setInterval(SUMMARY_CHECK_MS)
        self._summary_timer.timeout.connect(self._summary_due)
        self._summary_timer.start()
        self._wire()
        self.worker.submit(self._read_notify_settings, self._notify_settings_read)
        self.worker.submit(lambda: not app.enabled_integrations(), self._first_start)
        if app.recovery is not None:
            QTimer.singleShot(0, self._show_recovery)

    def _wire(self) -> None:
        status, errors = self.window.status, self.window.errors
        self.bridge.run_started.connect(status.on_started)
        self.bridge.run_started.connect(self._remember_trigger)
        self.bridge.run_progress.connect(status.on_progress)
        self.bridge.item_failed.connect(self.notifier.on_item_failed)
        self.bridge.item_failed.connect(errors.on_new_error)
        self.bridge.run_finished.connect(status.on_finished)
        self.bridge.run_finished.connect(self.notifier.on_run_finished)
        self.bridge.run_finished.connect(self._route)
        self.bridge.run_finished.connect(self.window.overview.refresh_soon)
        self.bridge.item_failed.connect(self.window.overview.refresh_soon)
        self.notifier.notify.connect(self._notify)
        self.window.quit_requested.connect(self.quit_requested)
        self.window.overview.setup_requested.connect(self.show_wizard)
        self.window.settings.notifications.changed.connect(self._notify_settings_changed)
        status.paused_changed.connect(self._paused_changed)
        if self.tray is not None:
            self.tray.open_requested.connect(self.show_window)
            self.tray.run_all_requested.connect(status.run_all)
            self.tray.pause_toggled.connect(status.toggle_pause)
            self.tray.quit_requested.connect(self.quit_requested)
            self.tray.message_clicked.connect(self._open_errors)
            self.tray.snooze_requested.connect(self.notifier.snooze)
            self.tray.show()

    def show_wizard(self) -> None:
        """The setup assistant (first start, or from the empty overview)."""
        self.wizard = SetupWizard(self.app, self.worker, self.window)
        self.wizard.confirmed.connect(lambda _keys: self.window.settings_changed())
        self.wizard.open()

    def _first_start(self, nothing_enabled: bool) -> None:
        if nothing_enabled:
            self.show_wizard()

    def _read_notify_settings(self) -> tuple[str, str]:
        settings = self.app.store.settings
        return settings.get(LEVEL_KEY) or "", settings.get(SUMMARY_KEY) or ""

    def _notify_settings_read(self, values: tuple[str, str]) -> None:
        known = {level.value: level for level in NotifyLevel}
        level = known.get(values[0], NotifyLevel.FAILURES)
        self.notifier.level = level
        self._summary_at = values[1]
        self.window.settings.notifications.show_values(level, values[1])

    def _notify_settings_changed(self, level: NotifyLevel, summary_at: str) -> None:
        self.notifier.level = level
        self._summary_at = summary_at
        settings = self.app.store.settings

        def save() -> None:
            settings.set(LEVEL_KEY, level.value)
            settings.set(SUMMARY_KEY, summary_at)

        self.worker.submit(save, lambda _: None)

    def _summary_due(self) -> None:
        """Once a day at the chosen time: one notification with the day's numbers."""
        now = datetime.now()
        if not self._summary_at or self._summary_sent == now.date():
            return
        if now.strftime("%H:%M") < self._summary_at:
            return
        self._summary_sent = now.date()
        self.worker.submit(lambda: day_summary(self.app, now.date()), self._send_summary)

    def _send_summary(self, summary: DaySummary) -> None:
        self.notifier.summary(
            self.tr("{written} items transferred, {errors} errors, {failed} failed runs").format(
                written=fmt.number(summary.written),
                errors=fmt.number(summary.errors),
                failed=fmt.number(summary.failed_runs),
            )
        )

    def show_window(self) -> None:
        """Bring the window forward (tray Open, a second start, start-up)."""
        if self.tray is not None:
            self.tray.set_alert(False)
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def shutdown(self) -> None:
        """Stop listening and let running store reads finish before the store closes."""
        self.bridge.detach()
        self.worker.stop()
        if self.tray is not None:
            self.tray.hide()
        self.window.close_for_good()

    def _show_recovery(self) -> None:
        """The database was restored at start: the merchant reads it once, in words."""
        notice = self.app.recovery
        assert notice is not None
        box = QMessageBox(QMessageBox.Icon.Warning, "jjdesk", "", parent=self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"{notice.title}\n\n{notice.message}")
        box.open()
        self.notice = box

    def _notify(self, title: str, text: str, severity: Severity) -> None:
        if self.tray is not None:
            self.tray.show_message(title, text, severity)
        else:
            self.window.statusBar().showMessage(f"{title}: {text}", 30_000)

    def _remember_trigger(self, event: RunStarted) -> None:
        if event.trigger == "manual":
            self._manual_runs.add(event.run_id)

    def _route(self, event: RunFinished) -> None:
        """Rejected credentials lead to that connection's form.

        After a Run now (or with the window open) the form comes up at once; a scheduled run
        in the background only notifies, so the window does not pop up every few minutes.
        """
        manual = event.run_id in self._manual_runs
        self._manual_runs.discard(event.run_id)
        if not event.auth_problem:
            return
        problem = title_and_message(event.title, event.message)
        self.window.show_connection(event.connection, problem)
        if manual:
            self.show_window()

    def _open_errors(self) -> None:
        self.show_window()
        self.window.show_errors()

    def _paused_changed(self, paused: bool) -> None:
        if self.tray is not None:
            self.tray.set_paused(paused)
