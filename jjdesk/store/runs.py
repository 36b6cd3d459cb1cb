"""Run history: one row per flow run, from start to its final status."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import psutil

from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.store.db import Database

# a run restricted to chosen items (one product sent now): not the flow's regular run, so
# it neither shows as the flow's last run nor moves its timetable
SCOPED_TRIGGER = "product"


class RunStatus(Enum):
    """How a run ended (or that it is still going)."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    WARNINGS = "warnings"  # finished, but some items failed
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # cancelled, or the app was killed mid-run


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One row of the run history."""

    id: int
    integration: str
    flow: str
    trigger: str
    started: datetime
    finished: datetime | None
    status: RunStatus
    read: int
    written: int
    failed: int
    title: str
    message: str
    dry_run: bool

    @property
    def seconds(self) -> float | None:
        """Duration, when finished."""
        return (self.finished - self.started).total_seconds() if self.finished else None


def _record(r: sqlite3.Row) -> RunRecord:
    started = parse_iso(str(r["started"]))
    assert started is not None
    return RunRecord(
        id=int(r["id"]),
        integration=str(r["integration"]),
        flow=str(r["flow"]),
        trigger=str(r["trigger"]),
        started=started,
        finished=parse_iso(r["finished"]) if r["finished"] else None,
        status=RunStatus(r["status"]),
        read=int(r["read_count"]),
        written=int(r["written_count"]),
        failed=int(r["failed_count"]),
        title=str(r["title"]),
        message=str(r["message"]),
        dry_run=bool(r["dry_run"]),
    )


class Runs:
    """Reads and writes the `runs` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def start(self, integration: str, flow: str, trigger: str, *, dry_run: bool = False) -> int:
        """Record a run as running; returns its id."""
        cur = self._db.conn.execute(
            "INSERT INTO runs (integration, flow, trigger, started, status, dry_run, pid)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                integration,
                flow,
                trigger,
                utcnow().isoformat(),
                RunStatus.RUNNING.value,
                int(dry_run),
                os.getpid(),
            ),
        )
        return int(cur.lastrowid or 0)

    def progress(self, run_id: int, read: int, written: int, failed: int) -> None:
        """Save the counters so far (a killed run keeps what it had done)."""
        self._db.conn.execute(
            "UPDATE runs SET read_count=?, written_count=?, failed_count=? WHERE id=?",
            (read, written, failed, run_id),
        )

    def finish(
        self,
        run_id: int,
        status: RunStatus,
        read: int,
        written: int,
        failed: int,
        title: str = "",
        message: str = "",
    ) -> None:
        """Record the end of a run."""
        self._db.conn.execute(
            "UPDATE runs SET finished=?, status=?, read_count=?, written_count=?,"
            " failed_count=?, title=?, message=? WHERE id=?",
            (utcnow().isoformat(), status.value, read, written, failed, title, message, run_id),
        )

    def get(self, run_id: int) -> RunRecord | None:
        """One run by id."""
        row = self._db.conn.execute("SELECT * FROM runs WHERE id=?", (run_id,)).fetchone()
        return _record(row) if row else None

    def latest(self, integration: str, flow: str) -> RunRecord | None:
        """The newest run of one flow."""
        row = self._db.conn.execute(
            "SELECT * FROM runs WHERE integration=? AND flow=? ORDER BY id DESC LIMIT 1",
            (integration, flow),
        ).fetchone()
        return _record(row) if row else None

    def latest_per_flow(self) -> dict[tuple[str, str], RunRecord]:
        """The newest run of every flow that ever ran (for the Status tab)."""
        rows = self._db.conn.execute(
            "SELECT * FROM runs WHERE id IN (SELECT MAX(id) FROM runs WHERE trigger!=?"
            " GROUP BY integration, flow)",
            (SCOPED_TRIGGER,),
        ).fetchall()
        return {(r["integration"], r["flow"]): _record(r) for r in rows}

    def last_started(self) -> dict[tuple[str, str], datetime]:
        """When each flow last started a real run (dry runs do no work): the timetable's base."""
        rows = self._db.conn.execute(
            "SELECT integration, flow, MAX(started) AS started FROM runs WHERE dry_run=0"
            " AND trigger!=? GROUP BY integration, flow",
            (SCOPED_TRIGGER,),
        ).fetchall()
        found: dict[tuple[str, str], datetime] = {}
        for r in rows:
            started = parse_iso(str(r["started"]))
            if started is not None:
                found[(str(r["integration"]), str(r["flow"]))] = started
        return found

    def of_flow(self, integration: str, flow: str, limit: int = 200) -> list[RunRecord]:
        """One flow's runs, newest first (its run history)."""
        rows = self._db.conn.execute(
            "SELECT * FROM runs WHERE integration=? AND flow=? ORDER BY id DESC LIMIT ?",
            (integration, flow, limit),
        ).fetchall()
        return [_record(r) for r in rows]

    def last_good_per_flow(self) -> dict[tuple[str, str], RunRecord]:
        """The newest regular run of every flow that finished (with or without item errors)."""
        rows = self._db.conn.execute(
            "SELECT * FROM runs WHERE id IN (SELECT MAX(id) FROM runs WHERE dry_run=0"
            " AND trigger!=? AND status IN (?, ?) GROUP BY integration, flow)",
            (SCOPED_TRIGGER, RunStatus.SUCCEEDED.value, RunStatus.WARNINGS.value),
        ).fetchall()
        return {(r["integration"], r["flow"]): _record(r) for r in rows}

    def written_by_hour(self, since: datetime) -> list[tuple[str, datetime, int]]:
        """(integration, UTC hour, items written) of real runs since `since` (the chart)."""
        rows = self._db.conn.execute(
            "SELECT integration, substr(started, 1, 13) AS hour, SUM(written_count)"
            " FROM runs WHERE dry_run=0 AND started>=? GROUP BY integration, hour",
            (since.isoformat(),),
        ).fetchall()
        found = []
        for r in rows:
            hour = parse_iso(f"{r[1]}:00:00+00:00")
            if hour is not None:
                found.append((str(r[0]), hour, int(r[2] or 0)))
        return found

    def history(self, limit: int = 100) -> list[RunRecord]:
        """The newest runs first."""
        rows = self._db.conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [_record(r) for r in rows.fetchall()]

    def mark_abandoned_as_interrupted(self, message: str) -> int:
        """Runs left "running" by a process that no longer exists become interrupted.

        Called at start-up: a run whose process was killed never wrote its end.
        """
        rows = self._db.conn.execute(
            "SELECT id, pid FROM runs WHERE status=?", (RunStatus.RUNNING.value,)
        ).fetchall()
        stale = [r["id"] for r in rows if r["pid"] != os.getpid() and not _alive(r["pid"])]
        for run_id in stale:
            self._db.conn.execute(
                "UPDATE runs SET status=?, finished=?, message=? WHERE id=?",
                (RunStatus.INTERRUPTED.value, utcnow().isoformat(), message, run_id),
            )
        return len(stale)


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (psutil: precise on Windows and macOS too)."""
    return pid > 0 and bool(psutil.pid_exists(pid))
