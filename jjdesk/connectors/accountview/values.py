"""AccountView's JSON values read strictly: a number that does not parse is an error."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation


class BadValue(ValueError):
    """A field whose value is not what its type promises."""

    def __init__(self, field: str, value: object) -> None:
        super().__init__(field)
        self.field = field
        self.value = str(value)[:40]


def text(row: dict[str, object], name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


def number(row: dict[str, object], name: str, *, empty: Decimal | None = None) -> Decimal | None:
    """A numeric field; absent or empty gives `empty`, anything unparsable `BadValue`."""
    value = row.get(name)
    if value is None or value == "":
        return empty
    if isinstance(value, bool):
        raise BadValue(name, value)
    try:
        result = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise BadValue(name, value) from exc
    if not result.is_finite():
        raise BadValue(name, value)
    return result


def flag(row: dict[str, object], name: str, *, empty: bool) -> bool:
    value = row.get(name)
    if value is None or value == "":
        return empty
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().casefold()
    if lowered in ("true", "t", "1", "yes", "ja", ".t."):
        return True
    if lowered in ("false", "f", "0", "no", "nee", ".f."):
        return False
    raise BadValue(name, value)


def moment(row: dict[str, object], name: str) -> datetime | None:
    value = text(row, name)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadValue(name, value) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
