"""Item failures: listed under today's "Action needed" with the attempt, one notification per
run, CSV; remote texts shown as plain text; a held deletion and its confirmation."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from conftest import MakeApp, MakeDesktop
from PySide6.QtGui import Qt, QTextDocument
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from jjdesk.events import ItemFailed, RunFinished
from jjdesk.flows.deletion_check import approved_key, held_key
from jjdesk.gui.notifier import Notifier, Severity
from jjdesk.gui.status_model import StatusModel
from jjdesk.store.runs import RunStatus

Note = tuple[str, str, Severity]


def test_failed_items_appear_today_with_exactly_one_notification(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    desktop = make_desktop(make_app())
    notes: list[Note] = []
    desktop.notifier.notify.connect(lambda *args: notes.append(args))
    status, errors = desktop.window.status, desktop.window.errors
    row = status.model.find("fake", "failing")

    qtbot.mouseClick(status.row_actions(row).run_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: status.model.row(row).status is RunStatus.WARNINGS, timeout=5000)
    desktop.window.show_errors()  # what clicking the notification does
    qtbot.waitUntil(lambda: errors.model.rowCount() == 3, timeout=5000)
    qtbot.wait(200)  # nothing more may follow
    assert errors.heading.text() == "Action needed"
    cells = errors.model.cells(0)
    assert cells[1] == "Fakeshop – Product export"
    assert cells[2].startswith("Product 12")
    assert cells[3:] == ["price", "Preis fehlt", "Preis in Afterbuy eintragen", "Attempt 1"]
    assert len(notes) == 1
    title, text, severity = notes[0]
    assert title == "Action needed"
    assert severity is Severity.WARNING
    assert text == "Fakeshop – Product export: 3 products need your attention"


def test_rejected_credentials_notify_critically_and_open_the_connection_form(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    desktop = make_desktop(make_app())
    notes: list[Note] = []
    desktop.notifier.notify.connect(lambda *args: notes.append(args))
    window = desktop.window
    row = window.status.model.find("fake", "auth")

    qtbot.mouseClick(window.status.row_actions(row).run_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.connections, timeout=5000)
    assert "Fakeshop rejected the credentials" in window.connections.forms["fakeshop"].result.text()
    assert [n[2] for n in notes] == [Severity.CRITICAL]
    assert notes[0][1].startswith("Fakeshop – Order import: Fakeshop rejected the credentials")
    assert window.status.model.row(row).status is RunStatus.FAILED


def test_notifier_speaks_once_per_run_and_not_for_cancelled_runs(qtbot: QtBot) -> None:
    notifier = Notifier(lambda i, f: f"{i} – {f}")
    notes: list[Note] = []
    notifier.notify.connect(lambda *args: notes.append(args))

    for run_id in (1, 2):
        for item in ("A1", "A2"):
            notifier.on_item_failed(ItemFailed(run_id, "shop", "orders", "order", item, "", "", ""))
    notifier.on_run_finished(_finished(1, "warnings", failed=2))
    notifier.on_run_finished(_finished(2, "interrupted", failed=2))
    notifier.on_run_finished(_finished(3, "succeeded"))
    notifier.on_run_finished(_finished(4, "failed", title="Shop unreachable"))

    assert notes == [
        ("Action needed", "shop – orders: 2 orders need your attention: A1, A2", Severity.WARNING),
        ("Sync failed", "shop – orders: Shop unreachable", Severity.CRITICAL),
    ]


def test_a_notification_names_the_order_as_the_merchant_knows_it(qtbot: QtBot) -> None:
    notifier = Notifier(lambda i, f: f"{i} – {f}")
    notes: list[Note] = []
    notifier.notify.connect(lambda *args: notes.append(args))
    failed = ItemFailed(1, "shop", "orders", "order", "6101234560006", "", "", "", 1, "#1006")
    notifier.on_item_failed(failed)
    notifier.on_run_finished(_finished(1, "warnings", failed=1))
    assert notes == [
        ("Action needed", "shop – orders: Order #1006 needs your attention", Severity.WARNING)
    ]


def _finished(run_id: int, status: str, *, failed: int = 0, title: str = "") -> RunFinished:
    return RunFinished(run_id, "shop", "orders", status, 2, 0, failed, 0.1, title, "")


def test_export_csv_writes_utf8_bom_semicolons_in_the_worker(
    qtbot: QtBot,
    make_app: MakeApp,
    make_desktop: MakeDesktop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    run_id = app.store.runs.start("fake", "failing", "manual")
    app.store.errors.add(run_id, "fake", "failing", "product", "1234", "Größe fehlt", field="size")
    desktop = make_desktop(app)
    errors = desktop.window.errors
    target = tmp_path / "errors.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    qtbot.mouseClick(errors.export_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: errors.status_label.text().startswith("Saved to"), timeout=5000)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Time;Integration;Item;Field;Message;What to do;Attempt"
    assert lines[1].endswith(";Fakeshop – Product export;Product 1234;size;Größe fehlt;;Attempt 1")


def test_bridge_delivers_worker_thread_events_in_the_gui_thread(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    seen: list[bool] = []
    desktop.bridge.item_failed.connect(
        lambda _e: seen.append(threading.current_thread() is threading.main_thread())
    )
    event = ItemFailed(9, "fake", "items", "order", "7", "", "x", "")
    worker = threading.Thread(target=app.bus.publish, args=(event,))
    worker.start()
    worker.join()

    qtbot.waitUntil(lambda: seen == [True])


def shown(text: str) -> str:
    """What Qt shows for a tooltip or label text: rich text when it looks like markup."""
    document = QTextDocument()
    if Qt.mightBeRichText(text):
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()


REMOTE = "<b>Fehler</b> im Feld <img src='https://evil.example/x.png'> & mehr"


def test_an_error_shows_the_item_as_the_merchant_knows_it_and_the_attempt(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    run_id = app.store.runs.start("fake", "items", "schedule")
    app.store.errors.add(
        run_id, "fake", "items", "order", "5123456789", REMOTE, attempt=3, label="#1006"
    )
    desktop = make_desktop(app)
    model = desktop.window.errors.model

    cells = model.cells(0)
    assert cells[2] == "Order #1006"
    assert cells[-1] == "Attempt 3"
    message = model.index(0, 4)
    assert model.data(message, Qt.ItemDataRole.DisplayRole) == REMOTE
    assert shown(model.data(message, Qt.ItemDataRole.ToolTipRole)) == REMOTE


def test_a_failed_run_tooltip_in_status_shows_remote_text_as_it_is(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    run_id = app.store.runs.start("fake", "auth", "schedule")
    app.store.runs.finish(run_id, RunStatus.FAILED, 0, 0, 0, "Fakeshop refused", REMOTE)
    desktop = make_desktop(app)
    model = desktop.window.status.model
    index = model.index(model.find("fake", "auth"), StatusModel.STATUS)

    assert shown(model.data(index, Qt.ItemDataRole.ToolTipRole)) == f"Fakeshop refused: {REMOTE}"


def test_a_held_deletion_waits_for_confirm_deletion_and_the_click_confirms_it(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    held = {"digest": "d1", "count": 12, "known": 40, "keys": [str(n) for n in range(12)]}
    app.store.settings.set(held_key("fake"), json.dumps(held))
    desktop = make_desktop(app)
    banner = desktop.window.errors.held["fake"]
    assert banner.text.text().startswith("Fakeshop: 12 of 40 products are missing")
    assert "product IDs 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, …" in banner.text.text()
    assert banner.confirm_button.text() == "Confirm deletion"

    qtbot.mouseClick(banner.confirm_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: "confirmed" in banner.text.text())
    assert not banner.confirm_button.isVisibleTo(banner)
    assert app.store.settings.get(approved_key("fake")) == "d1"
