"""The field mapper: every transform, every expression kind, and errors that name the field
and the source expression in words (never a personal value)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from jjdesk import i18n
from jjdesk.domain.mapping import (
    Mapped,
    Mapping,
    Rows,
    map_document,
    map_record,
    mapping_problems,
    order_records,
)

NESTED: dict[str, Any] = {
    "orders": [
        {
            "id": "1001",
            "created": "03.02.2025 14:30",
            "customer": {"email": "erika@example.com", "first": "Erika", "last": "Muster"},
            "billing": {"street": "Hauptstraße 12a", "zip": "10115", "city": "Berlin"},
            "country": "Deutschland",
            "items": [
                {"sku": " 4711 ", "name": "Tasse", "qty": 2, "price": "12,50", "tax": 19},
                {"sku": "4712", "name": "Teller", "qty": "1", "price": "1.234,00", "tax": 19},
            ],
            "shipping": {"cost": "4,90", "method": "dhl"},
            "paid": "ja",
        }
    ]
}


def _data(**rules: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "order_number": {"source": "$.id"},
        "created_at": {
            "source": "$.created",
            "transforms": [{"name": "date", "format": "%d.%m.%Y %H:%M"}],
        },
        "email": {"source": "$.customer.email"},
        "billing.first_name": {"source": "$.customer.first"},
        "billing.last_name": {"source": "$.customer.last"},
        "billing.street": {"source": "$.billing.street"},
        "billing.postal_code": {"source": "$.billing.zip"},
        "billing.city": {"source": "$.billing.city"},
        "billing.country_code": {
            "source": "$.country",
            "transforms": [{"name": "lookup", "table": {"Deutschland": "DE", "Österreich": "AT"}}],
        },
        "lines.sku": {"source": "$.sku", "transforms": [{"name": "trim"}]},
        "lines.title": {"source": "$.name"},
        "lines.quantity": {"source": "$.qty"},
        "lines.unit_price": {"source": "$.price", "transforms": [{"name": "decimal_comma"}]},
        "lines.tax_rate": {"source": "$.tax"},
        "shipping_cost": {
            "source": "$.shipping.cost",
            "transforms": [{"name": "decimal_comma"}],
        },
        "shipping_method": {"source": "$.shipping.method", "transforms": [{"name": "upper"}]},
        "payment_method": {"transforms": [{"name": "constant", "value": "Vorkasse"}]},
        "paid": {"source": "$.paid"},
    }
    fields.update(rules)
    return {"kind": "jsonpath", "orders": "$.orders[*]", "lines": "$.items[*]", "fields": fields}


def _one(data: dict[str, Any], document: Any = None) -> Mapped:
    mapped = map_document(Mapping.from_data(data), document or NESTED, "custom_shop")
    assert len(mapped) == 1
    return mapped[0]


def _errors(mapped: Mapped) -> list[str]:
    assert mapped.order is None
    return [e.text for e in mapped.errors]


def test_a_nested_json_order_maps_with_every_transform_applied() -> None:
    mapped = _one(_data())
    order = mapped.order
    assert order is not None, [e.text for e in mapped.errors]
    assert order.order_number == order.channel_order_id == "1001"
    # 14:30 in Berlin in February is 13:30 UTC
    assert order.created_at == datetime(2025, 2, 3, 13, 30, tzinfo=UTC)
    assert order.updated_at == order.created_at
    assert order.billing.last_name == "Muster"
    assert order.billing.email == "erika@example.com"
    assert order.billing.country_code == "DE"
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines] == [
        ("4711", 2, Decimal("12.50")),
        ("4712", 1, Decimal("1234.00")),
    ]
    assert order.lines[0].tax_rate == Decimal("19")
    assert order.shipping_cost == Decimal("4.90")
    assert order.shipping_method == "DHL"
    assert order.payment_method == "Vorkasse"
    assert order.paid is True
    assert order.currency == "EUR"
    assert order.shipping is None


def test_split_street_separates_number_and_two_sources_join_with_a_space() -> None:
    document = {"orders": [{**NESTED["orders"][0], "no": "7", "road": "Am Markt"}]}
    data = _data(
        **{
            "billing.street": {"source": ["$.road", "$.no"]},
            "shipping.street": {
                "source": "$.billing.street",
                "transforms": [{"name": "split_street", "part": "street"}],
            },
            "shipping.street2": {
                "source": "$.billing.street",
                "transforms": [{"name": "split_street", "part": "number"}],
            },
            "shipping.last_name": {"source": "$.customer.last"},
            "shipping.city": {"source": "$.billing.city"},
        }
    )
    order = _one(data, document).order
    assert order is not None
    assert order.billing.street == "Am Markt 7"
    assert order.shipping is not None
    assert (order.shipping.street, order.shipping.street2) == ("Hauptstraße", "12a")


def test_a_street_without_a_number_is_an_error_that_hides_the_address() -> None:
    document = {"orders": [{**NESTED["orders"][0], "billing": {"street": "Geheimweg"}}]}
    data = _data(
        **{
            "billing.street2": {
                "source": "$.billing.street",
                "transforms": [{"name": "split_street", "part": "number"}],
            }
        }
    )
    errors = _errors(_one(data, document))
    assert errors == [
        "Field “Billing: address line 2”, source “$.billing.street”: no house number can be "
        "found in the address"
    ]
    assert "Geheimweg" not in " ".join(errors)


def test_a_missing_required_field_names_the_field_in_both_languages() -> None:
    data = _data()
    del data["fields"]["lines.sku"]
    mapping = Mapping.from_data(data)
    assert [e.text for e in mapping_problems(mapping)] == [
        "Field “Line: SKU”, source “(none)”: required field is not mapped"
    ]
    i18n.set_language("de")
    assert [e.text for e in mapping_problems(mapping)] == [
        "Feld „Position: SKU“, Quelle „(keine)“: Pflichtfeld ist nicht zugeordnet"
    ]


def test_a_required_field_empty_in_the_data_names_its_expression() -> None:
    document = {"orders": [{**NESTED["orders"][0], "id": ""}]}
    assert _errors(_one(_data(), document)) == [
        "Field “Order number”, source “$.id”: required field is empty or absent in the data"
    ]


def test_a_bad_amount_names_line_field_and_expression() -> None:
    document = {"orders": [{**NESTED["orders"][0]}]}
    document["orders"][0]["items"] = [
        {"sku": "4711", "name": "Tasse", "qty": 1, "price": "12,x"},
        {"sku": "4712", "name": "Teller", "qty": 1, "price": "12.50"},
    ]
    assert _errors(_one(_data(), document)) == [
        "Field “Line: unit price (gross)” (line 1), source “$.price”: “12,x” is no number "
        "with a decimal comma (e.g. 1.234,56)",
        "Field “Line: unit price (gross)” (line 2), source “$.price”: “12.50” is no number "
        "with a decimal comma (e.g. 1.234,56)",
    ]


def test_without_a_transform_amounts_parse_with_comma_or_point_and_junk_is_an_error() -> None:
    document = {"orders": [{**NESTED["orders"][0]}]}
    document["orders"][0]["items"] = [
        {"sku": "1", "name": "A", "qty": 1, "price": "12.50"},
        {"sku": "2", "name": "B", "qty": 1, "price": 3.1},
        {"sku": "3", "name": "C", "qty": 1, "price": "zwölf"},
    ]
    data = _data(**{"lines.unit_price": {"source": "$.price"}})
    assert _errors(_one(data, document)) == [
        "Field “Line: unit price (gross)” (line 3), source “$.price”: “zwölf” is not a number"
    ]
    document["orders"][0]["items"].pop()
    order = _one(data, document).order
    assert order is not None
    assert [line.unit_price for line in order.lines] == [Decimal("12.50"), Decimal("3.1")]


def test_a_quantity_must_be_a_whole_number() -> None:
    document = {"orders": [{**NESTED["orders"][0]}]}
    document["orders"][0]["items"] = [{"sku": "1", "name": "A", "qty": "2,5", "price": "1,00"}]
    assert _errors(_one(_data(), document)) == [
        "Field “Line: quantity” (line 1), source “$.qty”: “2,5” is not a whole number"
    ]


def test_a_bad_date_names_the_format_expected() -> None:
    document = {"orders": [{**NESTED["orders"][0], "created": "31.02.2025 10:00"}]}
    assert _errors(_one(_data(), document)) == [
        "Field “Order date”, source “$.created”: “31.02.2025 10:00” does not fit the date "
        "format “%d.%m.%Y %H:%M”"
    ]


def test_without_a_date_transform_iso_8601_is_expected() -> None:
    data = _data(**{"created_at": {"source": "$.created"}})
    document = {"orders": [{**NESTED["orders"][0], "created": "2025-02-03T14:30:00+01:00"}]}
    order = _one(data, document).order
    assert order is not None
    assert order.created_at == datetime(2025, 2, 3, 13, 30, tzinfo=UTC)
    assert _errors(_one(data)) == [
        "Field “Order date”, source “$.created”: “03.02.2025 14:30” is no ISO 8601 date; "
        "choose the transform “date format” for other forms"
    ]


def test_a_lookup_miss_lists_what_the_table_knows() -> None:
    document = {"orders": [{**NESTED["orders"][0], "country": "Schweiz"}]}
    assert _errors(_one(_data(), document)) == [
        "Field “Billing: country (ISO code)”, source “$.country”: “Schweiz” is not in the "
        "lookup table (present: Deutschland, Österreich)"
    ]


def test_a_lookup_with_a_default_never_misses() -> None:
    data = _data(
        **{
            "billing.country_code": {
                "source": "$.country",
                "transforms": [{"name": "lookup", "table": {"Österreich": "AT"}, "default": "DE"}],
            }
        }
    )
    order = _one(data).order
    assert order is not None
    assert order.billing.country_code == "DE"


def test_a_yes_no_field_refuses_a_word_it_does_not_know() -> None:
    document = {"orders": [{**NESTED["orders"][0], "paid": "vielleicht"}]}
    assert _errors(_one(_data(), document)) == [
        "Field “Paid”, source “$.paid”: “vielleicht” is no yes/no value (1/0, true/false, yes/no)"
    ]


def test_an_expression_that_finds_a_group_or_several_values_is_an_error() -> None:
    data = _data(**{"billing.city": {"source": "$.billing"}, "lines.title": {"source": "$.*"}})
    errors = _errors(_one(data))
    assert (
        "Field “Billing: city”, source “$.billing”: the expression yields a list or group "
        in (errors[0])
    )
    assert "(line 1), source “$.*”: the expression yields 5 values instead of one" in errors[1]


def test_an_order_without_lines_is_named_by_the_line_path() -> None:
    document = {"orders": [{**NESTED["orders"][0], "items": []}]}
    assert _errors(_one(_data(), document)) == [
        "Field “lines”, source “$.items[*]”: the path to the lines finds none in this order"
    ]


def test_one_bad_order_does_not_stop_the_others() -> None:
    good = NESTED["orders"][0]
    document = {"orders": [good, {**good, "id": "1002", "created": "gestern"}, good]}
    mapped = map_document(Mapping.from_data(_data()), document, "custom_shop")
    assert [(m.key, m.order is not None) for m in mapped] == [
        ("1001", True),
        ("1002", False),
        ("1001", True),
    ]


def test_invalid_expressions_and_transforms_are_found_before_saving() -> None:
    data = _data(
        **{
            "billing.city": {"source": "$.[["},
            "created_at": {"source": "$.created", "transforms": [{"name": "date"}]},
            "shipping_method": {"source": "$.x", "transforms": [{"name": "rot13"}]},
            "colour": {"source": "$.colour"},
        }
    )
    texts = [e.text for e in mapping_problems(Mapping.from_data(data))]
    assert texts[0].startswith("Field “Billing: city”, source “$.[[”: the expression is invalid")
    assert texts[1:] == [
        "Field “colour”, source “$.colour”: jjdesk does not know this field",
        "Field “Order date”, source “$.created”: transform “date”: needs a date format such "
        "as %d.%m.%Y %H:%M",
        "Field “Shipping method”, source “$.x”: unknown transform “rot13”; allowed: trim, "
        "upper, decimal_comma, date, constant, lookup, split_street",
    ]
    with pytest.raises(ValueError, match="Billing: city"):
        map_document(Mapping.from_data(data), NESTED, "custom_shop")


def test_a_mapping_survives_its_saved_form_unchanged() -> None:
    mapping = Mapping.from_data(_data())
    again = Mapping.from_data(mapping.to_data())
    assert again == mapping
    assert "None" not in repr(mapping.to_data())  # no nulls: it is a TOML table too
    with pytest.raises(ValueError, match="damaged"):
        Mapping.from_data({"kind": "jsonpath", "fields": {"order_number": {"source": 3}}})


FLAT = [
    {
        "order_no": "A-7",
        "date": "2025-03-01T10:00:00Z",
        "name": "Muster",
        "sku": "100",
        "title": "Becher",
        "qty": "3",
        "price": "2,00",
    },
    {
        "order_no": "A-7",
        "date": "2025-03-01T10:00:00Z",
        "name": "Muster",
        "sku": "101",
        "title": "Kanne",
        "qty": "1",
        "price": "20,00",
    },
    {
        "order_no": "A-8",
        "date": "2025-03-01T11:00:00Z",
        "name": "Beispiel",
        "sku": "102",
        "title": "Glas",
        "qty": "6",
        "price": "1,50",
    },
]


def _tabular(kind: str, **changes: Any) -> Mapping:
    fields: dict[str, Any] = {
        "order_number": {"source": "order_no"},
        "created_at": {"source": "date"},
        "billing.last_name": {"source": "name"},
        "lines.sku": {"source": "sku"},
        "lines.title": {"source": "title"},
        "lines.quantity": {"source": "qty"},
        "lines.unit_price": {"source": "price", "transforms": [{"name": "decimal_comma"}]},
    }
    fields.update(changes)
    return Mapping.from_data({"kind": kind, "fields": fields})


def test_csv_rows_group_into_orders_by_the_order_column() -> None:
    mapped = map_document(_tabular("csv"), FLAT, "custom_shop")
    assert [(m.key, [line.sku for line in m.order.lines]) for m in mapped if m.order] == [
        ("A-7", ["100", "101"]),
        ("A-8", ["102"]),
    ]


def test_a_csv_column_that_is_not_there_lists_the_columns_that_are() -> None:
    mapping = _tabular("csv", **{"billing.city": {"source": "Ort"}})
    errors = _errors(map_document(mapping, FLAT[2:], "custom_shop")[0])
    assert errors == [
        "Field “Billing: city”, source “Ort”: the data has no such column (present: order_no, "
        "date, name, sku, title, qty, price)"
    ]


def test_sql_columns_match_regardless_of_case_and_keep_native_types() -> None:
    rows = [
        {
            "ORDER_NO": 55,
            "DATE": datetime(2025, 7, 1, 12, 0),
            "NAME": "X",
            "SKU": 9,
            "TITLE": "T",
            "QTY": 2,
            "PRICE": Decimal("3.30"),
        }
    ]
    mapping = _tabular("sql", **{"lines.unit_price": {"source": "price"}})
    [mapped] = map_document(mapping, rows, "custom_shop")
    assert mapped.order is not None
    assert mapped.order.order_number == "55"
    # a database's naive time is the shop's local time (summer: UTC+2)
    assert mapped.order.created_at == datetime(2025, 7, 1, 10, 0, tzinfo=UTC)
    assert mapped.order.lines[0].unit_price == Decimal("3.30")


XML = b"""<export>
  <order id="X1">
    <date>2025-04-01T08:00:00+02:00</date>
    <buyer><name>Muster</name></buyer>
    <items>
      <item sku="200"><title>Krug</title><qty>1</qty><price>9,99</price></item>
      <item sku="201"><title>Deckel</title><qty>2</qty><price>1,01</price></item>
    </items>
  </order>
