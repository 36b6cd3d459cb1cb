"""Streaming codec for GetShopProducts answers: one page in, domain products out.

A page is read with lxml `iterparse` and each `<Product>` is cleared after use, so memory
does not depend on page or catalogue size. A product with a value that does not parse
does not abort the page: it comes out as an `Unreadable` in its place and the next product
follows. A product that breaks the XML itself (a control character, a byte that is no
UTF-8) ends the strict parse there; `broken_product` describes it once it has been fetched
alone (see `product_pages`), so recover mode never has to guess at anybody's data.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from operator import attrgetter

from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.afterbuy import messages as _messages  # noqa: F401  (registers texts)
from jjdesk.connectors.afterbuy.errors import AfterbuyMessage, AfterbuyProtocolError
from jjdesk.connectors.afterbuy.formats import BERLIN, TimestampFormatError, parse_german_local
from jjdesk.connectors.afterbuy.wire import find_child, message_of, parse_bool, xml_encoding
from jjdesk.domain.models import OptionValue, Picture, Product, ProductKind, Unreadable
from jjdesk.domain.money import NumberFormatError, parse_decimal

FLAG_VARIATION_PARENT = 1
FLAG_PRODUCT_SET = 2
FLAG_CHILD = 3
SET_TYPE_VARIATION = "1"
_CONDITIONS = {"0": "", "1": "new", "2": "used", "3": "refurbished"}
_PLAIN_NUMBER = re.compile(r"-?\d+(?:,\d+)?")
_LOCAL_STAMP = re.compile(r"(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d):(\d\d)")
_LABEL_PAIR = re.compile(r"\s*([^:;]+?)\s*:\s*([^;]*?)\s*(?:;|$)")
_KINDS = {
    FLAG_VARIATION_PARENT: ProductKind.VARIATION_PARENT,
    FLAG_PRODUCT_SET: ProductKind.PRODUCT_SET,
}
_BY_POSITION = attrgetter("position")
_FREE_VALUES = tuple((n, f"freevalue{n}") for n in range(1, 11))
_TAG_KEYS: dict[object, str] = {}  # tag as sent → case-folded; see `_fold`
_TAG_KEYS_LIMIT = 4096  # real answers use a few dozen tags; a hostile one cannot grow this
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_OPEN_TAG = re.compile(rb"<([A-Za-z][\w.-]*)>")
PRODUCT = "product"
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


@dataclass(slots=True)
class PageInfo:
    """What the page says about itself and what comes next (filled once it is read)."""

    call_status: str = ""
    call_name: str = ""
    has_more: bool | None = None  # None: the answer did not say
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


def iter_products(data: bytes, info: PageInfo) -> Iterator[ParsedProduct | Unreadable]:
    """Yield the page's products one by one; `info` is complete when the iterator ends.

    Raises `AfterbuyProtocolError` where the page stops being well-formed XML; what was
    yielded before that point was read strictly and is sound.
    """
    context = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=_EVENT_TAGS,
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
        encoding=xml_encoding(data),
    )
    try:
        for _event, node in context:
            tag = node.tag
            if tag == "Product":
                parent = node.getparent()
                if parent is not None and parent.tag == "Products":
                    info.product_count += 1
                    yield parse_product(node)
                    _release(node, parent)
                continue
            text = (node.text or "").strip()
            if tag == "CallStatus":
                info.call_status = text
            elif tag == "CallName":
                info.call_name = text
            elif tag == "HasMoreProducts":
                info.has_more = parse_bool(text)
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


def parse_product(node: etree._Element) -> ParsedProduct | Unreadable:
    """One `<Product>` element → a parsed product, or an `Unreadable` naming the bad field."""
    texts: dict[str, str] = {}
    blocks: dict[str, etree._Element] = {}
    for child in node:
        key = _TAG_KEYS.get(child.tag) or _fold(child.tag)
        if not key:
            continue
        if len(child):
            blocks[key] = child
        else:
            texts[key] = (child.text or "").strip()
    product_id = texts.get("productid", "")
    if not product_id:
        return Unreadable(PRODUCT, "?", i18n.text("afterbuy.product.no_id"), field="ProductID")
    try:
        return _parse_fields(product_id, texts, blocks)
    except _BadValue as bad:
        value = bad.value if len(bad.value) <= 60 else bad.value[:57] + "…"
        return Unreadable(
            PRODUCT,
            product_id,
            i18n.text("afterbuy.product.bad_value", field=bad.field_name, value=value),
            field=bad.field_name,
            hint=i18n.text("afterbuy.product.bad_value.hint", product_id=product_id),
            label=texts.get("name", "")[:80],
            digest=_digest(f"{bad.field_name}={bad.value}".encode()),
        )


def broken_product(data: bytes, product_id: str) -> Unreadable:
    """The product whose own answer (fetched alone) is not well-formed, as an `Unreadable`.

    The field is the element around the first offending byte, where one is found; the
    digest covers the product's raw bytes, so the same breakage is reported once.
    """
    start = data.find(b"<Product>")
    end = data.rfind(b"</Product>")
    raw = data[start:end] if 0 <= start < end else data
    field = _field_at(data, _first_bad_byte(data))
    message = (
        i18n.text("afterbuy.product.unreadable.field", field=field)
        if field
        else i18n.text("afterbuy.product.unreadable")
    )
    return Unreadable(
        PRODUCT,
        product_id,
        message,
        field=field,
        hint=i18n.text("afterbuy.product.unreadable.hint", product_id=product_id),
        digest=_digest(raw),
    )


def _first_bad_byte(data: bytes) -> int | None:
    """Offset of the first control character or of the first byte that is no UTF-8."""
    found = _CONTROL.search(data)
    offset = found.start() if found else None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start if offset is None else min(offset, exc.start)
    return offset


def _field_at(data: bytes, offset: int | None) -> str:
    """The innermost element opened before `offset` (the field the bad byte sits in)."""
    if offset is None:
        return ""
    tags = _OPEN_TAG.findall(data, data.rfind(b"<Product>", 0, offset) + 1, offset)
    return tags[-1].decode("ascii") if tags else ""


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def _parse_fields(
    product_id: str, t: dict[str, str], f: dict[str, etree._Element]
) -> ParsedProduct:
    """Field by field in a fixed order, so a product with two bad fields names the same one."""
    flag = _int(t, "baseproductflag", "BaseProductFlag") or 0
    relations = tuple(_relations(f.get("baseproducts")))
    product = Product(
        product_id=product_id,
        name=t.get("name", ""),
        kind=_KINDS.get(flag, ProductKind.SIMPLE),
        level=_int(t, "level", "Level"),
        description=t.get("description", ""),
        short_description=t.get("shortdescription", ""),
        article_number=t.get("anr", ""),
        ean=t.get("manufacturerstandardproductidvalue", "") or t.get("ean", ""),
        manufacturer_part_number=t.get("manufacturerpartnumber", ""),
        brand=t.get("productbrand", ""),
        keywords=_keywords(t.get("keywords", "")),
        catalog_ids=_catalog_ids(f.get("catalogs")),
        pictures=_pictures(f.get("productpictures"), t.get("imagelargeurl", "")),
        attributes=_attributes(f.get("attributes")),
        free_values=tuple([(n, value) for n, key in _FREE_VALUES if (value := t.get(key))]),
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
    for entry in () if container is None else container:
        if (_TAG_KEYS.get(entry.tag) or _fold(entry.tag)) != "baseproduct":
            continue
        parts = _first_children(entry)
        related = _text(_pick(parts, entry, "BaseProductID"))
        if not related:
            continue
        data = _pick(parts, entry, "BaseProductsRelationData")
        details = _first_children(data)
        options = _variation_options(data)
        if not options:
            options = _options_from_label(_text(_pick(details, data, "VariationLabel")))
        yield Relation(
            product_id=related,
            set_type=_text(_pick(parts, entry, "BaseProductType")),
            options=options,
            position=_plain_int(_text(_pick(details, data, "Position")), "Position") or 0,
            quantity=_plain_int(_text(_pick(details, data, "Quantity")), "Quantity") or 1,
        )


def _variation_options(data: etree._Element | None) -> tuple[OptionValue, ...]:
    """The `eBayVariationData` name/value pairs; an entry without a name is left out."""
    options: list[OptionValue] = []
    for entry in () if data is None else data:
        if (_TAG_KEYS.get(entry.tag) or _fold(entry.tag)) != "ebayvariationdata":
            continue
        pair = _first_children(entry)
        if name := _text(_pick(pair, entry, "eBayVariationName")):
            options.append(OptionValue(name, _text(_pick(pair, entry, "eBayVariationValue"))))
    return tuple(options)


def _first_children(node: etree._Element | None) -> dict[str, etree._Element]:
    """Case-folded tag → first child with it: one pass instead of one search per field."""
    first: dict[str, etree._Element] = {}
    for child in () if node is None else node:
        first.setdefault(_TAG_KEYS.get(child.tag) or _fold(child.tag), child)
    return first


def _pick(
    first: dict[str, etree._Element], node: etree._Element | None, tag: str
) -> etree._Element | None:
    """`find_child` on a `_first_children` map: the exact spelling wins over an earlier variant."""
    found = first.get(tag.casefold())
    if found is None or found.tag == tag:
        return found
    return find_child(node, tag)


def _text(node: etree._Element | None) -> str:
    return "" if node is None else (node.text or "").strip()


def _options_from_label(label: str) -> tuple[OptionValue, ...]:
    """Fallback for sets without eBay variation data: "Größe: M; Farbe: Rot"."""
    if ":" not in label:
        return ()
    return tuple(OptionValue(m.group(1), m.group(2)) for m in _LABEL_PAIR.finditer(label))


def _catalog_ids(container: etree._Element | None) -> tuple[str, ...]:
    if container is None:
        return ()
    ids: list[str] = []
    for entry in container:
        key = _TAG_KEYS.get(entry.tag) or _fold(entry.tag)
        if key == "catalogid" and (catalog_id := (entry.text or "").strip()):
            ids.append(catalog_id)
    return tuple(ids)


def _pictures(container: etree._Element | None, large_url: str) -> tuple[Picture, ...]:
    """Original pictures only: the `Childs` (thumb, zoom, list) are Afterbuy's derivatives."""
    pictures: list[Picture] = []
    index = 0
    for entry in () if container is None else container:
        if (_TAG_KEYS.get(entry.tag) or _fold(entry.tag)) != "productpicture":
            continue
        url = number = alt = ""
        for leaf in entry:  # the last of a repeated tag counts, as everywhere else
            key = _TAG_KEYS.get(leaf.tag) or _fold(leaf.tag)
            if key == "url":
                url = (leaf.text or "").strip()
            elif key == "nr":
                number = (leaf.text or "").strip()
            elif key == "alttext":
                alt = (leaf.text or "").strip()
        if url:
            position = _plain_int(number, "ProductPicture/Nr")
            pictures.append(Picture(url, index if position is None else position, alt))
        index += 1
    if not pictures and large_url:
        pictures.append(Picture(large_url, 0))
    return tuple(sorted(pictures, key=_BY_POSITION))


