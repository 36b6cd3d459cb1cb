"""The SQLite file: one connection per thread, WAL, versioned migrations, mode 0600.

Opening checks the file (`PRAGMA quick_check`): a damaged database, or a file that is no
database at all, raises `DatabaseDamaged` before anything reads or writes it, so the app
can set it aside and restore a backup instead of failing with a traceback later.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from jjdesk.store.migrations import MIGRATIONS

# the answers SQLite gives for a damaged file or one that is no database
_DAMAGED_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


class DatabaseDamaged(Exception):
    """The database file fails SQLite's integrity check (or is no database at all)."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"{path.name}: {detail}")
        self.path = path
        self.detail = detail


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether an SQLite error means a damaged file (not a busy or locked one)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in _DAMAGED_CODES


def integrity_problem(conn: sqlite3.Connection) -> str:
    """What `PRAGMA quick_check` finds wrong; empty when the file is sound."""
    rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
    return "" if rows == ["ok"] else "; ".join(rows[:3])


class Database:
    """Owns the database file; hands each thread its own connection.

    SQLite connections must not cross threads; flows run in scheduler threads and the GUI
    reads through its own worker, so every thread gets a private connection on first use.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        os.chmod(path, 0o600)
        self._check()
        self.migrate()

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # Used by one thread only; check_same_thread=False just lets `close` (at shutdown,
            # from the main thread) close the connections the worker threads opened.
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            try:
                conn.execute("PRAGMA busy_timeout=30000")
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
            except sqlite3.Error:
                conn.close()  # a damaged file must not stay open (Windows could not move it)
                raise
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils view of this thread's connection (for upserts and table helpers)."""
        db: sqlite_utils.Database | None = getattr(self._local, "utils", None)
        if db is None:
            db = sqlite_utils.Database(self.conn)
            self._local.utils = db
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on error."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def schema_version(self) -> int:
        """The number of migrations applied."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _check(self) -> None:
        """Raise `DatabaseDamaged` (connections closed) if the file is not sound."""
        try:
            problem = integrity_problem(self.conn)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            problem = str(exc)
        if problem:
            self.close()
            raise DatabaseDamaged(self.path, problem)

    def migrate(self) -> None:
        """Apply the migrations this file lacks (also after a restore from an older backup)."""
        version = self.schema_version()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as conn:
                for statement in script:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
        for suffix in ("-wal", "-shm"):
            side = Path(f"{self.path}{suffix}")
            if side.exists():
                os.chmod(side, 0o600)

    def close(self) -> None:
        """Close every thread's connection (at shutdown)."""
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()
