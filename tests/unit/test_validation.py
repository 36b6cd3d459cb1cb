"""Checks at the border: what would be wrong in the target is an error on that item."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from jjdesk import i18n
from jjdesk.connectors.shopify.order_codec import OrderDecodeError, to_order
from jjdesk.domain.models import Address, Order, OrderLine, Product
from jjdesk.domain.validation import order_problems, product_problems

BUYER = Address(
    first_name="Jo",
    last_name="Li",
    street="Ring 1",
    postal_code="10115",
    city="Berlin",
    country_code="DE",
    email="jo@example.com",
)


def _order(**changes: Any) -> Order:
    moment = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    values: dict[str, Any] = {
        "channel": "shop",
        "channel_order_id": "1001",
        "order_number": "#1001",
        "created_at": moment,
        "updated_at": moment,
        "billing": BUYER,
        "lines": (OrderLine("10000001", "Mütze", 2, Decimal("19.90"), Decimal("19")),),
    }
    values.update(changes)
    return Order(**values)


def _messages(order: Order) -> list[str]:
    return [p.message for p in order_problems(order)]


def test_a_plausible_order_passes() -> None:
    assert order_problems(_order()) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"lines": ()}, "The order has no lines"),
        (
            {"lines": (OrderLine("1", "Mütze", 0, Decimal("1")),)},
            "Line 1 (SKU 1): quantity 0 is not a positive whole number",
        ),
        (
            {"lines": (OrderLine("1", "Mütze", -2, Decimal("1")),)},
            "Line 1 (SKU 1): quantity -2 is not a positive whole number",
        ),
        (
            {"lines": (OrderLine("1", "Mütze", 1, Decimal("-5.00")),)},
            "Line 1 (SKU 1): the price -€5.00 is negative",
        ),
        ({"lines": (OrderLine("", "Mütze", 1, Decimal("1")),)}, "Line 1 has no SKU"),
        ({"billing": Address(email="jo@example.com")}, "no billing or shipping address"),
        (
            {"billing": replace(BUYER, country_code="XX")},
            "Billing address: country code “XX” is not a valid ISO code",
        ),
        ({"billing": replace(BUYER, city="")}, "Billing address: city missing"),
        ({"shipping_cost": Decimal("-4.90")}, "The shipping cost -€4.90 is negative"),
        (
            {"lines": (OrderLine("1", "MÃ¼tze", 1, Decimal("1")),)},
            "The name of line 1 contains garbled characters",
        ),
    ],
)
def test_orders_the_sink_must_not_get_are_named(changes: dict[str, Any], expected: str) -> None:
    messages = _messages(_order(**changes))
    assert any(expected in m for m in messages), messages


def test_messages_never_carry_the_buyers_data() -> None:
    garbled = replace(BUYER, street="MÃ¼hlenweg 3", city="", country_code="QQ")
    problems = order_problems(_order(billing=garbled))
    assert len(problems) == 3
    for problem in problems:
        text = f"{problem.message} {problem.hint}"
        assert "hlenweg" not in text and "Jo" not in text.split() and "Li" not in text.split()
        assert problem.label == "#1001"


def test_messages_are_german_for_german_merchants() -> None:
    i18n.set_language("de")
    try:
        [problem] = order_problems(_order(lines=()))
    finally:
        i18n.set_language("en")
    assert problem.message == "Die Bestellung hat keine Positionen"


def test_a_shipping_address_alone_is_enough() -> None:
    order = _order(billing=Address(email="jo@example.com"), shipping=BUYER)
    assert order_problems(order) == []


@pytest.mark.parametrize(
    ("product", "field", "expected"),
    [
        (Product("7", "  "), "name", "The product has no name"),
        (Product("7", "MÃ¼tze"), "name", "The name contains garbled characters"),
        (Product("7", "Mütze", description="Warm\x00"), "description", "control characters"),
        (Product("7", "Mütze", selling_price=Decimal("-1")), "price", "The price is negative"),
    ],
)
def test_products_no_channel_should_get(product: Product, field: str, expected: str) -> None:
    [problem] = product_problems(product)
    assert problem.field == field and expected in problem.message


def test_umlauts_and_euro_signs_are_not_mistaken_for_garbage() -> None:
    fine = Product("7", "Größe „XL“ – 10 € Rabatt, Straße", description="Öl, Äpfel, ß")
    assert product_problems(fine) == []


def _node(**changes: Any) -> dict[str, Any]:
    line = {
        "sku": "10000001",
        "name": "Mütze",
        "quantity": 2,
        "currentQuantity": 2,
        "originalUnitPriceSet": {"shopMoney": {"amount": "19.9", "currencyCode": "EUR"}},
        "discountAllocations": [],
        "taxLines": [{"ratePercentage": 19.0}],
    }
    line.update(changes.pop("line", {}))
    order: dict[str, Any] = {
        "legacyResourceId": "5",
        "name": "#1005",
        "createdAt": "2026-11-30T10:00:00Z",
        "updatedAt": "2026-11-30T10:05:00Z",
        "taxesIncluded": True,
        "currentTotalPriceSet": {"shopMoney": {"amount": "39.8", "currencyCode": "EUR"}},
        "totalRefundedSet": {"shopMoney": {"amount": "0.0", "currencyCode": "EUR"}},
        "lineItems": {"nodes": [line]},
        "shippingLines": {"nodes": []},
    }
    order.update(changes)
    return order


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"line": {"quantity": "drei"}}, "lineItems[1].quantity"),
        (
            {"line": {"originalUnitPriceSet": {"shopMoney": {"amount": "abc"}}}},
            "lineItems[1].price",
        ),
        (
            {"line": {"originalUnitPriceSet": {"shopMoney": {"amount": None}}}},
            "lineItems[1].price",
        ),
        ({"line": {"originalUnitPriceSet": None}}, "lineItems[1].price"),
        ({"updatedAt": "gestern"}, "updatedAt"),
        ({"createdAt": None}, "createdAt"),
    ],
)
def test_a_value_that_does_not_parse_is_an_error_never_a_zero(
    changes: dict[str, Any], field: str
) -> None:
    node = _node(**changes)
    with pytest.raises(OrderDecodeError) as caught:
        to_order(node, node["lineItems"]["nodes"], "")
    assert caught.value.field == field
