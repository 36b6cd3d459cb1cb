"""Level rules survive a restart and refuse gaps, and are not offered where an integration has
none; connections keep secrets in the keyring and refuse plain-http addresses."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import MakeApp, MakeDesktop
from fake_integration import FAKE_CONNECTION, FAKE_INTEGRATION, PLAIN_INTEGRATION, test_gate
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QSpinBox
from pytestqt.qtbot import QtBot

from jjdesk.app import App
from jjdesk.domain.levels import SHOPIFY_DEFAULT, ExportAction
from jjdesk.integrations.base import list_of, table_of
from jjdesk.profile import Profile
from jjdesk.secrets import MemoryKeyring, SecretStore


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
    assert form.edits["api_url"].text() == "https://fakeshop.test"
    form.edits["api_url"].setText("https://my-shop.test")
    form.edits["token"].setText("s3cret-token")

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: form.result.text() == "Saved.")
    assert keyring_backend.get_password("jjdesk", "fakeshop/token") == "s3cret-token"
    settings = app.store.settings.all()
    assert settings["connection.fakeshop.api_url"] == "https://my-shop.test"
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


def test_a_plain_http_address_is_refused_in_the_form_and_nothing_saved(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    form = desktop.window.connections.forms["fakeshop"]
    form.edits["api_url"].setText("http://my-shop.example.com")
    form.edits["token"].setText("t0ken")

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: form.result.text().startswith("Failed: Unencrypted address refused"))
    assert "https://" in form.result.text()
    assert form.result.textFormat() is Qt.TextFormat.PlainText  # the URL is shown as typed
    assert "connection.fakeshop.api_url" not in app.store.settings.all()
    assert app.connection_value("fakeshop", "api_url") == "https://fakeshop.test"


def test_an_integration_without_level_rules_has_no_page_in_the_levels_tab(
    qtbot: QtBot, tmp_path: Path, keyring_backend: MemoryKeyring, make_desktop: MakeDesktop
) -> None:
    app = App(
        Profile(tmp_path / "plain"),
        [FAKE_INTEGRATION, PLAIN_INTEGRATION],
        [FAKE_CONNECTION],
        SecretStore(keyring_backend, environ={}),
    )
    try:
        app.set_enabled("fake", True)
        app.set_enabled("plain", True)
        desktop = make_desktop(app)
        levels = desktop.window.levels
        assert list(levels.editors) == ["fake"]
        assert [levels.pages.tabText(i) for i in range(levels.pages.count())] == ["Fakeshop"]
        desktop.shutdown()
    finally:
        app.shutdown()


def test_a_carrier_table_and_live_choices_are_edited_and_saved(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    from jjdesk.gui.option_editors import ChoiceListEditor, TableEditor

    app = make_app()
    desktop = make_desktop(app)
    settings = desktop.window.settings
    qtbot.waitUntil(lambda: ("fake", "statuses") in settings.options)
    table = settings.options[("fake", "carriers")]
    assert isinstance(table, TableEditor)
    assert table.table.item(0, 0).text() == "DHL Paket"
    table.table.item(1, 0).setText("Hermes Päckchen")  # the empty last row adds a row
    combo = table.table.cellWidget(1, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("Hermes"))
    qtbot.waitUntil(lambda: "Hermes Päckchen" in app.option("fake", "carriers"))
    assert table_of(app.option("fake", "carriers")) == {
        "DHL Paket": "DHL",
        "Hermes Päckchen": "Hermes",
    }

    choices = settings.options[("fake", "statuses")]
    assert isinstance(choices, ChoiceListEditor)
    assert choices.list.count() == 1  # only what was chosen, until loaded from the shop
    qtbot.mouseClick(choices.load, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: choices.list.count() == 3)
    labels = [choices.list.item(i).text() for i in range(3)]
    assert labels == ["Neu", "Bezahlt", "Versendet"]
    choices.list.item(2).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: list_of(app.option("fake", "statuses")) == ["2", "3"])


def test_a_table_value_outside_its_list_is_refused() -> None:
    import pytest as _pytest

    spec = next(o for o in FAKE_INTEGRATION.options if o.name == "carriers")
    with _pytest.raises(ValueError) as caught:
        spec.check('{"DHL Paket": "UPS"}')
    assert "UPS" in str(caught.value) and "DHL, DPD, Hermes" in str(caught.value)
