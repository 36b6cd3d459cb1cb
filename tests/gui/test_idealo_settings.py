"""idealo in Settings: offers and stock on, orders and shipping off with what they need,
the carrier table limited to idealo's list; the connection form names both APIs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import MakeDesktop
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from jjdesk.app import App
from jjdesk.domain.idealo_fields import CARRIERS
from jjdesk.integrations.base import table_of
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.secrets import MemoryKeyring, SecretStore


def test_idealo_settings_and_connection_form(
    qtbot: QtBot, tmp_path: Path, keyring_backend: MemoryKeyring, make_desktop: MakeDesktop
) -> None:
    from jjdesk.gui.option_editors import TableEditor

    app = App(
        Profile(tmp_path / "idealo"),
        all_integrations(),
        all_connections(),
        SecretStore(keyring_backend, environ={}),
    )
    try:
        app.set_enabled("idealo", True)
        app.start(first_run_delay=timedelta(hours=1))
        desktop = make_desktop(app)
        settings = desktop.window.settings
        qtbot.waitUntil(lambda: ("idealo", "carriers") in settings.options)
        switches = settings.flow_switches
        assert switches[("idealo", "products")].isChecked()
        assert switches[("idealo", "stock")].isChecked()
        orders = switches[("idealo", "orders")]
        assert not orders.isChecked() and "MOA 2.0" in orders.text()
        assert not switches[("idealo", "shipping")].isChecked()
        assert settings.intervals[("idealo", "stock")].value() == 2

        table = settings.options[("idealo", "carriers")]
        assert isinstance(table, TableEditor)
        rows = {table.table.item(r, 0).text() for r in range(table.table.rowCount() - 1)}
        assert "Deutsche Post" in rows and "Spedition" in rows
        last = table.table.rowCount() - 1
        table.table.item(last, 0).setText("Sperrgut Müller")  # the empty last row adds one
        combo = table.table.cellWidget(last, 1)
        assert isinstance(combo, QComboBox)
        assert [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i)] == list(
            CARRIERS
        )
        combo.setCurrentIndex(combo.findData("SPEDITION"))
        qtbot.waitUntil(
            lambda: table_of(app.option("idealo", "carriers")).get("Sperrgut Müller") == "SPEDITION"
        )

        form = desktop.window.connections.forms["idealo"]
        assert {"offer_client_id", "order_client_id", "product_url"} <= set(form.edits)
        desktop.shutdown()
    finally:
        app.shutdown()
