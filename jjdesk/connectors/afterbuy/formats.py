"""Afterbuy's wire formats: decimal commas and German local time without an offset.

They live here, not in the domain, because only Afterbuy speaks them; the domain keeps
amounts as `Decimal` and times as aware UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
_GERMAN_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")


class TimestampFormatError(ValueError):
    """A text that should be an Afterbuy timestamp is not one."""


def parse_german_local(text: str | None) -> datetime | None:
    """Parse "31.03.2015 11:09:41" (Berlin local time) into an aware UTC datetime.

    Empty text is unknown (None); ISO 8601 is accepted too (answers and users mix them).
    """
    if text is None or not text.strip():
        return None
    s = text.strip()
    for fmt in _GERMAN_FORMATS:
        try:
            naive = datetime.strptime(s, fmt)
        except ValueError:
            continue
        return naive.replace(tzinfo=BERLIN).astimezone(UTC)
    try:
        parsed = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError as exc:
        raise TimestampFormatError(text) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BERLIN)
    return parsed.astimezone(UTC)


def format_german_local(moment: datetime) -> str:
    """An aware datetime as Berlin local "dd.MM.yyyy HH:mm:ss" (filters and BuyDate)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M:%S")


def format_decimal_comma(value: Decimal, places: int = 2) -> str:
    """German notation without grouping: 1234.5 → "1234,50" (what Afterbuy expects)."""
    quant = Decimal(1).scaleb(-places)
    return f"{value.quantize(quant, rounding=ROUND_HALF_UP):f}".replace(".", ",")
