"""Afterbuy product → idealo offers (PWS 2.0 JSON), one offer per sellable leaf.

A simple product is one offer; a variation set gives one offer per child, built from the
child's own data (SPEC, reference product: idealo takes every variant as an offer of its
own) with the parent's texts, pictures and catalogue as a fallback. Free field 4 and 5
carry delivery data and the energy label (`jjdesk.domain.idealo_fields`). A child that
cannot become an offer does not stop its siblings: its payload carries the problem and
`upsert` reports it without a call.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar
from urllib.parse import quote

from jjdesk import i18n
from jjdesk.connectors.idealo import messages as _messages  # noqa: F401  (registers texts)
from jjdesk.connectors.idealo.wire import amount, path_safe
from jjdesk.domain.idealo_fields import (
    EnergyLabel,
    FreeFieldError,
    ShippingData,
    parse_free_value4,
    parse_free_value5,
)
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import ChannelPayload, Product, ProductKind, Retry
from jjdesk.errors import ItemProblem

T = TypeVar("T")
PRODUCT = "product"
PROBLEM = "problem"  # payload.extra key of a leaf that cannot be sent
WARNING = "warning"  # payload.extra key of a leaf sent with a warning
QUANTITY = "quantity"  # payload.extra key of the quantity (sent outside the fingerprint)
ABBREVIATED_SIZES = frozenset(
    {"XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL", "2XL", "3XL", "4XL", "5XL"}
)
_OPTION_ATTRIBUTES = {
    "größe": "size",
    "groesse": "size",
    "grösse": "size",
    "size": "size",
    "farbe": "colour",
    "color": "colour",
    "colour": "colour",
    "geschlecht": "gender",
    "gender": "gender",
    "material": "material",
}
_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d|/tr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")


@dataclass(frozen=True, slots=True)
class OfferSettings:
    """What the merchant set that shapes every offer."""

    product_url: str
    checkout: bool = False


def offer_payloads(
    product: Product,
    action: ExportAction,
    settings: OfferSettings,
    category_path: Callable[[Sequence[str]], list[str]],
) -> list[ChannelPayload]:
    """The offers of one Afterbuy product (none when its level says remove or inactive).

    `category_path` turns catalogue ids into the path of names idealo files the offer
    under (read from Afterbuy only when a product has a catalogue).
    """
    if action in (ExportAction.REMOVE, ExportAction.SKIP, ExportAction.INACTIVE):
        return []
    if product.kind is ProductKind.VARIATION_PARENT:
        return [_leaf(child, product, settings, category_path) for child in product.variants]
    return [_leaf(product, None, settings, category_path)]


def sku_problem(sku: str) -> ItemProblem | None:
    """A SKU idealo's URLs cannot carry (`/`, `;`, `\\`, `%`, spaces, …), refused in advance."""
    if path_safe(sku):
        return None
    return ItemProblem(
        PRODUCT,
        sku,
        i18n.text("idealo.sku.unsafe", sku=sku),
        field="sku",
        hint=i18n.text("idealo.sku.unsafe.hint"),
    )


def _leaf(
    leaf: Product,
    parent: Product | None,
    settings: OfferSettings,
    category_path: Callable[[Sequence[str]], list[str]],
) -> ChannelPayload:
    try:
        body, warning = _body(leaf, parent, settings, category_path)
    except ItemProblem as problem:
        return ChannelPayload(
            leaf.product_id,
            {PROBLEM: [problem.field, problem.message]},
            extra={PROBLEM: problem},
        )
    extra: dict[str, object] = {QUANTITY: max(0, leaf.quantity or 0)}
    if warning is not None:
        extra[WARNING] = warning
    return ChannelPayload(leaf.product_id, body, extra=extra)


def _body(
    leaf: Product,
    parent: Product | None,
    settings: OfferSettings,
    category_path: Callable[[Sequence[str]], list[str]],
) -> tuple[dict[str, object], ItemProblem | None]:
    sku = leaf.product_id
    unsafe = sku_problem(sku)
    if unsafe is not None:
        raise unsafe
    shipping = _free_field(sku, 4, lambda: parse_free_value4(leaf.free_value(4)))
    label = _free_field(sku, 5, lambda: parse_free_value5(leaf.free_value(5)))
    price = leaf.additional_price("idealoPrice") or leaf.selling_price
    if price is None or price <= 0:
        raise ItemProblem(
            PRODUCT,
            sku,
            i18n.text("idealo.offer.no_price"),
            field="price",
            hint=i18n.text("idealo.offer.no_price.hint"),
        )
    if not leaf.delivery_time.strip():
        raise ItemProblem(
            PRODUCT,
            sku,
            i18n.text("idealo.offer.no_delivery"),
            field="DeliveryTime",
            hint=i18n.text("idealo.offer.no_delivery.hint"),
        )
    body: dict[str, object] = {
        "sku": sku,
        "title": _title(leaf, parent),
        "price": amount(price),
        "url": settings.product_url.replace("{sku}", quote(sku, safe="")),
        "delivery": leaf.delivery_time.strip(),
        "deliveryCosts": {shipping.carrier: amount(shipping.delivery_cost)},
        "checkout": settings.checkout,
        "replica": shipping.replica,
        "used": leaf.condition in ("used", "refurbished"),
    }
    minimum = leaf.additional_price("idealoMinPrice")
    if minimum is not None:
        body["minimumPrice"] = amount(minimum)
    _put(body, "brand", leaf.brand or (parent.brand if parent else ""))
    description = leaf.description or (parent.description if parent else "")
    _put(body, "description", plain_text(description))
    pictures = leaf.pictures or (parent.pictures if parent else ())
    _put(body, "imageUrls", [p.url for p in pictures])
    _put(body, "eans", [leaf.ean.strip()] if leaf.ean.strip() else [])
    mpn = leaf.manufacturer_part_number.strip()
    _put(body, "hans", [mpn] if mpn else [])
    catalogs = leaf.catalog_ids or (parent.catalog_ids if parent else ())
    _put(body, "categoryPath", category_path(catalogs) if catalogs else [])
    _shipping_fields(body, shipping)
    attributes = _attributes(leaf, shipping)
    body.update(attributes)
    if label is not None:
        body["eec"] = label.eec
        body["energyLabels"] = [_energy_label(label)]
    return body, _size_warning(sku, attributes.get("size"))


