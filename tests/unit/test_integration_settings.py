"""What an integration may leave out or bound: level rules, option ranges, addresses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest

from jjdesk.app import App, Services
from jjdesk.config_io import export_config
from jjdesk.domain.levels import ALL_TRANSFER, ExportAction, StockAction
from jjdesk.errors import ConfigFailure
from jjdesk.flows.context import RunContext
from jjdesk.integrations import shopify
from jjdesk.integrations.base import FlowSpec, Integration, OptionSpec
from jjdesk.profile import Profile
from jjdesk.store.runs import RunStatus
from tests.core_fakes import TEST_INTEGRATION


def _keep(services: Services, ctx: RunContext) -> None:
    ctx.read(int(services.option("keep_days")))


NO_LEVELS = Integration(
    "plain",
    "Plain shop",
    (),
    (FlowSpec("orders", "flow.orders", timedelta(minutes=5), _keep),),
    None,
    (OptionSpec("keep_days", "option.keep_days", "30", whole_number=True, maximum=3650),),
)


@pytest.fixture
def app(profile: Profile) -> Iterator[App]:
    built = App(profile, [NO_LEVELS, TEST_INTEGRATION], [])
    built.set_enabled("plain", True)
    yield built
    built.shutdown()


def test_an_integration_without_level_rules_transfers_everything(app: App) -> None:
    rules = app.level_rules("plain")
    assert rules == ALL_TRANSFER
    for level in (None, 0, 9, 11, 12, 15):
        assert rules.export_action(level) is ExportAction.TRANSFER
        assert rules.stock_action(level) is StockAction.UPDATE
    with pytest.raises(ConfigFailure, match="Plain shop has no level rules"):
        app.set_level_rules("plain", ALL_TRANSFER)
    assert "level_rules" not in export_config(app)["integrations"]["plain"]
    assert "level_rules" in export_config(app)["integrations"]["test"]


def test_a_number_option_needs_bounds_and_refuses_what_lies_outside() -> None:
    with pytest.raises(ValueError, match="needs a maximum"):
        OptionSpec("days", "option.keep_days", "30", whole_number=True)
    spec = OptionSpec("days", "option.keep_days", "30", whole_number=True, maximum=3650)
    assert spec.check(" 0030 ") == "30"
    for bad in ("0", "3651", "99999999", "-1", "3.5", "drei", "²"):
        with pytest.raises(ValueError, match="from 1 to 3650"):
            spec.check(bad)


def test_a_stored_value_out_of_bounds_fails_the_run_in_words_not_a_crash(app: App) -> None:
    app.store.settings.set("integration.plain.option.keep_days", "99999999")  # an old import
    outcome = app.run_once("plain", "orders")
    assert outcome.status is RunStatus.FAILED
    assert outcome.title == "Invalid setting"
    assert "stored as “99999999”" in outcome.message
    assert "from 1 to 3650" in outcome.message


def test_an_interval_must_lie_between_one_minute_and_seven_days(app: App) -> None:
    for bad in (timedelta(seconds=30), timedelta(days=8)):
        with pytest.raises(ConfigFailure):
            app.set_interval("test", "copy", bad)
    app.set_interval("test", "copy", timedelta(days=7))
    app.store.settings.set("integration.test.interval.copy", "soon")
    with pytest.raises(ConfigFailure, match="between 1 minute and 7 days"):
        app.interval("test", "copy")


def test_a_plain_http_address_is_refused_and_nothing_of_the_form_saved(profile: Profile) -> None:
    app = App(profile, [TEST_INTEGRATION], [shopify.SHOPIFY_CONNECTION])
    try:
        with pytest.raises(ConfigFailure, match="Unencrypted address refused"):
            app.save_connection(
                "shopify", {"shop": "laden.myshopify.com", "base_url": "http://shop.example.com"}
            )
        assert app.connection_value("shopify", "shop") == ""
        app.save_connection("shopify", {"base_url": "http://localhost:8080"})  # a simulator
        assert app.connection_value("shopify", "base_url") == "http://localhost:8080"
    finally:
        app.shutdown()


def test_the_deletion_share_reaches_the_deletion_check(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = next(o for o in shopify.SHOPIFY.options if o.name == "deletion_share")
    assert (spec.default, spec.minimum, spec.maximum) == ("10", 1, 100)
    seen: dict[str, Any] = {}

    @contextmanager
    def no_systems(services: object, ctx: object) -> Iterator[tuple[None, None]]:
        yield None, None

    monkeypatch.setattr(shopify, "_systems", no_systems)
    monkeypatch.setattr(shopify, "check_deletions", lambda *a, **k: seen.update(k))

    class Options:
        integration = "shopify"

        def option(self, name: str) -> str:
            return {"deletion_share": "25"}[name]

    shopify.SHOPIFY.flow("deletions").body(Options(), None)  # type: ignore[arg-type]
    assert seen == {"max_share": 0.25}
