"""One Afterbuy product → Tradebyte CSV rows: one per simple product or variant child.

The mapping is the reference product's (seed "Wertemapping"): product columns `p_…` come
from the item itself and, for a variant child, from its parent where the child leaves a
field empty (p_nr is always the parent's ProductID, which groups the children); article
columns `a_…` are the child's own. Prices per Tradebyte channel come from the additional
prices (`tradebytePrice_<channel>` before `tradebytePrice` before the selling price).
Anything Tradebyte would refuse is an error on that product, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from jjdesk import i18n
from jjdesk.connectors.tradebyte import columns as col
from jjdesk.domain.digests import digest
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import ChannelPayload, Picture, Product, ProductKind
from jjdesk.errors import ItemProblem

PRICE = "tradebytePrice"
UVP = "tradebyteUvp"
PRICE_OLD = "tradebytePriceOld"
CLUSTER_SEPARATOR = " > "
# Tradebyte's tax codes (seed and TB.Cat docs): 1 = reduced 7 %, 2 = normal 19 %, 3 = none
TAX_CODES = {Decimal("7"): "1", Decimal("19"): "2", Decimal("0"): "3"}
_URL_SAFE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%"
)
_NAME_FORBIDDEN = frozenset("[]{}")

i18n.register(
    {
        "tradebyte.row.no_price": {
            "de": "Kein Preis: weder „tradebytePrice“ noch ein Verkaufspreis ist gesetzt",
            "en": "No price: neither “tradebytePrice” nor a selling price is set",
        },
        "tradebyte.row.no_price.hint": {
            "de": "In Afterbuy einen Verkaufspreis oder das Preisfeld tradebytePrice pflegen.",
            "en": "Enter a selling price or the price field tradebytePrice in Afterbuy.",
        },
        "tradebyte.row.tax": {
            "de": "Steuersatz {rate} % passt zu keinem Tradebyte-Code (1 = 7 %, 2 = 19 %, 3 = 0 %)",
            "en": "Tax rate {rate} % fits no Tradebyte code (1 = 7 %, 2 = 19 %, 3 = 0 %)",
        },
        "tradebyte.row.no_tax": {
            "de": "Kein Steuersatz (Tradebyte braucht 7 %, 19 % oder 0 %)",
            "en": "No tax rate (Tradebyte needs 7 %, 19 % or 0 %)",
        },
        "tradebyte.row.tax.hint": {
            "de": "In Afterbuy unter Preise u. Bestände die Umsatzsteuer auf 7, 19 oder 0 setzen.",
            "en": "Set the VAT under prices and stock in Afterbuy to 7, 19 or 0.",
        },
        "tradebyte.row.ean": {
            "de": "EAN „{ean}“ hat nicht 13 Ziffern (Tradebyte verlangt eine EAN-13)",
            "en": "EAN “{ean}” does not have 13 digits (Tradebyte requires an EAN-13)",
        },
        "tradebyte.row.no_ean": {
            "de": "Keine EAN (Tradebyte verlangt für jeden Artikel eine EAN-13)",
            "en": "No EAN (Tradebyte requires an EAN-13 for every article)",
        },
        "tradebyte.row.ean.hint": {
            "de": "In Afterbuy die Hersteller-Standard-Produkt-ID (EAN) eintragen.",
            "en": "Enter the manufacturer standard product ID (EAN) in Afterbuy.",
        },
        "tradebyte.row.image": {
            "de": "Bildlink „{url}“: {reason}",
            "en": "Image link “{url}”: {reason}",
        },
        "tradebyte.row.image.hint": {
            "de": "Den Bildlink in Afterbuy korrigieren (vollständige Adresse, ohne Umlaute "
            "und Leerzeichen).",
            "en": "Correct the image link in Afterbuy (a full address, without umlauts or spaces).",
        },
        "tradebyte.image.no_scheme": {
            "de": "beginnt nicht mit http:// oder https://",
            "en": "does not start with http:// or https://",
        },
        "tradebyte.image.no_host": {"de": "ohne Server", "en": "without a server"},
        "tradebyte.image.no_path": {
            "de": "ohne Pfad zum Bild",
            "en": "without a path to the image",
        },
        "tradebyte.image.unsafe": {
            "de": "enthält {chars} (Umlaute und Leerzeichen lädt Tradebyte nicht)",
            "en": "contains {chars} (Tradebyte does not load umlauts and spaces)",
        },
        "tradebyte.row.attribute": {
            "de": "Der Attributname „{name}“ enthält Klammern; keine Spalte a_comp[…] trägt ihn",
            "en": "The attribute name “{name}” contains brackets; no a_comp[…] column can carry it",
        },
        "tradebyte.row.attribute.hint": {
            "de": "Den Namen der Variationseigenschaft in Afterbuy ohne [ ] { } schreiben.",
            "en": "Write the variation attribute's name in Afterbuy without [ ] { }.",
        },
    }
)


@dataclass(frozen=True, slots=True)
class RowSettings:
    """What the rows depend on besides the product: the merchant's Tradebyte channels."""

    channels: tuple[str, ...]

    @property
    def signature(self) -> str:
        """Identifies the settings (rows built under other settings are rebuilt)."""
        return digest(list(self.channels))


