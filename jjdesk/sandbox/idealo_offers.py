"""The idealo simulator's offer store (PWS 2.0) with idealo-like validation.

Offers are kept as the JSON they were sent with. PUT replaces an offer, PATCH merges into
it; both are validated as a whole, and what idealo would refuse comes back as
`fieldErrors` (`{"field": …, "message": …}`), one per broken field, like the real
service's bean validation. Unknown fields are refused too, so a typo in a client's field
name shows at once instead of being dropped silently.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jjdesk.domain.idealo_fields import CARRIERS, FULFILLMENT_TYPES

AMOUNT = re.compile(r"\d+(?:\.\d{1,2})?")
FEE = re.compile(r"-1|\d+(?:\.\d{1,2})?")
URL = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)
PAYMENT_METHODS = (
    "PAYPAL",
    "CASH_IN_ADVANCE",
    "INVOICE",
    "CREDIT_CARD",
    "DIRECT_DEBIT",
    "CASH_ON_DELIVERY",
    "SOFORT",
    "GOOGLE_PAY",
    "APPLE_PAY",
)
REQUIRED = ("sku", "title", "price", "url", "delivery", "deliveryCosts")
MAX_TITLE = 255
_STRINGS = (
    "sku",
    "title",
    "url",
    "basePrice",
    "voucherCode",
    "branchId",
    "brand",
    "description",
    "merchantName",
    "merchantId",
    "deliveryComment",
    "delivery",
    "eec",
    "size",
    "colour",
    "gender",
    "material",
)
_AMOUNTS = ("price", "minimumPrice", "twoManHandlingFee", "deposit")
_LISTS = ("oens", "eans", "hans", "pzns", "kbas", "categoryPath", "imageUrls")
_BOOLS = ("checkout", "replica", "used", "download")
_INTS = {
    "packagingUnit": 1,
    "maxOrderProcessingTime": 0,
    "freeReturnDays": 0,
    "checkoutLimitPerPeriod": 0,
    "quantityPerOrder": 1,
}
_OBJECTS = ("paymentCosts", "deliveryCosts", "dynamicProductAttributes")
KNOWN = frozenset(
    (*_STRINGS, *_AMOUNTS, *_LISTS, *_BOOLS, *_INTS, *_OBJECTS, "fulfillmentType")
) | {"disposalFee", "energyLabels"}
_LABEL_REQUIRED = ("efficiencyClass", "spectrum", "labelUrl")
_LABEL_FIELDS = frozenset(
    {
        "efficiencyClass",
        "spectrum",
        "labelUrl",
        "dataSheetUrl",
        "fuelEfficiencyClass",
        "wetGripClass",
        "externalRollingNoise",
        "externalRollingNoiseClass",
        "snowGrip",
        "iceGrip",
        "version",
    }
)

FieldErrors = list[dict[str, str]]


@dataclass
class StoredOffer:
    """An offer as idealo holds it, with the time of its last import."""

    body: dict[str, Any]
    imported: datetime = field(default_factory=lambda: datetime.now(UTC))


class OfferStore:
    """Every shop's offers by SKU; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offers: dict[str, StoredOffer] = {}

    def get(self, sku: str) -> dict[str, Any] | None:
        """The offer as stored (a copy), or None."""
        with self._lock:
            found = self._offers.get(sku)
            return dict(found.body) if found else None

    def skus(self) -> list[str]:
        """Every SKU with an offer."""
        with self._lock:
            return sorted(self._offers)

    def imported(self, sku: str) -> datetime | None:
        """When the offer was last written or its timestamp refreshed."""
        with self._lock:
            found = self._offers.get(sku)
            return found.imported if found else None

    def put(self, sku: str, body: Mapping[str, Any]) -> FieldErrors:
        """Create or replace; the field errors when refused (nothing is stored then)."""
        errors = validate(body, sku)
        if not errors:
            with self._lock:
                self._offers[sku] = StoredOffer(dict(body))
        return errors

    def patch(self, sku: str, body: Mapping[str, Any]) -> FieldErrors | None:
        """Merge into an existing offer; None when there is none."""
        with self._lock:
            found = self._offers.get(sku)
            if found is None:
                return None
            merged = {**found.body, **body}
            errors = validate(merged, sku)
            if not errors:
                self._offers[sku] = StoredOffer(merged)
            return errors

    def seed(self, offers: Mapping[str, Mapping[str, Any]]) -> None:
        """Store offers without validation (benchmarks start from a full shop)."""
        with self._lock:
            for sku, body in offers.items():
                self._offers[sku] = StoredOffer(dict(body))

    def delete(self, sku: str) -> bool:
        """Remove one offer; whether it existed."""
        with self._lock:
            return self._offers.pop(sku, None) is not None

    def delete_all(self) -> int:
        """Remove every offer; how many there were."""
        with self._lock:
            count = len(self._offers)
            self._offers.clear()
            return count

    def touch_all(self) -> None:
        """`PUT /shop/{id}/offer`: every offer counts as imported now."""
        now = datetime.now(UTC)
        with self._lock:
            for offer in self._offers.values():
                offer.imported = now


