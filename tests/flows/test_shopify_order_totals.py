"""Property: whatever the cart, Afterbuy's order total equals Shopify's current total.

Random orders (lines, quantities, line and order discounts of every kind, shipping lines
and free-shipping codes, prices with or without VAT, units removed by edits or refunded)
are created in the simulator, which works the money out as Shopify does; the real client
reads them over a socket and the Afterbuy shop-interface form is built from what it read.
Positions × unit prices + shipping in that form must be the current total to the cent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jjdesk.connectors.afterbuy.config import ArticleIdentification
from jjdesk.connectors.afterbuy.shop_interface import order_form
from jjdesk.connectors.shopify import ShopifyChannel
from jjdesk.domain.models import Order
from jjdesk.domain.money import parse_decimal
from jjdesk.domain.validation import order_problems
from jjdesk.sandbox.shopify import ShopifySimulator
from jjdesk.sandbox.shopify_seed import SeedDiscount, SeedLine, SeedShipping, german_orders
from tests.shopify_helpers import channel_for, shopify_sim

D = Decimal
RATES = (D("19"), D("7"), None)


def afterbuy_total(form: dict[str, str]) -> Decimal:
    """What Afterbuy will show: every position's quantity × unit price, plus shipping."""
    positions = int(form["PosAnz"])
    total = parse_decimal(form["Versandkosten"]) or D("0")
    for n in range(1, positions + 1):
        price = parse_decimal(form[f"ArtikelEpreis_{n}"])
        assert price is not None
        total += price * int(form[f"ArtikelMenge_{n}"])
    return total


def form_of(order: Order) -> dict[str, str]:
    return order_form(order, "SHOPIFY-1", "partner", "account", ArticleIdentification.PRODUCT_ID, 1)


@st.composite
def carts(draw: st.DrawFn) -> tuple[object, list[tuple[str, int, int]]]:
    count = draw(st.integers(1, 5))
    lines = tuple(
        SeedLine(
            str(100000 + n),
            f"Artikel {n}",
            draw(st.integers(1, 6)),
            D(draw(st.integers(0, 20000))) / 100,
            draw(st.sampled_from(RATES)),
        )
        for n in range(count)
    )
    discounts: list[SeedDiscount] = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(("code", "automatic", "manual")))
        target = draw(st.sampled_from(("line", "order", "shipping")))
        if draw(st.booleans()):
            value = {"percentage": D(draw(st.integers(1, 100)))}
        else:
            value = {"amount": D(draw(st.integers(1, 5000))) / 100}
        chosen = tuple(sorted(draw(st.sets(st.integers(0, count - 1), min_size=1))))
        each = target == "line" and "amount" in value and draw(st.booleans())
        discounts.append(
            SeedDiscount(kind, f"{kind}-{len(discounts)}", target, lines=chosen, each=each, **value)
        )
    shipping = tuple(
        SeedShipping(f"Versand {n}", D(draw(st.integers(0, 1500))) / 100)
        for n in range(draw(st.integers(0, 3)))
    )
    [seed] = german_orders(1)
    now = datetime.now(UTC)
    cart = replace(
        seed,
        lines=lines,
        discounts=tuple(discounts),
        shipping_lines=shipping,
        taxes_included=draw(st.booleans()),
        has_tax=draw(st.booleans()),
        created_at=now,
        updated_at=now,
    )
    # afterwards: units removed by an edit or refunded, but something still stands
    changes = []
    for index, line in enumerate(lines[1:], start=1):
        if draw(st.booleans()):
            how = draw(st.sampled_from(("edit", "refund")))
            changes.append((how, index, draw(st.integers(1, line.quantity))))
    if draw(st.booleans()) and lines[0].quantity > 1:
        changes.append(("edit", 0, draw(st.integers(1, lines[0].quantity - 1))))
    return cart, changes


@pytest.fixture(scope="module")
def shop() -> Iterator[tuple[ShopifySimulator, ShopifyChannel]]:
    with shopify_sim() as (server, sim):
        yield sim, channel_for(server, sim)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cart=carts())
def test_afterbuy_total_is_shopify_current_total_to_the_cent(
    shop: tuple[ShopifySimulator, ShopifyChannel], cart: tuple[object, list[tuple[str, int, int]]]
) -> None:
    sim, channel = shop
    seed, changes = cart
    sim.state.orders.clear()
    order_id = sim.add_order(seed)  # type: ignore[arg-type]
    for how, index, units in changes:
        if how == "edit":
            sim.remove_units(order_id, index, units)
        else:
            sim.refund_units(order_id, index, units)
    [order] = list(channel.orders_since(None))
    assert isinstance(order, Order)
    assert order_problems(order) == []  # among them: lines and shipping add up to the total
    assert afterbuy_total(form_of(order)) == sim.order_total(order_id)
    assert order.total == sim.order_total(order_id)
