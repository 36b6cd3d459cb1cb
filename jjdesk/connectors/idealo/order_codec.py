"""MOA 2.0 order JSON → the domain's `Order`.

Prices are strings ("30.55", the unit price per piece, gross); `offersPrice` is the sum
of the lines, `grossPrice` lines plus `shippingCosts` – an order whose parts do not add
up to its total is refused rather than imported with a wrong amount. Delivery options
(`fulfillment.options`: the pickup service, two-man delivery) go into the order memo with
their price, as the reference product writes them ("PICKUP_Service", "Two Man Handling
Fee"). Revocations reduce the quantities that still stand; a fully revoked order is
cancelled, and every revocation is a note for an order already imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from jjdesk import i18n
from jjdesk.connectors.idealo import messages as _messages  # noqa: F401  (registers texts)
from jjdesk.domain.models import Address, Order, OrderLine
from jjdesk.domain.money import format_eur
from jjdesk.domain.timestamps import parse_iso

CHANNEL = "idealo"
REVOKED = "REVOKED"
REVOKING = "REVOKING"
PARTIALLY_REVOKED = "PARTIALLY_REVOKED"
REVOCATION_STATES = (REVOKING, REVOKED, PARTIALLY_REVOKED)
PICKUP_SERVICE = "PICKUP_SERVICE"
TWO_MAN_DELIVERY = "TWO_MAN_DELIVERY"
_METHODS = {
    "POSTAL": "Paketversand (idealo)",
    "FORWARDING": "Spedition (idealo)",
    "LETTER": "Briefversand (idealo)",
    "DOWNLOAD": "Download (idealo)",
}
_PAYMENTS = {
    "PAYPAL": "PayPal",
    "SOFORT": "Sofort",
    "CREDITCARD": "Kreditkarte",
    "CREDIT_CARD": "Kreditkarte",
    "IDEALO_CHECKOUT_PAYMENTS": "idealo Checkout Payments",
}


class OrderDecodeError(ValueError):
    """A field of an idealo order that does not hold what the documentation says."""

    def __init__(self, field: str, value: object) -> None:
        super().__init__(field)
        self.field = field
        self.value = str(value)[:40]


def to_order(raw: Mapping[str, Any]) -> Order:
    """One idealo order; raises `OrderDecodeError` naming the field that does not parse."""
    order_id = _text(raw, "idealoOrderId")
    if not order_id:
        raise OrderDecodeError("idealoOrderId", raw.get("idealoOrderId"))
    status = _text(raw, "status").upper()
    items = raw.get("lineItems")
    if not isinstance(items, list):
        raise OrderDecodeError("lineItems", items)
    lines: list[OrderLine] = []
    revoked: list[str] = []
    offers = Decimal("0")
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise OrderDecodeError(f"lineItems[{index}]", item)
        line, ordered = _line(item, index)
        offers += line.unit_price * ordered
        if line.quantity < ordered:
            revoked.append(
                i18n.text(
                    "idealo.order.revoked_line",
                    sku=line.sku,
                    revoked=ordered - line.quantity,
                    quantity=ordered,
                )
            )
        if line.quantity > 0:
            lines.append(line)
    shipping_cost = _amount(raw, "shippingCosts", default="0")
    _check_total(raw, offers, shipping_cost)
    created = _stamp(raw, "created")
    updated = _stamp(raw, "updated", fallback=created)
    customer = _mapping(raw.get("customer"))
    billing = _address(raw.get("billingAddress"), "billingAddress", customer)
    shipping_raw = raw.get("shippingAddress")
    shipping = _address(shipping_raw, "shippingAddress", {}) if shipping_raw else None
    fulfillment = _mapping(raw.get("fulfillment"))
    payment = _mapping(raw.get("payment"))
    method = str(fulfillment.get("method") or "")
    payment_method = str(payment.get("paymentMethod") or "")
    cancelled = status == REVOKED or not lines
    return Order(
        channel=CHANNEL,
        channel_order_id=order_id,
        order_number=order_id,
        created_at=created,
        updated_at=updated,
        billing=billing,
        shipping=shipping,
        lines=tuple(lines),
        shipping_cost=shipping_cost,
        shipping_method=_METHODS.get(method.upper(), method),
        payment_method=_PAYMENTS.get(payment_method.upper(), payment_method),
        paid=True,  # idealo collects the payment before it hands the order over
        currency=_text(raw, "currency") or "EUR",
        memo=_memo(fulfillment.get("options")),
        cancelled=cancelled and status in REVOCATION_STATES,
        change_note=_change_note(status, revoked),
    )


def _line(item: Mapping[str, Any], index: int) -> tuple[OrderLine, int]:
    """The line with the quantity that still stands, and the quantity ordered."""
    where = f"lineItems[{index}]"
    ordered = _count(item.get("quantity"), f"{where}.quantity", minimum=1)
    remaining = item.get("remainingQuantity")
    standing = ordered if remaining is None else _count(remaining, f"{where}.remainingQuantity")
    line = OrderLine(
        sku=str(item.get("sku") or "").strip(),
        title=str(item.get("title") or "").strip(),
        quantity=min(standing, ordered),
        unit_price=_amount(item, "price", where=where),
    )
    return line, ordered


def _check_total(raw: Mapping[str, Any], offers: Decimal, shipping: Decimal) -> None:
    """`offersPrice` and `grossPrice`, where given, must match the parts they sum up."""
    stated_offers = raw.get("offersPrice")
    if stated_offers is not None and _amount(raw, "offersPrice") != offers:
        raise OrderDecodeError("offersPrice", stated_offers)
    gross = raw.get("grossPrice")
    if (
        gross is not None
        and stated_offers is not None
        and _amount(raw, "grossPrice") != _amount(raw, "offersPrice") + shipping
    ):
        raise OrderDecodeError("grossPrice", gross)


def _memo(options: object) -> str:
    """The delivery options with their prices, one per line, for Afterbuy's memo."""
    if not isinstance(options, list):
        return ""
    lines = []
    for option in options:
        if not isinstance(option, Mapping):
            continue
        name = str(option.get("forwardOption") or "").strip().upper()
        price = _money_text(option.get("price"))
        if name == PICKUP_SERVICE:
            lines.append(i18n.text("idealo.order.pickup", price=price))
        elif name == TWO_MAN_DELIVERY:
            lines.append(i18n.text("idealo.order.two_man", price=price))
        elif name:
            lines.append(i18n.text("idealo.order.option", option=name, price=price))
    return "\n".join(lines)


