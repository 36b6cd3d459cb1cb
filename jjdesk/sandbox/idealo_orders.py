"""The idealo simulator's orders (MOA 2.0): checkout orders, revocations, fulfilment.

Orders render as the documented JSON: prices as strings, `lineItems` with unit prices,
`fulfillment.options` for the pickup service and two-man delivery, `merchantOrderNumber`
once the merchant set it (that is what "acknowledged" means in the listing). A revocation
lowers a line's `remainingQuantity`; when nothing remains the order is REVOKED.
Fulfilment completes the order and adds tracking entries (sent twice, they add up).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from jjdesk.sandbox.shopify_seed import ARTICLES, CITIES, FIRST_NAMES, LAST_NAMES, STREETS

STATUSES = ("PROCESSING", "COMPLETED", "REVOKING", "REVOKED", "PARTIALLY_REVOKED")
REASONS = ("CUSTOMER_REVOKE", "MERCHANT_DECLINE", "RETOUR")
METHODS = ("POSTAL", "FORWARDING", "LETTER", "DOWNLOAD")
_ID_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class OrderConflict(Exception):
    """A request the order's state does not allow (fulfilling a revoked order)."""


@dataclass
class SimLine:
    """One line item."""

    sku: str
    title: str
    price: Decimal  # per piece, gross
    quantity: int
    remaining: int | None = None  # set once a revocation touched the order


@dataclass(frozen=True, slots=True)
class DeliveryOption:
    """A `fulfillment.options` entry: PICKUP_SERVICE or TWO_MAN_DELIVERY with its price."""

    name: str
    price: Decimal


@dataclass
class SimOrder:
    """An idealo checkout order as the simulator keeps it."""

    order_id: str
    lines: list[SimLine]
    created: datetime
    updated: datetime
    buyer: dict[str, str]
    shipping_costs: Decimal = Decimal("4.90")
    status: str = "PROCESSING"
    merchant_order_number: str = ""
    method: str = "POSTAL"
    options: tuple[DeliveryOption, ...] = ()
    payment_method: str = "PAYPAL"
    tracking: list[dict[str, str]] = field(default_factory=list)
    revocations: list[dict[str, Any]] = field(default_factory=list)

    def render(self) -> dict[str, Any]:
        """The order as MOA answers it."""
        offers = sum((line.price * line.quantity for line in self.lines), Decimal("0"))
        address = {
            "salutation": "MR",
            "firstName": self.buyer["first_name"],
            "lastName": self.buyer["last_name"],
            "addressLine1": self.buyer["street"],
            "postalCode": self.buyer["postal_code"],
            "city": self.buyer["city"],
            "countryCode": "DE",
        }
        body: dict[str, Any] = {
            "idealoOrderId": self.order_id,
            "created": _stamp(self.created),
            "updated": _stamp(self.updated),
            "status": self.status,
            "currency": "EUR",
            "offersPrice": _money(offers),
            "grossPrice": _money(offers + self.shipping_costs),
            "shippingCosts": _money(self.shipping_costs),
            "lineItems": [self._line(line) for line in self.lines],
            "customer": {"email": self.buyer["email"], "phone": self.buyer["phone"]},
            "payment": {
                "paymentMethod": self.payment_method,
                "transactionId": f"txn-{self.order_id.lower()}",
            },
            "billingAddress": address,
            "shippingAddress": dict(address),
            "fulfillment": {
                "method": self.method,
                "tracking": [dict(t) for t in self.tracking],
                "options": [
                    {"forwardOption": o.name, "price": _money(o.price)} for o in self.options
                ],
            },
            "refunds": [],
        }
        if self.merchant_order_number:
            body["merchantOrderNumber"] = self.merchant_order_number
        return body

    def _line(self, line: SimLine) -> dict[str, Any]:
        item: dict[str, Any] = {
            "title": line.title,
            "price": _money(line.price),
            "quantity": line.quantity,
            "sku": line.sku,
            "merchantId": "jjdesk-demo",
            "merchantName": "jjdesk Demo-Shop",
            "merchantDeliveryText": "1-3 Werktage",
        }
        if line.remaining is not None:
            item["remainingQuantity"] = line.remaining
        return item


