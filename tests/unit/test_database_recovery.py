"""A damaged database is set aside and the newest good backup restored; backups on runs."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jjdesk.app import restore_database
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import JJDeskError
from jjdesk.profile import Profile
from jjdesk.runner import FlowBusy, RunLocks
from jjdesk.store import Store
from jjdesk.store.backup import backup, backups, is_due
from tests.core_fakes import make_app


def _backed_up(profile: Profile, marker: str, at: datetime | None = None) -> Path:
    """A profile whose database holds `marker` and has a backup of that state."""
    store = Store(profile.db_path)
    store.settings.set("marker", marker)
    path = backup(store.db, profile.backup_dir, at)
    store.close()
    return path


def _not_a_database(path: Path) -> None:
    path.write_bytes(b"this is no database at all, just text " * 200)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _damage_pages(path: Path) -> None:
    """Overwrite the table pages but keep the header: SQLite opens it, the check fails."""
    store = Store(path)
    store.settings.set("filler", "x" * 50_000)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(4096 * 4))


def _aside(profile: Profile) -> list[Path]:
    return sorted(profile.root.glob("jjdesk-damaged-*.db"))


@pytest.mark.parametrize("damage", [_not_a_database, _damage_pages])
def test_a_damaged_database_is_set_aside_and_the_newest_good_backup_restored(
    profile: Profile, damage: object
) -> None:
    _backed_up(profile, "from the backup")
    assert callable(damage)
    damage(profile.db_path)
    damaged = profile.db_path.read_bytes()

    app = make_app(profile)
    try:
        assert app.store.settings.get("marker") == "from the backup"
        assert app.recovery is not None
        assert app.recovery.title == "Database restored"
        assert "set aside as “jjdesk-damaged-" in app.recovery.message
        [aside] = _aside(profile)
        assert aside.read_bytes() == damaged  # kept, never deleted
        assert app.run_once("test", "copy").written == 3  # and jjdesk works on
    finally:
        app.shutdown()


def test_an_older_backup_is_used_when_the_newest_is_damaged_too(profile: Profile) -> None:
    _backed_up(profile, "older", utcnow() - timedelta(hours=2))
    newest = _backed_up(profile, "newest", utcnow() - timedelta(hours=1))
    _not_a_database(newest)
    _not_a_database(profile.db_path)

    app = make_app(profile)
    try:
        assert app.store.settings.get("marker") == "older"
    finally:
        app.shutdown()


def test_without_a_good_backup_nothing_is_changed_and_the_words_say_what_to_do(
    profile: Profile,
) -> None:
    _not_a_database(profile.db_path)
    damaged = profile.db_path.read_bytes()
    with pytest.raises(JJDeskError) as refused:
        make_app(profile)
    assert refused.value.title == "Database damaged, no good backup"
    assert "jjdesk restore FILE" in refused.value.message
    assert profile.db_path.read_bytes() == damaged
    assert _aside(profile) == []


def test_a_run_writes_the_first_backup_of_the_day_and_then_hourly(profile: Profile) -> None:
    app = make_app(profile)
    try:
        assert backups(profile.backup_dir) == []
        app.run_once("test", "copy")  # headless, as `jjdesk run`: no scheduler
        assert len(backups(profile.backup_dir)) == 1
        app.run_once("test", "copy")
        assert len(backups(profile.backup_dir)) == 1  # not again within the hour
    finally:
        app.shutdown()


def test_a_backup_is_due_on_a_new_day_and_an_hour_after_the_newest(profile: Profile) -> None:
    store = Store(profile.db_path)
    noon = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert is_due(profile.backup_dir, noon)
    backup(store.db, profile.backup_dir, noon)
    assert not is_due(profile.backup_dir, noon + timedelta(minutes=59))
    assert is_due(profile.backup_dir, noon + timedelta(hours=1))
    next_morning = noon.astimezone().replace(hour=0, minute=5) + timedelta(days=1)
    assert is_due(profile.backup_dir, next_morning)
    store.close()


def test_restore_keeps_the_current_state_as_a_backup_and_can_be_undone(profile: Profile) -> None:
    old = _backed_up(profile, "old", utcnow() - timedelta(hours=3))
    store = Store(profile.db_path)
    store.settings.set("marker", "current")
    store.close()

    said = restore_database(profile, old)

    store = Store(profile.db_path)
    assert store.settings.get("marker") == "old"
    store.close()
    assert said.startswith(f"Restored “{old.name}”. The state before is kept as")
    previous = Path(said.split("undo with `jjdesk restore ")[1].rstrip(").`"))
    restore_database(profile, previous)
    store = Store(profile.db_path)
    assert store.settings.get("marker") == "current"
    store.close()


def test_restore_is_refused_while_a_flow_runs(profile: Profile) -> None:
    old = _backed_up(profile, "old")
    held = RunLocks(profile.lock_dir).try_hold("shopify", "orders")
    assert held is not None
    try:
        with pytest.raises(FlowBusy):
            restore_database(profile, None)
    finally:
        held.release()
    assert old.exists()


def test_restore_of_a_file_that_is_no_sound_database_is_refused(
    profile: Profile, tmp_path: Path
) -> None:
    bogus = tmp_path / "bogus.db"
    _not_a_database(bogus)
    with pytest.raises(JJDeskError) as refused:
        restore_database(profile, bogus)
    assert refused.value.title == "Backup not usable"
    assert not profile.db_path.exists()
