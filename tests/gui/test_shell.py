"""Closing without a tray, the tray menu, one instance per profile, a restored database."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeApp, MakeDesktop
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from jjdesk.gui.main_window import CloseAction, decide_close
from jjdesk.gui.single_instance import SingleInstance, server_name


def _must_not_ask() -> bool:
    raise AssertionError("with a tray, closing must not ask")


def test_with_a_tray_closing_hides_without_asking() -> None:
    assert decide_close(True, _must_not_ask) is CloseAction.HIDE


@pytest.mark.parametrize(
    ("answer", "action"),
    [(True, CloseAction.HIDE), (False, CloseAction.QUIT), (None, CloseAction.STAY)],
)
def test_without_a_tray_closing_asks(answer: bool | None, action: CloseAction) -> None:
    assert decide_close(False, lambda: answer) is action


@pytest.mark.parametrize(
    ("button", "hidden", "quits"),
    [(QMessageBox.StandardButton.Yes, True, False), (QMessageBox.StandardButton.No, False, True)],
)
def test_closing_the_real_window_without_tray_asks_and_follows_the_answer(
    qtbot: QtBot,
    make_app: MakeApp,
    make_desktop: MakeDesktop,
    button: QMessageBox.StandardButton,
    hidden: bool,
    quits: bool,
) -> None:
    desktop = make_desktop(make_app())
    window = desktop.window
    quit_calls: list[bool] = []
    desktop.quit_requested.connect(lambda: quit_calls.append(True))
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(50, answer)
    window.close()

    assert asked == ["Keep synchronising in the background?"]
    assert window.isHidden() is hidden or quits
    assert quit_calls == ([True] if quits else [])


def test_a_second_start_asks_the_first_to_show_itself(qtbot: QtBot, tmp_path: Path) -> None:
    name = server_name(tmp_path)
    first = SingleInstance(name)
    assert first.listen()
    try:
        second = SingleInstance(name)
        with qtbot.waitSignal(first.show_requested, timeout=3000):
            assert second.notify_running()
    finally:
        first.close()
    assert not SingleInstance(server_name(tmp_path / "other")).notify_running(200)


def test_tray_menu_offers_pause_and_resume(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    from jjdesk.gui.tray import Tray

    app = make_app()
    desktop = make_desktop(app)
    tray = Tray()
    desktop.window.status.paused_changed.connect(tray.set_paused)
    tray.pause_toggled.connect(desktop.window.status.toggle_pause)
    assert tray.pause_action.text() == "Pause"

    tray.pause_action.trigger()

    qtbot.waitUntil(lambda: tray.pause_action.text() == "Resume")
    assert app.scheduler.paused
    assert [a.text() for a in tray.menu.actions() if a.text()] == [
        "Open jjdesk",
        "Run all now",
        "Resume",
        "Snooze notifications for an hour",
        "Quit",
    ]


def test_a_warning_marks_the_tray_icon_until_the_window_is_opened(
    qtbot: QtBot, make_app: MakeApp
) -> None:
    from jjdesk.gui.desktop import Desktop
    from jjdesk.gui.notifier import Severity

    desktop = Desktop(make_app(), tray_available=True)
    try:
        assert desktop.tray is not None and not desktop.tray.alert
        desktop.tray.show_message("Fakeshop", "2 Produkte", Severity.WARNING)
        assert desktop.tray.alert
        desktop.show_window()
        assert not desktop.tray.alert
    finally:
        desktop.shutdown()


def test_a_database_restored_at_start_is_told_in_a_dialog(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    first = make_app()
    first.backup_now()
    db_path = first.profile.db_path
    first.shutdown()
    db_path.write_bytes(b"<html>not a database</html>" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)

    desktop = make_desktop(make_app())

    qtbot.waitUntil(lambda: desktop.notice is not None and desktop.notice.isVisible())
    assert desktop.notice is not None
    assert desktop.notice.text().startswith("Database restored\n\njjdesk's database was damaged")
    assert desktop.notice.textFormat() is Qt.TextFormat.PlainText
    assert "set aside as “jjdesk-damaged-" in desktop.notice.text()


def test_qt_calls_do_not_use_up_references_to_none(qtbot: QtBot) -> None:
    """Every progress event calls Qt setters: with PySide6 6.12 on Python 3.11 each call took a
    reference from None and the app aborted ("deallocating None") after a few hours."""
    import sys

    from PySide6.QtWidgets import QPushButton

    button = QPushButton("Run now")
    qtbot.addWidget(button)
    before = sys.getrefcount(None)
    for _ in range(2000):
        button.setEnabled(True)
        button.setVisible(False)
    assert sys.getrefcount(None) > before - 100
