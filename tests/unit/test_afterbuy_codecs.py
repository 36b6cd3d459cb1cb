"""Afterbuy codecs on the public sample payloads and on our own hand-written ones."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.afterbuy import wire
from jjdesk.connectors.afterbuy.assembly import VariationAssembler
from jjdesk.connectors.afterbuy.catalogs import build_tree, parse_catalogs
from jjdesk.connectors.afterbuy.errors import AfterbuyCallError, error_for
from jjdesk.connectors.afterbuy.formats import format_decimal_comma, format_german_local
from jjdesk.connectors.afterbuy.orders import parse_sold_items, tag_orders, tracking_order
from jjdesk.connectors.afterbuy.products import PageInfo, ParsedProduct, iter_products
from jjdesk.connectors.afterbuy.shop_interface import Outcome, afterbuy_country, parse_shop_answer
from jjdesk.domain.models import OptionValue, Product, ProductKind, Unreadable
from jjdesk.errors import AuthFailure
from tests.afterbuy_helpers import ELIXIR, FIXTURES, WUNDII

needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason="shared Afterbuy fixtures not present at ../shared/fixtures"
)


def _fixture(path: Path) -> bytes:
    return path.read_bytes()


def _products(data: bytes) -> tuple[list[ParsedProduct | Unreadable], PageInfo]:
    info = PageInfo()
    return list(iter_products(data, info)), info


def _page(products: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><Afterbuy><CallStatus>Success</CallStatus>'
        "<CallName>GetShopProducts</CallName><Result><HasMoreProducts>0</HasMoreProducts>"
        f"<Products>{products}</Products><LastProductID>0</LastProductID></Result></Afterbuy>"
    ).encode()


# ---- public samples ---------------------------------------------------------------------


@needs_fixtures
def test_get_shop_products_sample() -> None:
    items, info = _products(_fixture(WUNDII / "ResponseFiles" / "GetShopProductsSuccess.xml"))
    (item,) = items
    assert isinstance(item, ParsedProduct)
    p = item.product
    assert p.kind is ProductKind.PRODUCT_SET and p.set_component_ids == ("123",)
    assert p.modified_at == datetime(2025, 5, 19, 14, 12, 23, tzinfo=UTC)  # 16:12 CEST
    assert p.additional_price("hood") == Decimal("1.20")
    assert p.tax_rate == Decimal("19") and p.level == 1000
    assert p.ean == "99999999999999" and p.brand == "Afterbuy"
    assert [pic.url for pic in p.pictures] == [
        "http://bilder.afterbuy.de/images/NPNTRE/ProductPicture_1018331920_1.jpg"
    ]
    assert p.free_value(10) == "FV10" and p.delivery_time == "1-3 Tage"
    assert p.catalog_ids == ("141556",) and p.condition == "new"
    assert ("Attribut 4", ";1. Wahl;2. Wahl;3. Wahl;4. Wahl") in p.attributes
    assert (info.total_pages, info.page_number, info.last_product_id) == (1, 1, "1010101")


@needs_fixtures
def test_elixir_product_sample_with_vb_booleans() -> None:
    items, info = _products(_fixture(ELIXIR / "success_call_name.xml"))
    (item,) = items
    assert isinstance(item, ParsedProduct)
    assert item.product.stock_managed is True and item.product.tax_rate == Decimal("16")
    assert item.product.keywords == ("Meine Keywords",)
    assert info.has_more and info.last_product_id == "10000000"


@needs_fixtures
def test_error_and_warning_samples() -> None:
    root = wire.parse_document(_fixture(ELIXIR / "error_call_name.xml"))
    errors = wire.messages(wire.find_child(root, "Result"), "Error")
    error = error_for("ErrorCallName", errors)
    assert isinstance(error, AfterbuyCallError)
    assert error.code == "999" and "vorübergehend" in error.text
    _items, info = _products(_fixture(ELIXIR / "warning_call_name.xml"))
    assert info.call_status == "Warning" and info.warnings[0].code == "1"
    fail = wire.parse_document(_fixture(WUNDII / "ResponseFiles" / "GetAfterbuyTimeFail.xml"))
    parse_error = error_for("NotFound", wire.messages(wire.find_child(fail, "Result"), "Error"))
    assert isinstance(parse_error, AfterbuyCallError) and parse_error.code == "2"


@needs_fixtures
def test_sold_items_samples() -> None:
    page = parse_sold_items(_fixture(WUNDII / "ResponseFiles" / "GetSoldItemsSuccess.xml"))
    (order,) = page.orders
    assert page.has_more and page.last_order_id == "43151135"
    assert order.shipment.tracking_number == "00340434464181524067"
    assert order.shipment.tracking_url == "https://www.example.com/track?code=1234567890"
    assert order.shipment.shipping_method == "Paketdienst"
    assert order.shipment.shipped_at is not None and order.shipment.complete
    assert order.lines[0].unit_price == Decimal("112.30")
    assert order.lines[0].product_id == "1234567890"
    old = parse_sold_items(_fixture(WUNDII / "ResponseFiles" / "GetSoldItemsSuccess2.0.460.xml"))
    assert len(old.orders[0].lines) == 3 and not old.has_more
    assert old.orders[0].shipment.tracking_number == "00340434464181524067"
    assert old.orders[0].shipment.shipped_at is None  # empty DeliveryDate


@needs_fixtures
def test_catalog_and_time_samples() -> None:
    page = parse_catalogs(_fixture(WUNDII / "ResponseFiles" / "GetShopCatalogsSuccess.xml"))
    tree = build_tree(page.catalogs)
    assert [(c.catalog_id, c.parent_id, c.path) for c in tree] == [
        ("1010101", None, ("TestName",)),
        ("1110101", None, ("TestName1",)),
    ]
    root = wire.parse_document(_fixture(WUNDII / "ResponseFiles" / "GetAfterbuyTimeSuccess.xml"))
    assert wire.afterbuy_time(root) == datetime(2024, 7, 20, 9, 50, 6, tzinfo=UTC)


@needs_fixtures
def test_shop_interface_samples() -> None:
    ok = parse_shop_answer(_fixture(WUNDII / "ResponseFiles" / "CreateShopOrderSuccess.xml"))
    assert (ok.outcome, ok.order_id) == (Outcome.CREATED, "1234567")
    ssl = parse_shop_answer(_fixture(WUNDII / "ResponseFiles" / "CreateShopOrderError.xml"))
    assert ssl.outcome is Outcome.PLAIN_HTTP and ssl.errors == ("SSL erforderlich",)
    many = parse_shop_answer(_fixture(FIXTURES / "wundii-afterbuy-sdk" / "tests" / "Unit" / "Trait"
                                      / "Files" / "ConvertErrorXmlSource.xml"))  # fmt: skip
    assert many.outcome is Outcome.REFUSED and many.errors == ("Fehlertext 1", "Fehlertext 2")


def _paths(node: etree._Element, prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for child in node:
        path = f"{prefix}/{child.tag}"
        paths.add(path)
        paths |= _paths(child, path)
    return paths


@needs_fixtures
def test_update_sold_items_requests_use_the_sample_shapes() -> None:
    basic = wire.parse_document(_fixture(WUNDII / "RequestFiles" / "UpdateSoldItemsBasic.xml"))
    labels = wire.parse_document(
        _fixture(WUNDII / "RequestFiles" / "UpdateSoldItemsParcelLabel.xml")
    )
    known = _paths(basic) | _paths(labels)
    ours = wire.parse_document(
        wire.build_request("UpdateSoldItems", "p", "a", 0, tag_orders([("1", ["x", "y"])]))
    )
    tracking = wire.parse_document(
        wire.build_request(
            "UpdateSoldItems", "p", "a", 0, tracking_order("1", "0034", "DHL", datetime.now(UTC))
        )
    )
    assert _paths(ours) - known == set()
    assert _paths(tracking) - known == set()


# ---- own payloads -------------------------------------------------------------------------

_SET = """
<Product><ProductID>10</ProductID><Name><![CDATA[Shirt &amp; Co]]></Name>
 <BaseProductFlag>1</BaseProductFlag><ModDate>01.07.2025 12:00:00</ModDate>
 <BaseProducts>
  <BaseProduct><BaseProductID>12</BaseProductID><BaseProductsRelationData><Position>2</Position>
   <eBayVariationData><eBayVariationName>Farbe</eBayVariationName><eBayVariationValue>Blau</eBayVariationValue></eBayVariationData>
   <eBayVariationData><eBayVariationName>Größe</eBayVariationName><eBayVariationValue>L</eBayVariationValue></eBayVariationData>
   <eBayVariationData><eBayVariationName>Stoff</eBayVariationName><eBayVariationValue>Leinen</eBayVariationValue></eBayVariationData>
  </BaseProductsRelationData></BaseProduct>
  <BaseProduct><BaseProductID>11</BaseProductID><BaseProductsRelationData><Position>1</Position>
   <VariationLabel>Farbe: Rot; Größe: M; Stoff: Wolle</VariationLabel>
  </BaseProductsRelationData></BaseProduct>
 </BaseProducts></Product>
