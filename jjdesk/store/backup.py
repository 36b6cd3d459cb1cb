"""Copies of the database with SQLite's online backup API, kept for 5 days, and restores.

A copy is due at the first run of a (local) day and an hour after the newest one; copies
are plain single-file databases (no WAL) so that checking one never writes beside it. A
restore never deletes anything: a damaged file is set aside under a new name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jjdesk.domain.timestamps import utcnow
from jjdesk.store.db import Database, integrity_problem
from jjdesk.store.migrations import MIGRATIONS

KEEP = timedelta(days=5)
EVERY = timedelta(hours=1)
_PREFIX = "jjdesk-"
_STAMP = "%Y%m%dT%H%M%SZ"
_SIDE_FILES = ("-wal", "-shm")


def backup(db: Database, folder: Path, now: datetime | None = None) -> Path:
    """Write a consistent copy (safe while flows write) and delete copies older than 5 days.

    A copy never replaces another one, also not one taken in the same second.
    """
    moment = now or utcnow()
    folder.mkdir(parents=True, exist_ok=True)
    target = _new_file(folder, moment.strftime(_STAMP))
    dest = sqlite3.connect(target)
    try:
        db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dest.close()
    os.chmod(target, 0o600)
    prune(folder, moment)
    return target


def _new_file(folder: Path, stamp: str) -> Path:
    """Create (mode 0600) the first free name for a copy with this stamp."""
    number = 0
    while True:
        target = folder / f"{_PREFIX}{stamp}{f'-{number}' if number else ''}.db"
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            number += 1
            continue
        os.close(fd)
        return target


def backups(folder: Path) -> list[tuple[datetime, Path]]:
    """The copies in a folder with the moment each was taken, newest first."""
    found = []
    for path in folder.glob(f"{_PREFIX}*.db"):
        taken = _taken(path)
        if taken is not None:
            found.append((taken, path))
    found.sort(key=lambda item: (item[0], _number(item[1])), reverse=True)
    return found


def is_due(folder: Path, now: datetime | None = None) -> bool:
    """Whether a copy is due: none yet, none from today (local), or the newest is an hour old."""
    moment = now or utcnow()
    found = backups(folder)
    if not found:
        return True
    newest = found[0][0]
    return newest.astimezone().date() != moment.astimezone().date() or moment - newest >= EVERY


def prune(folder: Path, now: datetime) -> list[Path]:
    """Delete backups older than the keeping time; returns what was deleted."""
    removed = []
    for taken, path in backups(folder):
        if now - taken > KEEP:
            path.unlink()
            for suffix in _SIDE_FILES:
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").unlink()
            removed.append(path)
    return removed


def passes_check(path: Path) -> bool:
    """Whether a file is a sound jjdesk database this version can open (read-only check)."""
    try:
        conn = _read_only(path)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            return integrity_problem(conn) == "" and version <= len(MIGRATIONS)
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def newest_good(folder: Path) -> Path | None:
    """The newest copy that passes the check (an older one if the newest is damaged too)."""
    return next((path for _, path in backups(folder) if passes_check(path)), None)


def set_aside(db_path: Path, now: datetime | None = None) -> Path:
    """Rename a database and its WAL files with a timestamp (never deleted); the new name."""
    stamp = (now or utcnow()).strftime(_STAMP)
    aside = db_path.with_name(f"{db_path.stem}-damaged-{stamp}{db_path.suffix}")
    for suffix in ("", *_SIDE_FILES):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            source.rename(Path(f"{aside}{suffix}"))
    return aside


def restore_file(source: Path, target: Path) -> None:
    """Write a copy of `source` as a new database file `target` (which must not exist)."""
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    dest = sqlite3.connect(target)
    try:
        _copy(source, dest)
    finally:
        dest.close()


def restore_into(source: Path, db: Database) -> None:
    """Replace the live database's content with `source`, through SQLite's own locking.

    Connections of other processes see the restored content with their next read; the
    caller holds every run lock, so no flow writes meanwhile.
    """
    _copy(source, db.conn)
    db.migrate()


def _copy(source: Path, dest: sqlite3.Connection) -> None:
    src = _read_only(source)
    try:
        src.backup(dest)
    finally:
        src.close()


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _taken(path: Path) -> datetime | None:
    stamp = path.stem[len(_PREFIX) :].split("-")[0]
    try:
        return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def _number(path: Path) -> int:
    """The count of a second copy taken in the same second (0 for the first)."""
    parts = path.stem[len(_PREFIX) :].split("-")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
