"""What Tradebyte's importer checks in an uploaded file, as the simulator applies it.

Rules from Tradebyte's documentation: no "test" in a file name; CSV in UTF-8 with known
columns (`p_…`, `a_…`, a channel in brackets, a number in braces), `a_nr` in every row
(at most 50 characters), an EAN of 13 digits, whole-number stock, prices as decimal
numbers, tax codes 1/2/3, active flags 0/1; TB.Stock with `A_NR` and whole `A_STOCK`;
TB.Msg in the schema's element order with its types, a SHIP message naming a known order
item and never more than is still open of it. A finding is a reason in plain words.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_CHANNEL = r"\[[A-Za-z0-9_-]+\]"
_COLUMNS = [
    re.compile(pattern)
    for pattern in (
        r"(<[a-z]{2}>)?p_(nr|name|name_keyword|name_proper|supplement|text|text_intern|brand|keywords)",
        r"p_cluster\[[^\]]*\]",
        r"(<[a-z]{2}>)?p_(comp|logo)\[[^\]]+\]",
        r"p_bullet\{\d+\}",
        r"p_tag\[[^\]]+\]\{\d+\}",
        r"[pa]_media\[image\]\{\d+\}",
        rf"[pa]_active({_CHANNEL})?",
        r"a_(nr|nr2|ean|prodnr|stock|ek|unit|weight|delivery|shipping_type|intrastat|org_country)",
        rf"a_chnr{_CHANNEL}",
        r"(<[a-z]{2}>)?a_comp\[[^\]]+\]",
        rf"a_(vk|vk_old|uvp|mwst){_CHANNEL}",
    )
]
_DECIMAL = re.compile(r"\d+(\.\d{1,4})?")
_MESSAGE_ORDER = (
    "MESSAGE_ID",
    "MESSAGE_TYPE",
    "TB_ORDER_ID",
    "TB_ORDER_ITEM_ID",
    "SKU",
    "CHANNEL_SIGN",
    "CHANNEL_ORDER_ID",
    "CHANNEL_ORDER_ITEM_ID",
    "CHANNEL_SKU",
    "QUANTITY",
    "CARRIER_PARCEL_TYPE",
    "IDCODE",
    "IDCODE_RETURN_PROPOSAL",
    "DEDUCTION",
    "COMMENT",
    "RETURN_CAUSE",
    "RETURN_STATE",
    "SERVICE",
    "EST_SHIP_DATE",
    "PROCESSED",
    "EXPORTED",
    "DATE_CREATED",
)
MESSAGE_TYPES = frozenset(
    {
        "SHIP",
        "NO_INVENTORY",
        "CUST_CANCEL",
        "RETURN",
        "DEDUCT_SHIPPING_COSTS",
        "DEDUCT_SERVICE_PRICE",
        "ORDER_ACKNOWLEDGE",
        "DEDUCT_PAYMENT_COSTS",
        "PAYMENT_STATE_OPEN",
        "PAYMENT_STATE_PAID",
        "PAYMENT_STATE_SHORTFALL",
        "REFUND",
    }
)
MAX_REASONS = 20


@dataclass
class Checked:
    """A file as the importer read it: reasons to refuse it, and what it carries."""

    reasons: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    stock: dict[str, int] = field(default_factory=dict)
    ships: list[dict[str, str]] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        """No reason to refuse it."""
        return not self.reasons

    def refuse(self, reason: str) -> None:
        """Note a reason (a file with very many stops listing them)."""
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append(reason)


OpenQuantity = Callable[[str, str], int | None]  # (TB order id, item id) → still to ship


def check_upload(name: str, data: bytes, open_quantity: OpenQuantity) -> Checked:
    """Check one file uploaded to `in`."""
    checked = Checked()
    upper = name.upper()
    if "TEST" in upper:
        checked.refuse(f"{name}: file names containing 'test' are not processed")
        return checked
    if upper.endswith(".CSV") and upper.startswith(("PRODUCT", "ARTICLE")):
        _check_csv(data, checked, products=upper.startswith("PRODUCT"))
    elif upper.endswith(".XML") and upper.startswith("TBCAT_STOCK"):
        _check_stock(data, checked)
    elif upper.endswith(".XML") and upper.startswith("MESSAGES"):
        _check_messages(data, checked, open_quantity)
    else:
        checked.refuse(f"{name}: unknown file type")
    return checked


def _check_csv(data: bytes, checked: Checked, *, products: bool) -> None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        checked.refuse(f"not UTF-8 at byte {exc.start}")
        return
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        checked.refuse(f"broken CSV: {exc}")
        return
    if not rows:
        checked.refuse("empty file")
        return
    header, *body = rows
    checked.header = header
    unknown = [c for c in header if not any(p.fullmatch(c) for p in _COLUMNS)]
    for column in unknown:
        checked.refuse(f"unknown column {column!r}")
    if "a_nr" not in header:
        checked.refuse("column a_nr missing")
        return
    if products and "p_nr" not in header:
        checked.refuse("column p_nr missing in a product file")
    for number, fields in enumerate(body, start=2):
        if not fields:
            continue
        if len(fields) != len(header):
            checked.refuse(f"line {number}: {len(fields)} fields, header has {len(header)}")
            continue
        row = dict(zip(header, fields, strict=True))
        _check_row(row, number, checked)
        checked.rows.append(row)


def _check_row(row: dict[str, str], line: int, checked: Checked) -> None:
    a_nr = row.get("a_nr", "")
    if not a_nr or len(a_nr) > 50:
        checked.refuse(f"line {line}: a_nr must have 1 to 50 characters")
    if "p_nr" in row and not row["p_nr"]:
        checked.refuse(f"line {line}: p_nr is empty")
    ean = row.get("a_ean", "")
    if ean and not (len(ean) == 13 and ean.isdigit()):
        checked.refuse(f"line {line}: a_ean {ean!r} is no 13-digit EAN")
    stock = row.get("a_stock", "")
    if stock and not stock.isdigit():
        checked.refuse(f"line {line}: a_stock {stock!r} is no whole number")
    for column, value in row.items():
        if not value:
            continue
        if column.startswith(("a_vk", "a_uvp", "a_ek")) and not _DECIMAL.fullmatch(value):
            checked.refuse(f"line {line}: {column} {value!r} is no price (decimal point)")
        if column.startswith("a_mwst") and value not in ("1", "2", "3"):
            checked.refuse(f"line {line}: {column} {value!r} is no tax code 1/2/3")
        if column.startswith(("a_active", "p_active")) and value not in ("0", "1"):
            checked.refuse(f"line {line}: {column} {value!r} is not 0 or 1")
        if "_media[" in column and not value.startswith(("http://", "https://")):
            checked.refuse(f"line {line}: {column} is no URL")


def _xml(data: bytes, checked: Checked, root_tag: str) -> etree._Element | None:
    try:
        root = etree.fromstring(data, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        checked.refuse(f"no well-formed XML: {exc.msg}")
        return None
    if root.tag != root_tag:
        checked.refuse(f"root element {root.tag!r}, expected {root_tag}")
        return None
    return root


def _check_stock(data: bytes, checked: Checked) -> None:
    root = _xml(data, checked, "TBSTOCK")
    if root is None:
        return
    for n, article in enumerate(root, start=1):
        if article.tag != "ARTICLE":
            checked.refuse(f"element {n}: {article.tag!r} where ARTICLE belongs")
            continue
        a_nr = (article.findtext("A_NR") or "").strip()
        stocks = article.findall("A_STOCK")
        if not a_nr or len(a_nr) > 50:
            checked.refuse(f"article {n}: A_NR must have 1 to 50 characters")
        if not stocks or not all((s.text or "").strip().lstrip("-").isdigit() for s in stocks):
            checked.refuse(f"article {n}: A_STOCK missing or no whole number")
            continue
        checked.stock[a_nr] = sum(int((s.text or "0").strip()) for s in stocks)


def _check_messages(data: bytes, checked: Checked, open_quantity: OpenQuantity) -> None:
    root = _xml(data, checked, "MESSAGES_LIST")
    if root is None:
        return
    shipped: dict[tuple[str, str], int] = {}
    for n, message in enumerate(root, start=1):
        tags = [child.tag for child in message]
        positions = [_MESSAGE_ORDER.index(t) if t in _MESSAGE_ORDER else -1 for t in tags]
        if -1 in positions or positions != sorted(positions):
            checked.refuse(f"message {n}: elements unknown or out of the schema's order: {tags}")
            continue
        values = {child.tag: (child.text or "").strip() for child in message}
        kind = values.get("MESSAGE_TYPE", "")
        if kind not in MESSAGE_TYPES:
            checked.refuse(f"message {n}: MESSAGE_TYPE {kind!r} unknown")
        for tag in ("TB_ORDER_ID", "QUANTITY"):
            if not values.get(tag, "").isdigit() or int(values[tag]) < 1:
                checked.refuse(f"message {n}: {tag} must be a positive whole number")
        if kind != "SHIP" or checked.reasons:
            continue
        item, code = values.get("TB_ORDER_ITEM_ID", ""), values.get("IDCODE", "")
        if not item.isdigit():
            checked.refuse(f"message {n}: a SHIP message needs TB_ORDER_ITEM_ID")
            continue
        if not 1 <= len(code) <= 50:
            checked.refuse(f"message {n}: IDCODE must have 1 to 50 characters")
        key = (values["TB_ORDER_ID"], item)
        still_open = open_quantity(*key)
        shipped[key] = shipped.get(key, 0) + int(values["QUANTITY"])
        if still_open is None:
            checked.refuse(f"message {n}: order {key[0]} has no item {item}")
        elif shipped[key] > still_open:
            checked.refuse(
                f"message {n}: ships {shipped[key]} of item {item}, only {still_open} open"
            )
        checked.ships.append(values)