</export>"""


def test_xpath_maps_attributes_and_element_text_with_repeated_lines() -> None:
    mapping = Mapping.from_data(
        {
            "kind": "xpath",
            "orders": "/export/order",
            "lines": "items/item",
            "fields": {
                "order_number": {"source": "@id"},
                "created_at": {"source": "date"},
                "billing.last_name": {"source": "buyer/name"},
                "lines.sku": {"source": "@sku"},
                "lines.title": {"source": "title"},
                "lines.quantity": {"source": "qty"},
                "lines.unit_price": {"source": "price", "transforms": [{"name": "decimal_comma"}]},
            },
        }
    )
    root = etree.fromstring(XML)
    [mapped] = map_document(mapping, root, "custom_shop")
    assert mapped.order is not None
    assert mapped.order.order_number == "X1"
    assert [(line.sku, line.title, line.unit_price) for line in mapped.order.lines] == [
        ("200", "Krug", Decimal("9.99")),
        ("201", "Deckel", Decimal("1.01")),
    ]
    assert mapped.order.created_at == datetime(2025, 4, 1, 6, 0, tzinfo=UTC)


def test_suggestions_offer_the_expressions_a_sample_has() -> None:
    from jjdesk.domain.mapping import evaluator

    record = NESTED["orders"][0]
    found = evaluator("jsonpath").suggestions(record)
    assert "$.customer.email" in found and "$.items[*]" in found
    [order] = order_records(Mapping("xpath", "/export/order", "items/item"), etree.fromstring(XML))
    assert {"@id", "date", "buyer/name", "items/item/@sku"} <= set(
        evaluator("xpath").suggestions(order)
    )
    assert evaluator("csv").suggestions(Rows((FLAT[0],)))[:2] == ["order_no", "date"]


def test_map_record_reports_every_error_of_an_order_at_once() -> None:
    record = {**NESTED["orders"][0], "created": "x", "paid": "?", "country": "Mars"}
    mapped = map_record(Mapping.from_data(_data()), record, "custom_shop")
    assert [e.target for e in mapped.errors] == ["created_at", "billing.country_code", "paid"]
    assert mapped.key == "1001"


def test_a_sku_with_letters_is_an_error_where_the_sink_needs_product_ids() -> None:
    document = {"orders": [{**NESTED["orders"][0]}]}
    document["orders"][0]["items"] = [{"sku": "AB-12", "name": "A", "qty": 1, "price": "1,00"}]
    mapping = Mapping.from_data(_data())
    [mapped] = map_document(mapping, document, "custom_shop", numeric_skus=True)
    assert _errors(mapped) == [
        "Field “Line: SKU” (line 1), source “$.sku”: the SKU “AB-12” contains letters or "
        "signs; Afterbuy expects the ProductID (digits only)"
    ]
    [loose] = map_document(mapping, document, "custom_shop")
    assert loose.order is not None
