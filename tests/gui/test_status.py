"""Status tab: Run now, live row updates, Cancel, Pause all (kept over restarts), flows off."""

from __future__ import annotations

from conftest import MakeApp, MakeDesktop
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jjdesk.gui.status_model import StatusModel
from jjdesk.runner import RunLocks
from jjdesk.store.runs import RunStatus


def _cell(desktop, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    model = desktop.window.status.model
    return str(model.data(model.index(row, column)))


def test_run_now_runs_the_flow_and_the_row_shows_counts(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    desktop = make_desktop(make_app())
    status = desktop.window.status
    row = status.model.find("fake", "items")
    assert _cell(desktop, row, StatusModel.FLOW) == "Fakeshop – Item sync"
    assert _cell(desktop, row, StatusModel.STATUS) == "Not run yet"

    qtbot.mouseClick(status.row_actions(row).run_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: status.model.row(row).status is RunStatus.SUCCEEDED, timeout=5000)
    assert _cell(desktop, row, StatusModel.READ) == "3"
    assert _cell(desktop, row, StatusModel.WRITTEN) == "2"
    assert _cell(desktop, row, StatusModel.FAILED) == "0"
    assert _cell(desktop, row, StatusModel.STATUS) == "OK"
    assert _cell(desktop, row, StatusModel.LAST_RUN) != ""
    assert _cell(desktop, row, StatusModel.NEXT_RUN) != ""
    assert status.row_actions(row).run_button.isVisibleTo(status)


def test_cancel_stops_a_running_flow_and_history_says_interrupted(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    status = desktop.window.status
    row = status.model.find("fake", "slow")
    actions = status.row_actions(row)

    qtbot.mouseClick(actions.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.cancel_button.isVisibleTo(status), timeout=5000)
    assert actions.progress.isVisibleTo(status)
    assert actions.progress.maximum() == 0  # busy: the slow flow reports no total
    assert not actions.run_button.isVisibleTo(status)

    qtbot.mouseClick(actions.cancel_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: status.model.row(row).status is RunStatus.INTERRUPTED, timeout=5000)
    latest = app.store.runs.latest("fake", "slow")
    assert latest is not None and latest.status is RunStatus.INTERRUPTED
    assert _cell(desktop, row, StatusModel.STATUS) == "Interrupted"
    assert actions.run_button.isVisibleTo(status)


def test_pause_all_shows_paused_and_resume_brings_next_runs_back(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    status = desktop.window.status
    assert status.pause_button.text() == "Pause all"

    qtbot.mouseClick(status.pause_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: status.pause_button.text() == "Resume all")
    assert app.scheduler.paused and app.paused
    assert _cell(desktop, 0, StatusModel.NEXT_RUN) == "Paused"

    qtbot.mouseClick(status.pause_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: status.pause_button.text() == "Pause all")
    assert not app.scheduler.paused and not app.paused
    qtbot.waitUntil(lambda: _cell(desktop, 0, StatusModel.NEXT_RUN) not in ("", "Paused"))


def test_run_now_still_runs_while_the_timetable_is_paused(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    desktop = make_desktop(make_app())
    status = desktop.window.status
    qtbot.mouseClick(status.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.pause_button.text() == "Resume all")
    row = status.model.find("fake", "items")

    qtbot.mouseClick(status.row_actions(row).run_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: status.model.row(row).status is RunStatus.SUCCEEDED, timeout=5000)
    assert status.paused_label.text() == "Scheduled runs are paused. Run now still works."


def test_pause_is_still_shown_after_a_restart(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    qtbot.mouseClick(desktop.window.status.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.paused)
    desktop.shutdown()
    app.shutdown()

    again = make_desktop(make_app())
    status = again.window.status
    assert status.pause_button.text() == "Resume all"
    assert _cell(again, 0, StatusModel.NEXT_RUN) == "Paused"
    assert again.app.scheduler.next_run("fake", "items") is None


def test_a_flow_switched_off_in_settings_shows_off_and_offers_no_run_now(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    settings, status = desktop.window.settings, desktop.window.status
    qtbot.waitUntil(lambda: ("fake", "slow") in settings.flow_switches)

    settings.flow_switches[("fake", "slow")].setChecked(False)

    row = status.model.find("fake", "slow")
    qtbot.waitUntil(lambda: _cell(desktop, row, StatusModel.NEXT_RUN) == "Off")
    assert not status.row_actions(row).run_button.isEnabled()
    assert app.scheduler.next_run("fake", "slow") is None
    assert not app.is_flow_enabled("fake", "slow")
    assert _cell(desktop, status.model.find("fake", "items"), StatusModel.NEXT_RUN) != "Off"


def test_run_now_of_a_flow_another_jjdesk_runs_says_so(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    status = desktop.window.status
    row = status.model.find("fake", "items")
    held = RunLocks(app.profile.lock_dir).try_hold("fake", "items")  # as `jjdesk run` does
    assert held is not None
    try:
        qtbot.mouseClick(status.row_actions(row).run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "running in another jjdesk" in status.message.text())
    finally:
        held.release()
    assert status.message.text().startswith("Fakeshop – Item sync is running in another jjdesk")
    assert app.store.runs.latest("fake", "items") is None
