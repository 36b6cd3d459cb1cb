"""Level rules survive a restart and refuse gaps; connections keep secrets in the keyring."""

from __future__ import annotations

import threading

import pytest
from conftest import MakeApp, MakeDesktop
from fake_integration import test_gate
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QSpinBox
from pytestqt.qtbot import QtBot

from jjdesk.domain.levels import SHOPIFY_DEFAULT, ExportAction
from jjdesk.secrets import MemoryKeyring


def _spin(editor, row: int, column: int) -> QSpinBox:  # type: ignore[no-untyped-def]
    widget = editor.table.cellWidget(row, column)
    assert isinstance(widget, QSpinBox)
    return widget


def _combo(editor, row: int, column: int) -> QComboBox:  # type: ignore[no-untyped-def]
    widget = editor.table.cellWidget(row, column)
    assert isinstance(widget, QComboBox)
    return widget


def test_level_rule_edit_survives_a_restart(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    editor = desktop.window.levels.editors["fake"]
    combo = _combo(editor, 0, editor.EXPORT)
    combo.setCurrentIndex(combo.findData(ExportAction.INACTIVE.value))

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.message.text() == "Saved.")
    desktop.shutdown()
    app.shutdown()

    desktop = make_desktop(make_app())
    editor = desktop.window.levels.editors["fake"]
    shown = _combo(editor, 0, editor.EXPORT)
    assert shown.currentData() == ExportAction.INACTIVE.value
    assert shown.currentText() == "Transfer as inactive/draft"


@pytest.mark.parametrize(
    ("row", "column", "value", "words"),
    [
        (0, 1, 7, "Level 8 is in no range"),  # 0–7 then 9: a gap
        (1, 0, 8, "Level 8 is in more than one range"),  # 0–8 and 8–9: an overlap
    ],
)
def test_a_broken_level_table_is_refused_with_a_message(
    qtbot: QtBot,
    make_app: MakeApp,
    make_desktop: MakeDesktop,
    row: int,
    column: int,
    value: int,
    words: str,
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    editor = desktop.window.levels.editors["fake"]
    _spin(editor, row, column).setValue(value)

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert words in editor.message.text()
    assert editor.message.isVisibleTo(editor)
    qtbot.wait(100)
    assert desktop.worker.pending() == 0
    assert app.level_rules("fake") == SHOPIFY_DEFAULT


def test_saving_a_connection_puts_the_secret_in_the_keyring_only(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop, keyring_backend: MemoryKeyring
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    form = desktop.window.connections.forms["fakeshop"]
    assert form.edits["endpoint"].text() == "https://fakeshop.test"
    form.edits["endpoint"].setText("https://my-shop.test")
    form.edits["token"].setText("s3cret-token")

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: form.result.text() == "Saved.")
    assert keyring_backend.get_password("jjdesk", "fakeshop/token") == "s3cret-token"
    settings = app.store.settings.all()
    assert settings["connection.fakeshop.endpoint"] == "https://my-shop.test"
    assert not any("s3cret" in value for value in settings.values())
    assert form.edits["token"].text() == ""
    assert form.edits["token"].placeholderText() == "••• saved"


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("good", "Connected: Fakeshop answered"),
        ("bad", "Failed: Fakeshop rejected the credentials"),
    ],
)
def test_test_connection_runs_off_the_gui_thread_and_shows_the_result(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop, token: str, expected: str
) -> None:
    desktop = make_desktop(make_app())
    form = desktop.window.connections.forms["fakeshop"]
    form.edits["token"].setText(token)
    gate = test_gate["gate"] = threading.Event()
    try:
        qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
        # The test is still waiting at the gate: the window shows that and stays usable.
        assert form.result.text() == "Testing…"
        assert not form.test_button.isEnabled()
        gate.set()
        qtbot.waitUntil(lambda: form.result.text().startswith(expected), timeout=5000)
    finally:
        gate.set()
        del test_gate["gate"]
    assert form.test_button.isEnabled()


def test_integration_options_are_saved_and_bad_values_refused(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    from PySide6.QtWidgets import QComboBox, QLineEdit

    app = make_app()
    desktop = make_desktop(app)
    settings = desktop.window.settings
    qtbot.waitUntil(lambda: ("fake", "match") in settings.options)
    combo = settings.options[("fake", "match")]
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("ean"))
    qtbot.waitUntil(lambda: app.option("fake", "match") == "ean")
    tag = settings.options[("fake", "done_tag")]
    assert isinstance(tag, QLineEdit)
    tag.setText("   ")
    tag.editingFinished.emit()
    qtbot.waitUntil(lambda: "Not saved" in settings.message.text())
    assert app.option("fake", "done_tag") == "Fakeshop abgeschlossen"