def _money_text(value: object) -> str:
    try:
        return format_eur(Decimal(str(value)), i18n.language())
    except (InvalidOperation, ValueError):
        raise OrderDecodeError("fulfillment.options.price", value) from None


def _change_note(status: str, revoked_lines: list[str]) -> str:
    if status == REVOKED:
        return i18n.text("idealo.order.revoked")
    if status == REVOKING:
        return i18n.text("idealo.order.revoking")
    if status == PARTIALLY_REVOKED or revoked_lines:
        return i18n.text("idealo.order.partially_revoked", lines="; ".join(revoked_lines))
    return ""


def _address(raw: object, name: str, customer: Mapping[str, Any]) -> Address:
    if not isinstance(raw, Mapping):
        raise OrderDecodeError(name, "")
    return Address(
        first_name=str(raw.get("firstName") or "").strip(),
        last_name=str(raw.get("lastName") or "").strip(),
        street=str(raw.get("addressLine1") or "").strip(),
        street2=str(raw.get("addressLine2") or "").strip(),
        postal_code=str(raw.get("postalCode") or "").strip(),
        city=str(raw.get("city") or "").strip(),
        country_code=str(raw.get("countryCode") or "").strip().upper(),
        phone=str(customer.get("phone") or "").strip(),
        email=str(customer.get("email") or "").strip(),
    )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    return str(value).strip() if value is not None else ""


def _amount(
    raw: Mapping[str, Any], key: str, *, where: str = "", default: str | None = None
) -> Decimal:
    value = raw.get(key, default)
    name = f"{where}.{key}" if where else key
    if isinstance(value, bool) or value is None or value == "":
        raise OrderDecodeError(name, value)
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise OrderDecodeError(name, value) from None
    if not amount.is_finite() or amount < 0:
        raise OrderDecodeError(name, value)
    return amount


def _count(value: object, name: str, minimum: int = 0) -> int:
    """A whole count; an ordered quantity is at least one (0 only remains after a revocation)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise OrderDecodeError(name, value)
    return value


def _stamp(raw: Mapping[str, Any], key: str, fallback: datetime | None = None) -> datetime:
    value = raw.get(key)
    try:
        moment = parse_iso(str(value)) if value else None
    except ValueError:
        moment = None
    if moment is None:
        if fallback is not None:
            return fallback
        raise OrderDecodeError(key, value)
    return moment
