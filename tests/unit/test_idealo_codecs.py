"""idealo codecs: Afterbuy products → PWS offers, MOA orders (public samples) → orders."""

from __future__ import annotations

import json
from copy import deepcopy
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from jjdesk.connectors.idealo.carriers import DEFAULT_TABLE, CarrierTable
from jjdesk.connectors.idealo.offer_codec import (
    PROBLEM,
    QUANTITY,
    WARNING,
    OfferSettings,
    offer_payloads,
    plain_text,
    sku_problem,
)
from jjdesk.connectors.idealo.order_codec import OrderDecodeError, to_order
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import OptionValue, Picture, Product, ProductKind
from tests.conftest import FIXTURES

IDEALO = FIXTURES / "idealo"
needs_fixtures = pytest.mark.skipif(
    not IDEALO.is_dir(), reason="public idealo samples not present at ../shared/fixtures/idealo"
)
SETTINGS = OfferSettings("https://www.mein-shop.de/artikel/{sku}")
FV4 = "Delivery=DHL;DeliveryCosts=6,90;PackagingUnit=1;FreeReturnDays=30;Replica=false;"
LABEL = (
    "Eec=A++;efficiencyClass=A;spectrum=A-G;labelUrl=https://x.de/l.png;"
    "dataSheetUrl=https://x.de/d.pdf;fuelEfficiencyClass=nil;wetGripClass=nil;"
    "externalRollingNoise=nil;externalRollingNoiseClass=nil;snowGrip=nil;iceGrip=nil;version=1;"
)
PATHS = {"1110": ("Wohnen", "Möbel", "Tische")}


def _paths(ids: Any) -> list[str]:
    for catalog_id in ids:
        if catalog_id in PATHS:
            return list(PATHS[catalog_id])
    return []


def _product(product_id: str = "10000001", **changes: Any) -> Product:
    base = Product(
        product_id=product_id,
        name="Esstisch Eiche",
        description="<p>Massiv &amp; geölt</p><ul><li>180 cm</li></ul>",
        brand="Nordlicht",
        ean="4012345678901",
        manufacturer_part_number="ET-180",
        catalog_ids=("1110",),
        pictures=(Picture("https://bilder.example.com/tisch.jpg"),),
        free_values=((4, FV4),),
        quantity=4,
        selling_price=Decimal("499.00"),
        additional_prices=(("idealoPrice", Decimal("479.9")), ("idealoMinPrice", Decimal("449"))),
        delivery_time="3-5 Werktage",
        condition="new",
    )
    return replace(base, **changes)


def test_a_simple_product_becomes_one_offer_with_the_spec_mapping() -> None:
    [payload] = offer_payloads(_product(), ExportAction.TRANSFER, SETTINGS, _paths)
    assert payload.key == "10000001"
    assert payload.body == {
        "sku": "10000001",
        "title": "Esstisch Eiche",
        "price": "479.90",  # idealoPrice wins over the selling price
        "minimumPrice": "449.00",
        "url": "https://www.mein-shop.de/artikel/10000001",
        "brand": "Nordlicht",
        "description": "Massiv & geölt\n180 cm",
        "imageUrls": ["https://bilder.example.com/tisch.jpg"],
        "eans": ["4012345678901"],
        "hans": ["ET-180"],
        "categoryPath": ["Wohnen", "Möbel", "Tische"],
        "delivery": "3-5 Werktage",
        "deliveryCosts": {"DHL": "6.90"},
        "packagingUnit": 1,
        "freeReturnDays": 30,
        "checkout": False,
        "replica": False,
        "used": False,
    }
    # the quantity travels beside the fingerprinted body (a stock change is no offer change)
    assert payload.extra[QUANTITY] == 4


def test_the_selling_price_without_idealo_price_and_used_condition() -> None:
    product = _product(additional_prices=(), condition="used")
    [payload] = offer_payloads(product, ExportAction.TRANSFER, SETTINGS, _paths)
    assert payload.body["price"] == "499.00"
    assert "minimumPrice" not in payload.body
    assert payload.body["used"] is True


