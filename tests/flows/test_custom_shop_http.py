"""A custom shop's HTTP API end to end into Afterbuy: both shapes, both paging styles,
each auth, exactly once, one bad order among good ones, tracking back by the template."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest

from jjdesk.connectors.custom_shop.http_source import fill_body
from jjdesk.demo_custom import configure_http
from jjdesk.integrations.custom_shop import MAPPING
from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.custom_world import CustomWorld, custom_world


@pytest.fixture
def cw(profile: Profile, secrets: SecretStore) -> Iterator[CustomWorld]:
    with custom_world(profile, secrets) as world:
        yield world


@pytest.mark.parametrize("shape", ["nested", "flat"])
def test_orders_arrive_once_with_the_prefix_and_a_bad_one_is_named(
    cw: CustomWorld, shape: str
) -> None:
    a, b = cw.product(), cw.product()
    good = [cw.shop.new_order([a, b]) for _ in range(4)]
    bad = cw.shop.new_order([a])
    bad.lines[0].price = "12,x" if shape == "nested" else "12;x"
    good.append(cw.shop.new_order([b]))
    key = configure_http(cw.app, cw.shop, cw.base_url, shape=shape, page_size=2)
    first = cw.run(key)
    assert first.status is RunStatus.WARNINGS and first.failed == 1
    assert cw.vids() == sorted(f"MEIN-SHOP-{o.number}" for o in good)
    [error] = cw.app.store.errors.for_run(first.run_id)
    assert error.item_id == bad.number and error.field == "lines.unit_price"
    assert ("$.price" if shape == "nested" else "$.price_gross") in error.message
    assert "Erika" not in error.message and "Muster" not in error.message
    again = cw.run(key)  # the same orders again: nothing twice, the bad one not nagged
    assert (again.written, again.failed) == (0, 0)
    assert len(cw.vids()) == len(good)

    order = next(o for o in cw.world.afterbuy.list_orders() if o.vid.endswith(good[0].number))
    assert [p.article for p in order.positions] == [a, b]
    assert order.form["kstrasse"] == "Hauptstraße 5"

    # the shop corrects the order: it goes in on the next run
    cw.shop.edit(bad, lines=[type(bad.lines[0])(a, "Artikel", 1, Decimal("12.00"))])
    fixed = cw.run(key)
    assert fixed.written == 1 and f"MEIN-SHOP-{bad.number}" in cw.vids()


def test_an_order_edited_while_pages_are_read_is_not_lost(cw: CustomWorld) -> None:
    sku = cw.product()
    orders = [cw.shop.new_order([sku]) for _ in range(7)]

    def edit_first(page: int) -> None:
        if page == 1:  # after the first page: order 1 changes and jumps to the end
            cw.shop.edit(orders[0], note="bitte klingeln")
            cw.shop.new_order([sku])  # and a new one arrives

    cw.shop.between_pages = edit_first
    key = configure_http(cw.app, cw.shop, cw.base_url, page_size=3)
    cw.run(key)
    assert cw.vids() == sorted(f"MEIN-SHOP-{o.number}" for o in cw.shop.orders.values())


@pytest.mark.parametrize("auth", ["token", "basic", "oauth2"])
def test_each_sign_in_works_and_a_wrong_secret_fails_the_run_clearly(
    cw: CustomWorld, auth: str
) -> None:
    cw.shop.auth = auth
    cw.shop.new_order([cw.product()])
    key = configure_http(cw.app, cw.shop, cw.base_url, shape="flat")
    assert cw.run(key).written == 1
    if auth == "oauth2":
        cw.shop.expire_tokens()  # a new run fetches a new token anyway
    cw.shop.token, cw.shop.password, cw.shop.client_secret = "Bearer x", "x", "x"
    failed = cw.run(key, ok=False)
    assert failed.status is RunStatus.FAILED


def test_tracking_goes_back_through_the_template_and_the_tag_is_set(cw: CustomWorld) -> None:
    order = cw.shop.new_order([cw.product()])
    key = configure_http(cw.app, cw.shop, cw.base_url)
    cw.run(key)
    cw.app.set_flow_enabled(key, "shipping", True)
    cw.world.ship_imported_orders()
    outcome = cw.run(key, "shipping")
    assert outcome.failed == 0
    sent = cw.shop.shipments[order.order_id]
    tracking = sent["tracking"]
    assert isinstance(tracking, dict) and tracking["number"].startswith("00340434")
    assert tracking["carrier"] in ("DHL", "DPD", "GLS", "Hermes")
    assert cw.shop.shipment_methods == ["PUT"]
    [ab] = cw.world.afterbuy.list_orders()
    assert "Mein Shop abgeschlossen" in ab.tags
    assert cw.run(key, "shipping").written == 0  # done: not sent again
    assert cw.shop.shipment_methods == ["PUT"]


def test_a_value_with_quotes_cannot_change_the_body() -> None:
    body = fill_body('{"number": "{tracking_number}"}', {"tracking_number": '1", "x": "2'})
    assert body == {"number": '1", "x": "2'}
    assert json.loads(json.dumps(body)) == body


def test_orders_the_mapping_missed_come_in_once_the_mapping_is_corrected(
    cw: CustomWorld,
) -> None:
    sku = cw.product()
    old = cw.shop.new_order([sku], country="Polen")  # the preset's table has no Polen
    old.created = old.updated = old.updated - timedelta(hours=3)
    newer = cw.shop.new_order([sku])
    key = configure_http(cw.app, cw.shop, cw.base_url)
    first = cw.run(key)
    assert first.failed == 1 and cw.vids() == [f"MEIN-SHOP-{newer.number}"]
    assert "lookup table" in cw.app.store.errors.for_run(first.run_id)[0].message
    assert cw.run(key).failed == 0  # not nagged, and the list's since moved on

    mapping = json.loads(cw.app.option(key, MAPPING.name))
    for group in ("billing", "shipping"):
        rule = mapping["fields"][f"{group}.country_code"]
        rule["transforms"][0]["table"]["Polen"] = "PL"
    cw.app.set_option(key, MAPPING.name, json.dumps(mapping))
    fixed = cw.run(key)
    assert fixed.written == 1 and len(cw.vids()) == 2