CatalogPaths = Callable[[str], tuple[str, ...]]


def build_rows(
    product: Product, action: ExportAction, settings: RowSettings, paths: CatalogPaths
) -> list[ChannelPayload]:
    """The rows of one product (parent with its kept children, or a simple product)."""
    if product.kind is ProductKind.VARIATION_PARENT:
        return [_payload(child, product, action, settings, paths) for child in product.variants]
    return [_payload(product, None, action, settings, paths)]


def _payload(
    item: Product,
    parent: Product | None,
    action: ExportAction,
    settings: RowSettings,
    paths: CatalogPaths,
) -> ChannelPayload:
    row = _row(item, parent, action, settings, paths)
    return ChannelPayload(key=item.product_id, body=dict(row), status=_status(action))


def _status(action: ExportAction) -> str:
    return "inactive" if action is ExportAction.INACTIVE else "active"


def _row(
    item: Product,
    parent: Product | None,
    action: ExportAction,
    settings: RowSettings,
    paths: CatalogPaths,
) -> dict[str, str]:
    def inherited(value: str, of_parent: str) -> str:
        return value or (of_parent if parent is not None else "")

    base = parent or item
    active = "0" if action is ExportAction.INACTIVE else "1"
    catalogs = item.catalog_ids or base.catalog_ids
    product_pictures = base.pictures or item.pictures
    row: dict[str, str] = {
        col.P_NR: base.product_id,
        "p_name": inherited(item.name, base.name),
        "p_text": inherited(item.short_description, base.short_description),
        "p_brand": inherited(item.brand, base.brand),
        "p_cluster[0]": CLUSTER_SEPARATOR.join(paths(catalogs[0])) if catalogs else "",
        "p_keywords": ", ".join(item.keywords or base.keywords),
        col.A_NR: item.product_id,
        "a_nr2": item.article_number,
        "a_prodnr": item.manufacturer_part_number,
        col.A_EAN: _ean(item),
        col.A_STOCK: str(max(item.quantity or 0, 0)),
        "a_ek": _money(item.buying_price),
        "a_active": active,
        "a_shipping_type": inherited(item.shipping_group, base.shipping_group),
        "a_org_country": inherited(item.country_of_origin, base.country_of_origin),
    }
    row.update(_images(col.PRODUCT_IMAGE, product_pictures, item))
    row.update(_images(col.ARTICLE_IMAGE, item.pictures or product_pictures, item))
    row.update(_attributes(item))
    tax = _tax_code(item, parent)
    for channel in settings.channels:
        row[col.per_channel("p_active", channel)] = active
        row[col.per_channel("a_vk", channel)] = _money(_price(item, parent, PRICE, channel, True))
        row[col.per_channel("a_uvp", channel)] = _money(_price(item, parent, UVP, channel))
        row[col.per_channel("a_vk_old", channel)] = _money(_price(item, parent, PRICE_OLD, channel))
        row[col.per_channel("a_mwst", channel)] = tax
    return row


