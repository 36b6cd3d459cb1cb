"""Products out of Afterbuy when the data or the answers are bad: one bad product is named
and its neighbours go through, the ID list stays complete, the text stays unmangled."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from jjdesk.app import App
from jjdesk.connectors.afterbuy import AfterbuyProtocolError
from jjdesk.domain.models import Product, StockLevel, Unreadable
from jjdesk.errors import NetworkFailure
from jjdesk.profile import Profile
from jjdesk.sandbox.afterbuy import AfterbuySimulator
from jjdesk.sandbox.afterbuy_request import ApiRequest
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.afterbuy_helpers import running
from tests.shopify_world import shopify_world, simple_product

SIMPLE = "10000123"  # a simple product in the middle of the first page


def _split(items: list[Product | Unreadable]) -> tuple[list[str], list[Unreadable]]:
    ids: list[str] = []
    for item in items:
        if isinstance(item, Product):
            ids.extend([item.product_id, *(v.product_id for v in item.variants)])
    return ids, [i for i in items if isinstance(i, Unreadable)]


@pytest.mark.parametrize(("field", "raw_byte"), [("Name", False), ("Description", True)])
def test_a_product_that_breaks_the_xml_is_named_and_its_neighbours_go_through(
    field: str, raw_byte: bool
) -> None:
    sim = AfterbuySimulator(seed=1, products=600)
    sim.break_product(SIMPLE, field, raw_byte=raw_byte)
    with running(sim) as env:
        ids, unreadable = _split(list(env.client.changed_products(None)))
    [bad] = unreadable
    assert (bad.kind, bad.key, bad.field) == ("product", SIMPLE, field)
    assert SIMPLE in bad.hint and bad.digest
    assert sorted(ids) == sorted(set(sim.product_ids()) - {SIMPLE})
    assert sim.calls["GetShopProducts"] <= 3 + 3  # three pages and a few to isolate it


def test_the_same_breakage_has_the_same_digest_and_a_new_one_another() -> None:
    sim = AfterbuySimulator(seed=1, products=40)
    sim.break_product(SIMPLE[:-3] + "004")
    with running(sim) as env:
        [first] = _split(list(env.client.changed_products(None)))[1]
        [again] = _split(list(env.client.products_by_id(["10000004"])))[1]
        sim.break_product("10000004", "Description")
        [other] = _split(list(env.client.products_by_id(["10000004"])))[1]
    assert first.digest == again.digest != other.digest


def test_stock_ids_and_look_ups_name_the_broken_product_too() -> None:
    sim = AfterbuySimulator(seed=1, products=300)
    sim.break_product(SIMPLE, "EAN")  # EAN is part of the light stock answer as well
    with running(sim) as env:
        stock = list(env.client.stock_levels(None))
        ids = env.client.all_product_ids()
        by_id = list(env.client.products_by_id([SIMPLE, "10000124"]))
    assert [s.key for s in stock if isinstance(s, Unreadable)] == [SIMPLE]
    assert len([s for s in stock if isinstance(s, StockLevel)]) == 300 - 15 - 1
    assert ids == set(sim.product_ids())  # it exists, so it is listed: nothing is deleted
    assert [
        (type(i).__name__, i.key if isinstance(i, Unreadable) else i.product_id) for i in by_id
    ] == [
        ("Unreadable", SIMPLE),
        ("Product", "10000124"),
    ]


def test_a_broken_variation_set_holds_its_children_back() -> None:
    sim = AfterbuySimulator(seed=1, products=40)
    sim.break_product("10000015", "Name")  # the parent of 10000016–10000020
    with running(sim) as env:
        ids, unreadable = _split(list(env.client.changed_products(None)))
    assert [u.key for u in unreadable] == ["10000015"]
    assert not {"10000016", "10000017", "10000018", "10000019", "10000020"} & set(ids)
    assert "10000035" in ids and "10000036" in ids  # the next set is whole


def test_no_live_product_is_missed_when_another_is_deleted_between_two_pages() -> None:
    sim = AfterbuySimulator(seed=1, products=700)
    with running(sim) as env:
        sim.delete_after_page("10000010", pages=1)  # read on page 1, gone before page 2
        ids = env.client.all_product_ids()
    live = set(sim.product_ids())
    assert live <= ids and ids - live == {"10000010"}


def test_products_read_after_a_deletion_between_pages_are_complete() -> None:
    sim = AfterbuySimulator(seed=1, products=700)
    with running(sim) as env:
        sim.delete_after_page("10000004", pages=1)
        ids, unreadable = _split(list(env.client.changed_products(None)))
    assert unreadable == [] and len(ids) == len(set(ids))
    assert set(ids) - set(sim.product_ids()) == {"10000004"}
    assert set(sim.product_ids()) <= set(ids)


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252"])
def test_a_wrong_encoding_declaration_does_not_garble_umlauts(declared: str) -> None:
    sim = AfterbuySimulator(seed=1, products=10)
    pid = sim.add_product(Name="Mütze Größe L", Description="Wärmt über Ohren")
    sim.declare_encoding(declared)
    with running(sim) as env:
        [product] = [p for p in env.client.products_by_id([pid]) if isinstance(p, Product)]
        paths = {c.catalog_id: c.path for c in env.client.catalogs()}
    assert (product.name, product.description) == ("Mütze Größe L", "Wärmt über Ohren")
    assert paths["1100"] == ("Wohnen", "Möbel")


class _IgnoresRange(AfterbuySimulator):
    """A stand-in that ignores RangeID and always claims there is more."""

    def _products(self, req: ApiRequest) -> bytes:
        answer = super()._products(replace(req, filters=()))
        return answer.replace(b"<HasMoreProducts>0<", b"<HasMoreProducts>1<")


def test_a_listing_that_does_not_advance_fails_instead_of_ending_with_part_of_it() -> None:
    sim = _IgnoresRange(seed=1, products=300)
    with running(sim) as env, pytest.raises(NetworkFailure):
        env.client.all_product_ids()
    assert sim.calls["GetShopProducts"] <= 4


def test_an_id_list_that_cannot_be_read_to_the_end_raises() -> None:
    sim = AfterbuySimulator(seed=1, products=300)
    with running(sim) as env:
        pages = env.client._product_pages([], 4)
        next(pages)  # the first page is in
        sim.corrupt_next(3)
        with pytest.raises(AfterbuyProtocolError):
            list(pages)


# ---- through the Shopify integration ------------------------------------------------------


@pytest.fixture
def world(profile: Profile, secrets: SecretStore) -> Iterator[tuple[App, DemoWorld]]:
    with shopify_world(profile, secrets) as pair:
        yield pair


def test_a_broken_product_is_an_error_on_it_and_is_never_deleted_from_the_shop(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    broken = simple_product(w, Name="Wollmütze")
    fine = simple_product(w, Name="Schal")
    app.run_once("shopify", "products")
    w.afterbuy.break_product(broken, "Name")
    w.afterbuy.modify_product(fine, Name="Schal Nordlicht")
    outcome = app.run_once("shopify", "products")
    assert outcome.status is RunStatus.WARNINGS, outcome.message
    [error] = app.store.errors.for_run(outcome.run_id)
    assert (error.item_id, error.field) == (broken, "Name")
    shown = w.shopify.product(fine)
    assert shown is not None and shown["title"] == "Schal Nordlicht"
    deletions = app.run_once("shopify", "deletions")
    assert deletions.status is RunStatus.SUCCEEDED, deletions.message
    assert w.shopify.product(broken) is not None
