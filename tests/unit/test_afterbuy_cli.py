"""The Afterbuy support commands against the simulator."""

from __future__ import annotations

import argparse
import io
import json

from jjdesk import cli_afterbuy
from jjdesk.sandbox.afterbuy import AfterbuySimulator
from tests.afterbuy_helpers import running


def _run(argv: list[str], sim: AfterbuySimulator) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    cli_afterbuy.configure(parser)
    args = parser.parse_args(argv)
    out = io.StringIO()
    with running(sim) as env:
        code = cli_afterbuy.run(args, env.client, out)
    return code, out.getvalue()


def test_products_json_has_variants_and_decimal_strings() -> None:
    code, text = _run(["products", "--id", "10000016", "--format", "json"], AfterbuySimulator())
    (line,) = text.splitlines()
    data = json.loads(line)
    assert code == 0 and data["product_id"] == "10000015"
    assert data["kind"] == "variation_parent" and len(data["variants"]) == 5
    assert isinstance(data["variants"][0]["selling_price"], str)
    assert data["variants"][0]["options"][0]["name"] == "Farbe"


def test_orders_lists_shipments_and_reports_unknown() -> None:
    sim = AfterbuySimulator(products=10, orders=2)
    code, text = _run(["orders", "--id", "400000001", "5"], sim)
    assert "400000001: method=DHL Paket tracking=00340434" in text
    assert "5: not found" in text and code == 1


def test_table_marks_broken_products() -> None:
    sim = AfterbuySimulator(products=30)
    sim.modify_product("10000002", TaxRate="19%")
    code, text = _run(["products", "--changed-since", "2020-01-01T00:00:00"], sim)
    assert code == 1 and "! product 10000002" in text and "└ Farbe=" in text
