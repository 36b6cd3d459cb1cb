"""Timestamps: aware UTC inside; ISO 8601 for the systems that speak it."""

from __future__ import annotations

from datetime import UTC, datetime


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
