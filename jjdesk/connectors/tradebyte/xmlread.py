"""Reading Tradebyte's XML safely: no entities, no network, one helper per value type.

A value that does not parse raises `BadValue` naming the element, so the reader can turn
the order or message around it into an error on that item, never into a zero.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

from lxml import etree

_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")

PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
)


class BadValue(ValueError):
    """An element whose text is not what Tradebyte's schema says it is."""

    def __init__(self, element: str, value: str) -> None:
        super().__init__(f"{element}={value!r}")
        self.element = element
        self.value = value if len(value) <= 40 else value[:37] + "…"


def parse(data: bytes) -> etree._Element:
    """The document's root; raises `etree.XMLSyntaxError` for what is no XML."""
    return etree.fromstring(data, PARSER)


def child(node: etree._Element | None, tag: str) -> etree._Element | None:
    """The first direct child with that tag."""
    return None if node is None else node.find(tag)


def text(node: etree._Element | None, tag: str) -> str:
    """A direct child's text, stripped; empty when absent."""
    found = child(node, tag)
    return "" if found is None else (found.text or "").strip()


def decimal(node: etree._Element | None, tag: str) -> Decimal | None:
    """An xs:decimal (point, no thousands separator); None when absent."""
    raw = text(node, tag)
    if not raw:
        return None
    if not _DECIMAL.fullmatch(raw):
        raise BadValue(tag, raw)
    return Decimal(raw)


def integer(node: etree._Element | None, tag: str) -> int | None:
    """An xs:integer; None when absent."""
    raw = text(node, tag)
    if not raw:
        return None
    if not raw.lstrip("-").isdigit() or not raw.isascii():
        raise BadValue(tag, raw)
    return int(raw)


def moment(node: etree._Element | None, tag: str) -> datetime | None:
    """An xs:date or xs:dateTime; Tradebyte's times are UTC where no zone is given."""
    raw = text(node, tag)
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadValue(tag, raw) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def attribute(node: etree._Element | None, tag: str, name: str) -> str:
    """An attribute of a direct child (`currency` of a price)."""
    found = child(node, tag)
    return "" if found is None else str(found.get(name, "")).strip()
