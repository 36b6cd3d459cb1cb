"""An in-memory `IdLinks` for connector tests that need no database."""

from __future__ import annotations

import threading


class MemoryLinks:
    """Thread-safe dictionary implementation of the `IdLinks` port."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._links: dict[tuple[str, str], str] = {}

    def get(self, kind: str, key: str) -> str | None:
        """The remote id linked to `key`, if any."""
        with self._lock:
            return self._links.get((kind, key))

    def put(self, kind: str, key: str, remote_id: str) -> None:
        """Remember (or replace) a link."""
        with self._lock:
            self._links[(kind, key)] = remote_id

    def delete(self, kind: str, key: str) -> None:
        """Forget a link."""
        with self._lock:
            self._links.pop((kind, key), None)

    def keys(self, kind: str) -> list[str]:
        """Every source key linked for `kind`."""
        with self._lock:
            return [k for (kd, k) in self._links if kd == kind]
