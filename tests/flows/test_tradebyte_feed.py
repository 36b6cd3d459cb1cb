"""The Tradebyte product feed and stock, end to end: Afterbuy's simulator, the real
connector, TB.One's SFTP server on loopback with its importer checking every upload."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from jjdesk.app import Services
from jjdesk.connectors.tradebyte import read_csv
from jjdesk.integrations.tradebyte import sftp_folder
from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.tradebyte_world import TradebyteWorld, simple_product, tradebyte_world


@pytest.fixture
def tb(profile: Profile, secrets: SecretStore, tmp_path: Path) -> Iterator[TradebyteWorld]:
    with tradebyte_world(profile, secrets, tmp_path / "tradebyte", products=0) as world:
        yield world


def _feed_rows(w: TradebyteWorld) -> dict[str, dict[str, str]]:
    _, rows = read_csv(w.feed.read_bytes())
    return {row["a_nr"]: row for row in rows}


def _upload_on(w: TradebyteWorld) -> None:
    w.app.set_option("tradebyte", "upload_feed", "tradebyte.upload_on")


def test_levels_10_11_and_12_in_the_feed_and_in_the_stock(tb: TradebyteWorld) -> None:
    ids = {level: simple_product(tb.world, level, Quantity=str(level)) for level in (0, 10, 11, 12)}
    tb.run("products")
    rows = _feed_rows(tb)
    assert rows[ids[0]]["a_active"] == "1"
    assert rows[ids[10]]["a_active"] == rows[ids[10]]["p_active[zade]"] == "0"
    assert ids[11] not in rows and ids[12] not in rows
    tb.run("stock")
    assert tb.tradebyte.state.stock == {ids[0]: 0, ids[10]: 10, ids[11]: 11}  # 12+: no stock

    # a product sent before leaves the feed at 11 and at 12+, but only 11 keeps its stock
    tb.world.afterbuy.set_level(ids[0], 12)
    tb.world.afterbuy.modify_product(ids[10], Level="11", Quantity="3")
    tb.run("products")
    assert set(_feed_rows(tb)) == set()
    tb.age("stock:sent", timedelta(minutes=10))
    tb.run("stock")
    assert tb.tradebyte.state.stock[ids[10]] == 3


def test_a_child_at_level_11_leaves_the_feed_while_its_stock_is_still_updated(
    tb: TradebyteWorld,
) -> None:
    parent, children = tb.world.afterbuy.add_variation_set(
        [[("Farbe", "Rot"), ("Größe", "M")], [("Farbe", "Blau"), ("Größe", "L")]]
    )
    for child in children:
        tb.world.afterbuy.modify_product(
            child, SellingPrice="24,95", TaxRate="19", EAN=f"40063813339{child[-2:]}",
            ManufacturerStandardProductIDValue=f"40063813339{child[-2:]}",
        )  # fmt: skip
    tb.world.afterbuy.modify_product(parent, Name="Mütze Set", TaxRate="19")
    tb.run("products")
    rows = _feed_rows(tb)
    assert set(rows) == set(children)
    assert rows[children[1]]["a_comp[Farbe]"] == "Blau" and rows[children[0]]["p_nr"] == parent

    tb.world.afterbuy.modify_product(children[0], Level="11", Quantity="4")
    tb.world.afterbuy.modify_product(parent, Name="Mütze Set")
    tb.run("products")
    assert set(_feed_rows(tb)) == {children[1]}
    tb.run("stock")
    assert tb.tradebyte.state.stock[children[0]] == 4


def test_unchanged_products_cost_no_write_and_the_file_is_the_base(tb: TradebyteWorld) -> None:
    first = simple_product(tb.world)
    second = simple_product(tb.world, Name="Schal „Polar“")
    tb.run("products")
    before = tb.feed.read_bytes()
    again = tb.run("products")
    assert again.written == 0 and tb.feed.read_bytes() == before
    tb.world.afterbuy.modify_product(second, Name="Schal „Polarstern“")
    changed = tb.run("products")
    assert changed.written == 1
    rows = _feed_rows(tb)
    assert rows[second]["p_name"] == "Schal „Polarstern“" and first in rows  # kept from the file


def test_a_feed_changed_outside_jjdesk_is_rebuilt_and_said_so(tb: TradebyteWorld) -> None:
    pid = simple_product(tb.world)
    tb.run("products")
    tb.feed.write_bytes(tb.feed.read_bytes().replace(b"Wollm", b"Hand-editiert Wollm"))
    outcome = tb.run("products")
    assert outcome.status is RunStatus.WARNINGS
    [error] = tb.app.store.errors.for_run(outcome.run_id)
    assert error.item_kind == "feed file" and "outside jjdesk" in error.message
    assert _feed_rows(tb)[pid]["p_name"] == "Wollmütze Nordlicht"
    assert tb.run("products").failed == 0  # told once


def test_the_feed_is_rebuilt_from_afterbuy_once_a_day(tb: TradebyteWorld) -> None:
    keep = simple_product(tb.world)
    gone = simple_product(tb.world)
    tb.run("products")
    tb.world.afterbuy.delete_product(gone)  # no level change: the delta does not see it
    tb.run("products")
    assert gone in _feed_rows(tb)
    tb.age("products:rebuilt", timedelta(hours=24))
    rebuilt = tb.run("products")
    assert set(_feed_rows(tb)) == {keep}
    assert rebuilt.written == 0  # rebuilt whole, but nothing changed for Tradebyte
    assert tb.app.store.fingerprints.keys("tradebyte", "product") == [keep]


def test_uploads_follow_tradebytes_full_daily_delta_hourly_rule(tb: TradebyteWorld) -> None:
    _upload_on(tb)
    first = simple_product(tb.world)
    tb.run("products")
    [full] = tb.tradebyte.state.feeds()
    assert [row["a_nr"] for row in full.checked.rows] == [first]
    second = simple_product(tb.world)
    tb.run("products")  # within the hour: the change waits
    assert len(tb.tradebyte.state.feeds()) == 1 and second in _feed_rows(tb)
    tb.age("products:upload:any", timedelta(hours=1))
    tb.run("products")
    delta = tb.tradebyte.state.feeds()[-1]
    assert [row["a_nr"] for row in delta.checked.rows] == [second]  # only what changed
    tb.age("products:upload:any", timedelta(hours=1))
    tb.run("products")
    assert len(tb.tradebyte.state.feeds()) == 2  # nothing changed: nothing uploaded
    tb.age("products:upload:any", timedelta(hours=24))
    tb.age("products:upload:full", timedelta(hours=24))
    tb.run("products")
    assert sorted(r["a_nr"] for r in tb.tradebyte.state.feeds()[-1].checked.rows) == sorted(
        [first, second]
    )
    assert tb.tradebyte.state.refused == {}


def test_a_dropped_upload_leaves_no_partial_file_and_the_next_run_sends_it(
    tb: TradebyteWorld,
) -> None:
    _upload_on(tb)
    for n in range(40):
        simple_product(tb.world, Name=f"Artikel {n} " + "x" * 200)
    tb.tradebyte.sftp.faults.drop_after_bytes = 5_000
    failed = tb.run("products", ok=False)
    assert failed.status is RunStatus.FAILED and "SFTP" in failed.title
    assert [n for n in tb.tradebyte.files("in") if not n.endswith(".tmp")] == []
    assert tb.tradebyte.state.imported == []
    tb.run("products")
    [full] = tb.tradebyte.state.feeds()
    assert len(full.checked.rows) == 40


def test_a_changed_host_key_stops_the_run_with_both_fingerprints(tb: TradebyteWorld) -> None:
    simple_product(tb.world)
    answer = tb.app.test_connection("tradebyte_sftp")
    pinned = tb.tradebyte.sftp.host_key_fingerprint
    assert pinned in answer and "saved now" in answer
    assert tb.app.connection_value("tradebyte_sftp", "host_key") == pinned
    assert "unchanged" in tb.app.test_connection("tradebyte_sftp")
    tb.tradebyte.sftp.new_host_key()
    stopped = tb.run("stock", ok=False)
    assert stopped.status is RunStatus.FAILED
    assert pinned in stopped.message and tb.tradebyte.sftp.host_key_fingerprint in stopped.message
    assert tb.tradebyte.state.stock == {}  # nothing was transferred
    assert tb.app.connection_value("tradebyte_sftp", "host_key") == pinned  # never re-pinned
    tb.app.save_connection("tradebyte_sftp", {"host_key": ""})  # the merchant resets it
    tb.run("stock")
    assert tb.tradebyte.state.stock != {}


def test_permission_denied_and_a_full_disk_fail_the_run_in_words_and_lose_nothing(
    tb: TradebyteWorld,
) -> None:
    pid = simple_product(tb.world, Quantity="5")
    tb.tradebyte.sftp.faults.deny_writes_below = {"in"}
    denied = tb.run("stock", ok=False)
    assert denied.status is RunStatus.FAILED and "Permission denied" in denied.message
    tb.tradebyte.sftp.faults.deny_writes_below = set()
    tb.tradebyte.sftp.faults.disk_full = True
    full = tb.run("stock", ok=False)
    assert "space" in full.message.casefold()
    tb.tradebyte.sftp.faults.disk_full = False
    tb.run("stock")
    assert tb.tradebyte.state.stock == {pid: 5}


def test_stock_waits_for_tradebytes_ten_minute_floor(tb: TradebyteWorld) -> None:
    pid = simple_product(tb.world, Quantity="5")
    tb.run("stock")
    tb.world.afterbuy.set_quantity(pid, 0)  # sold out
    waited = tb.run("stock")
    assert waited.read == 0 and tb.tradebyte.state.stock == {pid: 5}
    tb.age("stock:sent", timedelta(minutes=10))
    tb.run("stock")
    assert tb.tradebyte.state.stock == {pid: 0}
    floor = tb.app.option_spec("tradebyte", "stock_floor_minutes")
    assert (floor.default, floor.minimum) == ("10", 10)  # shown and bounded in Settings
    assert "10" in floor.label


def test_stock_as_tb_stock_xml(tb: TradebyteWorld) -> None:
    pid = simple_product(tb.world, Quantity="9")
    tb.app.set_option("tradebyte", "stock_format", "tradebyte.stock_xml")
    tb.run("stock")
    [stock_file] = tb.tradebyte.state.imported
    assert stock_file.name.startswith("TBCAT_stock_") and stock_file.checked.stock == {pid: 9}


def test_a_missing_sftp_server_is_a_sentence_naming_the_field(tb: TradebyteWorld) -> None:
    tb.app.save_connection("tradebyte_sftp", {"host": ""})
    outcome = tb.run("stock", ok=False)
    assert outcome.status is RunStatus.FAILED
    assert "Tradebyte SFTP" in outcome.title and "SFTP server" in outcome.message


def test_tb_ones_importer_answers_a_refused_file_with_a_reason_file_beside_it(
    tb: TradebyteWorld,
) -> None:
    folder = sftp_folder(Services(tb.app, "tradebyte"))
    try:
        folder.write("in/PRODUCT_test_20261201.csv", b"a_nr\n1\n")
        folder.write("in/ARTICLE_20261201_1.csv", b"a_nr,a_stock\n1,drei\n")
        folder.write("in/ARTICLE_20261201_2.csv", b"a_nr,a_stock\n1,3\n")
    finally:
        folder.close()
    inbox = tb.tradebyte.root / "in"
    assert "'test'" in (inbox / "PRODUCT_test_20261201.csv.error.txt").read_text()
    assert "a_stock 'drei'" in (inbox / "ARTICLE_20261201_1.csv.error.txt").read_text()
    assert not (inbox / "ARTICLE_20261201_2.csv").exists()  # taken by the importer
    assert tb.tradebyte.state.stock == {"1": 3}


def test_a_dry_run_plans_the_rows_and_writes_no_file(tb: TradebyteWorld) -> None:
    pid = simple_product(tb.world)
    _upload_on(tb)
    planned = tb.app.run_once("tradebyte", "products", dry_run=True)
    assert [(w.action.value, w.source, w.status) for w in planned.context.planned] == [
        ("create", pid, "active")
    ]
    assert not tb.feed.exists() and tb.tradebyte.state.imported == []