def _attributes(container: etree._Element | None) -> tuple[tuple[str, str], ...]:
    """Name/value pairs; an `<Attribut>` without any child element is left out."""
    if container is None:
        return ()
    pairs: list[tuple[str, str]] = []
    for entry in container:
        if (_TAG_KEYS.get(entry.tag) or _fold(entry.tag)) != "attribut":
            continue
        name = value = ""
        seen = False
        for leaf in entry:
            key = _TAG_KEYS.get(leaf.tag) or _fold(leaf.tag)
            if key == "attributname":
                name = (leaf.text or "").strip()
            elif key == "attributwert":
                value = (leaf.text or "").strip()
            seen = seen or bool(key)
        if seen:
            pairs.append((name, value))
    return tuple(pairs)


def _additional_prices(container: etree._Element | None) -> tuple[tuple[str, Decimal], ...]:
    """(Name, value) pairs; the DefinitionId stands in for a missing name, no value is skipped."""
    if container is None:
        return ()
    prices: list[tuple[str, Decimal]] = []
    for entry in container:
        if (_TAG_KEYS.get(entry.tag) or _fold(entry.tag)) != "additionalprice":
            continue
        name = definition_id = raw = ""
        for leaf in entry:
            key = _TAG_KEYS.get(leaf.tag) or _fold(leaf.tag)
            if key == "value":
                raw = (leaf.text or "").strip()
            elif key == "name":
                name = (leaf.text or "").strip()
            elif key == "definitionid":
                definition_id = (leaf.text or "").strip()
        name = name or definition_id
        try:
            value = _number(raw)
        except NumberFormatError as exc:
            raise _BadValue(f"AdditionalPrice {name}", raw) from exc
        if value is not None:
            prices.append((name, value))
    return tuple(prices)


