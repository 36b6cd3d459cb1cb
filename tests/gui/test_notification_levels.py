"""Notifications as the merchant sets them: all runs, failures only, off; snoozed for an
hour; a daily summary at a chosen time, once a day — chosen in Settings, kept on restart."""

from __future__ import annotations

from conftest import MakeApp, MakeDesktop
from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from jjdesk.events import RunFinished
from jjdesk.gui.desktop import Desktop
from jjdesk.gui.notifier import LEVEL_KEY, SUMMARY_KEY, NotifyLevel, Severity

Note = tuple[str, str, Severity]

DONE = RunFinished(1, "fake", "items", "succeeded", 5, 5, 0, 1.0, "", "")
FAILED = RunFinished(2, "fake", "items", "failed", 0, 0, 0, 1.0, "Fakeshop is down", "")


def _listen(desktop: Desktop) -> list[Note]:
    notes: list[Note] = []
    desktop.notifier.notify.connect(lambda *args: notes.append(args))
    return notes


def _choose(desktop: Desktop, level: NotifyLevel) -> None:
    box = desktop.window.settings.notifications.level
    box.setCurrentIndex(box.findData(level))


def test_all_failures_only_and_off_decide_what_is_said(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    notes = _listen(desktop)

    app.bus.publish(DONE)  # the default: failures only, so a good run says nothing
    app.bus.publish(FAILED)
    qtbot.waitUntil(lambda: len(notes) == 1)
    assert notes[0][0] == "Sync failed" and notes[0][2] is Severity.CRITICAL

    _choose(desktop, NotifyLevel.ALL)
    app.bus.publish(DONE)
    qtbot.waitUntil(lambda: len(notes) == 2)
    assert notes[1] == ("Sync done", "Fakeshop – Item sync: 5 items transferred", Severity.INFO)

    _choose(desktop, NotifyLevel.OFF)
    app.bus.publish(FAILED)
    app.bus.publish(DONE)
    qtbot.wait(200)
    assert len(notes) == 2
    qtbot.waitUntil(lambda: app.store.settings.get(LEVEL_KEY) == "off")


def test_snooze_is_quiet_for_an_hour_then_failures_are_said_again(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    notes = _listen(desktop)
    now = [1000.0]
    desktop.notifier.clock = lambda: now[0]

    desktop.notifier.snooze()  # the tray's "Snooze notifications for an hour"
    app.bus.publish(FAILED)
    qtbot.wait(200)
    assert notes == []

    now[0] += 59 * 60
    app.bus.publish(FAILED)
    qtbot.wait(200)
    assert notes == []

    now[0] += 2 * 60
    app.bus.publish(FAILED)
    qtbot.waitUntil(lambda: len(notes) == 1)
    assert notes[0][2] is Severity.CRITICAL


def test_the_daily_summary_comes_once_a_day_at_the_chosen_time_and_survives_a_restart(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    notes = _listen(desktop)
    settings = desktop.window.settings.notifications
    settings.time.setTime(QTime(0, 0))  # a time already past today
    settings.summary.setChecked(True)
    qtbot.waitUntil(lambda: app.store.settings.get(SUMMARY_KEY) == "00:00")

    desktop._summary_timer.timeout.emit()  # the minute check
    qtbot.waitUntil(lambda: len(notes) == 1)
    desktop._summary_timer.timeout.emit()
    qtbot.wait(200)

    assert len(notes) == 1
    title, text, severity = notes[0]
    assert title == "jjdesk today" and severity is Severity.INFO
    assert text == "0 items transferred, 0 errors, 0 failed runs"

    desktop.shutdown()
    app.shutdown()
    again = make_desktop(make_app())  # a restart: the choice is still there
    shown = again.window.settings.notifications
    assert shown.summary.isChecked() and shown.time.time() == QTime(0, 0)
    assert shown.level.currentData() is NotifyLevel.FAILURES


def test_with_notifications_off_no_summary_is_sent(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    notes = _listen(desktop)
    _choose(desktop, NotifyLevel.OFF)
    settings = desktop.window.settings.notifications
    settings.time.setTime(QTime(0, 0))
    settings.summary.setChecked(True)

    desktop._summary_timer.timeout.emit()
    qtbot.waitUntil(lambda: desktop.worker.pending() == 0)
    qtbot.wait(200)

    assert notes == []
