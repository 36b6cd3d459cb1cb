"""Timestamps: UTC inside, German local time on the Afterbuy wire."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
_GERMAN_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")


class TimestampFormatError(ValueError):
    """A text that should be a timestamp is not one."""


def parse_german_local(text: str | None) -> datetime | None:
    """Parse "31.03.2015 11:09:41" (Berlin local time) into an aware UTC datetime."""
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
    """An aware datetime as Berlin local "dd.MM.yyyy HH:mm:ss" (Afterbuy filters and BuyDate)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M:%S")


def utcnow() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.now(UTC)


def parse_iso(text: str | None) -> datetime | None:
    """Parse an ISO 8601 timestamp (Shopify, idealo) into aware UTC."""
    if not text:
        return None
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def to_iso(moment: datetime) -> str:
    """UTC ISO 8601 with a Z, the form Shopify's search syntax accepts."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
