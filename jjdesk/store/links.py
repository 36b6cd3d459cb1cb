"""ID links between systems, one namespace per integration (implements `IdLinks`)."""

from __future__ import annotations

from jjdesk.store.db import Database


class Links:
    """The `links` table seen through one namespace."""

    def __init__(self, db: Database, namespace: str) -> None:
        self._db = db
        self.namespace = namespace

    def get(self, kind: str, key: str) -> str | None:
        """The remote id linked to `key`, if any."""
        row = self._db.conn.execute(
            "SELECT remote_id FROM links WHERE namespace=? AND kind=? AND key=?",
            (self.namespace, kind, key),
        ).fetchone()
        return str(row[0]) if row else None

    def put(self, kind: str, key: str, remote_id: str) -> None:
        """Remember (or replace) a link."""
        self._db.conn.execute(
            "INSERT INTO links (namespace, kind, key, remote_id) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(namespace, kind, key) DO UPDATE SET remote_id=excluded.remote_id",
            (self.namespace, kind, key, remote_id),
        )

    def delete(self, kind: str, key: str) -> None:
        """Forget a link."""
        self._db.conn.execute(
            "DELETE FROM links WHERE namespace=? AND kind=? AND key=?",
            (self.namespace, kind, key),
        )

    def keys(self, kind: str) -> list[str]:
        """Every source key linked for `kind`."""
        rows = self._db.conn.execute(
            "SELECT key FROM links WHERE namespace=? AND kind=?", (self.namespace, kind)
        )
        return [r[0] for r in rows.fetchall()]
