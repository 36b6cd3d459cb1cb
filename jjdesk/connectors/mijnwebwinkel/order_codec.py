"""MijnWebwinkel's order JSON → jjdesk's `Order`.

Dates and times are the store's local time (Amsterdam). Article lines carry the SKU in
their `articles[]`; prices are net `amount` plus `rate`, with `amount_including_tax`
per unit where the shop gives it. Lines that are not articles (payment and shipping
costs) add up to the order's costs. A value that does not parse makes the order
unreadable, never a zero. Test orders carry a `T-` in their number.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from jjdesk import i18n
from jjdesk.domain.models import Address, Order, OrderLine, Unreadable

STORE_ZONE = ZoneInfo("Europe/Amsterdam")
CHANNEL = "mijnwebwinkel"
PAID = {"captured", "authorized"}

i18n.register(
    {
        "mww.order.unreadable": {
            "de": "Bestellung nicht lesbar: {field} „{value}“",
            "en": "Order not readable: {field} “{value}”",
        },
        "mww.order.unreadable.hint": {
            "de": "Die Bestellung in MijnWebwinkel prüfen; jjdesk liest sie wieder, sobald "
            "sie sich ändert.",
            "en": "Check the order in MijnWebwinkel; jjdesk reads it again once it changes.",
        },
    }
)


class _Bad(ValueError):
    def __init__(self, field: str, value: object) -> None:
        super().__init__(field)
        self.field = field
        self.value = str(value)[:40]


def parse_order(data: dict[str, Any]) -> Order | Unreadable:
    """One order, or why it could not be read (no personal data in the reason)."""
    number = str(data.get("number", "")).strip()
    try:
        return _order(data, number)
    except _Bad as bad:
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
        return Unreadable(
            "order",
            number or "?",
            i18n.text("mww.order.unreadable", field=bad.field, value=bad.value),
            field=bad.field,
            hint=i18n.text("mww.order.unreadable.hint"),
            label=number,
            digest=digest[:16],
        )


def _order(data: dict[str, Any], number: str) -> Order:
    if not number:
        raise _Bad("number", "")
    created = moment(data.get("date"), data.get("time"), "date")
    changed = (
        moment(data.get("status_changed_date"), data.get("status_changed_time"), "status_changed")
        if data.get("status_changed_date")
        else created
    )
    debtor = data.get("debtor") or {}
    address = debtor.get("address") or {}
    email = str(debtor.get("email") or "")
    billing = _address(address.get("invoice") or {}, email)
    delivery = address.get("delivery")
    lines: list[OrderLine] = []
    costs = Decimal("0")
    for index, line in enumerate(data.get("orderlines") or []):
        if line.get("type") == "article":
            lines.append(_line(line, index))
        else:
            costs += _gross(line.get("price"), int(line.get("quantity") or 1), "orderlines.price")
    price = data.get("price") or {}
    payment = data.get("payment") or {}
    return Order(
        channel=CHANNEL,
        channel_order_id=number,
        order_number=number,
        created_at=created,
        updated_at=max(created, changed),
        billing=billing,
        shipping=_address(delivery, email) if delivery else None,
        lines=tuple(lines),
        shipping_cost=costs,
        payment_method=str(payment.get("method_name") or ""),
        paid=str(data.get("payment_status") or payment.get("status") or "") in PAID,
        currency=str(data.get("currency") or "EUR"),
        customer_note=str((data.get("comments") or {}).get("customer") or ""),
        test=number.upper().startswith("T-") or "-T" in number.upper(),
        total=decimal(price["total"], "price.total") if "total" in price else None,
    )


def _line(line: dict[str, Any], index: int) -> OrderLine:
    articles = line.get("articles") or []
    first = articles[0] if articles else {}
    quantity = line.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise _Bad("orderlines.quantity", quantity)
    price = line.get("price")
    unit = price if isinstance(price, dict) else {}
    rate = decimal(unit.get("rate", "0"), "orderlines.price.rate")
    if unit.get("amount_including_tax") not in (None, ""):
        gross = decimal(unit["amount_including_tax"], "orderlines.price.amount_including_tax")
    else:
        net = decimal(unit.get("amount"), "orderlines.price.amount")
        gross = (net * (1 + rate / 100)).quantize(Decimal("0.01"))
    return OrderLine(
        sku=str(first.get("sku") or ""),
        title=str(line.get("description") or first.get("description") or ""),
        quantity=quantity,
        unit_price=gross,
        tax_rate=rate,
        channel_line_id=str(line.get("id") or index),
    )


def _gross(price: object, quantity: int, field: str) -> Decimal:
    """A cost line's gross amount (the shop splits some over several tax rates)."""
    parts = price if isinstance(price, list) else [price] if isinstance(price, dict) else []
    total = Decimal("0")
    for part in parts:
        if part.get("amount_including_tax") not in (None, ""):
            total += decimal(part["amount_including_tax"], field)
        else:
            rate = decimal(part.get("rate", "0"), field)
            total += (decimal(part.get("amount"), field) * (1 + rate / 100)).quantize(
                Decimal("0.01")
            )
    return total * quantity


def _address(data: dict[str, Any], email: str) -> Address:
    name = str(data.get("name") or "").strip()
    first, _, last = name.rpartition(" ")
    street = " ".join(
        p for p in (str(data.get("street") or ""), str(data.get("number") or "")) if p
    )
    return Address(
        first_name=first if last else "",
        last_name=last or name,
        company=str(data.get("company") or "").strip(),
        street=street.strip(),
        postal_code=str(data.get("zipcode") or "").strip(),
        city=str(data.get("city") or "").strip(),
        country_code=str(data.get("country_code") or "").strip().upper(),
        phone=str(data.get("phone") or "").strip(),
        email=email.strip(),
    )


def decimal(value: object, field: str) -> Decimal:
    """A number the shop sent as JSON number or string; anything else is `_Bad`."""
    if isinstance(value, bool) or value is None:
        raise _Bad(field, value)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise _Bad(field, value) from exc
    if not number.is_finite():
        raise _Bad(field, value)
    return number


def moment(day: object, time: object, field: str) -> datetime:
    """The store's local date and time as UTC."""
    text = f"{day} {time or '00:00:00'}".strip()
    try:
        local = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError as exc:
        raise _Bad(field, text) from exc
    return local.replace(tzinfo=STORE_ZONE).astimezone(UTC)


def store_time(value: datetime) -> str:
    """A moment as the shop's filters want it: local `yyyy-mm-dd hh:mm:ss`."""
    return value.astimezone(STORE_ZONE).strftime("%Y-%m-%d %H:%M:%S")
