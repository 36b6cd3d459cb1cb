"""Tradebyte's public samples read by jjdesk's readers (and by the simulator's importer)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from jjdesk.connectors.tradebyte import CsvDialect, read_csv, write_csv
from jjdesk.connectors.tradebyte.messages_xml import ChannelMessage, parse_messages
from jjdesk.connectors.tradebyte.orders_xml import Release, TbOrder, parse_orders
from jjdesk.connectors.tradebyte.stock import stock_xml
from jjdesk.domain.models import StockLevel, Unreadable
from jjdesk.sandbox.tradebyte_checks import check_upload
from tests.conftest import FIXTURES

SAMPLES = FIXTURES / "tradebyte"
pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"Tradebyte samples not found at {SAMPLES}"
)
FILE_TIME = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def _no_orders(order: str, item: str) -> int | None:
    return None


def test_the_real_product_csv_parses_and_round_trips_byte_for_byte() -> None:
    data = _sample("silentjma_input_source1_panda.csv")
    header, rows = read_csv(data)
    assert header[0] == "p_brand" and len(rows) == 1
    [row] = rows
    assert row["a_nr"] == "XWA-001" and row["a_comp[size]"] == "99,8g"
    assert row["p_text"].startswith("Das Trinken von Wasser")
    assert row["a_ean"] == "4.26E+12"  # read as written: text, never turned into a number
    assert write_csv(header, rows, CsvDialect(",")) == data


def test_the_importer_refuses_the_sample_for_its_spreadsheet_damaged_ean() -> None:
    checked = check_upload("PRODUCT_20231001_120000.csv", _sample(
        "silentjma_input_source1_panda.csv"), _no_orders)  # fmt: skip
    assert any("a_ean '4.26E+12'" in reason for reason in checked.reasons)


def test_tradebytes_example_order_reads_into_an_order() -> None:
    [entry] = parse_orders(_sample("mhd_OrderTest_EXAMPLE_ORDER_tb-order.xml"), FILE_TIME)
    assert isinstance(entry, TbOrder)
    order = entry.order
    assert entry.release is Release.APPROVED
    assert order.channel_order_id == "chxx-4712"  # no TB_ID in this (import) example
    assert order.order_number == "303-6862327-6937118"
    assert order.billing.street == "Teststraße 5"  # street and number in one field
    assert order.shipping is not None and order.shipping.city == "Musterhausen"
    [line] = order.lines
    assert (line.sku, line.quantity, line.unit_price) == ("4689bls", 2, Decimal("349.00"))
    assert line.ean == "1234567891255"
    assert order.updated_at == FILE_TIME  # the file's time: an edit of the file counts


def test_an_order_list_with_an_empty_order_gives_that_order_as_unreadable() -> None:
    [entry] = parse_orders(_sample("mhd_OrderListTest_order_list_skeleton.xml"), FILE_TIME)
    assert isinstance(entry, Unreadable) and entry.field == "CHANNEL_ID"


def test_message_samples_read_as_channel_messages() -> None:
    [single] = parse_messages(_sample("kinimodmeyer_tests_files_message.xml"), "message.xml")
    [listed] = parse_messages(_sample("kinimodmeyer_tests_files_messagelist.xml"), "list.xml")
    for message in (single, listed):
        assert isinstance(message, ChannelMessage)
        assert (message.key, message.tb_order_id, message.quantity) == ("1", "2", 4)
        assert message.sku == "sku_test"


def test_stock_samples_are_what_the_importer_takes_and_jjdesk_writes_the_same_shape() -> None:
    sample = check_upload("TBCAT_stock_1.xml", _sample("kinimodmeyer_tests_files_stock.xml"),
                          _no_orders)  # fmt: skip
    assert sample.accepted and sample.stock == {"a_nr_test": 2}
    ours = stock_xml([StockLevel("a_nr_test", 2), StockLevel("10000002", 0)], FILE_TIME)
    checked = check_upload("TBCAT_stock_2.xml", ours, _no_orders)
    assert checked.accepted and checked.stock == {"a_nr_test": 2, "10000002": 0}


def test_the_docs_stock_examples_are_read_as_the_importer_reads_them() -> None:
    text = _sample("tb-stock_examples_from_docs.xml.txt").decode()
    first = text[text.index("<TBSTOCK>") : text.index("</TBSTOCK>") + len("</TBSTOCK>")]
    checked = check_upload("TBCAT_stock_3.xml", first.encode(), _no_orders)
    assert checked.stock == {"3810b1M": 15, "564721": 8}


def test_samples_are_never_copied_into_the_repository() -> None:
    repo = Path(__file__).resolve().parents[2]
    names = {p.name for p in SAMPLES.iterdir()}
    ours = [p for top in ("jjdesk", "tests", "docs") for p in (repo / top).rglob("*")]
    assert not [p for p in ours if p.name in names]
