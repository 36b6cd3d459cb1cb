"""Afterbuy product → `productSet` input, refusing what Shopify would reject before any call.

One payload per Afterbuy product: a variation parent carries its children as variants
(always the full list, because productSet deletes variants left out). The Afterbuy
ProductID is both the `customId` identifier and a product metafield, so every write is an
idempotent upsert and a lost local database can be rebuilt from Shopify.

A product created through the Admin API is published to no sales channel, so the payload
also says where it is to be seen: an active product is published to the merchant's
chosen sales channels, a draft (level 10) taken off them. That instruction is part of the
fingerprint: choosing other sales channels makes every product go out again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import urlsplit

from jjdesk import i18n
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import ChannelPayload, Product, ProductKind
from jjdesk.errors import ItemProblem

ONLINE_STORE = "online_store"  # stands for the shop's Online Store when nothing is chosen
MAX_OPTIONS = 3
MAX_VARIANTS = 2048
DEFAULT_OPTION = ("Title", "Default Title")  # Shopify's own name for "no options"
PRICE_NAME = "shopifyPrice"
SALE_PRICE_NAME = "shopifySalePrice"
_URL_SAFE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%"
)


def _problem(product: Product, field: str, key: str, **params: object) -> ItemProblem:
    return ItemProblem(
        "product",
        product.product_id,
        i18n.text(key, **params),
        field=field,
        hint=i18n.text(f"{key}.hint"),
    )


def check_image_url(url: str) -> str | None:
    """Why Shopify could not fetch this image URL, or None when it looks fine.

    Umlauts and spaces are refused rather than percent-encoded: whether the merchant's
    server expects UTF-8 or Latin-1 encoding is unknowable, and a guess fails silently.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return i18n.text("shopify.image.no_scheme")
    if not parts.hostname:
        return i18n.text("shopify.image.no_host")
    if parts.path in ("", "/"):
        return i18n.text("shopify.image.no_path")
    bad = sorted({c for c in url.strip() if c not in _URL_SAFE})
    if bad:
        return i18n.text("shopify.image.non_ascii", chars=" ".join(repr(c) for c in bad))
    return None


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def prices(item: Product, parent: Product | None) -> tuple[Decimal | None, Decimal | None]:
    """(price, compare-at price) of one sellable item under the SPEC's price rules."""

    def extra(name: str) -> Decimal | None:
        own = item.additional_price(name)
        return own if own is not None or parent is None else parent.additional_price(name)

    base = extra(PRICE_NAME)
    if base is None:
        base = item.selling_price
        if base is None and parent is not None:
            base = parent.selling_price
    sale = extra(SALE_PRICE_NAME)
    if sale is not None:
        return sale, base
    return base, None


def _tags(product: Product) -> list[str]:
    tags: list[str] = []
    for keyword in product.keywords:
        tags.extend(part.strip() for part in keyword.split(","))
    tags.extend(f"CAT{cat}" for cat in product.catalog_ids if cat)
    unique: dict[str, str] = {}
    for tag in tags:
        if tag:
            unique.setdefault(tag.casefold(), tag)
    return list(unique.values())


def _files(product: Product) -> list[dict[str, object]]:
    files: list[dict[str, object]] = []
    for picture in sorted(product.pictures, key=lambda p: p.position):
        reason = check_image_url(picture.url)
        if reason is not None:
            raise _problem(
                product, "images", "shopify.product.bad_image", url=picture.url, reason=reason
            )
        entry: dict[str, object] = {"originalSource": picture.url.strip(), "contentType": "IMAGE"}
        if picture.alt:
            entry["alt"] = picture.alt
        files.append(entry)
    return files


def _option_names(children: Sequence[Product]) -> list[str]:
    names: list[str] = []
    for child in children:
        for option in child.options:
            if option.name not in names:
                names.append(option.name)
    return names


def _variant(
    item: Product, parent: Product | None, option_values: list[dict[str, str]]
) -> dict[str, object]:
    owner = parent or item
    price, compare_at = prices(item, parent)
    if price is None:
        raise _problem(owner, "price", "shopify.product.missing_price", sku=item.product_id)
    inventory: dict[str, object] = {"tracked": item.stock_managed, "requiresShipping": True}
    weight = item.weight_kg if item.weight_kg is not None else owner.weight_kg
    if weight is not None:
        inventory["measurement"] = {"weight": {"value": float(weight), "unit": "KILOGRAMS"}}
    variant: dict[str, object] = {
        "optionValues": option_values,
        "sku": item.product_id,
        "price": _money(price),
        "taxable": True,
        "inventoryPolicy": "DENY",
        "inventoryItem": inventory,
    }
    variant["compareAtPrice"] = _money(compare_at) if compare_at is not None else None
    if item.ean:
        variant["barcode"] = item.ean
    return variant