def _free_field(sku: str, number: int, parse: Callable[[], T]) -> T:
    try:
        return parse()
    except FreeFieldError as exc:
        keys = [p.key for p in exc.problems if p.key]
        raise ItemProblem(
            PRODUCT,
            sku,
            exc.message,
            field=f"FreeValue{number}" + (f" ({', '.join(dict.fromkeys(keys))})" if keys else ""),
            hint=exc.hint,
        ) from exc


def _title(leaf: Product, parent: Product | None) -> str:
    own = leaf.name.strip()
    if own and (parent is None or own != parent.name.strip()):
        return own
    base = own or (parent.name.strip() if parent else "")
    values = " ".join(o.value for o in leaf.options if o.value.strip())
    return f"{base} {values}".strip()


def _put(body: dict[str, object], name: str, value: object) -> None:
    if value:
        body[name] = value


def _shipping_fields(body: dict[str, object], s: ShippingData) -> None:
    numbers = {
        "packagingUnit": s.packaging_unit,
        "maxOrderProcessingTime": s.max_order_processing_days,
        "freeReturnDays": s.free_return_days,
        "quantityPerOrder": s.quantity_per_order,
    }
    body.update({k: v for k, v in numbers.items() if v is not None})
    if s.base_price:
        body["basePrice"] = s.base_price
    if s.fulfillment_type:
        body["fulfillmentType"] = s.fulfillment_type
    fees = {
        "twoManHandlingFee": s.two_man_handling_fee,
        "disposalFee": s.disposal_fee,
        "deposit": s.deposit,
    }
    for name, fee in fees.items():
        if fee is not None:
            body[name] = "-1" if fee == Decimal(-1) else amount(fee)


def _attributes(leaf: Product, s: ShippingData) -> dict[str, str]:
    """Size, colour, gender, material: free field 4 first, else the variant's options."""
    found: dict[str, str] = {}
    for option in leaf.options:
        name = _OPTION_ATTRIBUTES.get(option.name.strip().casefold())
        if name and option.value.strip():
            found.setdefault(name, option.value.strip())
    given = {"size": s.size, "colour": s.colour, "gender": s.gender, "material": s.material}
    found.update({k: v for k, v in given.items() if v})
    return found


def _size_warning(sku: str, size: str | None) -> ItemProblem | None:
    """idealo asks for full size names: "M" should read "Medium" (a warning, not an error)."""
    if size is None or size.strip().upper() not in ABBREVIATED_SIZES:
        return None
    return ItemProblem(
        PRODUCT,
        sku,
        i18n.text("idealo.offer.size_abbreviated", size=size),
        field="size",
        hint=i18n.text("idealo.offer.size_abbreviated.hint"),
        retry=Retry.ON_CHANGE,
    )


def _energy_label(label: EnergyLabel) -> dict[str, object]:
    entry: dict[str, object] = {
        "efficiencyClass": label.efficiency_class,
        "spectrum": label.spectrum,
        "labelUrl": label.label_url,
        "dataSheetUrl": label.data_sheet_url,
        "version": label.version,
    }
    optional: dict[str, object | None] = {
        "fuelEfficiencyClass": label.fuel_efficiency_class,
        "wetGripClass": label.wet_grip_class,
        "externalRollingNoise": label.external_rolling_noise,
        "externalRollingNoiseClass": label.external_rolling_noise_class,
        "snowGrip": label.snow_grip,
        "iceGrip": label.ice_grip,
    }
    entry.update({k: v for k, v in optional.items() if v is not None})
    return entry


def plain_text(text: str) -> str:
    """Afterbuy's HTML description as the plain text idealo shows."""
    if not text:
        return ""
    lines = _BLOCK.sub("\n", text)
    lines = html.unescape(_TAG.sub("", lines))
    lines = _SPACE.sub(" ", lines.replace("\u00a0", " "))
    return _LINES.sub("\n", lines).strip()
