"""Decimal commas and German local timestamps, as Afterbuy writes them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jjdesk.connectors.afterbuy.formats import (
    format_decimal_comma,
    format_german_local,
    parse_german_local,
)
from jjdesk.domain.money import NumberFormatError, format_amount, format_eur, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,95", "12.95"),
        ("1.234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1234.5", "1234.5"),
        (" 7 ", "7"),
        ("-0,99", "-0.99"),
        ("19,99 €", "19.99"),
    ],
)
def test_prices_in_either_notation_parse_to_the_same_amount(text: str, expected: str) -> None:
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "1,2.3", "NaN", "1e"])
def test_garbage_is_a_number_error_not_a_zero(text: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_decimal(text)


def test_empty_price_is_unknown() -> None:
    assert parse_decimal("") is None
    assert parse_decimal(None) is None


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_decimal_comma_round_trips(value: Decimal) -> None:
    assert parse_decimal(format_decimal_comma(value)) == value


def test_euro_amounts_for_people() -> None:
    assert format_eur(Decimal("1234.5"), "de") == "1.234,50 €"
    assert format_eur(Decimal("1234.5"), "en") == "€1,234.50"


def test_afterbuy_time_is_berlin_local() -> None:
    winter = parse_german_local("31.01.2026 11:09:41")
    summer = parse_german_local("31.07.2026 11:09:41")
    assert winter == datetime(2026, 1, 31, 10, 9, 41, tzinfo=UTC)
    assert summer == datetime(2026, 7, 31, 9, 9, 41, tzinfo=UTC)


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    )
)
def test_german_local_round_trips_to_the_second(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    parsed = parse_german_local(format_german_local(moment))
    assert parsed is not None
    # the hour repeated when clocks go back is ambiguous in local time; allow that hour
    assert abs((parsed - moment).total_seconds()) in (0, 3600)


def test_amounts_in_other_currencies_keep_the_languages_separators() -> None:
    assert format_amount(Decimal("1234.5"), "EUR", "de") == "1.234,50 €"
    assert format_amount(Decimal("1234.5"), "chf", "de") == "1.234,50 CHF"
    assert format_amount(Decimal("1234.5"), "CHF", "en") == "1,234.50 CHF"
