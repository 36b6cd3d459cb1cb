"""Non-secret settings as key → text (JSON where structured)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from jjdesk.store.db import Database


class Settings:
    """The `settings` table; secrets never come here (they live in the keyring)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        """A setting's text, or `default`."""
        row = self._db.conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set(self, key: str, value: str) -> None:
        """Save a setting."""
        self._db.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    def delete(self, key: str) -> None:
        """Remove a setting (its default applies again)."""
        self._db.conn.execute("DELETE FROM settings WHERE key=?", (key,))

    def all(self) -> dict[str, str]:
        """Every setting (for export)."""
        rows = self._db.conn.execute("SELECT key, value FROM settings ORDER BY key")
        return {r[0]: r[1] for r in rows.fetchall()}

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Every setting saved inside lands together, or none does (`config import`)."""
        with self._db.transaction():
            yield
