"""The real AfterbuyClient against the Afterbuy simulator over a loopback socket."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jjdesk.connectors.afterbuy import AfterbuyProtocolError, ArticleIdentification
from jjdesk.domain.models import OrderLine, Product, ProductKind, Unreadable
from jjdesk.errors import AuthFailure, ItemProblem
from jjdesk.sandbox.afterbuy import ABINTERFACE_PATH, AfterbuySimulator
from jjdesk.sandbox.server import FaultKind
from tests.afterbuy_helpers import make_order, running


def _leaf_ids(items: list[Product | Unreadable] | list[Product]) -> list[str]:
    ids: list[str] = []
    for product in items:
        assert isinstance(product, Product), product
        ids.append(product.product_id)
        ids.extend(v.product_id for v in product.variants)
    return ids


def test_full_read_pages_to_the_end_with_minimum_calls() -> None:
    sim = AfterbuySimulator(seed=2, products=1234)
    with running(sim) as env:
        products = list(env.client.changed_products(None))
    ids = _leaf_ids(products)
    assert len(ids) == len(set(ids)) == 1234
    assert sim.calls["GetShopProducts"] == 5  # ⌈1234/250⌉, no follow-up calls
    assert not any(p.kind is ProductKind.VARIATION_CHILD for p in products)
    assert all(v.parent_id == p.product_id for p in products for v in p.variants)


def test_small_pages_still_reach_the_end() -> None:
    sim = AfterbuySimulator(seed=2, products=95)
    with running(sim, page_size=10) as env:
        ids = _leaf_ids(list(env.client.changed_products(None)))
    assert sorted(ids) == sorted(sim.product_ids())
    assert sim.calls["GetShopProducts"] == 10


def test_variation_set_with_three_options() -> None:
    sim = AfterbuySimulator(seed=5, products=200)
    with running(sim) as env:
        parents = [
            p for p in env.client.changed_products(None) if p.kind is ProductKind.VARIATION_PARENT
        ]
    three = [p for p in parents if len(p.variants[0].options) == 3]
    assert three, "the catalogue has sets with 3 options"
    parent = three[0]
    assert len(parent.variants) == 5
    assert [o.name for o in parent.variants[0].options] == ["Farbe", "Größe", "Material"]
    combos = {tuple(o.value for o in v.options) for v in parent.variants}
    assert len(combos) == 5
    assert all(v.kind is ProductKind.VARIATION_CHILD for v in parent.variants)


def test_changed_since_brings_parent_with_all_children() -> None:
    sim = AfterbuySimulator(seed=1, products=400)
    since = datetime.now(UTC) - timedelta(seconds=1)
    with running(sim) as env:
        sim.modify_product("10000003", Name="Neu")
        sim.set_quantity("10000017", 3)  # a child of the set 10000015
        products = list(env.client.changed_products(since))
    by_id = {p.product_id: p for p in products}
    assert set(by_id) == {"10000003", "10000015"}
    assert by_id["10000003"].name == "Neu"
    children = {v.product_id: v for v in by_id["10000015"].variants}
    assert set(children) == {"10000016", "10000017", "10000018", "10000019", "10000020"}
    assert children["10000017"].quantity == 3


def test_new_variation_set_changed_since() -> None:
    sim = AfterbuySimulator(seed=1, products=40)
    since = datetime.now(UTC) - timedelta(seconds=1)
    parent_id, children = sim.add_variation_set(
        [[("Farbe", "Rot"), ("Größe", "M")], [("Farbe", "Blau"), ("Größe", "L")]]
    )
    with running(sim) as env:
        products = list(env.client.changed_products(since))
    assert [p.product_id for p in products] == [parent_id]
    assert [v.product_id for v in products[0].variants] == children
    assert products[0].variants[1].options[1].value == "L"


def test_broken_product_is_one_problem_and_the_rest_goes_through() -> None:
    sim = AfterbuySimulator(seed=1, products=600)
    sim.modify_product("10000004", SellingPrice="abc")
    with running(sim) as env:
        items = list(env.client.changed_products(None))
    problems = [i for i in items if isinstance(i, Unreadable)]
    assert len(problems) == 1
    assert problems[0].key == "10000004"
    assert problems[0].field == "SellingPrice"
    assert "abc" in problems[0].message
    ids = _leaf_ids([i for i in items if isinstance(i, Product)])
    assert "10000004" not in ids
    assert len(ids) == 599


def test_malformed_answer_is_fetched_again() -> None:
    sim = AfterbuySimulator(seed=1, products=300)
    with running(sim) as env:
        sim.corrupt_next(1)
        ids = _leaf_ids(list(env.client.changed_products(None)))
        assert len(ids) == 300
        sim.corrupt_next(5)
        with pytest.raises(AfterbuyProtocolError):
            list(env.client.changed_products(None))


def test_http_500_and_dropped_connection_then_recovery() -> None:
    sim = AfterbuySimulator(seed=1, products=300)
    with running(sim) as env:
        env.server.faults.inject(FaultKind.HTTP_500, times=2, path_contains="ABInterface")
        env.server.faults.inject(FaultKind.DROP, times=1, path_contains="ABInterface")
        ids = _leaf_ids(list(env.client.changed_products(None)))
    assert len(ids) == 300
    assert env.server.requests[ABINTERFACE_PATH] == 2 + 3  # 2 pages + 3 failed attempts


def test_bad_token_is_an_auth_failure() -> None:
    with running(AfterbuySimulator(products=10), account_token="wrong") as env:
        with pytest.raises(AuthFailure):
            env.client.test_connection()
        with pytest.raises(AuthFailure):
            env.client.create_order(make_order(), "1001")


def test_connection_returns_afterbuy_time() -> None:
    with running(AfterbuySimulator(products=10)) as env:
        moment = env.client.test_connection()
    assert abs((moment - datetime.now(UTC)).total_seconds()) < 5


def test_check_vid_duplicate_returns_the_same_order_id() -> None:
    sim = AfterbuySimulator(products=50)
    with running(sim) as env:
        first = env.client.create_order(make_order("A-77"), "A-77")
        second = env.client.create_order(make_order("A-77"), "A-77")
    assert first == second
    assert [o.vid for o in sim.list_orders()] == ["A-77"]


def test_order_form_carries_ids_prices_country_and_link() -> None:
    sim = AfterbuySimulator(products=50)
    order = make_order("5005", skus=("10000001", "10000002"))
    with running(sim) as env:
        env.client.create_order(order, order.channel_order_id)
    form = sim.list_orders()[0].form
    assert form["vid"] == "5005" and form["checkvid"] == "1"
    assert form["artikelerkennung"] == "0"
    assert form["artikelnr_2"] == "10000002"
    assert form["artikelepreis_1"] == "19,99"
    assert form["artikelmwst_1"] == "19,00"
    assert form["versandkosten"] == "4,95"
    assert form["kland"] == "D" and form["klland"] == "A"
    assert order.channel_url in form["vmemo"] and "Abholservice" in form["vmemo"]


def test_sku_with_letters_is_an_item_problem_and_nothing_is_written() -> None:
    sim = AfterbuySimulator(products=50)
    order = make_order("9001", skus=("10000001", "ABC-12"))
    with running(sim) as env, pytest.raises(ItemProblem) as caught:
        env.client.create_order(order, order.channel_order_id)
    problem = caught.value
    assert (problem.item_kind, problem.item_id, problem.field) == ("order", "9001", "sku")
    assert "ABC-12" in problem.message and problem.hint
    assert "Mustermann" not in f"{problem.title} {problem.message} {problem.hint}"
    assert sim.list_orders() == []
    assert sim.calls["ShopInterface:new"] == 0


def test_article_identification_by_ean_accepts_letters() -> None:
    sim = AfterbuySimulator(products=50)
    order = make_order("9002", skus=("ABC-12",))
    with running(sim, identification=ArticleIdentification.EAN) as env:
        env.client.create_order(order, order.channel_order_id)
    assert sim.list_orders()[0].form["artikelerkennung"] == "13"


def test_tags_are_written_in_batches_of_150_and_keep_existing_tags() -> None:
    sim = AfterbuySimulator(products=20, orders=320)
    ids = [str(o.order_id) for o in sim.list_orders()]
    with running(sim) as env:
        env.client.tag_done(ids, "shopify abgeschlossen")
    assert sim.calls["UpdateSoldItems"] == 3
    orders = sim.list_orders()
    assert all("shopify abgeschlossen" in o.tags for o in orders)
    assert "Sonderversand" in orders[0].tags


def test_shipments_read_back_and_tracking_written() -> None:
    sim = AfterbuySimulator(products=20)
    with running(sim) as env:
        first = env.client.create_order(make_order("S-1"), "S-1")
        second = env.client.create_order(make_order("S-2"), "S-2")
        sim.set_tracking(first, "00340434161234567890", "DHL Paket", "https://track/1")
        env.client.set_tracking(second, "1Z999", shipping_method="UPS")
        shipments = env.client.shipments([first, second, "999"])
    assert set(shipments) == {first, second}
    one = shipments[first]
    assert (one.tracking_number, one.shipping_method, one.tracking_url) == (
        "00340434161234567890",
        "DHL Paket",
        "https://track/1",
    )
    assert one.complete
    assert shipments[second].tracking_number == "1Z999"
    assert shipments[second].shipping_method == "UPS"


def test_no_sold_items_is_not_an_error() -> None:
    with running(AfterbuySimulator(products=5)) as env:
        assert env.client.sold_items(["123"]) == []


def test_catalogue_paths_and_stock_pass() -> None:
    sim = AfterbuySimulator(seed=4, products=300)
    with running(sim) as env:
        paths = {c.catalog_id: c.path for c in env.client.catalogs()}
        levels = list(env.client.stock_levels(None))
        since = datetime.now(UTC) - timedelta(seconds=1)
        sim.set_quantity("10000002", 42)
        changed = list(env.client.stock_levels(since))
    assert paths["1210"] == ("Wohnen", "Deko", "Vasen & Schalen")
    assert len(levels) == 300 - 15  # every variation parent (one per block of 20) left out
    assert [(s.product_id, s.quantity) for s in changed] == [("10000002", 42)]


def test_products_by_level_and_by_id() -> None:
    sim = AfterbuySimulator(seed=4, products=200)
    sim.set_level("10000005", 11)
    with running(sim) as env:
        level_ids = {p.product_id for p in env.client.products_by_level(11, 11)}
        by_id = list(env.client.products_by_id(["10000017", "10000005"]))
    assert "10000005" in level_ids
    assert {p.product_id for p in by_id} == {"10000005", "10000015"}  # a child brings its set


def test_simulator_refuses_more_than_150_orders_and_malformed_xml() -> None:
    sim = AfterbuySimulator(products=5)
    orders = "".join(f"<Order><OrderID>{n}</OrderID></Order>" for n in range(151))
    request = (
        "<Request><AfterbuyGlobal><PartnerToken>partner</PartnerToken><AccountToken>account"
        "</AccountToken><CallName>UpdateSoldItems</CallName></AfterbuyGlobal>"
        f"<Orders>{orders}</Orders></Request>"
    )
    with running(sim) as env:
        url = env.server.base_url + ABINTERFACE_PATH
        too_many = httpx.post(url, content=request.encode())
        broken = httpx.post(url, content=b"<Request><AfterbuyGlobal>")
    assert too_many.status_code == 200 and "<ErrorCode>75</ErrorCode>" in too_many.text
    assert "<ErrorCode>2</ErrorCode>" in broken.text


_prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.tuples(st.integers(10_000_001, 10_000_050), st.integers(1, 20), _prices),
        min_size=1,
        max_size=4,
    ),
    tax=st.sampled_from([Decimal("19"), Decimal("7"), Decimal("0")]),
)
def test_order_round_trip_through_the_simulator(
    lines: list[tuple[int, int, Decimal]], tax: Decimal
) -> None:
    sim = AfterbuySimulator(products=50)
    base = make_order("RT-1")
    order = type(base)(
        **{
            **{f: getattr(base, f) for f in base.__dataclass_fields__},
            "lines": tuple(
                OrderLine(sku=str(sku), title="x", quantity=q, unit_price=p, tax_rate=tax)
                for sku, q, p in lines
            ),
        }
    )
    with running(sim) as env:
        order_id = env.client.create_order(order, order.channel_order_id)
        (sold,) = env.client.sold_items([order_id])
    assert [(s.product_id, s.quantity, s.unit_price, s.tax_rate) for s in sold.lines] == [
        (str(sku), q, p, tax) for sku, q, p in lines
    ]


def test_orders_by_range_and_by_date_are_paged_to_the_end_without_repeats() -> None:
    sim = AfterbuySimulator(seed=4, products=20, orders=260)  # more than one page of 250
    with running(sim) as env:
        everything = [s.order_id for s in env.client.sold_items_range(0)]
        since = [s.order_id for s in env.client.sold_items_since(datetime(2000, 1, 1, tzinfo=UTC))]
        calls = env.sim.calls["GetSoldItems"]
    expected = sorted(str(o.order_id) for o in sim.list_orders())
    assert sorted(everything) == expected and len(set(everything)) == 260
    assert sorted(since) == expected
    assert calls >= 4  # two pages each
