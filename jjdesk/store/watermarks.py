"""Watermarks: how far each flow has read (a timestamp or a cursor)."""

from __future__ import annotations

from jjdesk.store.db import Database


class Watermarks:
    """The `watermarks` table; a flow advances its mark only after its items are safe."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, integration: str, flow: str) -> str | None:
        """The mark, or None before the first run."""
        row = self._db.conn.execute(
            "SELECT value FROM watermarks WHERE integration=? AND flow=?", (integration, flow)
        ).fetchone()
        return str(row[0]) if row else None

    def set(self, integration: str, flow: str, value: str) -> None:
        """Advance (or reset) the mark."""
        self._db.conn.execute(
            "INSERT INTO watermarks (integration, flow, value) VALUES (?, ?, ?)"
            " ON CONFLICT(integration, flow) DO UPDATE SET value=excluded.value",
            (integration, flow, value),
        )
