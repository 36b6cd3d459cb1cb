"""No idealo buyer's data in jjdesk's database or error texts: orders imported, one of them
refused by Afterbuy in words that repeat the buyer, one unreadable, one revoked later."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from tests.idealo_helpers import afterbuy_product, idealo_world

BUYER = {
    "first_name": "Ödön",
    "last_name": "Quaxenbühl",
    "street": "Zwetschgenweg 77",
    "postal_code": "09366",
    "city": "Stollberg/Erzgeb.",
    "email": "m-quaxenbuehl@checkout.idealo.de",
    "phone": "037296-123987",
}


def _dump(database: Path) -> str:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def test_idealo_orders_leave_no_personal_data_behind(
    profile: Profile, secrets: SecretStore
) -> None:
    with idealo_world(profile, secrets) as (app, world):
        sku = afterbuy_product(world)
        orders = world.idealo.simulator.orders
        ids = [orders.add([(sku, "Kühlschrank", Decimal("499.00"), 1)]) for _ in range(3)]
        for order_id in ids:
            record = orders.get(order_id)
            assert record is not None
            record.buyer = dict(BUYER)
        broken = orders.get(ids[2])
        assert broken is not None
        broken.shipping_costs = Decimal("-3")  # unreadable: named by its field only
        world.afterbuy.refuse_next_orders(
            f"Kunde {BUYER['last_name']} in {BUYER['city']} gesperrt ({BUYER['email']})"
        )
        first = app.run_once("idealo", "orders")
        second = app.run_once("idealo", "orders")
        orders.revoke(ids[1], reason="CUSTOMER_REVOKE")
        third = app.run_once("idealo", "orders")
        texts = [p.message + p.hint for run in (first, second, third) for p in run.context.problems]
    assert first.failed >= 2  # the refusal and the unreadable order were reported
    dump = _dump(profile.db_path)
    for value in BUYER.values():
        for form in (value, value.upper(), value.lower()):
            assert form not in dump
            assert all(form not in text for text in texts)