def test_every_variant_child_is_an_offer_of_its_own() -> None:
    children = tuple(
        _product(
            f"2000000{n}",
            name="Esstisch Eiche",
            kind=ProductKind.VARIATION_CHILD,
            options=(OptionValue("Farbe", colour), OptionValue("Größe", size)),
            pictures=(),
            description="",
            brand="",
            catalog_ids=(),
            quantity=n,
        )
        for n, (colour, size) in enumerate([("Natur", "180 cm"), ("Weiß", "Medium")], start=1)
    )
    parent = _product("20000000", kind=ProductKind.VARIATION_PARENT, variants=children)
    payloads = offer_payloads(parent, ExportAction.TRANSFER, SETTINGS, _paths)
    assert [p.key for p in payloads] == ["20000001", "20000002"]
    first, second = (p.body for p in payloads)
    # the child's own title carries its variant values; texts and pictures from the parent
    assert first["title"] == "Esstisch Eiche Natur 180 cm"
    assert (first["colour"], first["size"]) == ("Natur", "180 cm")
    assert (second["colour"], second["size"]) == ("Weiß", "Medium")
    assert first["imageUrls"] == ["https://bilder.example.com/tisch.jpg"]
    assert first["categoryPath"] == ["Wohnen", "Möbel", "Tische"]
    assert [p.extra[QUANTITY] for p in payloads] == [1, 2]
    assert all(WARNING not in p.extra for p in payloads)


def test_an_abbreviated_size_is_a_warning_and_free_field_4_wins_over_options() -> None:
    child = _product(
        "30000001", kind=ProductKind.VARIATION_CHILD, options=(OptionValue("Größe", "M"),)
    )
    [payload] = offer_payloads(child, ExportAction.TRANSFER, SETTINGS, _paths)
    assert payload.body["size"] == "M" and PROBLEM not in payload.extra
    assert "“M”" in str(payload.extra[WARNING])
    named = replace(child, free_values=((4, FV4 + "Size=Medium;"),))
    [payload] = offer_payloads(named, ExportAction.TRANSFER, SETTINGS, _paths)
    assert payload.body["size"] == "Medium" and WARNING not in payload.extra


def test_a_bad_child_carries_its_problem_and_its_siblings_are_built() -> None:
    good = _product("40000001", kind=ProductKind.VARIATION_CHILD)
    bad = _product("40000002", kind=ProductKind.VARIATION_CHILD, free_values=((4, "Delivery=DHL"),))
    parent = _product("40000000", kind=ProductKind.VARIATION_PARENT, variants=(good, bad))
    first, second = offer_payloads(parent, ExportAction.TRANSFER, SETTINGS, _paths)
    assert PROBLEM not in first.extra
    problem = second.extra[PROBLEM]
    assert problem.field == "FreeValue4 (Delivery, DeliveryCosts)"  # type: ignore[attr-defined]
    assert "DeliveryCosts" in problem.message  # type: ignore[attr-defined]


def test_energy_label_from_free_field_5() -> None:
    product = _product(free_values=((4, FV4), (5, LABEL)))
    [payload] = offer_payloads(product, ExportAction.TRANSFER, SETTINGS, _paths)
    assert payload.body["eec"] == "A++"
    assert payload.body["energyLabels"] == [
        {
            "efficiencyClass": "A",
            "spectrum": "A-G",
            "labelUrl": "https://x.de/l.png",
            "dataSheetUrl": "https://x.de/d.pdf",
            "version": 1,
        }
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"free_values": ()}, "FreeValue4"),
        ({"selling_price": None, "additional_prices": ()}, "price"),
        ({"delivery_time": ""}, "DeliveryTime"),
        ({"free_values": ((4, FV4), (5, "Eec=A;"))}, "FreeValue5"),
    ],
)
def test_missing_data_is_a_problem_on_the_offer_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    [payload] = offer_payloads(_product(**changes), ExportAction.TRANSFER, SETTINGS, _paths)
    assert payload.extra[PROBLEM].field.startswith(field)  # type: ignore[attr-defined]


@pytest.mark.parametrize("sku", ["10/20", "A;B", "C\\D", "50%", "mit Leer", "ü1", "..", "a?b"])
def test_skus_that_cannot_travel_in_a_url_path_are_refused(sku: str) -> None:
    problem = sku_problem(sku)
    assert problem is not None and problem.field == "sku" and sku in problem.message
    [payload] = offer_payloads(_product(sku), ExportAction.TRANSFER, SETTINGS, _paths)
    assert PROBLEM in payload.extra


@pytest.mark.parametrize("sku", ["10000001", "AB-12_x.3~", "(a)+b"])
def test_path_safe_skus_pass(sku: str) -> None:
    assert sku_problem(sku) is None


