"""Every mapping preset is valid and maps the shape it is made for, lines and all; the
errors of a broken order name field and expression and never the customer's data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text

from jjdesk.connectors.custom_shop import PRESETS, parse_file, preset
from jjdesk.connectors.custom_shop.presets import SQL_QUERY
from jjdesk.connectors.custom_shop.records import map_one
from jjdesk.domain.mapping import mapping_problems, order_records
from jjdesk.domain.models import Order, Unreadable
from jjdesk.sandbox.custom_shop import CustomShopState
from jjdesk.sandbox.custom_shop_sql import ShopDatabase


def _shop() -> tuple[CustomShopState, list[object]]:
    shop = CustomShopState()
    orders = [shop.new_order(["10000001", "10000002"]), shop.new_order(["10000003"])]
    return shop, list(orders)


def _data(name: str, tmp_path: object) -> object:
    shop, orders = _shop()
    if name == "nested_json":
        return {"orders": [shop.nested(o) for o in orders]}  # type: ignore[arg-type]
    if name == "flat_json":
        return {"data": [shop.flat(o) for o in orders]}  # type: ignore[arg-type]
    if name == "sql":
        engine = create_engine("sqlite://")
        database = ShopDatabase(engine)
        for order in orders:
            database.put(order)  # type: ignore[arg-type]
        with engine.connect() as connection:
            result = connection.execute(text(SQL_QUERY), {"since": "2000-01-01"})
            return [dict(row._mapping) for row in result]
    kind = {"csv": "csv", "xml": "xml"}[name]
    path = shop.write_file(tmp_path, kind, orders)  # type: ignore[arg-type]
    return parse_file(preset(name).kind, path.read_bytes())


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_each_preset_is_valid_and_maps_its_shape(name: str, tmp_path: object) -> None:
    mapping = preset(name)
    assert mapping_problems(mapping) == []
    records = order_records(mapping, _data(name, tmp_path))
    orders = [map_one(mapping, r, "shop-x") for r in records]
    assert all(isinstance(o, Order) for o in orders), orders
    first = orders[0]
    assert isinstance(first, Order)
    assert [line.sku for line in first.lines] == ["10000001", "10000002"]
    assert [line.unit_price for line in first.lines] == [Decimal("19.90")] * 2
    assert first.shipping_cost == Decimal("4.95") and first.billing.country_code == "DE"
    assert first.billing.street.startswith("Hauptstraße") and first.billing.street.endswith("5")
    assert first.paid is True and first.created_at.tzinfo is not None


def test_a_broken_order_names_field_and_expression_but_no_personal_value() -> None:
    shop = CustomShopState()
    order = shop.new_order(["10000001"], created_text="31.02.2026", country="Atlantis")
    order.lines[0].price = "12,x"
    mapping = preset("nested_json")
    [record] = order_records(mapping, {"orders": [shop.nested(order)]})
    item = map_one(mapping, record, "shop-x")
    assert isinstance(item, Unreadable) and item.key == order.number
    assert "$.created_at" in item.message and "$.price" in item.message
    assert "Billing" in item.message or "billing" in item.message.lower()
    assert "not in the lookup table" in item.message  # a country is no personal data
    assert "Erika" not in item.message and "Mustermann" not in item.message
