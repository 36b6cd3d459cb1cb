"""Mapping presets: starting points for the common shapes a shop delivers orders in.

Each is a mapping in its saved form (see `domain.mapping.Mapping.to_data`); the editor
offers them and the demo uses them. They fit the custom-shop simulator's shapes, so a
merchant can see one work before adapting it to their own shop.
"""

from __future__ import annotations

from jjdesk.domain.mapping import Mapping

_COUNTRIES = {
    "Deutschland": "DE",
    "Österreich": "AT",
    "Schweiz": "CH",
    "Niederlande": "NL",
    "Germany": "DE",
    "Austria": "AT",
}
_GERMAN_TIME = {"name": "date", "format": "%d.%m.%Y %H:%M"}
_COMMA = {"name": "decimal_comma"}
_TRIM = {"name": "trim"}


def _address(group: str, base: str, street: str | list[str]) -> dict[str, object]:
    return {
        f"{group}.first_name": {"source": f"{base}.first_name", "transforms": [_TRIM]},
        f"{group}.last_name": {"source": f"{base}.last_name", "transforms": [_TRIM]},
        f"{group}.company": {"source": f"{base}.company"},
        f"{group}.street": {"source": street},
        f"{group}.postal_code": {"source": f"{base}.zip"},
        f"{group}.city": {"source": f"{base}.city"},
        f"{group}.country_code": {
            "source": f"{base}.country",
            "transforms": [{"name": "lookup", "table": _COUNTRIES}],
        },
    }


NESTED_JSON: dict[str, object] = {
    "version": 1,
    "kind": "jsonpath",
    "orders": "$.orders[*]",
    "lines": "$.line_items[*]",
    "fields": {
        "order_number": {"source": "$.number"},
        "order_id": {"source": "$.id"},
        "created_at": {"source": "$.created_at"},
        "updated_at": {"source": "$.updated_at"},
        "email": {"source": "$.customer.email"},
        **_address("billing", "$.customer.billing_address", "$.customer.billing_address.street"),
        **_address("shipping", "$.customer.shipping_address", "$.customer.shipping_address.street"),
        "lines.sku": {"source": "$.sku", "transforms": [_TRIM]},
        "lines.title": {"source": "$.title"},
        "lines.quantity": {"source": "$.quantity"},
        "lines.unit_price": {"source": "$.price"},
        "lines.tax_rate": {"source": "$.tax_rate"},
        "shipping_cost": {"source": "$.shipping.price"},
        "shipping_method": {"source": "$.shipping.method"},
        "payment_method": {"source": "$.payment.method"},
        "paid": {
            "source": "$.payment.status",
            "transforms": [{"name": "lookup", "table": {"paid": "1", "pending": "0"}}],
        },
        "comment": {"source": "$.note"},
    },
}

_FLAT_FIELDS: dict[str, object] = {
    "order_number": {"source": "order_no"},
    "created_at": {"source": "order_date", "transforms": [_GERMAN_TIME]},
    "updated_at": {"source": "modified", "transforms": [_GERMAN_TIME]},
    "email": {"source": "mail"},
    "billing.first_name": {"source": "bill_firstname"},
    "billing.last_name": {"source": "bill_lastname"},
    "billing.street": {"source": ["bill_street", "bill_house_no"]},
    "billing.postal_code": {"source": "bill_zip"},
    "billing.city": {"source": "bill_city"},
    "billing.country_code": {"source": "bill_country", "transforms": [{"name": "upper"}]},
    "lines.sku": {"source": "art_no", "transforms": [_TRIM]},
    "lines.title": {"source": "art_name"},
    "lines.quantity": {"source": "amount"},
    "lines.unit_price": {"source": "price_gross", "transforms": [_COMMA]},
    "lines.tax_rate": {"source": "vat", "transforms": [_COMMA]},
    "shipping_cost": {"source": "ship_cost", "transforms": [_COMMA]},
    "shipping_method": {"source": "ship_method"},
    "payment_method": {"source": "pay_method"},
    "paid": {"source": "paid"},
}


