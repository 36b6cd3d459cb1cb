"""Line amounts into Afterbuy positions: exact to the cent, one cent apart at most."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jjdesk.connectors.shopify.amounts import LineAmount, reconcile, standing_share, unit_prices
from jjdesk.sandbox.shopify_orders import shopify_decimal, spread

D = Decimal


@pytest.mark.parametrize(
    ("gross", "quantity", "positions"),
    [
        (D("35.70"), 3, [(3, D("11.90"))]),
        (D("10.00"), 3, [(2, D("3.33")), (1, D("3.34"))]),
        (D("8.99"), 2, [(1, D("4.49")), (1, D("4.50"))]),
        (D("0.00"), 4, [(4, D("0.00"))]),
        (D("0.02"), 3, [(1, D("0.00")), (2, D("0.01"))]),
    ],
)
def test_a_line_total_becomes_positions_that_add_up(
    gross: Decimal, quantity: int, positions: list[tuple[int, Decimal]]
) -> None:
    assert unit_prices(gross, quantity) == positions


@given(
    cents=st.integers(min_value=0, max_value=10_000_000),
    quantity=st.integers(min_value=1, max_value=500),
)
def test_positions_carry_exactly_the_line_total_at_prices_a_cent_apart(
    cents: int, quantity: int
) -> None:
    gross = D(cents) / 100
    positions = unit_prices(gross, quantity)
    assert sum(units * price for units, price in positions) == gross
    assert sum(units for units, _ in positions) == quantity
    assert all(price == price.quantize(D("0.01")) for _, price in positions)
    prices = [price for _, price in positions]
    assert max(prices) - min(prices) <= D("0.01")


def test_the_share_of_standing_units_is_rounded_to_the_cent() -> None:
    assert standing_share(D("1.00"), 2, 3) == D("0.67")
    assert standing_share(D("1.00"), 3, 3) == D("1.00")
    assert standing_share(D("0.05"), 1, 2) == D("0.03")


def test_a_cent_of_rounding_moves_to_an_estimated_line_only() -> None:
    lines = [LineAmount(1, 2, D("7.13"), estimated=True), LineAmount(2, 1, D("18.49"))]
    fixed = reconcile(lines, D("8.81"), D("34.44"))
    assert fixed is not None and [line.gross for line in fixed] == [D("7.14"), D("18.49")]


def test_a_difference_nothing_explains_is_not_hidden() -> None:
    lines = [LineAmount(1, 2, D("7.13"), estimated=True), LineAmount(2, 1, D("18.49"))]
    assert reconcile(lines, D("8.81"), D("36.43")) is None  # two cents, one movable line
    assert reconcile(lines[1:], D("0"), D("18.50")) is None  # nothing was estimated


@pytest.mark.parametrize(
    ("value", "text"),
    [(D("55"), "55.0"), (D("4.90"), "4.9"), (D("19.99"), "19.99"), (D("0"), "0.0")],
)
def test_the_simulator_writes_amounts_as_shopify_does(value: Decimal, text: str) -> None:
    assert shopify_decimal(value) == text


@given(
    total=st.integers(min_value=0, max_value=100_000),
    weights=st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=8),
)
def test_the_simulator_spreads_a_discount_without_losing_a_cent(
    total: int, weights: list[int]
) -> None:
    parts = spread(D(total) / 100, [D(w) / 100 for w in weights])
    assert sum(parts) == D(total) / 100
