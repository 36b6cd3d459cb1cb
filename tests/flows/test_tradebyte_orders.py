"""Tradebyte orders end to end: TB.One's order files over SFTP → Afterbuy exactly once,
the archive move only when a file is complete, SHIP messages with the package type and
the tag, channel messages as items to act on."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from jjdesk.app import Services
from jjdesk.connectors.folders import LocalFolder
from jjdesk.connectors.tradebyte import FolderOrders, Folders
from jjdesk.domain.models import ShipmentInfo
from jjdesk.domain.timestamps import utcnow
from jjdesk.integrations.tradebyte import folders, sftp_folder
from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from jjdesk.store.ledger import LedgerState
from jjdesk.store.runs import RunStatus
from tests.memory_links import MemoryLinks
from tests.tradebyte_world import TradebyteWorld, simple_product, tradebyte_world


@pytest.fixture
def tb(profile: Profile, secrets: SecretStore, tmp_path: Path) -> Iterator[TradebyteWorld]:
    with tradebyte_world(profile, secrets, tmp_path / "tradebyte", products=0) as world:
        yield world


def _vids(w: TradebyteWorld) -> list[str]:
    return sorted(order.vid for order in w.world.afterbuy.list_orders())


def test_order_files_are_imported_once_and_archived(tb: TradebyteWorld) -> None:
    a, b = simple_product(tb.world), simple_product(tb.world)
    first = tb.tradebyte.new_order([a, b])
    second = tb.tradebyte.new_order([b], shipping_price=Decimal("0"))
    name = tb.tradebyte.export_orders()
    outcome = tb.run("orders")
    assert (outcome.written, outcome.failed) == (2, 0)
    assert _vids(tb) == sorted(f"TRADEBYTE-{o.tb_id}" for o in (first, second))
    assert tb.tradebyte.files("out") == [] and tb.tradebyte.files("out/archive") == [name]
    assert tb.tradebyte.archived_orders() == {first.tb_id, second.tb_id}
    order = next(o for o in tb.world.afterbuy.list_orders() if o.vid.endswith(str(first.tb_id)))
    assert [p.article for p in order.positions] == [a, b]  # SKU = Afterbuy ProductID
    assert order.form["kstrasse"] == first.sell_to.street_no  # type: ignore[union-attr]
    assert order.form["klstrasse"] == first.ship_to.street_no  # street and number, one field
    assert order.form["kommentar"] == "Bitte beim Nachbarn abgeben"
    assert order.shipping_cost in ("4,95", "4.95")
    tb.tradebyte.export_orders([first])  # TB.One sends the same order again
    assert tb.run("orders").written == 0
    assert len(_vids(tb)) == 2 and len(tb.tradebyte.files("out/archive")) == 2


def test_a_letter_in_one_sku_holds_that_order_and_the_file_says_why(tb: TradebyteWorld) -> None:
    good = simple_product(tb.world)
    ok_one = tb.tradebyte.new_order([good])
    bad = tb.tradebyte.new_order(["AB-1234"])
    ok_two = tb.tradebyte.new_order([good])
    name = tb.tradebyte.export_orders()
    outcome = tb.run("orders")
    assert outcome.status is RunStatus.WARNINGS
    assert _vids(tb) == sorted(f"TRADEBYTE-{o.tb_id}" for o in (ok_one, ok_two))
    assert tb.tradebyte.files("out") == [name]  # the file waits
    errors = {e.item_kind: e for e in tb.app.store.errors.for_run(outcome.run_id)}
    assert errors["order"].item_id == str(bad.tb_id) and errors["order"].field == "sku"
    assert "AB-1234" in errors["order"].message
    waiting = errors["order file"]
    assert waiting.item_id == name and bad.channel_id in waiting.message
    assert "3 orders" in waiting.message and "archive" in waiting.hint
    again = tb.run("orders")
    assert again.failed == 0 and tb.app.store.errors.for_run(again.run_id) == []  # said once

    # the merchant corrects the article number in the file: it goes in, the file moves
    path = tb.tradebyte.root / "out" / name
    path.write_bytes(path.read_bytes().replace(b"AB-1234", good.encode()))
    fixed = tb.run("orders")
    assert fixed.written == 1 and f"TRADEBYTE-{bad.tb_id}" in _vids(tb)
    assert tb.tradebyte.files("out") == [] and tb.tradebyte.files("out/archive") == [name]


def test_a_malformed_file_is_quarantined_and_reported_once_while_the_rest_go_in(
    tb: TradebyteWorld,
) -> None:
    good = tb.tradebyte.new_order([simple_product(tb.world)])
    tb.tradebyte.put_file("ORDERS_20261201_080000_broken.xml", b"<ORDER_LIST><ORDER><ORD")
    tb.tradebyte.put_file("ORDERS_20261201_080001_other.xml", b"<TBCATALOG/>")
    tb.tradebyte.export_orders([good])
    outcome = tb.run("orders")
    assert _vids(tb) == [f"TRADEBYTE-{good.tb_id}"]
    assert tb.tradebyte.files("out/error") == [
        "ORDERS_20261201_080000_broken.xml",
        "ORDERS_20261201_080001_other.xml",
    ]
    reported = [e for e in tb.app.store.errors.for_run(outcome.run_id) if e.item_kind != "order"]
    assert {e.item_id for e in reported} == set(tb.tradebyte.files("out/error"))
    assert all("out/error" in e.message for e in reported)
    assert tb.run("orders").failed == 0  # never retried, never reported again


def test_withdrawn_orders_are_not_imported_and_pending_ones_hold_their_file(
    tb: TradebyteWorld,
) -> None:
    pid = simple_product(tb.world)
    kept = tb.tradebyte.new_order([pid])
    withdrawn = tb.tradebyte.new_order([pid], withdrawn=True)
    pending = tb.tradebyte.new_order([pid], approved=False)
    tb.tradebyte.export_orders([kept, withdrawn])
    tb.run("orders")
    assert _vids(tb) == [f"TRADEBYTE-{kept.tb_id}"]
    assert tb.tradebyte.files("out") == []  # a withdrawn order does not hold a file
    waiting = tb.tradebyte.export_orders([pending])
    outcome = tb.run("orders")
    assert tb.tradebyte.files("out") == [waiting]
    [notice] = tb.app.store.errors.for_run(outcome.run_id)
    assert "not yet released" in notice.message


def test_an_order_whose_lines_do_not_add_up_is_an_error_and_never_a_guess(
    tb: TradebyteWorld,
) -> None:
    wrong = tb.tradebyte.new_order([simple_product(tb.world)], total_override=Decimal("5.00"))
    tb.tradebyte.export_orders([wrong])
    outcome = tb.run("orders")
    assert _vids(tb) == []
    fields = {e.field for e in tb.app.store.errors.for_run(outcome.run_id)}
    assert "TOTAL_ITEM_AMOUNT" in fields


def test_the_shipping_message_end_to_end_with_package_type_and_tag(tb: TradebyteWorld) -> None:
    a, b = simple_product(tb.world), simple_product(tb.world)
    order = tb.tradebyte.new_order([a, b])
    order.items[1].quantity = 3
    order.items[1].price = Decimal("5.00")
    tb.tradebyte.export_orders([order])
    tb.run("orders")
    tb.run("shipping")  # no tracking yet: nothing goes out
    assert tb.tradebyte.state.shipped == {}
    tb.app.set_option("tradebyte", "parcel_types", json.dumps({"DHL Paket": "DHL_STD"}))
    [ab_order] = tb.world.afterbuy.list_orders()
    tb.world.afterbuy.set_tracking(str(ab_order.order_id), "00340434161234567890", "DHL Paket")
    tb.run("shipping")
    state = tb.tradebyte.state
    [message_file] = [i for i in state.imported if i.name.startswith("MESSAGES_")]
    assert [(s["TB_ORDER_ITEM_ID"], s["QUANTITY"]) for s in message_file.checked.ships] == [
        (str(order.items[0].tb_id), "1"),
        (str(order.items[1].tb_id), "3"),
    ]
    assert {s["IDCODE"] for s in message_file.checked.ships} == {"00340434161234567890"}
    assert {s["CARRIER_PARCEL_TYPE"] for s in message_file.checked.ships} == {"DHL_STD"}
    assert state.open_quantity(str(order.tb_id), str(order.items[1].tb_id)) == 0
    [ab_order] = tb.world.afterbuy.list_orders()
    assert "Tradebyte abgeschlossen" in ab_order.tags
    entry = tb.app.store.ledger.get("tradebyte", str(order.tb_id))
    assert entry is not None and entry.state is LedgerState.DONE
    assert tb.app.store.links("tradebyte").keys("tradebyte.order") == []  # IDs forgotten
    tb.run("shipping")
    assert len([i for i in state.imported if i.name.startswith("MESSAGES_")]) == 1


def test_a_shipping_message_is_written_exactly_once_whatever_crashed_where(
    tb: TradebyteWorld,
) -> None:
    order = tb.tradebyte.new_order([simple_product(tb.world)])
    tb.tradebyte.export_orders([order])
    tb.run("orders")
    tb.tradebyte.importing = False  # TB.One picks up files later
    services = Services(tb.app, "tradebyte")
    info = ShipmentInfo("1", tracking_number="JJD000111", shipping_method="DHL")

    def push() -> list[str]:
        """One run's push (a fresh source, as after a restart); the files in `in` after it."""
        folder = sftp_folder(services)
        try:
            source = FolderOrders(
                folder, folders(services), services.store.links("tradebyte"), bool, {}
            )
            source.push_shipment(str(order.tb_id), info)
        finally:
            folder.close()
        return tb.tradebyte.files("in")

    [written] = push()
    assert push() == [written]  # died after the rename: the same file, no second one
    inbox = tb.tradebyte.root / "in"
    (inbox / written).rename(inbox / f"{written}.tmp")
    assert push() == [written]  # died before the rename: published now, once
    [checked] = tb.tradebyte.import_uploads()
    assert checked.accepted and len(checked.ships) == 1
    assert push() == []  # picked up by TB.One meanwhile: not written again
    assert tb.tradebyte.state.open_quantity(str(order.tb_id), str(order.items[0].tb_id)) == 0


