"""Letting time pass for the retry queue, without waiting for it."""

from __future__ import annotations

from datetime import datetime, timedelta

from jjdesk.domain.timestamps import utcnow
from jjdesk.store import Store


def age_owed(store: Store, by: timedelta) -> None:
    """Move every owed item's next attempt `by` into the past (as if that time had passed)."""
    rows = store.db.conn.execute(
        "SELECT rowid, next_attempt FROM owed WHERE next_attempt IS NOT NULL"
    ).fetchall()
    for rowid, moment in rows:
        earlier = datetime.fromisoformat(moment) - by
        store.db.conn.execute(
            "UPDATE owed SET next_attempt=? WHERE rowid=?", (earlier.isoformat(), rowid)
        )


def past_overlap(store: Store, integration: str, flow: str) -> None:
    """Move a flow's watermark past the re-read overlap: the source reports nothing again."""
    store.watermarks.set(integration, flow, (utcnow() + timedelta(minutes=30)).isoformat())
