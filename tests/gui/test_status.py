"""Status tab: Run now, live row updates, Cancel, Pause all."""

from __future__ import annotations

from conftest import MakeApp, MakeDesktop
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jjdesk.gui.status_model import StatusModel
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
