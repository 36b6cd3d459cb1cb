"""`config import`: everything checked first, all or nothing, one clear line per problem."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from jjdesk.app import App, build_app
from jjdesk.config_io import ConfigRefused, key_lines, read_config, write_config
from jjdesk.domain.levels import SHOPIFY_DEFAULT
from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore


@pytest.fixture
def app(profile: Profile, secrets: SecretStore) -> Iterator[App]:
    built = build_app(profile, secrets)
    yield built
    built.shutdown()


def _import(app: App, tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    read_config(app, path)


def _refused(app: App, tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigRefused) as refused:
        _import(app, tmp_path, text)
    assert refused.value.title == "Settings file refused, nothing was changed"
    return refused.value.lines


def test_enabled_as_text_is_refused_and_does_not_switch_the_integration_on(
    app: App, tmp_path: Path
) -> None:
    lines = _refused(app, tmp_path, '[integrations.shopify]\nenabled = "no"\n')
    assert lines == ["line 2, integrations.shopify.enabled: must be true or false (without quotes)"]
    assert not app.is_enabled("shopify")


def test_keep_days_out_of_bounds_is_refused_with_line_and_allowed_range(
    app: App, tmp_path: Path
) -> None:
    text = "[integrations.shopify.options]\ndone_tag = 'x'\nkeep_days = 99999999\n"
    lines = _refused(app, tmp_path, text)
    assert lines == [
        "line 3, integrations.shopify.options.keep_days: Please enter a whole number from 1 to 3650"
    ]
    assert app.option("shopify", "keep_days") == "30"
    assert app.option("shopify", "done_tag") == "Shopify abgeschlossen"  # nothing applied


def test_wrong_types_give_one_line_each_and_nothing_is_applied(app: App, tmp_path: Path) -> None:
    text = """
[integrations.shopify]
enabled = true
colour = "blue"

[integrations.shopify.intervals_seconds]
orders = "five minutes"
stock = 30
products = 900
deletions = 691200

[integrations.shopify.options]
deletion_share = 0
article_identification = "name"

[connections.afterbuy]
api_url = 42
"""
    lines = _refused(app, tmp_path, text)
    allowed_keys = "enabled, flows_enabled, intervals_seconds, options, level_rules"
    seconds = "must be a whole number of seconds from 60 (1 minute) to 604800 (7 days)"
    assert sorted(lines) == sorted(
        [
            f"line 4, integrations.shopify.colour: unknown setting; allowed: {allowed_keys}",
            f"line 7, integrations.shopify.intervals_seconds.orders: {seconds}",
            f"line 8, integrations.shopify.intervals_seconds.stock: {seconds}",
            f"line 10, integrations.shopify.intervals_seconds.deletions: {seconds}",
            "line 13, integrations.shopify.options.deletion_share: "
            "Please enter a whole number from 1 to 100",
            "line 14, integrations.shopify.options.article_identification: "
            "Allowed values: product_id, article_number, ean",
            "line 17, connections.afterbuy.api_url: must be text in quotes",
        ]
    )
    assert not any("Traceback" in line for line in lines)
    assert not app.is_enabled("shopify")  # the valid lines were not applied either
    assert app.interval("shopify", "products") == timedelta(minutes=15)


def test_a_secret_in_the_file_is_refused_by_name_without_repeating_it(
    app: App, tmp_path: Path
) -> None:
    text = '[connections.shopify]\nshop = "laden.myshopify.com"\naccess_token = "shpat_S3CRET"\n'
    lines = _refused(app, tmp_path, text)
    assert len(lines) == 1
    assert lines[0].startswith("line 3, connections.shopify.access_token: is a secret")
    assert "S3CRET" not in "\n".join(lines)
    assert app.connection_value("shopify", "shop") == ""
    assert not app.has_secret("shopify", "access_token")


def test_unknown_sections_integrations_and_fields_are_refused(app: App, tmp_path: Path) -> None:
    text = """
[general]
theme = "dark"

[integrations.amazon]
enabled = true

