"""The retry queue: every item a flow still owes (a product, a stock level, an order, an
acknowledgement, a shipment), until it succeeds or its data changes.

A row says when the item may be tried again. SOON items back off from a minute to an
hour, LATER items from an hour to a day; ON_CHANGE items have no due time: they wait
until the flow sees different data (`digest`) for them. Flows ask `due` at the start of a
run, `settle` what succeeded and `owe` what failed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from jjdesk.domain.models import Retry
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.store.db import Database

BACKOFF = {
    Retry.SOON: (timedelta(minutes=1), timedelta(hours=1)),
    Retry.LATER: (timedelta(hours=1), timedelta(days=1)),
}


def next_attempt(retry: Retry, attempts: int, now: datetime) -> datetime | None:
    """When an item that failed `attempts` times may be tried again (None: on change only)."""
    if retry is Retry.ON_CHANGE:
        return None
    first, cap = BACKOFF[retry]
    return now + min(cap, first * (2 ** max(0, attempts - 1)))


@dataclass(frozen=True, slots=True)
class OwedItem:
    """One item a flow still owes."""

    integration: str
    flow: str
    kind: str
    key: str
    label: str
    retry: Retry
    digest: str
    attempts: int
    first_failed: datetime
    last_failed: datetime
    next_attempt: datetime | None
    field: str
    message: str

    def due(self, now: datetime) -> bool:
        """Whether its backoff has run out (never for an item that waits for a change)."""
        return self.next_attempt is not None and self.next_attempt <= now


class Owed:
    """Reads and writes the `owed` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def owe(
        self,
        integration: str,
        flow: str,
        kind: str,
        key: str,
        *,
        retry: Retry,
        digest: str = "",
        label: str = "",
        field: str = "",
        message: str = "",
    ) -> OwedItem:
        """Record a failure (one more attempt, or the first); returns the row as it stands.

        A failure with a different digest than the one owed is a new story: the count of
        attempts starts again.
        """
        now = utcnow()
        with self._db.transaction() as conn:
            row = conn.execute(
                "SELECT attempts, digest, first_failed FROM owed"
                " WHERE integration=? AND flow=? AND kind=? AND key=?",
                (integration, flow, kind, key),
            ).fetchone()
            same = row is not None and row["digest"] == digest
            attempts = int(row["attempts"]) + 1 if same else 1
            first = row["first_failed"] if same else now.isoformat()
            due = next_attempt(retry, attempts, now)
            conn.execute(
                "INSERT INTO owed (integration, flow, kind, key, label, retry, digest, attempts,"
                " first_failed, last_failed, next_attempt, field, message)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(integration, flow, kind, key) DO UPDATE SET label=excluded.label,"
                " retry=excluded.retry, digest=excluded.digest, attempts=excluded.attempts,"
                " first_failed=excluded.first_failed, last_failed=excluded.last_failed,"
                " next_attempt=excluded.next_attempt, field=excluded.field,"
                " message=excluded.message",
                (
                    integration,
                    flow,
                    kind,
                    key,
                    label,
                    retry.value,
                    digest,
                    attempts,
                    first,
                    now.isoformat(),
                    due.isoformat() if due else None,
                    field,
                    message,
                ),
            )
        item = self.get(integration, flow, kind, key)
        assert item is not None
        return item

    def settle(self, integration: str, flow: str, kind: str, keys: Iterable[str]) -> None:
        """Forget items that went through (or no longer exist)."""
        rows = [(integration, flow, kind, key) for key in keys]
        if not rows:
            return
        with self._db.transaction() as conn:
            conn.executemany(
                "DELETE FROM owed WHERE integration=? AND flow=? AND kind=? AND key=?", rows
            )

    def get(self, integration: str, flow: str, kind: str, key: str) -> OwedItem | None:
        """One owed item, if it is owed."""
        row = self._db.conn.execute(
            "SELECT * FROM owed WHERE integration=? AND flow=? AND kind=? AND key=?",
            (integration, flow, kind, key),
        ).fetchone()
        return _item(row) if row else None

    def of(self, integration: str, flow: str, kind: str) -> dict[str, OwedItem]:
        """Every owed item of one kind of one flow, by key."""
        rows = self._db.conn.execute(
            "SELECT * FROM owed WHERE integration=? AND flow=? AND kind=?",
            (integration, flow, kind),
        ).fetchall()
        return {r["key"]: _item(r) for r in rows}

    def due(
        self, integration: str, flow: str, kind: str, now: datetime | None = None
    ) -> list[OwedItem]:
        """Items whose backoff has run out, oldest failure first."""
        moment = (now or utcnow()).isoformat()
        rows = self._db.conn.execute(
            "SELECT * FROM owed WHERE integration=? AND flow=? AND kind=?"
            " AND next_attempt IS NOT NULL AND next_attempt<=? ORDER BY first_failed",
            (integration, flow, kind, moment),
        ).fetchall()
        return [_item(r) for r in rows]

    def all(self, integration: str | None = None) -> list[OwedItem]:
        """Everything owed (of one integration), oldest failure first (Errors tab)."""
        if integration is None:
            rows = self._db.conn.execute("SELECT * FROM owed ORDER BY first_failed").fetchall()
        else:
            rows = self._db.conn.execute(
                "SELECT * FROM owed WHERE integration=? ORDER BY first_failed", (integration,)
            ).fetchall()
        return [_item(r) for r in rows]

    def count(self, integration: str, flow: str | None = None) -> int:
        """How many items an integration (or one of its flows) owes."""
        if flow is None:
            row = self._db.conn.execute(
                "SELECT COUNT(*) FROM owed WHERE integration=?", (integration,)
            ).fetchone()
        else:
            row = self._db.conn.execute(
                "SELECT COUNT(*) FROM owed WHERE integration=? AND flow=?", (integration, flow)
            ).fetchone()
        return int(row[0])


def _item(row: sqlite3.Row) -> OwedItem:
    first = parse_iso(row["first_failed"])
    last = parse_iso(row["last_failed"])
    assert first is not None and last is not None
    return OwedItem(
        integration=row["integration"],
        flow=row["flow"],
        kind=row["kind"],
        key=row["key"],
        label=row["label"],
        retry=Retry(row["retry"]),
        digest=row["digest"],
        attempts=int(row["attempts"]),
        first_failed=first,
        last_failed=last,
        next_attempt=parse_iso(row["next_attempt"]),
        field=row["field"],
        message=row["message"],
    )