def validate(offer: Mapping[str, Any], sku: str) -> FieldErrors:
    """What idealo would refuse about an offer, field by field."""
    errors: FieldErrors = []

    def fail(name: str, message: str) -> None:
        errors.append({"field": name, "message": message})

    for name in sorted(set(offer) - KNOWN):
        fail(name, "unknown field")
    for name in REQUIRED:
        value = offer.get(name)
        if value is None or (isinstance(value, str | dict | list) and not value):
            fail(name, "must not be null" if value is None else "must not be blank")
    for name in _STRINGS:
        if name in offer and offer[name] is not None and not isinstance(offer[name], str):
            fail(name, "must be a string")
    if isinstance(offer.get("sku"), str) and offer["sku"] and offer["sku"] != sku:
        fail("sku", "must match the sku of the url")
    title = offer.get("title")
    if isinstance(title, str) and len(title) > MAX_TITLE:
        fail("title", f"size must be between 1 and {MAX_TITLE}")
    for name in _AMOUNTS:
        _amount(offer, name, AMOUNT, fail)
    _amount(offer, "disposalFee", FEE, fail)
    price = offer.get("price")
    if isinstance(price, str) and AMOUNT.fullmatch(price) and float(price) <= 0:
        fail("price", "must be greater than 0")
    minimum = offer.get("minimumPrice")
    if (
        isinstance(price, str)
        and isinstance(minimum, str)
        and AMOUNT.fullmatch(price)
        and AMOUNT.fullmatch(minimum)
        and float(minimum) > float(price)
    ):
        fail("minimumPrice", "must not be greater than price")
    url = offer.get("url")
    if isinstance(url, str) and url and not URL.fullmatch(url):
        fail("url", "must be a valid URL")
    for name in _LISTS:
        value = offer.get(name)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) and v for v in value)
        ):
            fail(name, "must be a list of non-empty strings")
    for index, image in enumerate(offer.get("imageUrls") or []):
        if isinstance(image, str) and not URL.fullmatch(image):
            fail(f"imageUrls[{index}]", "must be a valid URL")
    for name in _BOOLS:
        if name in offer and not isinstance(offer[name], bool):
            fail(name, "must be a boolean")
    for name, minimum_value in _INTS.items():
        value = offer.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            fail(name, "must be an integer")
        elif value < minimum_value:
            fail(name, f"must be greater than or equal to {minimum_value}")
    _costs(offer, "deliveryCosts", CARRIERS, fail)
    _costs(offer, "paymentCosts", PAYMENT_METHODS, fail)
    kind = offer.get("fulfillmentType")
    if kind is not None and kind not in FULFILLMENT_TYPES:
        fail("fulfillmentType", f"must be one of {', '.join(FULFILLMENT_TYPES)}")
    if offer.get("checkout") is True:
        for name in ("fulfillmentType", "checkoutLimitPerPeriod", "maxOrderProcessingTime"):
            if offer.get(name) is None:
                fail(name, "must not be null for checkout offers")
    _labels(offer.get("energyLabels"), fail)
    return errors


def _amount(offer: Mapping[str, Any], name: str, pattern: re.Pattern[str], fail: Any) -> None:
    value = offer.get(name)
    if value is None:
        return
    if not isinstance(value, str) or not pattern.fullmatch(value):
        fail(name, f'must match "{pattern.pattern}"')


def _costs(offer: Mapping[str, Any], name: str, allowed: tuple[str, ...], fail: Any) -> None:
    costs = offer.get(name)
    if costs is None:
        return
    if not isinstance(costs, dict):
        fail(name, "must be an object")
        return
    for key, value in costs.items():
        if key not in allowed:
            fail(f"{name}.{key}", f"unknown key, allowed: {', '.join(allowed)}")
        elif not isinstance(value, str) or not AMOUNT.fullmatch(value):
            fail(f"{name}.{key}", f'must match "{AMOUNT.pattern}"')


def _labels(labels: object, fail: Any) -> None:
    if labels is None:
        return
    if not isinstance(labels, list):
        fail("energyLabels", "must be a list")
        return
    for index, label in enumerate(labels):
        where = f"energyLabels[{index}]"
        if not isinstance(label, dict):
            fail(where, "must be an object")
            continue
        for name in sorted(set(label) - _LABEL_FIELDS):
            fail(f"{where}.{name}", "unknown field")
        for name in _LABEL_REQUIRED:
            if not label.get(name):
                fail(f"{where}.{name}", "must not be blank")
        for name in ("labelUrl", "dataSheetUrl"):
            value = label.get(name)
            if value is not None and not (isinstance(value, str) and URL.fullmatch(value)):
                fail(f"{where}.{name}", "must be a valid URL")
