"""Hourly copies of the database with SQLite's online backup API, kept for 5 days."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from jjdesk.domain.timestamps import utcnow
from jjdesk.store.db import Database

KEEP = timedelta(days=5)
_PREFIX = "jjdesk-"
_STAMP = "%Y%m%dT%H%M%SZ"


def backup(db: Database, folder: Path, now: datetime | None = None) -> Path:
    """Write a consistent copy (safe while flows write) and delete copies older than 5 days."""
    moment = now or utcnow()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{_PREFIX}{moment.strftime(_STAMP)}.db"
    fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    dest = sqlite3.connect(target)
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    os.chmod(target, 0o600)
    prune(folder, moment)
    return target


def prune(folder: Path, now: datetime) -> list[Path]:
    """Delete backups older than the keeping time; returns what was deleted."""
    removed = []
    for path in folder.glob(f"{_PREFIX}*.db"):
        try:
            taken = datetime.strptime(path.stem[len(_PREFIX) :], _STAMP).replace(tzinfo=now.tzinfo)
        except ValueError:
            continue
        if now - taken > KEEP:
            path.unlink()
            removed.append(path)
    return removed
