"""Deletions only from a confirmed list, and never more than the merchant's share unasked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jjdesk.app import App
from jjdesk.flows.deletion_check import approve_held, held_deletion
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.shopify_world import shopify_world, simple_product


@pytest.fixture
def world(profile: Profile, secrets: SecretStore) -> Iterator[tuple[App, DemoWorld]]:
    with shopify_world(profile, secrets, products=0) as pair:
        yield pair


def _catalogue(app: App, w: DemoWorld, count: int) -> list[str]:
    ids = [simple_product(w, Name=f"Artikel {n}") for n in range(count)]
    app.run_once("shopify", "products")
    assert all(w.shopify.product(pid) is not None for pid in ids)
    return ids


def test_a_few_deleted_products_are_removed_from_the_shop(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    ids = _catalogue(app, w, 20)
    w.afterbuy.delete_product(ids[3])
    outcome = app.run_once("shopify", "deletions")
    assert outcome.status is RunStatus.SUCCEEDED and outcome.written == 1
    assert w.shopify.product(ids[3]) is None
    assert all(w.shopify.product(pid) is not None for pid in ids if pid != ids[3])


def test_deleting_more_than_the_share_waits_for_confirmation(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    ids = _catalogue(app, w, 20)
    gone = ids[:5]  # 25 %, more than the default 10 %
    for pid in gone:
        w.afterbuy.delete_product(pid)
    held = app.run_once("shopify", "deletions")
    assert held.status is RunStatus.FAILED
    assert "5 of 20" in held.message and "confirm" in held.message
    assert all(w.shopify.product(pid) is not None for pid in ids)
    waiting = held_deletion(app.store, "shopify")
    assert waiting is not None and waiting["count"] == 5
    assert approve_held(app.store, "shopify") == 5
    done = app.run_once("shopify", "deletions")
    assert done.status is RunStatus.SUCCEEDED and done.written == 5
    assert all(w.shopify.product(pid) is None for pid in gone)
    assert held_deletion(app.store, "shopify") is None


def test_a_confirmation_covers_only_the_set_it_was_given_for(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    ids = _catalogue(app, w, 10)
    for pid in ids[:2]:
        w.afterbuy.delete_product(pid)
    assert app.run_once("shopify", "deletions").status is RunStatus.FAILED
    approve_held(app.store, "shopify")
    w.afterbuy.delete_product(ids[2])  # the set grew after the merchant confirmed
    again = app.run_once("shopify", "deletions")
    assert again.status is RunStatus.FAILED and "3 of 10" in again.message
    assert all(w.shopify.product(pid) is not None for pid in ids)


def test_nothing_is_deleted_when_the_source_reports_no_products(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    ids = _catalogue(app, w, 3)
    for pid in w.afterbuy.product_ids():
        w.afterbuy.delete_product(pid)
    outcome = app.run_once("shopify", "deletions")
    assert outcome.status is RunStatus.FAILED
    assert all(w.shopify.product(pid) is not None for pid in ids)


def test_a_variant_dropped_from_its_set_leaves_the_parent_in_place(
    world: tuple[App, DemoWorld],
) -> None:
    """A Shopify product is the parent with its variants: one key, kept while the set lives."""
    app, w = world
    parent, children = w.afterbuy.add_variation_set([[("Farbe", "Rot")], [("Farbe", "Blau")]])
    for child in children:
        w.afterbuy.modify_product(child, SellingPrice="24,95", TaxRate="19")
    app.run_once("shopify", "products")
    assert w.shopify.product(parent) is not None
    w.afterbuy.delete_product(children[0])
    w.afterbuy.modify_product(parent, Name="Neues Set")
    app.run_once("shopify", "products")
    assert app.run_once("shopify", "deletions").written == 0
    product = w.shopify.product(parent)
    assert product is not None and [v["sku"] for v in product["variants"]] == [children[1]]
