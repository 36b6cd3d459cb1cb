"""`run_gui`: the desktop app around an `App` — translators, single instance, event loop."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from jjdesk.app import App
from jjdesk.gui.desktop import Desktop
from jjdesk.gui.i18n import choose_language, install_translators
from jjdesk.gui.resources import app_icon
from jjdesk.gui.single_instance import SingleInstance, server_name


def _qapplication() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication(sys.argv)


def run_gui(app: App, *, demo: bool = False) -> int:
    """Run the desktop app until Quit; returns the exit code.

    A second start with the same profile only asks the running one to show its window.
    `app.start()` is called here; `app.shutdown()` when the loop ends.
    """
    qapp = _qapplication()
    qapp.setApplicationName("jjdesk")
    qapp.setOrganizationName("jjdesk")
    qapp.setQuitOnLastWindowClosed(False)  # closing the window hides it; Quit quits
    qapp.setWindowIcon(app_icon())
    install_translators(qapp, choose_language())
    instance = SingleInstance(server_name(app.profile.root))
    if instance.notify_running():
        app.shutdown()
        return 0
    instance.listen()
    desktop = Desktop(app, demo=demo)
    keep_responsive()
    instance.show_requested.connect(desktop.show_window)
    desktop.quit_requested.connect(qapp.quit)
    desktop.show_window()
    app.start()
    try:
        return int(qapp.exec())
    finally:
        desktop.shutdown()
        instance.close()
        app.shutdown()


def keep_responsive() -> None:
    """Tune the interpreter for a window that must not stall while flows run in threads.

    `gc.freeze()`: what was built at start (modules, Qt wrappers, the window) is never
    scanned again, so a full collection, which holds the GIL and so stalls the window
    whichever thread runs it, only looks at what was made since. A 1 ms switch interval:
    while a flow thread computes, the GUI thread waits about 1 ms for the GIL instead of
    5, and it waits often: Qt's event loop runs without the GIL, and every Python slot,
    event handler and model call it makes has to take the GIL again.
    """
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(0.001)


def show_startup_failure(title: str, message: str) -> int:
    """jjdesk cannot start (its database is damaged beyond the backups): say why, exit 2.

    The windowed app has no console, so the words go into a dialog (and to stderr).
    """
    print(f"{title}\n{message}", file=sys.stderr)
    qapp = _qapplication()
    install_translators(qapp, choose_language())
    box = QMessageBox(QMessageBox.Icon.Critical, "jjdesk", "")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"{title}\n\n{message}")
    box.exec()
    return 2