@pytest.mark.parametrize("action", [ExportAction.REMOVE, ExportAction.SKIP, ExportAction.INACTIVE])
def test_levels_that_take_the_offer_away_build_nothing(action: ExportAction) -> None:
    assert offer_payloads(_product(), action, SETTINGS, _paths) == []


def test_plain_text_from_afterbuy_html() -> None:
    assert plain_text("<b>Schön</b>&nbsp;&amp; gut<br>Zeile 2") == "Schön & gut\nZeile 2"


def test_carrier_table_and_carrier_names() -> None:
    table = CarrierTable({**DEFAULT_TABLE, "Paket Premium": "DHL_GO_GREEN"})
    assert table.carrier("paket premium") == "DHL_GO_GREEN"
    assert table.carrier("Deutsche Post") == "DEUTSCHE_POST"
    assert table.carrier("dhl-express") == "DHL_EXPRESS"
    assert table.carrier("Hermes") == "HERMES"
    assert table.carrier("Brieftaube") is None
    assert table.carrier("") is None


# ---- orders --------------------------------------------------------------------------


def _sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((IDEALO / name).read_text("utf-8"))
    return data


@needs_fixtures
def test_the_public_order_sample_with_two_man_delivery() -> None:
    [raw] = _sample("moa_v2_get_orders_response.json")["content"]
    order = to_order(raw)
    assert order.channel_order_id == "A1B2C3D4" and order.order_number == "A1B2C3D4"
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines] == [
        ("product-sku-12345", 1, Decimal("30.55")),
        ("product-sku-5648", 2, Decimal("10.15")),
    ]
    assert order.shipping_cost == Decimal("2.99")
    assert sum(line.unit_price * line.quantity for line in order.lines) + order.shipping_cost == (
        Decimal("53.84")  # grossPrice: what the customer paid
    )
    assert order.billing.street == "Ritterstraße 11" and order.billing.country_code == "DE"
    assert order.shipping is not None and order.shipping.street2 == "c/o idealo"
    assert order.memo == "Two Man Handling Fee: €2.99 (two-man delivery)"
    assert order.payment_method == "idealo Checkout Payments" and order.paid
    assert not order.cancelled and order.change_note == ""


@needs_fixtures
def test_the_pickup_service_and_its_price_go_into_the_memo() -> None:
    raw = deepcopy(_sample("moa_v2_get_new_order_response.json"))
    raw["fulfillment"]["options"].append({"forwardOption": "PICKUP_SERVICE", "price": "19.90"})
    from jjdesk import i18n

    i18n.set_language("de")
    try:
        memo = to_order(raw).memo
    finally:
        i18n.set_language("en")
    assert memo.splitlines() == [
        "Two Man Handling Fee: 2,99 € (Lieferung durch zwei Personen)",
        "PICKUP_Service: 19,90 € (Altgeräte-Mitnahme)",
    ]


@needs_fixtures
def test_revocations_lower_quantities_and_a_full_one_cancels() -> None:
    raw = deepcopy(_sample("moa_v2_get_new_order_response.json"))
    raw["status"] = "PARTIALLY_REVOKED"
    raw["lineItems"][1]["remainingQuantity"] = 1
    raw["lineItems"][0]["remainingQuantity"] = 1
    order = to_order(raw)
    assert [line.quantity for line in order.lines] == [1, 1]
    assert not order.cancelled
    assert order.change_note == "partially revoked at idealo (SKU product-sku-5648: 1 of 2 revoked)"
    raw["status"] = "REVOKED"
    for item in raw["lineItems"]:
        item["remainingQuantity"] = 0
    revoked = to_order(raw)
    assert revoked.cancelled and revoked.lines == ()
    assert revoked.change_note == "fully revoked at idealo"


@needs_fixtures
@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("lineItems", 0, "price"), "30,55", "lineItems[0].price"),
        (("lineItems", 1, "quantity"), "zwei", "lineItems[1].quantity"),
        (("grossPrice",), "99.00", "grossPrice"),
        (("offersPrice",), "10.00", "offersPrice"),
        (("shippingCosts",), "-1", "shippingCosts"),
    ],
)
def test_an_order_that_does_not_add_up_or_parse_names_the_field(
    path: tuple[Any, ...], value: str, field: str
) -> None:
    raw = deepcopy(_sample("moa_v2_get_new_order_response.json"))
    target: Any = raw
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(OrderDecodeError) as caught:
        to_order(raw)
    assert caught.value.field == field