def _json_paths(fields: dict[str, object]) -> dict[str, object]:
    """The flat fields as JSONPaths (`$.name`); line fields relative to a position."""
    converted: dict[str, object] = {}
    for name, rule in fields.items():
        assert isinstance(rule, dict)
        source = rule["source"]
        sources = [source] if isinstance(source, str) else list(source)
        paths = [f"$.{s}" for s in sources]
        converted[name] = {**rule, "source": paths[0] if len(paths) == 1 else paths}
    return converted


FLAT_JSON: dict[str, object] = {
    "version": 1,
    "kind": "jsonpath",
    "orders": "$.data[*]",
    "lines": "$.positions[*]",
    "fields": _json_paths(_FLAT_FIELDS),
}

CSV: dict[str, object] = {
    "version": 1,
    "kind": "csv",
    "orders": "order_no",
    "lines": "",
    "fields": dict(_FLAT_FIELDS),
}

XML: dict[str, object] = {
    "version": 1,
    "kind": "xpath",
    "orders": "/orders/order",
    "lines": "items/item",
    "fields": {
        "order_number": {"source": "@number"},
        "created_at": {"source": "created"},
        "updated_at": {"source": "changed"},
        "email": {"source": "buyer/email"},
        "billing.first_name": {"source": "buyer/address/@first"},
        "billing.last_name": {"source": "buyer/address/@last"},
        "billing.street": {"source": "buyer/address/street"},
        "billing.postal_code": {"source": "buyer/address/zip"},
        "billing.city": {"source": "buyer/address/city"},
        "billing.country_code": {"source": "buyer/address/@country"},
        "lines.sku": {"source": "@sku"},
        "lines.title": {"source": "."},
        "lines.quantity": {"source": "@qty"},
        "lines.unit_price": {"source": "@price"},
        "lines.tax_rate": {"source": "@vat"},
        "shipping_cost": {"source": "shipping/@cost"},
        "shipping_method": {"source": "shipping/@method"},
        "payment_method": {"source": "payment/@method"},
        "paid": {"source": "payment/@paid"},
    },
}

# the query the SQL preset fits (the simulator's schema; `:since` is bound, never pasted)
SQL_QUERY = (
    "SELECT o.order_id, o.order_number, o.created_at, o.updated_at, o.email, o.first_name, "
    "o.last_name, o.street, o.postal_code, o.city, o.country_code, o.shipping_cost, "
    "o.shipping_method, o.payment_method, o.paid, o.note, i.sku, i.title, i.quantity, "
    "i.unit_price, i.tax_rate FROM shop_orders o JOIN shop_order_items i "
    "ON i.order_id = o.order_id WHERE o.updated_at >= :since "
    "ORDER BY o.updated_at, o.order_id, i.position"
)
SQL_UPDATE = (
    "UPDATE shop_orders SET tracking_number = :tracking_number, carrier = :carrier, "
    "shipped_at = :shipped_at WHERE order_id = :order_id"
)

SQL: dict[str, object] = {
    "version": 1,
    "kind": "sql",
    "orders": "order_id",
    "lines": "",
    "fields": {
        "order_number": {"source": "order_number"},
        "order_id": {"source": "order_id"},
        "created_at": {"source": "created_at"},
        "updated_at": {"source": "updated_at"},
        "email": {"source": "email"},
        "billing.first_name": {"source": "first_name"},
        "billing.last_name": {"source": "last_name"},
        "billing.street": {"source": "street"},
        "billing.postal_code": {"source": "postal_code"},
        "billing.city": {"source": "city"},
        "billing.country_code": {"source": "country_code"},
        "lines.sku": {"source": "sku"},
        "lines.title": {"source": "title"},
        "lines.quantity": {"source": "quantity"},
        "lines.unit_price": {"source": "unit_price"},
        "lines.tax_rate": {"source": "tax_rate"},
        "shipping_cost": {"source": "shipping_cost"},
        "shipping_method": {"source": "shipping_method"},
        "payment_method": {"source": "payment_method"},
        "paid": {"source": "paid"},
        "comment": {"source": "note"},
    },
}

PRESETS: dict[str, dict[str, object]] = {
    "nested_json": NESTED_JSON,
    "flat_json": FLAT_JSON,
    "csv": CSV,
    "xml": XML,
    "sql": SQL,
}


def preset(name: str) -> Mapping:
    """A preset as a `Mapping`."""
    return Mapping.from_data(PRESETS[name])