def _problem(item: Product, field: str, message: str, hint: str) -> ItemProblem:
    return ItemProblem("product", item.product_id, message, field=field, hint=hint)


def _price(
    item: Product, parent: Product | None, name: str, channel: str, selling: bool = False
) -> Decimal | None:
    for holder in (item, parent):
        if holder is None:
            continue
        for candidate in (f"{name}_{channel}", name):
            value = holder.additional_price(candidate)
            if value is not None:
                return value
    if not selling:
        return None
    value = item.selling_price
    if value is None and parent is not None:
        value = parent.selling_price
    if value is None:
        raise _problem(
            item,
            "price",
            i18n.text("tradebyte.row.no_price"),
            i18n.text("tradebyte.row.no_price.hint"),
        )
    return value


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.01')):f}"


def _tax_code(item: Product, parent: Product | None) -> str:
    rate = item.tax_rate if item.tax_rate is not None else (parent.tax_rate if parent else None)
    hint = i18n.text("tradebyte.row.tax.hint")
    if rate is None:
        raise _problem(item, "tax_rate", i18n.text("tradebyte.row.no_tax"), hint)
    code = TAX_CODES.get(rate)  # Decimal("19.00") finds Decimal("19")
    if code is None:
        raise _problem(item, "tax_rate", i18n.text("tradebyte.row.tax", rate=rate), hint)
    return code


def _ean(item: Product) -> str:
    ean = item.ean.strip()
    hint = i18n.text("tradebyte.row.ean.hint")
    if not ean:
        raise _problem(item, "ean", i18n.text("tradebyte.row.no_ean"), hint)
    if not (len(ean) == 13 and ean.isascii() and ean.isdigit()):
        raise _problem(item, "ean", i18n.text("tradebyte.row.ean", ean=ean[:40]), hint)
    return ean


def _images(family: str, pictures: Sequence[Picture], item: Product) -> dict[str, str]:
    """Twelve columns; the first twelve pictures in Afterbuy's order (the file has no more)."""
    urls = [p.url.strip() for p in pictures][: col.IMAGES]
    for url in urls:
        reason = _image_problem(url)
        if reason:
            raise _problem(
                item,
                "pictures",
                i18n.text("tradebyte.row.image", url=url[:120], reason=reason),
                i18n.text("tradebyte.row.image.hint"),
            )
    return {col.image(family, n): (urls[n] if n < len(urls) else "") for n in range(col.IMAGES)}


def _image_problem(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return i18n.text("tradebyte.image.no_scheme")
    if not parts.hostname:
        return i18n.text("tradebyte.image.no_host")
    if parts.path in ("", "/"):
        return i18n.text("tradebyte.image.no_path")
    bad = sorted({c for c in url.strip() if c not in _URL_SAFE})
    if bad:
        return i18n.text("tradebyte.image.unsafe", chars=" ".join(repr(c) for c in bad))
    return ""


def _attributes(item: Product) -> dict[str, str]:
    """The variation values first, then the product's other attributes (seed: both)."""
    values: dict[str, str] = {}
    pairs = [(o.name, o.value) for o in item.options] + list(item.attributes)
    for name, value in pairs:
        name = name.strip()
        if not name or col.attribute(name) in values:
            continue
        if _NAME_FORBIDDEN & set(name):
            raise _problem(
                item,
                "attributes",
                i18n.text("tradebyte.row.attribute", name=name[:60]),
                i18n.text("tradebyte.row.attribute.hint"),
            )
        values[col.attribute(name)] = value
    return values
