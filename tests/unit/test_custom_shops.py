"""Several custom shops: added, listed, removed, kept across restarts, exported and
imported with their mappings; a mapping that does not fit is refused before saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jjdesk.app import App, restore_database
from jjdesk.cli import main
from jjdesk.config_io import ConfigRefused, export_config, import_config
from jjdesk.connectors.custom_shop.presets import PRESETS
from jjdesk.errors import ConfigFailure
from jjdesk.integrations.custom_shop import FAMILY, MAPPING
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.runner import FlowBusy, RunLocks
from jjdesk.secrets import SecretStore


def _app(profile: Profile, secrets: SecretStore) -> App:
    return App(profile, all_integrations(), all_connections(), secrets)


def test_each_shop_is_an_integration_of_its_own_and_survives_a_restart(
    profile: Profile, secrets: SecretStore
) -> None:
    app = _app(profile, secrets)
    one = app.members.add(FAMILY, "Mein Shop")
    two = app.members.add(FAMILY, "Zweitladen Köln")
    assert (one.key, two.key) == ("shop-mein-shop", "shop-zweitladen-koln")
    assert (one.order_prefix, two.order_prefix) == ("MEIN-SHOP-", "ZWEITLADEN-KOLN-")
    assert app.option(one.key, "done_tag") == "Mein Shop abgeschlossen"
    app.set_option(two.key, "done_tag", "Köln erledigt")
    app.save_connection(two.key, {"list_url": "https://shop.example.com/api/orders"})
    with pytest.raises(ConfigFailure, match="exists already"):
        app.members.add(FAMILY, "mein shop")
    with pytest.raises(ConfigFailure):
        app.members.add(FAMILY, "Shopify")  # its prefix would be Shopify's
    app.shutdown()

    again = _app(profile, secrets)
    assert {"shop-mein-shop", "shop-zweitladen-koln"} <= set(again.integrations)
    assert again.option(two.key, "done_tag") == "Köln erledigt"
    assert [f.key for f in again.integration(two.key).flows] == ["orders", "shipping"]
    again.members.remove(two.key)
    assert two.key not in again.integrations
    assert not [k for k in again.store.settings.all() if two.key in k and "family." not in k]
    again.shutdown()
    assert two.key not in _app(profile, secrets).integrations


def test_a_mapping_that_does_not_fit_is_refused_with_the_field_named(
    profile: Profile, secrets: SecretStore
) -> None:
    app = _app(profile, secrets)
    key = app.members.add(FAMILY, "Mein Shop").key
    broken = json.loads(json.dumps(PRESETS["flat_json"]))
    del broken["fields"]["lines.sku"]
    with pytest.raises(ConfigFailure) as refused:
        app.set_option(key, MAPPING.name, json.dumps(broken))
    assert "SKU" in refused.value.message or "sku" in refused.value.message
    app.set_option(key, MAPPING.name, json.dumps(PRESETS["csv"]))
    assert json.loads(app.option(key, MAPPING.name))["kind"] == "csv"
    app.shutdown()


def test_shops_and_their_mappings_go_with_config_export_and_import(
    profile: Profile, secrets: SecretStore, tmp_path: Path
) -> None:
    app = _app(profile, secrets)
    key = app.members.add(FAMILY, "Mein Shop").key
    app.set_option(key, MAPPING.name, json.dumps(PRESETS["xml"]))
    app.save_connection(key, {"query": "SELECT 1 WHERE :since IS NOT NULL"})
    exported = export_config(app)
    app.shutdown()
    assert exported["shops"] == [{"family": FAMILY, "slug": "mein-shop", "name": "Mein Shop"}]
    assert exported["integrations"][key]["options"]["mapping"]["kind"] == "xpath"

    other = _app(Profile(tmp_path / "other").ensure(), secrets)
    wrong = json.loads(json.dumps(exported))
    wrong["integrations"][key]["options"]["mapping"] = {"kind": "yaml"}
    with pytest.raises(ConfigRefused):
        import_config(other, wrong)
    assert key not in other.integrations  # refused: nothing was added
    import_config(other, exported)
    assert json.loads(other.option(key, MAPPING.name))["kind"] == "xpath"
    assert other.connection_value(key, "query") == "SELECT 1 WHERE :since IS NOT NULL"
    other.shutdown()


def test_jjdesk_shops_add_list_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(tmp_path / "cli")
    assert main(["--profile", root, "shops", "add", "Mein Shop"]) == 0
    assert "MEIN-SHOP-" in capsys.readouterr().out
    assert main(["--profile", root, "shops", "add", "Mein Shop"]) != 0
    assert main(["--profile", root, "shops", "list"]) == 0
    assert "shop-mein-shop\tMein Shop" in capsys.readouterr().out
    assert main(["--profile", root, "shops", "remove", "shop-mein-shop"]) == 0
    capsys.readouterr()
    assert main(["--profile", root, "shops", "list"]) == 0
    assert "shops add" in capsys.readouterr().out


def test_a_restore_waits_for_a_running_shop_flow(profile: Profile, secrets: SecretStore) -> None:
    app = _app(profile, secrets)
    key = app.members.add(FAMILY, "Mein Shop").key
    app.backup_now()
    app.shutdown()
    held = RunLocks(profile.lock_dir).try_hold(key, "orders")
    assert held is not None
    try:
        with pytest.raises(FlowBusy):
            restore_database(profile, None)
    finally:
        held.release()
    assert "restored" in restore_database(profile, None).lower()
