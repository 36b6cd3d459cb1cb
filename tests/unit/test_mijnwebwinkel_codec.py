"""MijnWebwinkel's order JSON read strictly, on the official example from the OpenAPI file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from jjdesk.connectors.mijnwebwinkel.order_codec import parse_order, store_time
from jjdesk.domain.models import Order, Unreadable

EXAMPLES = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "fixtures"
    / "mijnwebwinkel"
    / "examples_from_openapi"
)


def _example() -> dict[str, object]:
    return json.loads((EXAMPLES / "Order.example.json").read_text(encoding="utf-8"))


def test_the_official_example_order_is_read() -> None:
    order = parse_order(_example())
    assert isinstance(order, Order)
    assert (order.channel_order_id, order.order_number) == ("27", "27")
    # 13:37:12 in Amsterdam on 3 November 2015 (winter time) is 12:37:12 UTC
    assert order.created_at == datetime(2015, 11, 3, 12, 37, 12, tzinfo=UTC)
    assert [line.quantity for line in order.lines] == [1, 2, 3, 5]
    assert [line.unit_price for line in order.lines] == [
        Decimal("15.0"),
        Decimal("9.9"),
        Decimal("5.85"),
        Decimal("9.75"),
    ]
    assert order.lines[3].tax_rate == Decimal("9.0")
    assert order.shipping_cost == Decimal("0.21") + Decimal("0.79") + Decimal("5.95")
    assert order.total == Decimal("47.45")
    assert order.billing.company == "Voorbeeldig BV"
    assert (order.billing.first_name, order.billing.last_name) == ("Truus", "voorbeeldig")
    assert order.billing.street == "Molenstraat 62" and order.billing.country_code == "NL"
    assert order.billing.email == "support@mijnwebwinkel.nl"
    assert order.payment_method == "advance" and order.paid
    assert order.customer_note == "Please send quickly!"
    assert not order.test


def test_a_quantity_that_does_not_parse_makes_the_order_unreadable_not_zero() -> None:
    data = _example()
    lines = data["orderlines"]
    assert isinstance(lines, list)
    lines[0]["quantity"] = "een"
    found = parse_order(data)
    assert isinstance(found, Unreadable)
    assert found.key == "27" and found.field == "orderlines.quantity"
    assert "support@mijnwebwinkel.nl" not in found.message


def test_a_price_that_does_not_parse_makes_the_order_unreadable() -> None:
    data = _example()
    lines = data["orderlines"]
    assert isinstance(lines, list)
    lines[1]["price"]["amount_including_tax"] = "negen"
    found = parse_order(data)
    assert isinstance(found, Unreadable)
    assert found.field == "orderlines.price.amount_including_tax"


def test_filters_are_given_in_the_stores_local_time() -> None:
    assert store_time(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "2026-07-01 12:00:00"
