"""The mapping editor: load a sample order from a file, map two fields and see the
preview follow, see a validation error, save, restart: the mapping is still there."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MakeApp, MakeDesktop
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jjdesk.integrations.custom_shop import FAMILY, MAPPING
from jjdesk.sandbox.custom_shop import CustomShopState


def test_map_a_sample_see_errors_save_and_keep_it_after_a_restart(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop, tmp_path: Path
) -> None:
    app = make_app()
    key = app.members.add(FAMILY, "Mein Shop").key
    shop = CustomShopState()
    order = shop.new_order(["10000001", "10000002"])
    sample = shop.write_file(tmp_path, "json", [order])
    desktop = make_desktop(app)
    tab = desktop.window.mappings
    qtbot.waitUntil(lambda: tab.shop_key == key)

    # the merchant starts without order number and SKU: both are named as missing
    tab.table.set_source("order_number", "")
    tab.table.set_source("lines.sku", "")
    assert sum("required field is not mapped" in e for e in tab.errors_shown) == 2
    assert any("Order number" in e for e in tab.errors_shown)
    tab.load_sample_file(sample)
    qtbot.waitUntil(lambda: tab.record.count() == 1)
    assert '"number": "5001"' in tab.sample.toPlainText()
    assert tab.result.toPlainText() == ""  # nothing to show while fields are missing

    tab.table.set_source("order_number", "$.number")
    tab.table.set_source("lines.sku", "$.sku")
    assert tab.errors_shown == []
    result = tab.result.toPlainText()
    assert result.startswith("5001")
    assert "1 × 10000001 Artikel 10000001 à 19,90 €" in result

    tab.table.set_source("lines.unit_price", "$.title")  # a mistake: text as the price
    first, second = tab.errors_shown  # one per order line
    assert "price" in first.lower() and "$.title" in first and "line 1" in first
    assert "line 2" in second
    assert tab.result.toPlainText() == ""
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)  # saved anyway: data errors
    qtbot.waitUntil(lambda: tab.message.text() == "Mapping saved.")

    tab.table.set_source("lines.unit_price", "$.price")
    tab.table.set_source("lines.title", "$.title + $.sku")
    assert tab.errors_shown == []
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.text() == "Mapping saved.")
    desktop.shutdown()
    app.shutdown()

    again = make_app()
    saved = json.loads(again.option(key, MAPPING.name))
    assert saved["fields"]["order_number"] == {"source": "$.number"}
    assert saved["fields"]["lines.title"] == {"source": ["$.title", "$.sku"]}
    tab = make_desktop(again).window.mappings
    qtbot.waitUntil(lambda: tab.shop_key == key)
    row = tab.table.row_of("lines.title")
    item = tab.table.item(row, 1)
    assert item is not None and item.text() == "$.title + $.sku"


def test_a_mapping_with_a_required_field_missing_is_not_saved(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    key = app.members.add(FAMILY, "Mein Shop").key
    before = app.option(key, MAPPING.name)
    tab = make_desktop(app).window.mappings
    qtbot.waitUntil(lambda: tab.shop_key == key)
    tab.table.set_source("created_at", "")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "Not saved" in tab.message.text()
    assert any("Order date" in e or "created" in e.lower() for e in tab.errors_shown)
    qtbot.waitUntil(lambda: tab._worker.pending() == 0)
    assert app.option(key, MAPPING.name) == before


def test_a_shop_added_in_the_tab_appears_in_settings_and_connections(
    qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    desktop = make_desktop(app)
    tab = desktop.window.mappings
    tab.add_shop("Zweiter Laden")
    qtbot.waitUntil(lambda: tab.shop_key == "shop-zweiter-laden")
    settings = desktop.window.settings
    qtbot.waitUntil(lambda: "shop-zweiter-laden" in settings.switches)
    assert "fake" in settings.switches  # the others are still there, once each
    assert app.integration("shop-zweiter-laden").order_prefix == "ZWEITER-LADEN-"
    assert ("shop-zweiter-laden", "mapping") in settings.options
    connections = desktop.window.connections
    qtbot.waitUntil(lambda: "shop-zweiter-laden" in connections.forms)