[connections.shopify]
password = "x"
"""
    lines = _refused(app, tmp_path, text)
    assert sorted(lines) == [
        "line 2, general: unknown setting; allowed: integrations, connections, shops",
        f"line 5, integrations.amazon: unknown setting; allowed: {', '.join(app.integrations)}",
        "line 9, connections.shopify.password: unknown setting; allowed: shop, location_id, "
        "base_url, timeout_seconds",
    ]
    assert "x" not in app.store.settings.all().values()


def test_a_plain_http_address_for_a_remote_host_is_refused(app: App, tmp_path: Path) -> None:
    text = '[connections.afterbuy]\napi_url = "http://api.afterbuy.de/afterbuy/ABInterface.aspx"\n'
    [line] = _refused(app, tmp_path, text)
    assert line.startswith("line 2, connections.afterbuy.api_url: ")
    assert "https://" in line
    assert app.connection_value("afterbuy", "api_url").startswith("https://")


def test_a_loopback_address_may_be_plain_http(app: App, tmp_path: Path) -> None:
    _import(app, tmp_path, '[connections.shopify]\nbase_url = "http://127.0.0.1:8123"\n')
    assert app.connection_value("shopify", "base_url") == "http://127.0.0.1:8123"


def test_a_broken_level_table_is_refused_with_what_is_allowed(app: App, tmp_path: Path) -> None:
    text = '[integrations.shopify]\nlevel_rules = [[0, 8, "transfer", "update"], [9, 20, "x"]]\n'
    [line] = _refused(app, tmp_path, text)
    assert line.startswith("line 2, integrations.shopify.level_rules: row 2 must be [from, to,")
    assert "transfer, create_once, inactive, remove, skip" in line
    gap = '[integrations.shopify]\nlevel_rules = [[0, 8, "transfer", "update"]]\n'
    [line] = _refused(app, tmp_path, gap)
    assert line.endswith("must cover every level from 0 to 15 exactly once")
    assert app.level_rules("shopify") == SHOPIFY_DEFAULT


def test_export_then_import_carries_switches_intervals_options_and_levels(
    app: App, tmp_path: Path
) -> None:
    app.set_enabled("shopify", True)
    app.set_flow_enabled("shopify", "deletions", False)
    app.set_interval("shopify", "stock", timedelta(minutes=2))
    app.set_option("shopify", "deletion_share", "25")
    app.save_connection("shopify", {"shop": "laden.myshopify.com"})
    exported = tmp_path / "jjdesk.toml"
    write_config(app, exported)

    other = build_app(Profile(tmp_path / "other"))
    try:
        read_config(other, exported)
        assert other.is_enabled("shopify")
        assert not other.is_flow_enabled("shopify", "deletions")
        assert other.is_flow_enabled("shopify", "orders")
        assert other.interval("shopify", "stock") == timedelta(minutes=2)
        assert other.option("shopify", "deletion_share") == "25"
        assert other.connection_value("shopify", "shop") == "laden.myshopify.com"
        assert other.level_rules("shopify") == SHOPIFY_DEFAULT
    finally:
        other.shutdown()


def test_a_file_that_is_not_toml_is_one_sentence(app: App, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[integrations.shopify\nenabled = true\n", encoding="utf-8")
    with pytest.raises(Exception) as refused:
        read_config(app, path)
    assert str(refused.value).startswith("Settings file cannot be read: broken.toml:")


def test_lines_are_found_for_headers_dotted_keys_and_not_inside_arrays() -> None:
    text = """# comment
[integrations.shopify]
enabled = true
level_rules = [
    [0, 15, "transfer", "update"],
]
options.keep_days = 30
[ "connections" . afterbuy ]
api_url = "x"
"""
    lines = key_lines(text)
    assert lines[("integrations", "shopify")] == 2
    assert lines[("integrations", "shopify", "enabled")] == 3
    assert lines[("integrations", "shopify", "level_rules")] == 4
    assert lines[("integrations", "shopify", "options", "keep_days")] == 7
    assert lines[("connections", "afterbuy", "api_url")] == 9
    assert ("integrations", "shopify", '0, 15, "transfer", "update"') not in lines
