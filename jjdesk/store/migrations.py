"""Schema migrations: append new steps, never edit applied ones (PRAGMA user_version counts)."""

MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            integration TEXT NOT NULL,
            flow TEXT NOT NULL,
            trigger TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL,
            read_count INTEGER NOT NULL DEFAULT 0,
            written_count INTEGER NOT NULL DEFAULT 0,
            failed_count INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL DEFAULT '',
            dry_run INTEGER NOT NULL DEFAULT 0,
            pid INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX runs_by_flow ON runs (integration, flow, id)",
        "CREATE INDEX runs_by_status ON runs (status)",
        """CREATE TABLE errors (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            integration TEXT NOT NULL,
            flow TEXT NOT NULL,
            day TEXT NOT NULL,
            at TEXT NOT NULL,
            item_kind TEXT NOT NULL,
            item_id TEXT NOT NULL,
            field TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL,
            hint TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX errors_by_day ON errors (day, id)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE watermarks (
            integration TEXT NOT NULL,
            flow TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (integration, flow)
        )""",
        """CREATE TABLE order_ledger (
            channel TEXT NOT NULL,
            channel_order_id TEXT NOT NULL,
            sink_order_id TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL,
            updated TEXT NOT NULL,
            expires_at TEXT,
            PRIMARY KEY (channel, channel_order_id)
        )""",
        "CREATE INDEX ledger_by_state ON order_ledger (channel, state)",
        """CREATE TABLE fingerprints (
            channel TEXT NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            digest TEXT NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (channel, kind, key)
        )""",
        """CREATE TABLE links (
            namespace TEXT NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            remote_id TEXT NOT NULL,
            PRIMARY KEY (namespace, kind, key)
        )""",
    ],
]
MIGRATIONS.append(
    [
        # exactly once whatever the sink: the reference sent as the order number and when
        # the creation began, so an order in doubt is looked up, not created again
        "ALTER TABLE order_ledger ADD COLUMN reference TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE order_ledger ADD COLUMN began TEXT",
        "UPDATE order_ledger SET reference=channel_order_id, began=updated",
        # nothing owed is forgotten: every item that failed, until it succeeds or changes
        """CREATE TABLE owed (
            integration TEXT NOT NULL,
            flow TEXT NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            retry TEXT NOT NULL,
            digest TEXT NOT NULL DEFAULT '',
            attempts INTEGER NOT NULL DEFAULT 1,
            first_failed TEXT NOT NULL,
            last_failed TEXT NOT NULL,
            next_attempt TEXT,
            field TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (integration, flow, kind, key)
        )""",
        "CREATE INDEX owed_due ON owed (integration, flow, next_attempt)",
        "ALTER TABLE errors ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE errors ADD COLUMN label TEXT NOT NULL DEFAULT ''",
        # keys per payload: which source product each sent key belongs to
        "ALTER TABLE fingerprints ADD COLUMN source TEXT NOT NULL DEFAULT ''",
        "UPDATE fingerprints SET source=key",
        "CREATE INDEX fingerprints_by_source ON fingerprints (channel, kind, source)",
    ]
)
MIGRATIONS.append(
    [
        # the cockpit: an error row names the retry queue's item it belongs to (a variant's
        # parent product), so a product's last error and "mark as handled" find it; handled
        # rows stay for the history but leave the list of things to fix
        "ALTER TABLE errors ADD COLUMN queue TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE errors ADD COLUMN item_key TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE errors ADD COLUMN handled_at TEXT",
        "UPDATE errors SET queue=item_kind, item_key=item_id",
        "CREATE INDEX errors_by_key ON errors (integration, item_key, id)",
        # an order as the merchant follows it: the number they know (#1006), when it was
        # imported and shipped, the tracking number and carrier sent (IDs, no personal data)
        "ALTER TABLE order_ledger ADD COLUMN label TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE order_ledger ADD COLUMN imported_at TEXT",
        "ALTER TABLE order_ledger ADD COLUMN shipped_at TEXT",
        "ALTER TABLE order_ledger ADD COLUMN tracking TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE order_ledger ADD COLUMN carrier TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE order_ledger ADD COLUMN tag TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX ledger_by_label ON order_ledger (label)",
    ]
)