def _variation(product: Product) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    children = product.variants
    if not children:
        raise _problem(product, "variants", "shopify.product.no_variants")
    if len(children) > MAX_VARIANTS:
        raise _problem(
            product,
            "variants",
            "shopify.product.too_many_variants",
            count=len(children),
            limit=MAX_VARIANTS,
        )
    names = _option_names(children)
    if len(names) > MAX_OPTIONS:
        raise _problem(
            product,
            "options",
            "shopify.product.too_many_options",
            count=len(names),
            names=", ".join(names),
        )
    values: dict[str, list[str]] = {name: [] for name in names}
    seen: dict[tuple[str, ...], str] = {}
    variants: list[dict[str, object]] = []
    for child in children:
        own = {o.name: o.value.strip() for o in child.options}
        combo: list[str] = []
        for name in names:
            value = own.get(name, "")
            if not value:
                raise _problem(
                    product,
                    "options",
                    "shopify.product.missing_option",
                    sku=child.product_id,
                    option=name,
                )
            combo.append(value)
            if value not in values[name]:
                values[name].append(value)
        key = tuple(v.casefold() for v in combo)
        if key in seen:
            raise _problem(
                product,
                "options",
                "shopify.product.duplicate_options",
                first=seen[key],
                second=child.product_id,
                values=" / ".join(combo),
            )
        seen[key] = child.product_id
        option_values = [{"optionName": n, "name": v} for n, v in zip(names, combo, strict=True)]
        variants.append(_variant(child, product, option_values))
    options: list[dict[str, object]] = [
        {"name": name, "position": i, "values": [{"name": v} for v in values[name]]}
        for i, name in enumerate(names, start=1)
    ]
    return options, variants


def _simple(product: Product) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    name, value = DEFAULT_OPTION
    options: list[dict[str, object]] = [{"name": name, "position": 1, "values": [{"name": value}]}]
    return options, [_variant(product, None, [{"optionName": name, "name": value}])]


def build_payload(
    product: Product,
    action: ExportAction,
    namespace: str,
    key: str,
    publish_to: Sequence[str] = (),
) -> ChannelPayload | None:
    """The productSet variables for one Afterbuy product; None when there is nothing to send.

    `publish_to`: publication GIDs of the chosen sales channels (empty: Online Store).
    """
    if action in (ExportAction.REMOVE, ExportAction.SKIP):
        return None
    if product.kind is ProductKind.VARIATION_PARENT:
        options, variants = _variation(product)
    else:
        options, variants = _simple(product)
    files = _files(product)
    status = "DRAFT" if action is ExportAction.INACTIVE else "ACTIVE"
    product_input: dict[str, object] = {
        "title": product.name,
        "descriptionHtml": product.description,
        "vendor": product.brand,
        "tags": _tags(product),
        "status": status,
        "productOptions": options,
        "variants": variants,
        "files": files,
        "metafields": [
            {
                "namespace": namespace,
                "key": key,
                "type": "single_line_text_field",
                "value": product.product_id,
            }
        ],
    }
    identifier = {"customId": {"namespace": namespace, "key": key, "value": product.product_id}}
    channels = sorted(set(publish_to)) or [ONLINE_STORE]
    visibility = {"unpublish" if status == "DRAFT" else "publish": channels}
    return ChannelPayload(
        key=product.product_id,
        body={"input": product_input, "identifier": identifier, "publications": visibility},
        status=status.lower(),
    )


def payload_publications(payload: ChannelPayload) -> tuple[list[str], list[str]]:
    """(publish to, unpublish from) of a payload, as sales channel GIDs or ONLINE_STORE."""
    visibility = payload.body.get("publications")
    if not isinstance(visibility, dict):
        return [], []
    return list(visibility.get("publish") or []), list(visibility.get("unpublish") or [])


def payload_skus(payload: ChannelPayload) -> list[str]:
    """The SKUs of the variants a payload sends, in order."""
    product_input = payload.body.get("input")
    variants: Iterable[object] = ()
    if isinstance(product_input, dict):
        variants = product_input.get("variants") or ()
    return [str(v.get("sku", "")) for v in variants if isinstance(v, dict)]


def payload_files(payload: ChannelPayload) -> list[str]:
    """The image URLs a payload sends, in order."""
    product_input = payload.body.get("input")
    files: Iterable[object] = ()
    if isinstance(product_input, dict):
        files = product_input.get("files") or ()
    return [str(f.get("originalSource", "")) for f in files if isinstance(f, dict)]