"""
_CHILD = (
    "<Product><ProductID>{id}</ProductID><Name>Kind {id}</Name><BaseProductFlag>3</BaseProductFlag>"
    "<Quantity>4</Quantity><Stock>-1</Stock><SellingPrice>1.234,50</SellingPrice>"
    "<AdditionalPrices><AdditionalPrice><DefinitionId>7</DefinitionId><Name>shopifySalePrice</Name>"
    "<Value>9,95</Value></AdditionalPrice></AdditionalPrices>"
    "<BaseProducts><BaseProduct><BaseProductID>10</BaseProductID><BaseProductType>1</BaseProductType>"
    "</BaseProduct></BaseProducts></Product>"
)


def _assemble(*pages: bytes) -> tuple[list[Product], list[Unreadable], list[list[str]]]:
    fetched: list[list[str]] = []

    def fetch(ids: object) -> list[ParsedProduct | Unreadable]:
        fetched.append(list(ids))  # type: ignore[call-overload]
        return []

    assembler = VariationAssembler(fetch)
    out: list[Product | Unreadable] = []
    for page in pages:
        items, _info = _products(page)
        for item in items:
            out.extend(assembler.feed(item))
    out.extend(assembler.finish())
    products = [p for p in out if isinstance(p, Product)]
    return products, [u for u in out if isinstance(u, Unreadable)], fetched


def test_children_before_and_after_the_parent_are_assembled_without_extra_calls() -> None:
    page1 = _page(_CHILD.format(id=12))
    page2 = _page(_SET + _CHILD.format(id=11) + _CHILD.format(id=12))  # 12 again: deduped
    products, problems, fetched = _assemble(page1, page2)
    assert fetched == [] and problems == []
    (parent,) = products
    assert parent.name == "Shirt &amp; Co"  # CDATA keeps entities literally
    assert [v.product_id for v in parent.variants] == ["11", "12"]  # by Position
    assert parent.variants[0].options == (
        OptionValue("Farbe", "Rot"),
        OptionValue("Größe", "M"),
        OptionValue("Stoff", "Wolle"),
    )
    assert parent.variants[1].options[2] == OptionValue("Stoff", "Leinen")
    child = parent.variants[0]
    assert child.selling_price == Decimal("1234.50") and child.stock_managed
    assert child.additional_price("shopifysaleprice") == Decimal("9.95")
    assert child.parent_id == "10" and child.kind is ProductKind.VARIATION_CHILD


def test_missing_children_are_fetched_once_at_the_end() -> None:
    products, _problems, fetched = _assemble(_page(_SET + _CHILD.format(id=11)))
    assert fetched == [["12"]]
    assert [v.product_id for v in products[0].variants] == ["11"]


def test_broken_product_becomes_a_problem_and_the_next_one_parses() -> None:
    bad = (
        "<Product><ProductID>5</ProductID><Name>x</Name><SellingPrice>abc</SellingPrice></Product>"
    )
    late = "<Product><ProductID>6</ProductID><ModDate>31.02.2025 10:00:00</ModDate></Product>"
    good = "<Product><ProductID>7</ProductID><Name>Gut &amp; günstig</Name></Product>"
    products, problems, _ = _assemble(_page(bad + late + good))
    assert [p.product_id for p in products] == ["7"]
    assert products[0].name == "Gut & günstig"
    assert [(p.key, p.field) for p in problems] == [("5", "SellingPrice"), ("6", "ModDate")]


def test_request_envelope_follows_ui_language() -> None:
    before = i18n.language()
    try:
        i18n.set_language("de")
        body = wire.build_request("GetAfterbuyTime", "P<&", "A", 0)
        root = wire.parse_document(body)
        glob = wire.find_child(root, "AfterbuyGlobal")
        assert wire.child_text(glob, "ErrorLanguage") == "DE"
        assert wire.child_text(glob, "PartnerToken") == "P<&"
        i18n.set_language("en")
        assert b"<ErrorLanguage>EN</ErrorLanguage>" in wire.build_request("X", "p", "a", 0)
    finally:
        i18n.set_language(before)


def test_auth_errors_and_countries() -> None:
    auth = error_for("GetShopProducts", [wire.AfterbuyMessage("20", "AccountToken ungültig")])
    assert isinstance(auth, AuthFailure)
    assert afterbuy_country("de") == "D" and afterbuy_country("AT") == "A"
    assert afterbuy_country("ZZ") == "ZZ"


def test_duplicate_answer_counts_as_success() -> None:
    answer = parse_shop_answer(
        b"<result><success>0</success><errorlist><error>Diese Bestellung wurde bereits erfasst"
        b"</error><VID>77</VID><OrderID>555</OrderID></errorlist></result>"
    )
    assert (answer.outcome, answer.order_id) == (Outcome.DUPLICATE, "555")


@given(st.decimals(min_value=Decimal("-99999"), max_value=Decimal("99999"), places=2))
def test_decimal_comma_round_trip(value: Decimal) -> None:
    text = format_decimal_comma(value)
    product = f"<Product><ProductID>1</ProductID><SellingPrice>{text}</SellingPrice></Product>"
    (item,), _ = _products(_page(product))
    assert isinstance(item, ParsedProduct) and item.product.selling_price == value


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    )
)
def test_german_local_timestamp_round_trip(moment: datetime) -> None:
    text = format_german_local(moment)
    product = f"<Product><ProductID>1</ProductID><ModDate>{text}</ModDate></Product>"
    (item,), _ = _products(_page(product))
    assert isinstance(item, ParsedProduct) and item.product.modified_at is not None
    # one hour a year is ambiguous in local time; the text must still read back the same
    assert format_german_local(item.product.modified_at) == text
    assert abs((item.product.modified_at - moment.replace(microsecond=0)).total_seconds()) in (
        0,
        3600,
    )