def test_a_customer_cancellation_is_an_item_to_act_on_reported_once(tb: TradebyteWorld) -> None:
    order = tb.tradebyte.new_order([simple_product(tb.world)])
    name = tb.tradebyte.cancel_item(order, order.items[0])
    outcome = tb.run("messages")
    [error] = tb.app.store.errors.for_run(outcome.run_id)
    assert error.field == "CUST_CANCEL" and order.items[0].sku in error.message
    assert order.channel_id in error.item and "do not ship" in error.hint
    assert tb.tradebyte.files("out/archive") == [name]
    assert tb.run("messages").failed == 0
    assert tb.app.store.errors.on_day(utcnow().astimezone().date())[0].field == "CUST_CANCEL"


def test_no_buyer_data_reaches_jjdesks_database_or_logs(tb: TradebyteWorld) -> None:
    good = simple_product(tb.world)
    orders = [tb.tradebyte.new_order([good]), tb.tradebyte.new_order(["AB-99"])]
    tb.tradebyte.export_orders()
    tb.run("orders")
    [ab_order] = tb.world.afterbuy.list_orders()
    tb.world.afterbuy.set_tracking(str(ab_order.order_id), "0034043416", "DHL")
    tb.run("shipping")
    tb.run("orders")
    tb.app.store.db.conn.execute("PRAGMA wal_checkpoint(FULL)")
    kept = tb.app.profile.db_path.read_bytes()
    logs = b"".join(p.read_bytes() for p in tb.app.profile.root.rglob("*.log*"))
    for order in orders:
        for party in (order.ship_to, order.sell_to):
            assert party is not None
            for value in (party.last_name, party.street_no, party.email, party.phone):
                assert value.encode() not in kept and value.encode() not in logs, value


