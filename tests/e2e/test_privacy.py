"""No buyer's data and no secret where jjdesk keeps or shows things: database, WAL, backups,
logs, `jjdesk errors`.

The flows run as the merchant runs them (the `jjdesk` command, which sets up logging as
the app does), for a buyer with a short name that Afterbuy's refusal repeats in upper
case, together with the buyer's street, town and e-mail.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from jjdesk.domain.timestamps import utcnow
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.shopify_seed import SeedLine, german_orders
from jjdesk.secrets import SecretStore
from tests.shopify_world import shopify_world, simple_product

ROOT = Path(__file__).resolve().parents[2]
FIRST, LAST = "Bo", "Qy"
STREET, CITY, EMAIL = "Quittenweg 7", "Zwönitz", "qy.bo@example.org"
SHORT = re.compile(rf"\b({FIRST}|{LAST})\b", re.IGNORECASE)
LONG = [STREET, CITY, EMAIL, STREET.upper(), CITY.upper(), EMAIL.upper()]


def _jjdesk(profile: Profile, world: DemoWorld, *args: str) -> str:
    env = dict(os.environ)
    env.update(
        {
            "PYTHON_KEYRING_BACKEND": "jjdesk.secrets.MemoryKeyring",
            "JJDESK_SECRET_AFTERBUY_PARTNER_TOKEN": world.afterbuy.partner_token,
            "JJDESK_SECRET_AFTERBUY_ACCOUNT_TOKEN": world.afterbuy.account_token,
            "JJDESK_SECRET_SHOPIFY_ACCESS_TOKEN": world.shopify.access_token,
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "jjdesk", "--profile", str(profile.root), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout + done.stderr


def _texts_of(database: Path) -> str:
    """Every value of every table, as text (a copy, so the WAL is read too)."""
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def test_no_buyer_data_in_store_wal_backups_logs_or_errors(
    profile: Profile, secrets: SecretStore
) -> None:
    with shopify_world(profile, secrets, products=0) as (app, world):
        pid = simple_product(world)
        [seed] = german_orders(1, seed=99)
        now = utcnow()
        buyer = replace(
            seed,
            first_name=FIRST,
            last_name=LAST,
            street=STREET,
            city=CITY,
            email=EMAIL,
            lines=(SeedLine(pid, "Mütze", 1, seed.lines[0].unit_price),),
            created_at=now,
            updated_at=now,
        )
        order_id = world.shopify.add_order(buyer)
        world.afterbuy.refuse_next_orders(
            f"Kunde {LAST.upper()} {FIRST.upper()} ({STREET.upper()}, {CITY.upper()}, "
            f"{EMAIL}) konnte nicht angelegt werden: Artikel {pid} gesperrt"
        )
        for flow in ("products", "stock", "orders", "shipping", "deletions"):
            _jjdesk(profile, world, "run", "shopify", flow)
        _jjdesk(profile, world, "backup")
        shown = _jjdesk(profile, world, "errors")
        app.store.db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

        errors = app.store.errors.on_day(utcnow().astimezone().date())
        [refusal] = [e for e in errors if e.item_id == order_id]
        assert "konnte nicht angelegt werden" in refusal.message  # the reason is kept
        assert refusal.label.startswith("#")  # named as the merchant knows it

        backups = list(profile.backup_dir.glob("*.db"))
        logs = list(profile.log_dir.glob("*"))
        assert backups and logs, "the run wrote a backup and a log"
        places: dict[str, str] = {"database": _texts_of(profile.db_path), "errors": shown}
        places.update({b.name: _texts_of(b) for b in backups})
        places.update({log.name: log.read_text("utf-8", "replace") for log in logs})
        for where, text in places.items():
            assert not SHORT.search(text), f"a short name in {where}: {SHORT.search(text)}"
            for needle in LONG:
                assert needle not in text, f"{needle!r} in {where}"
        tokens = [
            world.afterbuy.partner_token,
            world.afterbuy.account_token,
            world.shopify.access_token,
        ]
        raw = [profile.db_path, *profile.root.glob("*.db-wal"), *backups, *logs]
        for path in raw:
            data = path.read_bytes()
            for needle in [*LONG, *tokens]:
                assert needle.encode() not in data, f"{needle!r} in {path.name}"
