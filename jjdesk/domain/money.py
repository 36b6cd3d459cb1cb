"""Money and number parsing that tolerates German decimal commas."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_CENT = Decimal("0.01")
_GROUPED_COMMA = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_GROUPED_POINT = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


class NumberFormatError(ValueError):
    """A text that should be a number is not one."""


def parse_decimal(text: str | None) -> Decimal | None:
    """Parse "1.234,56", "1234,56", "1,234.56" or "1234.56"; empty text gives None.

    Afterbuy writes decimal commas, most other systems points; both reach the same code.
    """
    if text is None:
        return None
    s = text.strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    if not s:
        return None
    if _GROUPED_COMMA.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif _GROUPED_POINT.match(s):
        s = s.replace(",", "")
    elif "," in s and "." not in s:
        s = s.replace(",", ".")
    elif "," in s and "." in s:
        raise NumberFormatError(text)
    try:
        value = Decimal(s)
    except InvalidOperation as exc:
        raise NumberFormatError(text) from exc
    if not value.is_finite():
        raise NumberFormatError(text)
    return value


def to_cents(value: Decimal) -> Decimal:
    """Round half-up to whole cents, as merchants and tax offices expect."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def format_eur(value: Decimal, language: str = "de") -> str:
    """A euro amount for people: "1.234,50 €" in German, "€1,234.50" in English."""
    rounded = to_cents(value)
    text = f"{abs(rounded):,.2f}"
    sign = "-" if rounded < 0 else ""
    if language == "de":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
        return f"{sign}{text} €"
    return f"{sign}€{text}"


def format_amount(value: Decimal, currency: str, language: str = "de") -> str:
    """An amount in any currency for people: euros as `format_eur`, others with the
    language's separators and the ISO code ("12,50 CHF" in German, "12.50 CHF" in English)."""
    if currency.upper() == "EUR":
        return format_eur(value, language)
    rounded = to_cents(value)
    text = f"{rounded:,.2f}"
    if language == "de":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return f"{text} {currency.upper()}"