def _keywords(text: str) -> tuple[str, ...]:
    return tuple(k for part in text.split(",") if (k := part.strip()))


def _fold(tag: object) -> str:
    """A tag case-folded (answers mix spellings such as `baseProductID`), memoised.

    The loops look up `_TAG_KEYS` themselves and call this only on a miss: a tag is folded
    once per process instead of once per element. Comments and processing instructions
    (lxml gives them a function as tag) fold to "", which every caller skips.
    """
    key = tag.casefold() if isinstance(tag, str) else ""
    if len(_TAG_KEYS) < _TAG_KEYS_LIMIT:
        _TAG_KEYS[tag] = key
    return key


def _decimal(t: dict[str, str], key: str, name: str) -> Decimal | None:
    raw = t.get(key, "")
    try:
        return _number(raw)
    except NumberFormatError as exc:
        raise _BadValue(name, raw) from exc


def _number(raw: str) -> Decimal | None:
    """Decimal-comma number; the common plain form skips the general (slower) parser.

    Raises `NumberFormatError`; the caller knows which field it was.
    """
    if _PLAIN_NUMBER.fullmatch(raw):
        return Decimal(raw.replace(",", "."))
    return parse_decimal(raw)


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


def _release(node: etree._Element, parent: etree._Element) -> None:
    """Free a finished product and everything before it, so a page never piles up."""
    node.clear()
    while node.getprevious() is not None:
        del parent[0]
