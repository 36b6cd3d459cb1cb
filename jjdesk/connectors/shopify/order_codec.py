"""Shopify order JSON (as the Orders document asks for it) → domain `Order`.

SPEC rule: an order without any tax line gets 19 % on every line, so that Afterbuy books
it with German VAT instead of 0 %.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from jjdesk import i18n
from jjdesk.domain.models import Address, Order, OrderLine
from jjdesk.domain.money import to_cents
from jjdesk.domain.timestamps import parse_iso

CHANNEL = "shopify"
DEFAULT_TAX_RATE = Decimal("19")
PAID_STATUSES = frozenset({"PAID", "PARTIALLY_REFUNDED", "REFUNDED"})


class OrderDecodeError(ValueError):
    """A value of a Shopify order that cannot be read; `field` names where it sits."""

    def __init__(self, field: str, value: object) -> None:
        super().__init__(f"{field}: {value!r}")
        self.field = field
        self.value = str(value)[:40]


def _decimal(value: object, field: str) -> Decimal:
    """A number Shopify sent as text; anything else is an error, never a zero."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise OrderDecodeError(field, value) from None
    if value is None or isinstance(value, bool) or not number.is_finite():
        raise OrderDecodeError(field, value)
    return number


def _amount(money_bag: object, field: str) -> Decimal:
    """`shopMoney.amount` of a MoneyBag (the shop's currency)."""
    shop_money = money_bag.get("shopMoney") if isinstance(money_bag, Mapping) else None
    if not isinstance(shop_money, Mapping):
        raise OrderDecodeError(field, None)
    return _decimal(shop_money.get("amount"), field)


def _quantity(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise OrderDecodeError(field, value)
    text = str(value).strip()
    if not text.lstrip("-").isdigit():
        raise OrderDecodeError(field, value)
    return int(text)


def _rate(tax_lines: object) -> Decimal | None:
    """The percentage of the first tax line (Shopify reports 0.19 and/or 19.0)."""
    if not isinstance(tax_lines, Sequence) or not tax_lines:
        return None
    first = tax_lines[0]
    if not isinstance(first, Mapping):
        return None
    if first.get("ratePercentage") is not None:
        return _decimal(first["ratePercentage"], "taxLines.ratePercentage").normalize()
    if first.get("rate") is not None:
        return (_decimal(first["rate"], "taxLines.rate") * 100).normalize()
    return None


def _address(data: object, email: str = "") -> Address | None:
    if not isinstance(data, Mapping):
        return None

    def get(key: str) -> str:
        return str(data.get(key) or "")

    return Address(
        first_name=get("firstName"),
        last_name=get("lastName"),
        company=get("company"),
        street=get("address1"),
        street2=get("address2"),
        postal_code=get("zip"),
        city=get("city"),
        state=get("provinceCode"),
        country_code=get("countryCodeV2"),
        phone=get("phone"),
        email=email,
    )


def line_nodes(order: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The line item nodes present in an order's JSON."""
    items = order.get("lineItems")
    nodes = items.get("nodes") if isinstance(items, Mapping) else None
    return [n for n in nodes or [] if isinstance(n, Mapping)]


def _line(number: int, node: Mapping[str, Any]) -> OrderLine:
    variant = node.get("variant")
    barcode = str(variant.get("barcode") or "") if isinstance(variant, Mapping) else ""
    where = f"lineItems[{number}]"
    return OrderLine(
        sku=str(node.get("sku") or "").strip(),
        title=str(node.get("name") or ""),
        quantity=_quantity(node.get("quantity"), f"{where}.quantity"),
        unit_price=_amount(node.get("discountedUnitPriceSet"), f"{where}.price"),
        tax_rate=_rate(node.get("taxLines")),
        ean=barcode,
        channel_line_id=str(node.get("id") or ""),
    )


def _time(value: object, field: str) -> datetime:
    try:
        parsed = parse_iso(str(value)) if value else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise OrderDecodeError(field, value)
    return parsed


def to_order(order: Mapping[str, Any], lines: Sequence[Mapping[str, Any]], admin_url: str) -> Order:
    """One domain order; `lines` are all line item nodes (several pages joined).

    Raises `OrderDecodeError` for a value that cannot be read (a quantity "drei", a
    price null, a broken timestamp): that order is reported, never imported with a zero.
    """
    order_lines = [_line(n, node) for n, node in enumerate(lines, start=1)]
    has_tax = bool(order.get("taxLines")) or any(line.tax_rate for line in order_lines)
    taxes_included = bool(order.get("taxesIncluded", True))
    if not has_tax:
        order_lines = [replace(line, tax_rate=DEFAULT_TAX_RATE) for line in order_lines]
    elif not taxes_included:
        # a shop that shows net prices: OrderLine.unit_price is gross, as Afterbuy books it
        order_lines = [
            replace(line, unit_price=to_cents(line.unit_price * (1 + line.tax_rate / 100)))
            if line.tax_rate
            else line
            for line in order_lines
        ]
    shipping_nodes = (order.get("shippingLines") or {}).get("nodes") or []
    shipping_cost = sum(
        (_amount(s.get("discountedPriceSet"), "shippingLines.price") for s in shipping_nodes),
        Decimal("0"),
    )
    shipping_method = str(shipping_nodes[0].get("title") or "") if shipping_nodes else ""
    email = str(order.get("email") or "")
    legacy = str(order.get("legacyResourceId") or "")
    return Order(
        channel=CHANNEL,
        channel_order_id=legacy,
        order_number=str(order.get("name") or ""),
        created_at=_time(order.get("createdAt"), "createdAt"),
        updated_at=_time(order.get("updatedAt"), "updatedAt"),
        billing=_address(order.get("billingAddress"), email) or Address(email=email),
        lines=tuple(order_lines),
        shipping=_address(order.get("shippingAddress")),
        shipping_cost=shipping_cost,
        shipping_method=shipping_method,
        payment_method=", ".join(str(p) for p in order.get("paymentGatewayNames") or []),
        paid=order.get("displayFinancialStatus") in PAID_STATUSES,
        currency=str(order.get("currencyCode") or "EUR"),
        taxes_included=taxes_included,
        has_tax=has_tax,
        memo=i18n.text("shopify.order.test") if order.get("test") else "",
        channel_url=admin_url,
        customer_note=str(order.get("note") or ""),
    )