def test_a_dry_run_reads_the_files_and_moves_nothing(tb: TradebyteWorld) -> None:
    order = tb.tradebyte.new_order([simple_product(tb.world)])
    name = tb.tradebyte.export_orders([order])
    tb.tradebyte.put_file("ORDERS_20261201_090000_broken.xml", b"<ORDER_LIST>")
    planned = tb.app.run_once("tradebyte", "orders", dry_run=True)
    assert [str(w) for w in planned.context.planned] == [
        f"import order {order.channel_id} (1 lines)"
    ]
    assert tb.tradebyte.files("out") == sorted([name, "ORDERS_20261201_090000_broken.xml"])
    assert _vids(tb) == []


def test_a_file_still_being_written_is_not_set_aside(tb: TradebyteWorld, tmp_path: Path) -> None:
    order = tb.tradebyte.new_order([simple_product(tb.world)])
    complete = (tb.tradebyte.root / "out" / tb.tradebyte.export_orders([order])).read_bytes()
    root = tmp_path / "drop"
    (root / "out").mkdir(parents=True)
    growing = root / "out" / "ORDERS_20261201_120000.xml"
    growing.write_bytes(complete[:200])  # the writer has only begun
    writer = threading.Timer(0.3, lambda: growing.write_bytes(complete[:400]))
    writer.start()
    source = FolderOrders(LocalFolder(root), Folders(), MemoryLinks(), bool, {}, recheck=1.0)
    assert list(source.orders_since(None)) == []
    writer.join()
    assert growing.exists() and not (root / "out" / "error").exists()  # left for the next run
    growing.write_bytes(complete)
    again = FolderOrders(LocalFolder(root), Folders(), MemoryLinks(), bool, {}, recheck=0.1)
    assert [o.channel_order_id for o in again.orders_since(None)] == [str(order.tb_id)]
