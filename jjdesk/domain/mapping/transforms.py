"""The short fixed list of transforms a rule may apply, in order, to the source value.

trim, upper, decimal comma → number, date format, constant, lookup table, split
"street no.". Each raises `TransformError` (in words) for a value it cannot turn into
what it promises, and `transform_problem` checks a transform's parameters beforehand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jjdesk import i18n
from jjdesk.domain.mapping.model import Transform

DEFAULT_ZONE = "Europe/Berlin"  # a shop that writes local times is a German shop here

_DECIMAL_COMMA = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
_STREET_NUMBER = re.compile(
    r"^(?P<street>.*?\S)[\s,]+(?P<number>\d+\s*[a-zA-Z]?(\s*[-/]\s*\d+\s*[a-zA-Z]?)?)$"
)


class TransformError(ValueError):
    """A value a transform cannot handle; the message is in words."""


def shown(value: object, personal: bool) -> str:
    """A value as a message may repeat it: never a personal one."""
    if personal:
        return i18n.text("mapping.value_hidden")
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _trim(value: object, step: Transform, personal: bool) -> object:
    text = _text(value)
    return None if text is None else text.strip()


def _upper(value: object, step: Transform, personal: bool) -> object:
    text = _text(value)
    return None if text is None else text.upper()


def _decimal_comma(value: object, step: Transform, personal: bool) -> object:
    if value is None:
        return None
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").removesuffix("€")
    if not text:
        return None
    if not _DECIMAL_COMMA.fullmatch(text):
        raise TransformError(i18n.text("mapping.not_decimal_comma", value=shown(value, personal)))
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise TransformError(
            i18n.text("mapping.not_decimal_comma", value=shown(value, personal))
        ) from exc


def _date(value: object, step: Transform, personal: bool) -> object:
    if value is None or isinstance(value, datetime):
        return value
    text = str(value).strip()
    if not text:
        return None
    pattern = str(step.param("format", ""))
    try:
        parsed = datetime.strptime(text, pattern)
    except ValueError as exc:
        raise TransformError(
            i18n.text("mapping.not_date", value=shown(value, personal), format=pattern)
        ) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(str(step.param("zone", DEFAULT_ZONE))))
    return parsed.astimezone(UTC)


def _constant(value: object, step: Transform, personal: bool) -> object:
    return step.param("value", "")


def _lookup(value: object, step: Transform, personal: bool) -> object:
    table = step.param("table", {})
    assert isinstance(table, dict)
    key = "" if value is None else str(value).strip()
    if key in table:
        return table[key]
    if "default" in dict(step.params):
        return step.param("default")
    keys = ", ".join(sorted(str(k) for k in table)) or "—"
    raise TransformError(
        i18n.text("mapping.lookup_miss", value=shown(key, personal), keys=shown(keys, False))
    )


def _split_street(value: object, step: Transform, personal: bool) -> object:
    text = _text(value)
    if text is None or not text.strip():
        return text
    found = _STREET_NUMBER.match(text.strip())
    if step.param("part") == "number":
        if found is None:
            raise TransformError(i18n.text("mapping.no_street_number"))
        return found.group("number")
    return found.group("street") if found else text.strip()


TransformFunction = Callable[[object, Transform, bool], object]

TRANSFORMS: dict[str, TransformFunction] = {
    "trim": _trim,
    "upper": _upper,
    "decimal_comma": _decimal_comma,
    "date": _date,
    "constant": _constant,
    "lookup": _lookup,
    "split_street": _split_street,
}


def transform_problem(step: Transform) -> str | None:
    """Why a transform cannot work as configured (unknown name, missing parameter)."""
    if step.name not in TRANSFORMS:
        return i18n.text("mapping.unknown_transform", name=step.name, names=", ".join(TRANSFORMS))
    problem = _param_problem(step)
    if problem:
        return i18n.text("mapping.transform_param", name=step.name, problem=problem)
    return None


def _param_problem(step: Transform) -> str | None:
    if step.name == "date":
        pattern = step.param("format")
        if not isinstance(pattern, str) or "%" not in pattern:
            return i18n.text("mapping.param.format")
        zone = step.param("zone", DEFAULT_ZONE)
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            return i18n.text("mapping.param.zone", zone=zone)
    if step.name == "constant" and not isinstance(step.param("value"), str):
        return i18n.text("mapping.param.value")
    if step.name == "lookup":
        table = step.param("table")
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in table.items()
        ):
            return i18n.text("mapping.param.table")
        if not isinstance(step.param("default", ""), str):
            return i18n.text("mapping.param.table")
    if step.name == "split_street" and step.param("part") not in ("street", "number"):
        return i18n.text("mapping.param.part")
    return None


def run_transform(value: object, step: Transform, personal: bool) -> object:
    """Apply one (checked) transform."""
    return TRANSFORMS[step.name](value, step, personal)
