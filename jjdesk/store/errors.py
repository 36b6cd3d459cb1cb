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
    queue: str = ""  # the retry queue's kind and key of the item (a variant's parent)
    item_key: str = ""
    handled_at: datetime | None = None

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
        queue: str = "",
        item_key: str = "",
    ) -> None:
        """Record one item failure (`attempt`: how often it has failed so far).

        `queue` and `item_key` name the item in the retry queue (default: kind and id).
        """
        now = utcnow()
        self._db.conn.execute(
            "INSERT INTO errors (run_id, integration, flow, day, at, item_kind, item_id, field,"
            " message, hint, attempt, label, queue, item_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                queue or item_kind,
                item_key or item_id,
            ),
        )

    def mark_handled(self, integration: str, flow: str, item_key: str) -> int:
        """The merchant dealt with an item: its rows so far leave the list (a new failure
        brings it back); returns how many rows were marked."""
        cur = self._db.conn.execute(
            "UPDATE errors SET handled_at=? WHERE integration=? AND flow=? AND item_key=?"
            " AND handled_at IS NULL",
            (utcnow().isoformat(), integration, flow, item_key),
        )
        return cur.rowcount

    def day_counts(self, *, unhandled_only: bool = False) -> list[tuple[date, int]]:
        """Every day with errors and how many rows it has, newest first."""
        where = " WHERE handled_at IS NULL" if unhandled_only else ""
        rows = self._db.conn.execute(
            f"SELECT day, COUNT(*) FROM errors{where} GROUP BY day ORDER BY day DESC"
        ).fetchall()
        return [(date.fromisoformat(r[0]), int(r[1])) for r in rows]

    def since_day(self, first: date) -> list[tuple[date, str, int]]:
        """(day, integration, rows) from `first` on: the overview's chart."""
        rows = self._db.conn.execute(
            "SELECT day, integration, COUNT(*) FROM errors WHERE day>=? GROUP BY day, integration",
            (first.isoformat(),),
        ).fetchall()
        return [(date.fromisoformat(r[0]), str(r[1]), int(r[2])) for r in rows]

    def latest_of_item(self, integration: str, item_key: str) -> ErrorRecord | None:
        """The newest error of one item (a product by its source id) in an integration."""
        row = self._db.conn.execute(
            "SELECT * FROM errors WHERE integration=? AND (item_key=? OR item_id=?)"
            " ORDER BY id DESC LIMIT 1",
            (integration, item_key, item_key),
        ).fetchone()
        return _record(row) if row else None

    def of_item(self, text: str, kind: str, limit: int = 20) -> list[ErrorRecord]:
        """Errors of an item named as the merchant knows it ("#1006") or by its id."""
        wanted = text.strip()
        bare = wanted.lstrip("#")
        rows = self._db.conn.execute(
            "SELECT * FROM errors WHERE item_kind=? AND (label IN (?, ?, ?) OR item_id=?"
            " OR item_key=?) ORDER BY id DESC LIMIT ?",
            (kind, wanted, bare, f"#{bare}", wanted, wanted, limit),
        ).fetchall()
        return [_record(r) for r in rows]

    def newest_per_item(self, integration: str) -> list[ErrorRecord]:
        """The newest error row of every item an integration ever reported, newest first."""
        rows = self._db.conn.execute(
            "SELECT e.* FROM errors e JOIN (SELECT MAX(id) AS id FROM errors WHERE integration=?"
            " GROUP BY flow, queue, item_key) newest ON e.id=newest.id ORDER BY e.id DESC",
            (integration,),
        ).fetchall()
        return [_record(r) for r in rows]

    def handled_keys(self, integration: str, flow: str) -> set[tuple[str, str]]:
        """(queue, key) of items whose newest error row is marked handled."""
        rows = self._db.conn.execute(
            "SELECT e.queue, e.item_key FROM errors e JOIN (SELECT MAX(id) AS id FROM errors"
            " WHERE integration=? AND flow=? GROUP BY queue, item_key) newest ON e.id=newest.id"
            " WHERE e.handled_at IS NOT NULL",
            (integration, flow),
        ).fetchall()
        return {(str(r[0]), str(r[1])) for r in rows}

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
        queue=row["queue"],
        item_key=row["item_key"],
        handled_at=parse_iso(row["handled_at"]) if row["handled_at"] else None,
    )
