"""The order ledger: which channel order became which sink order (IDs only).

A row is written *before* the sink is asked to create the order (PENDING, with the
reference sent as the order number and the moment it began) and updated *after*
(IMPORTED). A PENDING row found later means "in doubt": the flow looks the reference up in
the sink before creating anything again, so a crash anywhere loses nothing and imports
nothing twice, whether or not the sink refuses duplicates itself. Then the channel learns
of it (ACKNOWLEDGED), the tracking goes out (SHIPPED), the sink gets its tag (DONE), and
after the keeping time the row is forgotten.
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

    PENDING = "pending"  # creation in the sink began; in doubt until resolved
    IMPORTED = "imported"  # the sink has it; the channel's acknowledgement is owed
    ACKNOWLEDGED = "acknowledged"  # the channel knows; waiting for the tracking number
    SHIPPED = "shipped"  # tracking sent to the channel; the sink's tag is owed
    DONE = "done"  # shipping sent and tagged; kept for returns until it expires


OPEN_STATES = (LedgerState.IMPORTED, LedgerState.ACKNOWLEDGED)  # tracking still to send


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One order of one channel."""

    channel: str
    channel_order_id: str
    sink_order_id: str
    state: LedgerState
    expires_at: datetime | None
    reference: str = ""
    began: datetime | None = None
    label: str = ""  # the number the merchant knows (#1006)
    imported_at: datetime | None = None
    shipped_at: datetime | None = None
    tracking: str = ""
    carrier: str = ""
    tag: str = ""
    updated: datetime | None = None


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

    def begin(self, channel: str, channel_order_id: str, reference: str, label: str = "") -> None:
        """Mark an order as about to be created in the sink (durable before the call).

        A row already PENDING keeps its reference and its first moment: the look-up of an
        order in doubt must search from the first attempt on. `label` is the order number
        the merchant knows ("#1006"), so the order view finds it by that.
        """
        now = utcnow().isoformat()
        self._db.conn.execute(
            "INSERT INTO order_ledger (channel, channel_order_id, state, updated, reference,"
            " began, label) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(channel, channel_order_id) DO NOTHING",
            (channel, channel_order_id, LedgerState.PENDING.value, now, reference, now, label),
        )

    def imported(self, channel: str, channel_order_id: str, sink_order_id: str) -> None:
        """The sink confirmed the order."""
        now = utcnow().isoformat()
        self._db.conn.execute(
            "UPDATE order_ledger SET state=?, sink_order_id=?, updated=?, imported_at=?"
            " WHERE channel=? AND channel_order_id=?",
            (LedgerState.IMPORTED.value, sink_order_id, now, now, channel, channel_order_id),
        )

    def forget_pending(self, channel: str, channel_order_id: str) -> None:
        """Drop a PENDING row when the sink refused the order for good (bad data)."""
        self._db.conn.execute(
            "DELETE FROM order_ledger WHERE channel=? AND channel_order_id=? AND state=?",
            (channel, channel_order_id, LedgerState.PENDING.value),
        )

    def acknowledged(self, channel: str, channel_order_id: str) -> None:
        """The channel was told the order is imported."""
        self._set_state(channel, channel_order_id, LedgerState.ACKNOWLEDGED)

    def shipped(
        self, channel: str, channel_order_id: str, tracking: str = "", carrier: str = ""
    ) -> None:
        """The tracking data reached the channel; the sink's tag is still owed.

        The tracking number and carrier sent are kept (a parcel's ID, no personal data) so
        the merchant can see what the channel got.
        """
        now = utcnow().isoformat()
        self._db.conn.execute(
            "UPDATE order_ledger SET state=?, updated=?, shipped_at=?, tracking=?, carrier=?"
            " WHERE channel=? AND channel_order_id=?",
            (LedgerState.SHIPPED.value, now, now, tracking, carrier, channel, channel_order_id),
        )

    def _set_state(self, channel: str, channel_order_id: str, state: LedgerState) -> None:
        self._db.conn.execute(
            "UPDATE order_ledger SET state=?, updated=? WHERE channel=? AND channel_order_id=?",
            (state.value, utcnow().isoformat(), channel, channel_order_id),
        )

    def done(
        self, channel: str, channel_order_id: str, expires_at: datetime, tag: str = ""
    ) -> None:
        """Shipping was sent and the sink tagged (`tag`); keep the IDs until `expires_at`."""
        self._db.conn.execute(
            "UPDATE order_ledger SET state=?, expires_at=?, updated=?, tag=?"
            " WHERE channel=? AND channel_order_id=?",
            (
                LedgerState.DONE.value,
                expires_at.isoformat(),
                utcnow().isoformat(),
                tag,
                channel,
                channel_order_id,
            ),
        )

    def find(self, text: str, limit: int = 20) -> list[LedgerEntry]:
        """Orders whose number as the merchant knows it, channel id, reference or sink id
        is `text` ("#1006" and "1006" both find "#1006"), newest first."""
        wanted = text.strip()
        bare = wanted.lstrip("#")
        rows = self._db.conn.execute(
            "SELECT * FROM order_ledger WHERE label IN (?, ?, ?) OR channel_order_id=?"
            " OR reference=? OR sink_order_id=? ORDER BY updated DESC LIMIT ?",
            (wanted, bare, f"#{bare}", wanted, wanted, wanted, limit),
        ).fetchall()
        return [_entry(r) for r in rows]

    def in_state(self, channel: str, *states: LedgerState) -> list[LedgerEntry]:
        """Every order of a channel in one of the states, oldest first."""
        marks = ",".join("?" * len(states))
        rows = self._db.conn.execute(
            f"SELECT * FROM order_ledger WHERE channel=? AND state IN ({marks}) ORDER BY updated",
            (channel, *(s.value for s in states)),
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
        reference=row["reference"] or row["channel_order_id"],
        began=parse_iso(row["began"]),
        label=row["label"],
        imported_at=parse_iso(row["imported_at"]),
        shipped_at=parse_iso(row["shipped_at"]),
        tracking=row["tracking"],
        carrier=row["carrier"],
        tag=row["tag"],
        updated=parse_iso(row["updated"]),
    )
