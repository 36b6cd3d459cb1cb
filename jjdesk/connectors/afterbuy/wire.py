"""The XML API envelope: request building and reading CallStatus/ErrorList/WarningList.

Requests are built with lxml so that every value is escaped; numbers use a decimal comma and
times are German local time, as Afterbuy expects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.afterbuy.errors import AfterbuyMessage
from jjdesk.connectors.afterbuy.formats import format_german_local, parse_german_local

_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_LEGACY = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "windows-1252", "cp1252"})
_TRUE = frozenset({"1", "-1", "true", "yes", "ja"})
_FALSE = frozenset({"0", "false", "no", "nein"})


def parse_bool(text: str | None) -> bool | None:
    """Afterbuy booleans come as 1/0, -1 (VB true), True/False; empty means unknown."""
    if text is None:
        return None
    value = text.strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def error_language() -> str:
    """Afterbuy's ErrorLanguage for the UI language."""
    return "DE" if i18n.language() == "de" else "EN"


def element(tag: str, text: object = None, *children: etree._Element) -> etree._Element:
    """An element with optional text and children."""
    node = etree.Element(tag)
    if text is not None:
        node.text = str(text)
    node.extend(children)
    return node


def build_request(
    call_name: str,
    partner_token: str,
    account_token: str,
    detail_level: int,
    *body: etree._Element,
) -> bytes:
    """A complete UTF-8 `<Request>` with the token envelope and the call's elements."""
    root = etree.Element("Request")
    root.append(
        element(
            "AfterbuyGlobal",
            None,
            element("PartnerToken", partner_token),
            element("AccountToken", account_token),
            element("CallName", call_name),
            element("DetailLevel", detail_level),
            element("ErrorLanguage", error_language()),
        )
    )
    root.extend(body)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def data_filter(*filters: etree._Element) -> etree._Element:
    """`<DataFilter>` around one or more `<Filter>`s (Afterbuy combines them)."""
    return element("DataFilter", None, *filters)


def values_filter(name: str, values: Iterable[object]) -> etree._Element:
    """A filter with repeated `<FilterValue>` (ProductID or OrderID lists, Tag)."""
    return element(
        "Filter",
        None,
        element("FilterName", name),
        element("FilterValues", None, *(element("FilterValue", v) for v in values)),
    )


def range_filter(name: str, lower: str, upper: str, low: object, high: object) -> etree._Element:
    """A from/to filter such as RangeID (ValueFrom/ValueTo) or Level (LevelFrom/LevelTo)."""
    return element(
        "Filter",
        None,
        element("FilterName", name),
        element("FilterValues", None, element(lower, low), element(upper, high)),
    )


def date_filter(field: str, since: datetime, until: datetime | None = None) -> etree._Element:
    """A DateFilter on `field` (ModDate, LastStockChange, …) in German local time."""
    values = [element("DateFrom", format_german_local(since))]
    if until is not None:
        values.append(element("DateTo", format_german_local(until)))
    values.append(element("FilterValue", field))
    return element(
        "Filter", None, element("FilterName", "DateFilter"), element("FilterValues", None, *values)
    )


def child_text(node: etree._Element | None, tag: str) -> str:
    """Text of the first child named `tag` (case-insensitive), stripped; empty when absent."""
    found = find_child(node, tag)
    return (found.text or "").strip() if found is not None else ""


def find_child(node: etree._Element | None, tag: str) -> etree._Element | None:
    """The first child named `tag`, ignoring the case differences seen in real answers.

    The exact spelling is tried first (lxml does it in C); the case-insensitive scan is
    the fallback for answers such as `baseProductID`.
    """
    if node is None:
        return None
    exact = node.find(tag)
    if exact is not None:
        return exact
    wanted = tag.casefold()
    for child in node:
        if isinstance(child.tag, str) and child.tag.casefold() == wanted:
            return child
    return None


def children_named(node: etree._Element | None, tag: str) -> list[etree._Element]:
    """Every child named `tag` (case-insensitive)."""
    if node is None:
        return []
    wanted = tag.casefold()
    return [c for c in node if isinstance(c.tag, str) and c.tag.casefold() == wanted]


def messages(result: etree._Element | None, kind: str) -> list[AfterbuyMessage]:
    """The entries of `Result/ErrorList` (kind "Error") or `Result/WarningList` ("Warning")."""
    found = find_child(result, f"{kind}List")
    return [message_of(item, kind) for item in children_named(found, kind)]


def message_of(item: etree._Element, kind: str) -> AfterbuyMessage:
    """One `<Error>` / `<Warning>` entry."""
    return AfterbuyMessage(
        code=child_text(item, f"{kind}Code"),
        description=child_text(item, f"{kind}Description"),
        long_description=child_text(item, f"{kind}LongDescription"),
    )


def xml_encoding(data: bytes) -> str | None:
    """The encoding to read an answer with when its declaration must not be believed.

    Afterbuy documents UTF-8, but answers have been seen declaring iso-8859-1 over UTF-8
    bytes, which turns "Mütze" into "MÃ¼tze". The bytes decide: a declaration of a
    single-byte encoding is believed only when the bytes are no UTF-8 and carry no UTF-8
    sequence at all. None: read as declared (UTF-8 or no declaration).
    """
    match = _DECLARATION.match(data[:200])
    declared = match.group(1).decode("ascii").casefold() if match else "utf-8"
    if declared in ("utf-8", "utf8"):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        if declared in _LEGACY and not _UTF8_SEQUENCE.search(data):
            return None
    return "utf-8"


def parse_document(data: bytes) -> etree._Element:
    """Parse a whole (small) answer safely: no entities from outside, no network."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, encoding=xml_encoding(data)
    )
    return etree.fromstring(data, parser)


def afterbuy_time(root: etree._Element) -> datetime | None:
    """Afterbuy's clock from a GetAfterbuyTime answer, as aware UTC.

    The "Universal" stamp is UTC already; the plain one is German local time.
    """
    result = find_child(root, "Result")
    universal = child_text(result, "AfterbuyUniversalTimeStamp")
    if universal:
        return datetime.strptime(universal, "%d.%m.%Y %H:%M:%S").replace(tzinfo=UTC)
    return parse_german_local(child_text(result, "AfterbuyTimeStamp"))
