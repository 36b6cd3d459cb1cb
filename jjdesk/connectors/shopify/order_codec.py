"""Shopify order JSON (as the Orders document asks for it) → domain `Order`.

What reaches Afterbuy is what still stands and what the customer pays for it: each line
with its current quantity at the unit price after every discount (see `amounts`), the
shipping lines after their discounts, and Shopify's current total to check both against.
Prices go to Afterbuy gross; in a shop whose prices exclude tax the line's tax is added.

SPEC rule, now an option (`untaxed_rate`): an order without any tax line gets 19 % on
every line, so that Afterbuy books it with German VAT instead of 0 %.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from jjdesk import i18n
from jjdesk.connectors.shopify.amounts import (
    ZERO,
    LineAmount,
    reconcile,
    standing_share,
    unit_prices,
)
from jjdesk.domain.models import Address, Order, OrderLine
from jjdesk.domain.money import format_eur
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


def _list(value: object, field: str) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise OrderDecodeError(field, value)
    return [v for v in value if isinstance(v, Mapping)]


def _rate(tax_lines: list[Mapping[str, Any]], field: str) -> Decimal | None:
    """The percentage of all tax lines together (Shopify reports 0.19 and/or 19.0)."""
    if not tax_lines:
        return None
    total = ZERO
    for line in tax_lines:
        if line.get("ratePercentage") is not None:
            total += _decimal(line["ratePercentage"], f"{field}.ratePercentage")
        elif line.get("rate") is not None:
            total += _decimal(line["rate"], f"{field}.rate") * 100
    return total.normalize() if total else ZERO


def _tax(tax_lines: list[Mapping[str, Any]], field: str) -> Decimal:
    return sum((_amount(t.get("priceSet"), f"{field}.priceSet") for t in tax_lines), ZERO)


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


def _time(value: object, field: str) -> datetime:
    try:
        parsed = parse_iso(str(value)) if value else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise OrderDecodeError(field, value)
    return parsed


class _Discounts:
    """What the discounts took off in all (for the order memo, with the codes used)."""

    def __init__(self) -> None:
        self.taken = ZERO

    def add(self, allocations: list[Mapping[str, Any]], field: str) -> Decimal:
        total = sum(
            (
                _amount(allocation.get("allocatedAmountSet"), f"{field}[{n}]")
                for n, allocation in enumerate(allocations)
            ),
            ZERO,
        )
        self.taken += total
        return total

    def note(self, codes: object) -> str:
        if not self.taken:
            return ""
        amount = format_eur(self.taken, i18n.language())
        used = [str(c) for c in codes or [] if c] if isinstance(codes, list) else []
        if used:
            return i18n.text("shopify.order.discount_codes", amount=amount, codes=", ".join(used))
        return i18n.text("shopify.order.discount", amount=amount)


def _line_amount(
    index: int, node: Mapping[str, Any], included: bool, discounts: _Discounts
) -> tuple[LineAmount, Decimal | None]:
    where = f"lineItems[{index}]"
    quantity = _quantity(node.get("quantity"), f"{where}.quantity")
    current = _quantity(node.get("currentQuantity"), f"{where}.currentQuantity")
    if not 0 <= current <= quantity:
        raise OrderDecodeError(f"{where}.currentQuantity", current)
    unit = _amount(node.get("originalUnitPriceSet"), f"{where}.price")
    allocated = discounts.add(
        _list(node.get("discountAllocations"), f"{where}.discountAllocations"),
        f"{where}.discountAllocations",
    )
    tax_lines = _list(node.get("taxLines"), f"{where}.taxLines")
    amount = unit * current - standing_share(allocated, current, quantity)
    tax = ZERO if included else _tax(tax_lines, f"{where}.taxLines")
    gross = amount + standing_share(tax, current, quantity)
    estimated = current < quantity and bool(allocated or tax)
    return LineAmount(index, current, gross, estimated), _rate(tax_lines, f"{where}.taxLines")


def _shipping(nodes: list[Mapping[str, Any]], included: bool, discounts: _Discounts) -> Decimal:
    total = ZERO
    for n, node in enumerate(nodes):
        where = f"shippingLines[{n}]"
        discounts.add(
            _list(node.get("discountAllocations"), f"{where}.discountAllocations"),
            f"{where}.discountAllocations",
        )
        price = _amount(node.get("currentDiscountedPriceSet"), f"{where}.price")
        if not included and price:
            price += _tax(_list(node.get("taxLines"), f"{where}.taxLines"), f"{where}.taxLines")
        total += price
    return total


def to_order(
    order: Mapping[str, Any],
    lines: Sequence[Mapping[str, Any]],
    admin_url: str,
    *,
    untaxed_rate: Decimal | None = DEFAULT_TAX_RATE,
) -> Order:
    """One domain order; `lines` are all line item nodes (several pages joined).

    Raises `OrderDecodeError` for a value that cannot be read (a quantity "drei", a
    price null, a broken timestamp): that order is reported, never imported with a zero.
    """
    included = order.get("taxesIncluded")
    if not isinstance(included, bool):
        raise OrderDecodeError("taxesIncluded", included)
    discounts = _Discounts()
    amounts: list[LineAmount] = []
    rates: list[Decimal | None] = []
    for index, node in enumerate(lines, start=1):
        amount, rate = _line_amount(index, node, included, discounts)
        amounts.append(amount)
        rates.append(rate)
    has_tax = bool(order.get("taxLines")) or any(rate is not None for rate in rates)
    shipping_nodes = _list((order.get("shippingLines") or {}).get("nodes"), "shippingLines")
    shipping_cost = _shipping(shipping_nodes, included, discounts)
    total = _amount(order.get("currentTotalPriceSet"), "currentTotalPriceSet")
    standing = [a for a in amounts if a.quantity > 0]
    standing = reconcile(standing, shipping_cost, total) or standing
    order_lines: list[OrderLine] = []
    for amount in standing:
        node = lines[amount.index - 1]
        rate = rates[amount.index - 1]
        if not has_tax:
            rate = untaxed_rate if untaxed_rate is not None else ZERO
        variant = node.get("variant")
        barcode = str(variant.get("barcode") or "") if isinstance(variant, Mapping) else ""
        for units, price in unit_prices(amount.gross, amount.quantity):
            order_lines.append(
                OrderLine(
                    sku=str(node.get("sku") or "").strip(),
                    title=str(node.get("name") or ""),
                    quantity=units,
                    unit_price=price,
                    tax_rate=rate if rate is not None else ZERO,
                    ean=barcode,
                    channel_line_id=str(node.get("id") or ""),
                )
            )
    email = str(order.get("email") or "")
    legacy = str(order.get("legacyResourceId") or "")
    test = order.get("test") is True
    memo = [i18n.text("shopify.order.test")] if test else []
    memo += [note] if (note := discounts.note(order.get("discountCodes"))) else []
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
        shipping_method=" + ".join(str(s.get("title") or "") for s in shipping_nodes),
        payment_method=", ".join(str(p) for p in order.get("paymentGatewayNames") or []),
        paid=order.get("displayFinancialStatus") in PAID_STATUSES,
        currency=str(order.get("currencyCode") or "EUR"),
        taxes_included=included,
        has_tax=has_tax,
        memo="\n".join(memo),
        channel_url=admin_url,
        customer_note=str(order.get("note") or ""),
        cancelled=order.get("cancelledAt") is not None,
        test=test,
        total=total,
        refunded=_amount(order.get("totalRefundedSet"), "totalRefundedSet"),
    )
