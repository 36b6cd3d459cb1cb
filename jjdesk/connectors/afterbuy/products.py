"""Streaming codec for GetShopProducts answers: one page in, domain products out.

A page is read with lxml `iterparse` and each `<Product>` is cleared after use, so memory
does not depend on page or catalogue size. A product with broken data does not abort the
page: it comes out as a `ProductParseProblem` in its place and the next product follows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.afterbuy import messages as _messages  # noqa: F401  (registers texts)
from jjdesk.connectors.afterbuy.errors import AfterbuyMessage, AfterbuyProtocolError
from jjdesk.connectors.afterbuy.wire import (
    child_text,
    children_named,
    find_child,
    message_of,
    parse_bool,
)
from jjdesk.domain.models import OptionValue, Picture, Product, ProductKind
from jjdesk.domain.money import NumberFormatError, parse_decimal
from jjdesk.domain.timestamps import BERLIN, TimestampFormatError, parse_german_local
from jjdesk.errors import ItemProblem

FLAG_VARIATION_PARENT = 1
FLAG_PRODUCT_SET = 2
FLAG_CHILD = 3
SET_TYPE_VARIATION = "1"
_CONDITIONS = {"0": "", "1": "new", "2": "used", "3": "refurbished"}
_PLAIN_NUMBER = re.compile(r"-?\d+(?:,\d+)?")
_LOCAL_STAMP = re.compile(r"(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d):(\d\d)")
_LABEL_PAIR = re.compile(r"\s*([^:;]+?)\s*:\s*([^;]*?)\s*(?:;|$)")
_EVENT_TAGS = (
    "CallStatus",
    "CallName",
    "Product",
    "HasMoreProducts",
    "LastProductID",
    "TotalNumberOfPages",
    "PageNumber",
    "Error",
    "Warning",
)


@dataclass(frozen=True, slots=True)
class Relation:
    """One `BaseProducts/BaseProduct` entry.

    On a set parent it names a child (with that child's option values and position); on a
    child it names the set the child belongs to (`set_type` 1 = variation set, 2 = bundle).
    """

    product_id: str
    set_type: str = ""
    options: tuple[OptionValue, ...] = ()
    position: int = 0
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class ParsedProduct:
    """A product as one page shows it, before variation sets are assembled."""

    product: Product
    flag: int
    relations: tuple[Relation, ...] = ()

    @property
    def product_id(self) -> str:
        """The Afterbuy ProductID."""
        return self.product.product_id

    def variation_parent_ids(self) -> list[str]:
        """For a child: the variation sets it belongs to (a missing type counts as variation)."""
        if self.flag != FLAG_CHILD:
            return []
        return [r.product_id for r in self.relations if r.set_type in (SET_TYPE_VARIATION, "")]


@dataclass(frozen=True, slots=True)
class ProductParseProblem:
    """Stands in the stream for a product whose data could not be read."""

    product_id: str
    problem: ItemProblem


@dataclass(slots=True)
class PageInfo:
    """What the page says about itself and what comes next (filled once it is read)."""

    call_status: str = ""
    call_name: str = ""
    has_more: bool = False
    last_product_id: str = ""
    total_pages: int | None = None
    page_number: int | None = None
    product_count: int = 0
    errors: list[AfterbuyMessage] = field(default_factory=list)
    warnings: list[AfterbuyMessage] = field(default_factory=list)


class _BadValue(Exception):
    def __init__(self, field_name: str, value: str) -> None:
        super().__init__(field_name)
        self.field_name = field_name
        self.value = value


def iter_products(data: bytes, info: PageInfo) -> Iterator[ParsedProduct | ProductParseProblem]:
    """Yield the page's products one by one; `info` is complete when the iterator ends.

    Raises `AfterbuyProtocolError` when the page is not well-formed XML.
    """
    context = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=_EVENT_TAGS,
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
    )
    try:
        for _event, node in context:
            tag = node.tag
            if tag == "Product":
                if _parent_tag(node) == "Products":
                    info.product_count += 1
                    yield parse_product(node)
                    _release(node)
                continue
            text = (node.text or "").strip()
            if tag == "CallStatus":
                info.call_status = text
            elif tag == "CallName":
                info.call_name = text
            elif tag == "HasMoreProducts":
                info.has_more = parse_bool(text) is True
            elif tag == "LastProductID":
                info.last_product_id = text
            elif tag == "TotalNumberOfPages":
                info.total_pages = _int_or_none(text)
            elif tag == "PageNumber" and _parent_tag(node) == "PaginationResult":
                info.page_number = _int_or_none(text)
            elif tag == "Error":
                info.errors.append(message_of(node, "Error"))
            elif tag == "Warning":
                info.warnings.append(message_of(node, "Warning"))
    except etree.XMLSyntaxError as exc:
        raise AfterbuyProtocolError(info.call_name or "GetShopProducts") from exc


def parse_product(node: etree._Element) -> ParsedProduct | ProductParseProblem:
    """One `<Product>` element → a parsed product, or a problem naming the bad field."""
    texts: dict[str, str] = {}
    blocks: dict[str, etree._Element] = {}
    for child in node:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if len(child):
            blocks[tag.casefold()] = child
        else:
            texts[tag.casefold()] = (child.text or "").strip()
    product_id = texts.get("productid", "")
    if not product_id:
        problem = ItemProblem(
            "product", "?", i18n.text("afterbuy.product.no_id"), field="ProductID"
        )
        return ProductParseProblem("", problem)
    try:
        return _parse_fields(product_id, texts, blocks)
    except _BadValue as bad:
        value = bad.value if len(bad.value) <= 60 else bad.value[:57] + "…"
        problem = ItemProblem(
            "product",
            product_id,
            i18n.text("afterbuy.product.bad_value", field=bad.field_name, value=value),
            field=bad.field_name,
            hint=i18n.text("afterbuy.product.bad_value.hint", product_id=product_id),
        )
        return ProductParseProblem(product_id, problem)


def _parse_fields(
    product_id: str, t: dict[str, str], f: dict[str, etree._Element]
) -> ParsedProduct:
    flag = _int(t, "baseproductflag", "BaseProductFlag") or 0
    kind = {
        FLAG_VARIATION_PARENT: ProductKind.VARIATION_PARENT,
        FLAG_PRODUCT_SET: ProductKind.PRODUCT_SET,
    }.get(flag, ProductKind.SIMPLE)
    relations = tuple(_relations(f.get("baseproducts")))
    product = Product(
        product_id=product_id,
        name=t.get("name", ""),
        kind=kind,
        level=_int(t, "level", "Level"),
        description=t.get("description", ""),
        short_description=t.get("shortdescription", ""),
        article_number=t.get("anr", ""),
        ean=t.get("manufacturerstandardproductidvalue", "") or t.get("ean", ""),
        manufacturer_part_number=t.get("manufacturerpartnumber", ""),
        brand=t.get("productbrand", ""),
        keywords=_keywords(t.get("keywords", "")),
        catalog_ids=tuple(
            cid
            for c in children_named(f.get("catalogs"), "CatalogID")
            if (cid := (c.text or "").strip())
        ),
        pictures=_pictures(f.get("productpictures"), t.get("imagelargeurl", "")),
        attributes=tuple(
            (leaves.get("attributname", ""), leaves.get("attributwert", ""))
            for a in children_named(f.get("attributes"), "Attribut")
            if (leaves := _leaves(a))
        ),
        free_values=tuple(
            (n, value) for n in range(1, 11) if (value := t.get(f"freevalue{n}", ""))
        ),
        quantity=_int(t, "quantity", "Quantity"),
        stock_managed=parse_bool(t.get("stock", "")) is not False,
        selling_price=_decimal(t, "sellingprice", "SellingPrice"),
        buying_price=_decimal(t, "buyingprice", "BuyingPrice"),
        tax_rate=_decimal(t, "taxrate", "TaxRate"),
        additional_prices=_additional_prices(f.get("additionalprices")),
        weight_kg=_decimal(t, "weight", "Weight"),
        delivery_time=t.get("deliverytime", ""),
        condition=_CONDITIONS.get(c := t.get("condition", ""), c),
        country_of_origin=t.get("countryoforigin", ""),
        shipping_group=t.get("shippinggroup", ""),
        unit=t.get("unitofquantity", ""),
        modified_at=_timestamp(t, "moddate", "ModDate"),
        set_component_ids=(
            tuple(r.product_id for r in relations) if flag == FLAG_PRODUCT_SET else ()
        ),
    )
    return ParsedProduct(product, flag, relations)


def _relations(container: etree._Element | None) -> Iterator[Relation]:
    for entry in children_named(container, "BaseProduct"):
        related = child_text(entry, "BaseProductID")
        if not related:
            continue
        data = find_child(entry, "BaseProductsRelationData")
        options = tuple(
            OptionValue(name, child_text(v, "eBayVariationValue"))
            for v in children_named(data, "eBayVariationData")
            if (name := child_text(v, "eBayVariationName"))
        )
        if not options:
            options = _options_from_label(child_text(data, "VariationLabel"))
        yield Relation(
            product_id=related,
            set_type=child_text(entry, "BaseProductType"),
            options=options,
            position=_plain_int(child_text(data, "Position"), "Position") or 0,
            quantity=_plain_int(child_text(data, "Quantity"), "Quantity") or 1,
        )


def _options_from_label(label: str) -> tuple[OptionValue, ...]:
    """Fallback for sets without eBay variation data: "Größe: M; Farbe: Rot"."""
    if ":" not in label:
        return ()
    return tuple(OptionValue(m.group(1), m.group(2)) for m in _LABEL_PAIR.finditer(label))


def _pictures(container: etree._Element | None, large_url: str) -> tuple[Picture, ...]:
    """Original pictures only: the `Childs` (thumb, zoom, list) are Afterbuy's derivatives."""
    pictures: list[Picture] = []
    for index, pic in enumerate(children_named(container, "ProductPicture")):
        leaves = _leaves(pic)
        url = leaves.get("url", "")
        if url:
            number = _plain_int(leaves.get("nr", ""), "ProductPicture/Nr")
            pictures.append(
                Picture(url, number if number is not None else index, leaves.get("alttext", ""))
            )
    if not pictures and large_url:
        pictures.append(Picture(large_url, 0))
    return tuple(sorted(pictures, key=lambda p: p.position))


def _additional_prices(container: etree._Element | None) -> tuple[tuple[str, Decimal], ...]:
    prices: list[tuple[str, Decimal]] = []
    for entry in children_named(container, "AdditionalPrice"):
        leaves = _leaves(entry)
        name = leaves.get("name") or leaves.get("definitionid", "")
        value = _number(leaves.get("value", ""), f"AdditionalPrice {name}")
        if value is not None:
            prices.append((name, value))
    return tuple(prices)


def _keywords(text: str) -> tuple[str, ...]:
    return tuple(k for part in text.split(",") if (k := part.strip()))


def _leaves(node: etree._Element) -> dict[str, str]:
    """Texts of a node's children by case-folded tag: one pass instead of one search each."""
    return {c.tag.casefold(): (c.text or "").strip() for c in node if isinstance(c.tag, str)}


def _decimal(t: dict[str, str], key: str, name: str) -> Decimal | None:
    return _number(t.get(key, ""), name)


def _number(raw: str, name: str) -> Decimal | None:
    """Decimal-comma number; the common plain form skips the general (slower) parser."""
    if _PLAIN_NUMBER.fullmatch(raw):
        return Decimal(raw.replace(",", "."))
    try:
        return parse_decimal(raw)
    except NumberFormatError as exc:
        raise _BadValue(name, raw) from exc


def _int(t: dict[str, str], key: str, name: str) -> int | None:
    return _plain_int(t.get(key, ""), name)


def _plain_int(raw: str, name: str) -> int | None:
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        try:
            value = parse_decimal(raw)
        except NumberFormatError as exc:
            raise _BadValue(name, raw) from exc
        if value is None or value != value.to_integral_value():
            raise _BadValue(name, raw) from None
        return int(value)


def _timestamp(t: dict[str, str], key: str, name: str) -> datetime | None:
    raw = t.get(key, "")
    match = _LOCAL_STAMP.fullmatch(raw)
    if match is not None:  # the usual "dd.MM.yyyy HH:mm:ss", without strptime's cost
        day, month, year, hour, minute, second = map(int, match.groups())
        try:
            local = datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)
        except ValueError as exc:
            raise _BadValue(name, raw) from exc
        return local.astimezone(UTC)
    try:
        return parse_german_local(raw)
    except TimestampFormatError as exc:
        raise _BadValue(name, raw) from exc


def _int_or_none(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _parent_tag(node: etree._Element) -> str:
    parent = node.getparent()
    return parent.tag if parent is not None and isinstance(parent.tag, str) else ""


def _release(node: etree._Element) -> None:
    """Free a finished product and everything before it, so a page never piles up."""
    node.clear()
    parent = node.getparent()
    if parent is not None:
        while node.getprevious() is not None:
            del parent[0]
