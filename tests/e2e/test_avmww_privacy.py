"""No MijnWebwinkel buyer's data in jjdesk's database or error texts: orders imported into
AccountView, one of them refused by AccountView in words that repeat the buyer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from tests.avmww_world import avmww_world

NAME = "Ödön Quaxenbühl"
EMAIL = "o.quaxenbuehl@voorbeeld.nl"
COMPANY = "Quaxenbühl Kaasmakerij BV"


def _dump(database: Path) -> str:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def test_avmww_orders_leave_no_personal_data_behind(profile: Profile, secrets: SecretStore) -> None:
    with avmww_world(profile, secrets) as world:
        world.av.add_article("KAAS", "Goudse kaas", "12.00")
        for _ in range(2):
            world.shop.add_order([("KAAS", 1, "14.52")], name=NAME, email=EMAIL, company=COMPANY)
        world.av.refuse_next_documents(f"Debiteur {NAME} ({EMAIL}, {COMPANY}) geblokkeerd")
        first = world.run("orders")
        texts = [p.message + p.hint for p in first.context.problems]
        assert len(texts) == 1 and "geblokkeerd" in texts[0]
        assert len(world.av.documents("SO1")) == 1
    dump = _dump(profile.db_path)
    logs = "\n".join(p.read_text(errors="replace") for p in profile.root.rglob("*.log*"))
    for value in (NAME, EMAIL, COMPANY, "Quaxenbühl", "quaxenbuehl", "Molenstraat"):
        for form in (value, value.upper(), value.lower()):
            assert form not in dump
            assert form not in logs
            assert all(form not in text for text in texts)
