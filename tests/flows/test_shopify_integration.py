"""The Shopify integration end to end: real clients, both simulators, loopback sockets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest

from jjdesk.app import App
from jjdesk.domain.money import parse_decimal
from jjdesk.domain.timestamps import utcnow
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.shopify_seed import SeedLine, german_orders
from jjdesk.secrets import SecretStore
from jjdesk.store.ledger import LedgerState
from jjdesk.store.runs import RunStatus
from tests.shopify_world import shopify_world, simple_product


@pytest.fixture
def world(profile: Profile, secrets: SecretStore) -> Iterator[tuple[App, DemoWorld]]:
    with shopify_world(profile, secrets) as pair:
        yield pair


def _run(app: App, flow: str) -> None:
    outcome = app.run_once("shopify", flow)
    assert outcome.status in (RunStatus.SUCCEEDED, RunStatus.WARNINGS), outcome.message


def test_every_level_rule(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    ids = {level: simple_product(w, level, Name=f"Level {level}") for level in (0, 9, 10, 11, 12)}
    _run(app, "products")
    shop = w.shopify
    assert shop.product(ids[0])["status"] == "ACTIVE"  # type: ignore[index]
    assert shop.product(ids[9])["status"] == "ACTIVE"  # type: ignore[index]
    assert shop.product(ids[10])["status"] == "DRAFT"  # type: ignore[index]
    assert shop.product(ids[11]) is None
    assert shop.product(ids[12]) is None

    # 9: created once, afterwards only stock follows
    w.afterbuy.modify_product(ids[9], Name="Umbenannt", Quantity="3")
    # 0 → 11: removed from the shop; 10 → 12: left untouched as it is
    w.afterbuy.set_level(ids[0], 11)
    w.afterbuy.modify_product(ids[10], Level="12", Name="Nicht übertragen")
    _run(app, "products")
    _run(app, "stock")
    assert shop.product(ids[9])["title"] == "Level 9"  # type: ignore[index]
    assert shop.stock(ids[9]) == 3
    assert shop.product(ids[0]) is None
    assert shop.product(ids[10])["title"] == "Level 10"  # type: ignore[index]


def test_variation_set_with_three_options_and_a_dropped_child(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    combos = [
        [("Farbe", color), ("Größe", size), ("Material", "Wolle")]
        for color in ("Rot", "Blau")
        for size in ("M", "L")
    ]
    parent, children = w.afterbuy.add_variation_set(combos)
    for child in children:
        w.afterbuy.modify_product(child, SellingPrice="24,95", TaxRate="19")
    w.afterbuy.modify_product(parent, Name="Mütze Set", SellingPrice="24,95")
    _run(app, "products")
    product = w.shopify.product(parent)
    assert product is not None
    assert [name for name, _ in product["options"]] == ["Farbe", "Größe", "Material"]
    assert sorted(v["sku"] for v in product["variants"]) == sorted(children)

    w.afterbuy.set_level(children[0], 12)
    w.afterbuy.modify_product(parent, Name="Mütze Set")  # the set changed too
    _run(app, "products")
    product = w.shopify.product(parent)
    assert product is not None
    assert sorted(v["sku"] for v in product["variants"]) == sorted(children[1:])


def test_broken_image_urls_are_errors_and_other_products_go_through(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    good = simple_product(w)
    umlaut = simple_product(w)
    no_path = simple_product(w)
    for pid, url in [
        (good, "https://bilder.example.com/images/muetze.jpg"),
        (umlaut, "https://bilder.example.com/images/Mütze.jpg"),
        (no_path, "https://bilder.example.com"),
    ]:
        product = w.afterbuy.product(pid)
        assert product is not None
        product.pictures = [url]
        w.afterbuy.modify_product(pid)
    outcome = app.run_once("shopify", "products")
    assert outcome.status is RunStatus.WARNINGS
    errors = {e.item_id: e for e in app.store.errors.on_day(utcnow().astimezone().date())}
    assert "Mütze.jpg" in errors[umlaut].message
    assert errors[no_path].field
    assert w.shopify.product(good) is not None
    assert w.shopify.product(umlaut) is None


def test_price_and_sale_price_mapping(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    regular = simple_product(w)
    sale = simple_product(w)
    for pid, prices in [
        (regular, [("shopifyPrice", "29,90")]),
        (sale, [("shopifyPrice", "29,90"), ("shopifySalePrice", "24,90")]),
    ]:
        product = w.afterbuy.product(pid)
        assert product is not None
        product.additional_prices = prices
        w.afterbuy.modify_product(pid)
    _run(app, "products")
    [regular_variant] = w.shopify.product(regular)["variants"]  # type: ignore[index]
    [sale_variant] = w.shopify.product(sale)["variants"]  # type: ignore[index]
    assert Decimal(regular_variant["price"]) == Decimal("29.90")
    assert not regular_variant["compareAtPrice"]
    assert Decimal(sale_variant["price"]) == Decimal("24.90")
    assert Decimal(sale_variant["compareAtPrice"]) == Decimal("29.90")


def test_unchanged_products_cost_no_write(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    simple_product(w)
    first = app.run_once("shopify", "products")
    assert first.written > 0
    app.store.watermarks.set("shopify", "products", "2000-01-01T00:00:00+00:00")
    again = app.run_once("shopify", "products")  # reads everything again
    assert again.read == first.read
    assert again.written == 0


def _order_with(w: DemoWorld, skus: list[str], *, has_tax: bool = True) -> str:
    [seed] = german_orders(1, seed=len(w.shopify.state.orders) + 11)
    lines = tuple(
        SeedLine(sku, "Artikel", 1, Decimal("19.90"), Decimal("19") if has_tax else None)
        for sku in skus
    )
    from dataclasses import replace

    now = utcnow()
    return w.shopify.add_order(
        replace(seed, lines=lines, has_tax=has_tax, created_at=now, updated_at=now)
    )


def test_letter_in_sku_stops_that_order_only_and_untaxed_orders_get_19_percent(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    pid = simple_product(w)
    bad = _order_with(w, ["AB-1234"])
    untaxed = _order_with(w, [pid], has_tax=False)
    outcome = app.run_once("shopify", "orders")
    assert (outcome.written, outcome.failed) == (1, 1)
    [error] = app.store.errors.for_run(outcome.run_id)
    assert error.item_id == bad and error.field == "sku"
    assert error.item == w.shopify.state.orders[int(bad)].data["name"]  # "#1001", not the id
    assert "AB-1234" in error.message
    [order] = w.afterbuy.list_orders()
    assert order.vid == f"SHOPIFY-{untaxed}"
    assert [parse_decimal(p.tax_rate) for p in order.positions] == [Decimal("19")]
    assert [p.article for p in order.positions] == [pid]
    # the bad order is reported once, not on every run
    again = app.run_once("shopify", "orders")
    assert again.failed == 0 and again.written == 0


def test_shipping_update_end_to_end_with_tag_and_keeping_time(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    pid = simple_product(w)
    order_id = _order_with(w, [pid])
    _run(app, "orders")
    _run(app, "shipping")  # no tracking yet: nothing happens
    assert w.shopify.fulfillments(order_id) == []
    [ab_order] = w.afterbuy.list_orders()
    w.afterbuy.set_tracking(str(ab_order.order_id), "00340434161234567890", "DHL")
    _run(app, "shipping")
    [fulfillment] = w.shopify.fulfillments(order_id)
    assert "00340434161234567890" in str(fulfillment)
    [ab_order] = w.afterbuy.list_orders()
    assert "Shopify abgeschlossen" in ab_order.tags
    entry = app.store.ledger.get("shopify", order_id)
    assert entry is not None and entry.state is LedgerState.DONE
    assert entry.expires_at is not None
    assert timedelta(days=29) < entry.expires_at - utcnow() <= timedelta(days=30)
    # after 30 days the order id is forgotten
    assert app.store.ledger.purge_expired(utcnow() + timedelta(days=31)) == 1
    assert app.store.ledger.get("shopify", order_id) is None


def test_products_deleted_in_afterbuy_leave_shopify(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    keep = simple_product(w)
    gone = simple_product(w)
    _run(app, "products")
    w.afterbuy.delete_product(gone)
    _run(app, "deletions")
    assert w.shopify.product(gone) is None
    assert w.shopify.product(keep) is not None


def test_tags_carry_keywords_and_only_the_lowest_catalogue(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    pid = simple_product(w, Keywords="Mütze, Winter")
    product = w.afterbuy.product(pid)
    assert product is not None
    product.catalogs = ["1100", "1110"]  # "Möbel" and its sub-catalogue "Tische"
    w.afterbuy.modify_product(pid)
    _run(app, "products")
    shown = w.shopify.product(pid)
    assert shown is not None
    assert sorted(shown["tags"]) == ["CAT1110", "Mütze", "Winter"]


def test_test_connection_answers_and_a_wrong_token_is_an_auth_failure(
    world: tuple[App, DemoWorld],
) -> None:
    from jjdesk.errors import AuthFailure

    app, w = world
    assert "Afterbuy time" in app.test_connection("afterbuy")
    assert w.shopify.shop_title in app.test_connection("shopify")
    app.save_connection("afterbuy", {"account_token": "falsch"})
    with pytest.raises(AuthFailure) as caught:
        app.test_connection("afterbuy")
    assert "Connections" in caught.value.message


def test_an_order_whose_afterbuy_answer_was_lost_is_imported_once(
    world: tuple[App, DemoWorld],
) -> None:
    from jjdesk.sandbox.server import FaultKind

    app, w = world
    order_id = _order_with(w, [simple_product(w)])
    # Afterbuy records the order but the answer never arrives: a timeout, as on a bad line
    w.afterbuy_faults.inject(FaultKind.LOSE_ANSWER, path_contains="ShopInterface")
    app.run_once("shopify", "orders")
    app.run_once("shopify", "orders")  # resolves what the first run could not confirm
    assert [o.vid for o in w.afterbuy.list_orders()] == [f"SHOPIFY-{order_id}"]
    entry = app.store.ledger.get("shopify", order_id)
    assert entry is not None and entry.state is LedgerState.ACKNOWLEDGED
    assert entry.sink_order_id == str(w.afterbuy.list_orders()[0].order_id)


def test_an_order_whose_afterbuy_answer_was_lost_is_imported_once_by_a_sink_taking_duplicates(
    world: tuple[App, DemoWorld],
) -> None:
    from jjdesk.sandbox.server import FaultKind

    app, w = world
    w.afterbuy.check_vid = False  # no second guard: only jjdesk's look-up prevents a copy
    order_id = _order_with(w, [simple_product(w)])
    # the answer is lost, and the look-up right after it fails too (5 dropped connections
    # exhaust the transport's attempts): the first run can only leave the order in doubt
    w.afterbuy_faults.inject(FaultKind.LOSE_ANSWER, path_contains="ShopInterface")
    w.afterbuy_faults.inject(FaultKind.DROP, times=5, path_contains="ABInterface")
    first = app.run_once("shopify", "orders")
    assert first.status is RunStatus.FAILED
    entry = app.store.ledger.get("shopify", order_id)
    assert entry is not None and entry.state is LedgerState.PENDING
    app.run_once("shopify", "orders")  # looks the order up before creating anything
    app.run_once("shopify", "orders")
    [order] = w.afterbuy.list_orders()
    assert order.vid == f"SHOPIFY-{order_id}"
    entry = app.store.ledger.get("shopify", order_id)
    assert entry is not None and entry.state is LedgerState.ACKNOWLEDGED
    assert entry.sink_order_id == str(order.order_id)
