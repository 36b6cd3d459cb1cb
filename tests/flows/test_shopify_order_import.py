"""Shopify orders into Afterbuy as a real shop has them: the exact shop-interface fields.

The integration runs as the merchant's jjdesk does (App, real clients, both simulators
over loopback). Each case asserts the positions Afterbuy received (article, quantity,
unit price, VAT), the shipping cost, and that they add up to Shopify's current total.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from jjdesk.app import App
from jjdesk.domain.money import parse_decimal
from jjdesk.domain.timestamps import utcnow
from jjdesk.profile import Profile
from jjdesk.sandbox.afterbuy_orders import SimOrder
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.shopify_seed import SeedDiscount, SeedLine, SeedShipping, german_orders
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.shopify_world import shopify_world, simple_product

D = Decimal
Position = tuple[str, str, str, str]  # Artikelnr, ArtikelMenge, ArtikelEpreis, ArtikelMwSt


@pytest.fixture
def world(profile: Profile, secrets: SecretStore) -> Iterator[tuple[App, DemoWorld]]:
    with shopify_world(profile, secrets, products=4) as pair:
        yield pair


def _cart(
    w: DemoWorld,
    lines: list[tuple[str, int, str]],
    *,
    discounts: tuple[SeedDiscount, ...] = (),
    shipping: tuple[SeedShipping, ...] = (SeedShipping("DHL Paket", D("4.90")),),
    taxes_included: bool = True,
    has_tax: bool = True,
    test: bool = False,
    rate: Decimal = Decimal(19),
) -> str:
    """An order placed now; lines are (sku, quantity, unit price as the shop shows it)."""
    [seed] = german_orders(1, seed=len(w.shopify.state.orders) + 31)
    now = utcnow()
    return w.shopify.add_order(
        replace(
            seed,
            lines=tuple(SeedLine(sku, "Artikel", q, D(p), rate) for sku, q, p in lines),
            discounts=discounts,
            shipping_lines=shipping,
            taxes_included=taxes_included,
            has_tax=has_tax,
            test=test,
            created_at=now,
            updated_at=now,
        )
    )


def _imported(w: DemoWorld, order_id: str) -> SimOrder:
    [found] = [o for o in w.afterbuy.list_orders() if o.vid == f"SHOPIFY-{order_id}"]
    return found


def _positions(order: SimOrder) -> list[Position]:
    f = order.form
    return [
        (
            f[f"artikelnr_{n}"],
            f[f"artikelmenge_{n}"],
            f[f"artikelepreis_{n}"],
            f[f"artikelmwst_{n}"],
        )
        for n in range(1, int(f["posanz"]) + 1)
    ]


def _total(order: SimOrder) -> Decimal:
    lines = sum(
        (parse_decimal(price) or D(0)) * int(quantity)
        for _, quantity, price, _ in _positions(order)
    )
    return lines + (parse_decimal(order.form["versandkosten"]) or D(0))


def _run(app: App, flow: str = "orders") -> None:
    outcome = app.run_once("shopify", flow)
    assert outcome.status in (RunStatus.SUCCEEDED, RunStatus.WARNINGS), outcome.message


def _products(w: DemoWorld, count: int) -> list[str]:
    return [simple_product(w) for _ in range(count)]


def test_a_discount_code_reaches_afterbuy_as_the_customer_paid(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    a, b = _products(w, 2)
    code = SeedDiscount("code", "SOMMER10", percentage=D("10"))
    order_id = _cart(w, [(a, 2, "19.90"), (b, 1, "9.99")], discounts=(code,))
    _run(app)
    order = _imported(w, order_id)
    # 10 % of 49,79 = 4,98, allocated 3,98 and 1,00 (Shopify spreads it over the lines)
    assert _positions(order) == [(a, "2", "17,91", "19,00"), (b, "1", "8,99", "19,00")]
    assert order.form["versandkosten"] == "4,90"
    assert _total(order) == w.shopify.order_total(order_id) == D("49.71")
    assert "SOMMER10" in order.memo + order.comment


def test_line_and_shipping_discounts_of_every_kind(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    a, b = _products(w, 2)
    discounts = (
        SeedDiscount("automatic", "Mützenwoche", "line", percentage=D("20"), lines=(0,)),
        SeedDiscount("manual", "Kulanz", "line", amount=D("2.00"), lines=(1,), each=True),
        SeedDiscount("code", "VERSANDFREI", "shipping", percentage=D("100")),
    )
    order_id = _cart(w, [(a, 1, "25.00"), (b, 3, "10.00")], discounts=discounts)
    _run(app)
    order = _imported(w, order_id)
    assert _positions(order) == [(a, "1", "20,00", "19,00"), (b, "3", "8,00", "19,00")]
    assert order.form["versandkosten"] == "0,00"
    assert _total(order) == w.shopify.order_total(order_id) == D("44.00")


def test_an_order_discount_over_several_units_is_exact_to_the_cent(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    [a] = _products(w, 1)
    three_off = SeedDiscount("code", "DREI", amount=D("1.00"))
    order_id = _cart(w, [(a, 3, "3.67")], discounts=(three_off,), shipping=())
    _run(app)
    order = _imported(w, order_id)
    # 11,01 − 1,00 = 10,01 for three units: no unit price in cents carries it alone
    assert _positions(order) == [(a, "1", "3,33", "19,00"), (a, "2", "3,34", "19,00")]
    assert _total(order) == w.shopify.order_total(order_id) == D("10.01")


def test_several_shipping_lines_are_added_up(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    [a] = _products(w, 1)
    shipping = (SeedShipping("DHL Paket", D("4.90")), SeedShipping("Sperrgut", D("12.50")))
    order_id = _cart(w, [(a, 1, "99.00")], shipping=shipping)
    _run(app)
    order = _imported(w, order_id)
    assert order.form["versandkosten"] == "17,40"
    assert order.form["versandart"] == "DHL Paket + Sperrgut"
    assert _total(order) == w.shopify.order_total(order_id) == D("116.40")


def test_an_order_edited_before_import_carries_what_still_stands(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    a, b, c = _products(w, 3)
    order_id = _cart(w, [(a, 3, "10.00"), (b, 1, "5.00")])
    w.shopify.remove_units(order_id, 0, 1)  # one of three removed
    w.shopify.remove_units(order_id, 1, 1)  # the line removed entirely
    w.shopify.add_line(order_id, c, 2, D("7.50"))
    _run(app)
    order = _imported(w, order_id)
    assert _positions(order) == [(a, "2", "10,00", "19,00"), (c, "2", "7,50", "19,00")]
    assert _total(order) == w.shopify.order_total(order_id) == D("39.90")


def test_refunded_units_are_not_sent_and_their_discount_share_goes_with_them(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    [a] = _products(w, 1)
    code = SeedDiscount("code", "ZEHN", percentage=D("10"))
    order_id = _cart(w, [(a, 2, "48.00")], discounts=(code,), shipping=())
    w.shopify.refund_units(order_id, 0, 1)
    _run(app)
    order = _imported(w, order_id)
    assert _positions(order) == [(a, "1", "43,20", "19,00")]  # 20 % of one unit, not of two
    assert _total(order) == w.shopify.order_total(order_id) == D("43.20")


def test_a_shop_with_net_prices_sends_gross_positions_that_add_up(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    [a] = _products(w, 1)
    order_id = _cart(w, [(a, 3, "9.99")], taxes_included=False)
    _run(app)
    order = _imported(w, order_id)
    # 29,97 net + 5,69 VAT = 35,66 for three units; shipping 4,90 + 0,93 VAT
    assert _positions(order) == [(a, "1", "11,88", "19,00"), (a, "2", "11,89", "19,00")]
    assert order.form["versandkosten"] == "5,83"
    assert _total(order) == w.shopify.order_total(order_id) == D("41.49")


def test_an_untaxed_order_gets_19_percent_unless_switched_off(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    [a] = _products(w, 1)
    first = _cart(w, [(a, 1, "20.00")], has_tax=False)
    _run(app)
    assert _positions(_imported(w, first)) == [(a, "1", "20,00", "19,00")]
    app.set_option("shopify", "untaxed_orders", "untaxed_keep")
    second = _cart(w, [(a, 1, "20.00")], has_tax=False)
    _run(app)
    assert _positions(_imported(w, second)) == [(a, "1", "20,00", "0,00")]


def test_a_cancelled_order_is_skipped_and_counted_not_imported(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    [a] = _products(w, 1)
    keep = _cart(w, [(a, 1, "10.00")])
    cancelled = _cart(w, [(a, 1, "10.00")])
    w.shopify.cancel_order(cancelled)
    outcome = app.run_once("shopify", "orders")
    assert outcome.status is RunStatus.SUCCEEDED
    assert (outcome.written, outcome.failed, outcome.skipped) == (1, 0, 1)
    assert "1 cancelled before import" in outcome.message
    assert [o.vid for o in w.afterbuy.list_orders()] == [f"SHOPIFY-{keep}"]
    assert app.store.ledger.get("shopify", cancelled) is None


def test_test_orders_are_not_imported_by_default_and_the_dry_run_says_why(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    [a] = _products(w, 1)
    order_id = _cart(w, [(a, 1, "10.00")], test=True)
    name = w.shopify.state.orders[int(order_id)].data["name"]
    dry = app.run_once("shopify", "orders", dry_run=True)
    assert dry.context.skipped == [
        f"order {name} skipped: test order (importing test orders is off)"
    ]
    _run(app)
    assert w.afterbuy.list_orders() == []
    app.set_option("shopify", "test_orders", "test_orders_import")
    app.store.watermarks.set("shopify", "orders", (utcnow() - timedelta(hours=1)).isoformat())
    _run(app)
    order = _imported(w, order_id)
    assert "Shopify test order" in order.memo + order.comment


def test_an_order_changed_after_import_raises_one_item_per_change_and_is_never_recreated(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    a, b = _products(w, 2)
    order_id = _cart(w, [(a, 3, "10.00"), (b, 1, "5.00")])
    name = w.shopify.state.orders[int(order_id)].data["name"]
    _run(app)
    today = utcnow().astimezone().date()

    def items() -> list[str]:
        return [e.message for e in app.store.errors.on_day(today) if e.item_id == order_id]

    steps = [
        (lambda: w.shopify.remove_units(order_id, 0, 1), "quantities changed"),
        (lambda: w.shopify.refund_units(order_id, 1, 1), "money refunded"),
        (lambda: w.shopify.cancel_order(order_id), "cancelled"),
    ]
    for number, (change, words) in enumerate(steps, start=1):
        change()
        outcome = app.run_once("shopify", "orders")
        assert outcome.failed == 1 and outcome.written == 0
        assert len(items()) == number and words in items()[0]  # newest first
        assert items()[0].startswith("Changed in Shopify after import")
        assert "check it in Afterbuy" in items()[0]
        again = app.run_once("shopify", "orders")  # reported once, not on every run
        assert again.failed == 0 and len(items()) == number
    [error] = [e for e in app.store.errors.on_day(today) if "cancelled" in e.message]
    assert error.item == name and error.label == name
    assert [o.vid for o in w.afterbuy.list_orders()] == [f"SHOPIFY-{order_id}"]


def test_jjdesk_own_shipment_is_no_change_of_the_order(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    [a] = _products(w, 1)
    order_id = _cart(w, [(a, 1, "10.00")])
    _run(app)
    w.ship_imported_orders()
    _run(app, "shipping")
    assert w.shopify.fulfillments(order_id)
    outcome = app.run_once("shopify", "orders")  # the fulfilment moved updatedAt
    assert outcome.failed == 0


def test_an_order_that_does_not_add_up_is_reported_by_its_name_not_imported(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    [a] = _products(w, 1)
    order_id = _cart(w, [(a, 1, "10.00")])
    rec = w.shopify.state.orders[int(order_id)]
    rec.money.duties = D("2.00")  # import duties: in Shopify's total, in no Afterbuy field
    outcome = app.run_once("shopify", "orders")
    assert outcome.failed == 1 and w.afterbuy.list_orders() == []
    [error] = app.store.errors.for_run(outcome.run_id)
    assert error.field == "total" and error.item == rec.data["name"]
    assert "16.90" in error.message and "14.90" in error.message
