"""Item errors by day: what the merchant has to fix ("Handlungsbedarf")."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.store.db import Database


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """One item that failed in one run."""

    id: int
    run_id: int
    integration: str
    flow: str
    day: date
    at: datetime
    item_kind: str
    item_id: str
    field: str
    message: str
    hint: str
    attempt: int = 1
    label: str = ""

    @property
    def item(self) -> str:
        """The item as the merchant knows it ("#1006"), else its id."""
        return self.label or self.item_id


class Errors:
    """Reads and writes the `errors` table; days are the merchant's local calendar days."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        run_id: int,
        integration: str,
        flow: str,
        item_kind: str,
        item_id: str,
        message: str,
        *,
        field: str = "",
        hint: str = "",
        attempt: int = 1,
        label: str = "",
    ) -> None:
        """Record one item failure (`attempt`: how often it has failed so far)."""
        now = utcnow()
        self._db.conn.execute(
            "INSERT INTO errors (run_id, integration, flow, day, at, item_kind, item_id, field,"
            " message, hint, attempt, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                integration,
                flow,
                now.astimezone().date().isoformat(),
                now.isoformat(),
                item_kind,
                item_id,
                field,
                message,
                hint,
                attempt,
                label,
            ),
        )

    def on_day(self, day: date) -> list[ErrorRecord]:
        """Every error of one local day, newest first."""
        rows = self._db.conn.execute(
            "SELECT * FROM errors WHERE day=? ORDER BY id DESC", (day.isoformat(),)
        ).fetchall()
        return [_record(r) for r in rows]

    def days(self) -> list[date]:
        """Days that have errors, newest first."""
        rows = self._db.conn.execute("SELECT DISTINCT day FROM errors ORDER BY day DESC")
        return [date.fromisoformat(r[0]) for r in rows.fetchall()]

    def for_run(self, run_id: int) -> list[ErrorRecord]:
        """The errors one run recorded."""
        rows = self._db.conn.execute(
            "SELECT * FROM errors WHERE run_id=? ORDER BY id", (run_id,)
        ).fetchall()
        return [_record(r) for r in rows]


def _record(row: sqlite3.Row) -> ErrorRecord:
    at = parse_iso(row["at"])
    assert at is not None
    return ErrorRecord(
        id=row["id"],
        run_id=row["run_id"],
        integration=row["integration"],
        flow=row["flow"],
        day=date.fromisoformat(row["day"]),
        at=at,
        item_kind=row["item_kind"],
        item_id=row["item_id"],
        field=row["field"],
        message=row["message"],
        hint=row["hint"],
        attempt=int(row["attempt"]),
        label=row["label"],
    )
