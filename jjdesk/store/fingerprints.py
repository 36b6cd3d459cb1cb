"""Fingerprints of what was last sent to a channel, so an unchanged item costs no write."""

from __future__ import annotations

from jjdesk.domain.timestamps import utcnow
from jjdesk.store.db import Database

Keys = set[str]  # (named here: inside the class, `set` is the method)


class Fingerprints:
    """The `fingerprints` table: (channel, kind, key) → digest."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, channel: str, kind: str, key: str) -> str | None:
        """The digest last recorded, if any."""
        row = self._db.conn.execute(
            "SELECT digest FROM fingerprints WHERE channel=? AND kind=? AND key=?",
            (channel, kind, key),
        ).fetchone()
        return str(row[0]) if row else None

    def get_many(self, channel: str, kind: str, keys: list[str]) -> dict[str, str]:
        """Digests for many keys at once (one query per 500 keys)."""
        found: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.conn.execute(
                f"SELECT key, digest FROM fingerprints WHERE channel=? AND kind=?"
                f" AND key IN ({marks})",
                (channel, kind, *chunk),
            ).fetchall()
            found.update({r[0]: r[1] for r in rows})
        return found

    def set(self, channel: str, kind: str, key: str, value: str, source: str = "") -> None:
        """Record what was sent (`source`: the source item the key belongs to)."""
        self.set_many(channel, kind, {key: value}, {key: source} if source else None)

    def set_many(
        self,
        channel: str,
        kind: str,
        values: dict[str, str],
        sources: dict[str, str] | None = None,
    ) -> None:
        """Record many digests in one transaction; a key's source defaults to the key."""
        now = utcnow().isoformat()
        src = sources or {}
        with self._db.transaction() as conn:
            conn.executemany(
                "INSERT INTO fingerprints (channel, kind, key, digest, updated, source)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(channel, kind, key)"
                " DO UPDATE SET digest=excluded.digest, updated=excluded.updated,"
                " source=excluded.source",
                [(channel, kind, k, v, now, src.get(k) or k) for k, v in values.items()],
            )

    def keys_of_sources(self, channel: str, kind: str, sources: list[str]) -> dict[str, Keys]:
        """The keys sent for each source item (a parent's child offers, its own product)."""
        found: dict[str, Keys] = {}
        for start in range(0, len(sources), 500):
            chunk = sources[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.conn.execute(
                f"SELECT source, key FROM fingerprints WHERE channel=? AND kind=?"
                f" AND source IN ({marks})",
                (channel, kind, *chunk),
            ).fetchall()
            for row in rows:
                found.setdefault(row[0], set()).add(row[1])
        return found

    def sources_of_keys(self, channel: str, kind: str, keys: list[str]) -> dict[str, str]:
        """The source item of each key."""
        found: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.conn.execute(
                f"SELECT key, source FROM fingerprints WHERE channel=? AND kind=?"
                f" AND key IN ({marks})",
                (channel, kind, *chunk),
            ).fetchall()
            found.update({r[0]: r[1] for r in rows})
        return found

    def sources(self, channel: str, kind: str) -> dict[str, Keys]:
        """Every source item with the keys sent for it (the deletion check)."""
        rows = self._db.conn.execute(
            "SELECT source, key FROM fingerprints WHERE channel=? AND kind=?", (channel, kind)
        ).fetchall()
        found: dict[str, Keys] = {}
        for row in rows:
            found.setdefault(row[0], set()).add(row[1])
        return found

    def sent_for_source(self, channel: str, kind: str, source: str) -> dict[str, str]:
        """Each key sent for one source item, with when it was last sent (ISO time)."""
        rows = self._db.conn.execute(
            "SELECT key, updated FROM fingerprints WHERE channel=? AND kind=? AND source=?",
            (channel, kind, source),
        ).fetchall()
        return {str(r[0]): str(r[1]) for r in rows}

    def delete_many(self, channel: str, kind: str, keys: list[str]) -> None:
        """Forget many fingerprints in one transaction."""
        with self._db.transaction() as conn:
            conn.executemany(
                "DELETE FROM fingerprints WHERE channel=? AND kind=? AND key=?",
                [(channel, kind, k) for k in keys],
            )

    def delete(self, channel: str, kind: str, key: str) -> None:
        """Forget a fingerprint (the item was removed from the channel)."""
        self._db.conn.execute(
            "DELETE FROM fingerprints WHERE channel=? AND kind=? AND key=?", (channel, kind, key)
        )

    def keys(self, channel: str, kind: str) -> list[str]:
        """Every key with a fingerprint."""
        rows = self._db.conn.execute(
            "SELECT key FROM fingerprints WHERE channel=? AND kind=?", (channel, kind)
        )
        return [r[0] for r in rows.fetchall()]
