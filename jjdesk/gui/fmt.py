"""Numbers, times and durations as the merchant's locale writes them (UTC inside)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime


def number(value: int) -> str:
    """1.234 in German, 1,234 in English."""
    return QLocale().toString(value)


def local_datetime(moment: datetime | None) -> str:
    """A UTC moment in local time, short form; empty when unknown."""
    if moment is None:
        return ""
    local = moment.astimezone()
    qdt = QDateTime(
        QDate(local.year, local.month, local.day),
        QTime(local.hour, local.minute, local.second),
    )
    return QLocale().toString(qdt, QLocale.FormatType.ShortFormat)


def local_time(moment: datetime) -> str:
    """Only the local time of day (error rows of one day)."""
    local = moment.astimezone()
    qtime = QTime(local.hour, local.minute, local.second)
    return QLocale().toString(qtime, "HH:mm:ss")


def local_date(day: date) -> str:
    """A calendar day in the locale's short form."""
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def duration(seconds: float | None) -> str:
    """'0,4 s', '12 s', '3 min 5 s' — empty when unknown."""
    if seconds is None:
        return ""
    locale = QLocale()
    if seconds < 10:
        return QCoreApplication.translate("Format", "{s} s").format(
            s=locale.toString(round(seconds, 1), "f", 1)
        )
    whole = round(seconds)
    if whole < 60:
        return QCoreApplication.translate("Format", "{s} s").format(s=locale.toString(whole))
    return QCoreApplication.translate("Format", "{m} min {s} s").format(
        m=locale.toString(whole // 60), s=locale.toString(whole % 60)
    )
