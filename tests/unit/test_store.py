"""The SQLite store: private file, migrations, ledger states, backups kept five days."""

from __future__ import annotations

import os
import stat
import threading
from datetime import timedelta

from jjdesk.domain.timestamps import utcnow
from jjdesk.profile import Profile
from jjdesk.store import Store
from jjdesk.store.backup import backup, backups, passes_check
from jjdesk.store.ledger import LedgerState
from jjdesk.store.migrations import MIGRATIONS


def test_database_is_private_and_migrated(profile: Profile) -> None:
    store = Store(profile.db_path)
    mode = stat.S_IMODE(os.stat(profile.db_path).st_mode)
    assert mode == 0o600
    assert store.db.schema_version() == len(MIGRATIONS)
    store.close()
    again = Store(profile.db_path)  # reopening applies nothing twice
    assert again.db.schema_version() == len(MIGRATIONS)


def test_each_thread_has_its_own_connection(profile: Profile) -> None:
    store = Store(profile.db_path)
    store.settings.set("a", "1")
    seen: list[str | None] = []
    worker = threading.Thread(target=lambda: seen.append(store.settings.get("a")))
    worker.start()
    worker.join()
    assert seen == ["1"]


def test_ledger_walks_an_order_from_pending_to_forgotten(profile: Profile) -> None:
    ledger = Store(profile.db_path).ledger
    ledger.begin("shopify", "1001", "SHOPIFY-1001")
    first = ledger.get("shopify", "1001")
    ledger.begin("shopify", "1001", "OTHER-1001")  # a second begin changes nothing
    entry = ledger.get("shopify", "1001")
    assert entry is not None and entry.state is LedgerState.PENDING
    assert entry == first and entry.reference == "SHOPIFY-1001"
    ledger.imported("shopify", "1001", "AB-77")
    ledger.acknowledged("shopify", "1001")
    ledger.shipped("shopify", "1001")
    assert ledger.get("shopify", "1001").state is LedgerState.SHIPPED  # type: ignore[union-attr]
    ledger.done("shopify", "1001", utcnow() + timedelta(days=30))
    assert ledger.purge_expired(utcnow() + timedelta(days=29)) == 0
    assert ledger.get("shopify", "1001") is not None
    assert ledger.purge_expired(utcnow() + timedelta(days=31)) == 1
    assert ledger.get("shopify", "1001") is None


def test_backups_older_than_five_days_are_deleted(profile: Profile) -> None:
    store = Store(profile.db_path)
    store.settings.set("marker", "kept")
    now = utcnow()
    old = backup(store.db, profile.backup_dir, now - timedelta(days=6))
    recent = backup(store.db, profile.backup_dir, now - timedelta(days=4))
    newest = backup(store.db, profile.backup_dir, now)
    assert not old.exists()
    assert recent.exists() and newest.exists()
    copy = Store(newest)
    assert copy.settings.get("marker") == "kept"
    assert stat.S_IMODE(os.stat(newest).st_mode) == 0o600


def test_a_backup_is_one_self_contained_file_and_never_replaces_another(profile: Profile) -> None:
    store = Store(profile.db_path)
    store.settings.set("marker", "first")
    moment = utcnow()
    first = backup(store.db, profile.backup_dir, moment)
    store.settings.set("marker", "second")
    second = backup(store.db, profile.backup_dir, moment)  # the same second
    assert first != second
    assert [p.name for p in sorted(profile.backup_dir.iterdir())] == sorted(
        [first.name, second.name]
    )  # no -wal or -shm beside them
    assert passes_check(first) and passes_check(second)
    assert [p for _, p in backups(profile.backup_dir)] == [second, first]  # newest first
    assert Store(first).settings.get("marker") == "first"
