"""GUI test fixtures: a real App on a temporary profile, the real desktop shell, offscreen."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fake_integration import FAKE_CONNECTION, FAKE_INTEGRATION
from pytestqt.qtbot import QtBot

from jjdesk import i18n
from jjdesk.app import App
from jjdesk.gui.desktop import Desktop
from jjdesk.profile import Profile
from jjdesk.secrets import MemoryKeyring, SecretStore

MakeApp = Callable[[], App]
MakeDesktop = Callable[[App], Desktop]


@pytest.fixture(autouse=True)
def _collect_qt_garbage_in_the_gui_thread() -> Iterator[None]:
    """Free what a test's widgets leave in reference cycles here, in the GUI thread.

    Otherwise Python's garbage collector frees them whenever it next runs, possibly in a
    simulator or scheduler thread of a later test: a QObject destroyed outside its own
    thread crashes the next event loop pass (seen as a segfault in a later, unrelated test).
    """
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    """The keyring of the test: lives only in memory."""
    return MemoryKeyring()


@pytest.fixture
def make_app(tmp_path: Path, keyring_backend: MemoryKeyring) -> Iterator[MakeApp]:
    """Builds Apps on one profile folder (call twice to simulate a restart)."""
    i18n.set_language("en")
    apps: list[App] = []

    def make() -> App:
        app = App(
            Profile(tmp_path / "profile"),
            [FAKE_INTEGRATION],
            [FAKE_CONNECTION],
            SecretStore(keyring_backend, environ={}),
        )
        app.set_enabled("fake", True)
        app.start(first_run_delay=timedelta(hours=1))  # only Run now starts flows
        apps.append(app)
        return app

    yield make
    for app in apps:
        if app.scheduler_running:
            app.shutdown()


@pytest.fixture
def make_desktop(qtbot: QtBot, make_app: MakeApp) -> Iterator[MakeDesktop]:
    """Builds the real shell (no tray) and waits until its first store reads are shown."""
    desktops: list[Desktop] = []

    def make(app: App) -> Desktop:
        desktop = Desktop(app, tray_available=False)
        desktops.append(desktop)
        desktop.show_window()
        qtbot.waitUntil(lambda: desktop.worker.pending() == 0)
        return desktop

    yield make
    for desktop in desktops:
        desktop.shutdown()  # before make_app's teardown closes the store
        desktop.window.deleteLater()