class OrderBook:
    """Every order of the shop; thread-safe."""

    def __init__(self, seed: int = 11) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._orders: dict[str, SimOrder] = {}

    def add(
        self,
        lines: Sequence[tuple[str, str, Decimal, int]],
        *,
        options: Sequence[DeliveryOption] = (),
        method: str = "POSTAL",
        payment_method: str = "PAYPAL",
        shipping_costs: Decimal = Decimal("4.90"),
        created: datetime | None = None,
    ) -> str:
        """A new checkout order (sku, title, unit price, quantity per line); its id."""
        with self._lock:
            order_id = "".join(self._rng.choice(_ID_CHARS) for _ in range(8))
            moment = created or datetime.now(UTC)
            city, postal = self._rng.choice(CITIES)
            n = len(self._orders)
            buyer = {
                "first_name": self._rng.choice(FIRST_NAMES),
                "last_name": self._rng.choice(LAST_NAMES),
                "street": f"{self._rng.choice(STREETS)} {self._rng.randint(1, 99)}",
                "postal_code": postal,
                "city": city,
                "email": f"m-{order_id.lower()}{n}@checkout.idealo.de",
                "phone": f"030-{self._rng.randint(1000000, 9999999)}",
            }
            self._orders[order_id] = SimOrder(
                order_id,
                [SimLine(sku, title, price, quantity) for sku, title, price, quantity in lines],
                moment,
                moment,
                buyer,
                shipping_costs=shipping_costs,
                method=method,
                options=tuple(options),
                payment_method=payment_method,
            )
            return order_id

    def seed(self, skus: Sequence[str], count: int, start: datetime) -> list[str]:
        """`count` orders over the given SKUs; every third with the pickup service and
        two-man delivery (a freight order), as idealo's checkout sold big appliances."""
        ids = []
        for n in range(count):
            lines = []
            for sku in self._rng.sample(list(skus), k=min(len(skus), self._rng.randint(1, 2))):
                title, price = self._rng.choice(ARTICLES)
                lines.append((sku, title, price, self._rng.randint(1, 2)))
            freight = n % 3 == 1
            options = (
                (DeliveryOption("TWO_MAN_DELIVERY", Decimal("29.90")),
                 DeliveryOption("PICKUP_SERVICE", Decimal("19.90")))
                if freight
                else ()
            )  # fmt: skip
            ids.append(
                self.add(
                    lines,
                    options=options,
                    method="FORWARDING" if freight else "POSTAL",
                    shipping_costs=Decimal("49.80") if freight else Decimal("4.90"),
                    created=start + timedelta(minutes=7 * n),
                )
            )
        return ids

    def get(self, order_id: str) -> SimOrder | None:
        """One order (the simulator's own object: tests may inspect it)."""
        with self._lock:
            return self._orders.get(order_id)

    def render(self, order_id: str) -> dict[str, Any] | None:
        """One order as MOA answers it."""
        with self._lock:
            order = self._orders.get(order_id)
            return order.render() if order else None

    def listing(
        self,
        statuses: Sequence[str],
        acknowledged: bool | None,
        since: datetime | None,
        until: datetime | None,
    ) -> list[dict[str, Any]]:
        """Orders matching a listing's filters, oldest first (`from`/`to` on `created`)."""
        with self._lock:
            found = [
                o
                for o in sorted(self._orders.values(), key=lambda o: (o.created, o.order_id))
                if (not statuses or o.status in statuses)
                and (acknowledged is None or bool(o.merchant_order_number) == acknowledged)
                and (since is None or o.created >= since)
                and (until is None or o.created <= until)
            ]
            return [o.render() for o in found]

    def set_merchant_order_number(self, order_id: str, number: str) -> dict[str, Any] | None:
        """Acknowledge: the merchant's own order number."""
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                return None
            order.merchant_order_number = number
            order.updated = datetime.now(UTC)
            return order.render()

    def fulfil(self, order_id: str, carrier: str, codes: Sequence[str]) -> dict[str, Any] | None:
        """Complete the order and add its tracking; sending it again adds the codes again."""
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                return None
            if order.status in ("REVOKED", "REVOKING"):
                raise OrderConflict(order.status)
            order.status = "COMPLETED"
            order.tracking.extend({"code": code, "carrier": carrier} for code in codes)
            order.updated = datetime.now(UTC)
            return order.render()

    def revoke(
        self, order_id: str, sku: str | None = None, remaining: int = 0, reason: str = ""
    ) -> dict[str, Any] | None:
        """A revocation of one line (to `remaining` pieces) or, without a SKU, of all."""
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                return None
            for line in order.lines:
                line.remaining = line.quantity if line.remaining is None else line.remaining
                if sku is None or line.sku == sku:
                    line.remaining = max(0, min(line.remaining, remaining))
            left = sum(line.remaining or 0 for line in order.lines)
            order.status = "REVOKED" if left == 0 else "PARTIALLY_REVOKED"
            order.revocations.append({"sku": sku, "remainingQuantity": remaining, "reason": reason})
            order.updated = datetime.now(UTC)
            return order.render()

    def request_revocation(self, order_id: str) -> None:
        """The customer asks to revoke; the merchant has not decided yet (REVOKING)."""
        with self._lock:
            order = self._orders[order_id]
            order.status = "REVOKING"
            order.updated = datetime.now(UTC)

    def ids(self) -> list[str]:
        """Every order id, oldest first."""
        with self._lock:
            return [o.order_id for o in sorted(self._orders.values(), key=lambda o: o.created)]


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _stamp(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
