"""The order ledger: which channel order became which sink order (IDs only).

A row is written *before* the sink is asked to create the order (state PENDING) and
updated *after* (IMPORTED). A PENDING row found later means "in doubt": the flow asks the
sink again, which refuses a duplicate by itself, so a crash anywhere loses nothing and
imports nothing twice.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.store.db import Database


class LedgerState(Enum):
    """Where an order stands."""

    PENDING = "pending"
    IMPORTED = "imported"
    DONE = "done"  # shipping sent and tagged; kept for returns until it expires


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One order of one channel."""

    channel: str
    channel_order_id: str
    sink_order_id: str
    state: LedgerState
    expires_at: datetime | None


class Ledger:
    """Reads and writes the `order_ledger` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, channel: str, channel_order_id: str) -> LedgerEntry | None:
        """The entry of one order, if jjdesk has seen it."""
        row = self._db.conn.execute(
            "SELECT * FROM order_ledger WHERE channel=? AND channel_order_id=?",
            (channel, channel_order_id),
        ).fetchone()
        return _entry(row) if row else None

    def begin(self, channel: str, channel_order_id: str) -> None:
        """Mark an order as about to be created in the sink (durable before the call)."""
        self._db.conn.execute(
            "INSERT INTO order_ledger (channel, channel_order_id, state, updated)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(channel, channel_order_id) DO NOTHING",
            (channel, channel_order_id, LedgerState.PENDING.value, utcnow().isoformat()),
        )

    def imported(self, channel: str, channel_order_id: str, sink_order_id: str) -> None:
        """The sink confirmed the order."""
        self._db.conn.execute(
            "UPDATE order_ledger SET state=?, sink_order_id=?, updated=?"
            " WHERE channel=? AND channel_order_id=?",
            (
                LedgerState.IMPORTED.value,
                sink_order_id,
                utcnow().isoformat(),
                channel,
                channel_order_id,
            ),
        )

    def forget_pending(self, channel: str, channel_order_id: str) -> None:
        """Drop a PENDING row when the sink refused the order for good (bad data)."""
        self._db.conn.execute(
            "DELETE FROM order_ledger WHERE channel=? AND channel_order_id=? AND state=?",
            (channel, channel_order_id, LedgerState.PENDING.value),
        )

    def done(self, channel: str, channel_order_id: str, expires_at: datetime) -> None:
        """Shipping was sent; keep the IDs until `expires_at` (returns), then forget."""
        self._db.conn.execute(
            "UPDATE order_ledger SET state=?, expires_at=?, updated=?"
            " WHERE channel=? AND channel_order_id=?",
            (
                LedgerState.DONE.value,
                expires_at.isoformat(),
                utcnow().isoformat(),
                channel,
                channel_order_id,
            ),
        )

    def in_state(self, channel: str, state: LedgerState) -> list[LedgerEntry]:
        """Every order of a channel in one state, oldest first."""
        rows = self._db.conn.execute(
            "SELECT * FROM order_ledger WHERE channel=? AND state=? ORDER BY updated",
            (channel, state.value),
        ).fetchall()
        return [_entry(r) for r in rows]

    def purge_expired(self, now: datetime | None = None) -> int:
        """Forget DONE orders whose keeping time is over; returns how many."""
        moment = (now or utcnow()).isoformat()
        cur = self._db.conn.execute(
            "DELETE FROM order_ledger WHERE state=? AND expires_at IS NOT NULL AND expires_at<?",
            (LedgerState.DONE.value, moment),
        )
        return cur.rowcount

    def count(self, channel: str) -> int:
        """How many orders of a channel are remembered."""
        row = self._db.conn.execute(
            "SELECT COUNT(*) FROM order_ledger WHERE channel=?", (channel,)
        ).fetchone()
        return int(row[0])


def _entry(row: sqlite3.Row) -> LedgerEntry:
    return LedgerEntry(
        channel=row["channel"],
        channel_order_id=row["channel_order_id"],
        sink_order_id=row["sink_order_id"],
        state=LedgerState(row["state"]),
        expires_at=parse_iso(row["expires_at"]) if row["expires_at"] else None,
    )
