"""Nothing owed is forgotten: items a channel refused once are sent again on later runs.

The real clients against the Afterbuy and Shopify simulators; Shopify lets single items
fail as the real shop does (an INTERNAL_SERVER_ERROR for one productSet, a userError that
clears, one refused quantity), and time passing is simulated by ageing the retry queue.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from jjdesk.app import App
from jjdesk.domain.models import Retry
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.secrets import SecretStore
from tests.owed_helpers import age_owed, past_overlap
from tests.shopify_world import shopify_world, simple_product


@pytest.fixture
def world(profile: Profile, secrets: SecretStore) -> Iterator[tuple[App, DemoWorld]]:
    with shopify_world(profile, secrets, products=0) as pair:
        yield pair


def test_a_product_shopify_failed_once_is_sent_on_a_later_run(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    good = simple_product(w)
    bad = simple_product(w, Name="Schal Polarstern")
    w.shopify.state.fail_item(bad, "internal")
    first = app.run_once("shopify", "products")
    assert (first.written, first.failed) == (1, 1)
    assert w.shopify.product(good) is not None and w.shopify.product(bad) is None
    owed = app.store.owed.get("shopify", "products", "product", bad)
    assert owed is not None and owed.retry is Retry.SOON
    [error] = app.store.errors.for_run(first.run_id)
    assert error.item_id == bad and error.attempt == 1
    # Afterbuy reports no change of it, yet the next run after the backoff sends it
    past_overlap(app.store, "shopify", "products")
    not_yet = app.run_once("shopify", "products")
    assert not_yet.written == 0 and w.shopify.product(bad) is None
    age_owed(app.store, timedelta(minutes=10))
    later = app.run_once("shopify", "products")
    assert later.written == 1 and later.failed == 0
    product = w.shopify.product(bad)
    assert product is not None and product["title"] == "Schal Polarstern"
    assert app.store.owed.get("shopify", "products", "product", bad) is None
    assert w.shopify.stock(bad) == 7  # created late, with its stock at once


def test_a_refusal_that_later_clears_is_retried_patiently(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    pid = simple_product(w)
    w.shopify.state.fail_item(pid, "user_error", times=2)
    app.run_once("shopify", "products")
    past_overlap(app.store, "shopify", "products")
    owed = app.store.owed.get("shopify", "products", "product", pid)
    assert owed is not None and owed.retry is Retry.LATER
    age_owed(app.store, timedelta(minutes=30))
    assert app.run_once("shopify", "products").written == 0  # an hour's patience first
    age_owed(app.store, timedelta(hours=2))
    second = app.run_once("shopify", "products")
    assert second.failed == 1
    [error] = app.store.errors.for_run(second.run_id)
    assert error.attempt == 2  # the Errors tab shows it is the second attempt
    age_owed(app.store, timedelta(hours=4))
    assert app.run_once("shopify", "products").written == 1
    assert w.shopify.product(pid) is not None


def test_a_refused_stock_level_is_sent_again_without_a_new_stock_change(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    pid = simple_product(w)
    app.run_once("shopify", "products")
    w.afterbuy.set_quantity(pid, 3)
    w.shopify.state.fail_item(pid, "stock")
    first = app.run_once("shopify", "stock")
    assert first.failed == 1 and w.shopify.stock(pid) == 7
    past_overlap(app.store, "shopify", "stock")
    assert app.run_once("shopify", "stock").written == 0  # not due yet
    age_owed(app.store, timedelta(minutes=10))
    again = app.run_once("shopify", "stock")
    assert again.written == 1 and w.shopify.stock(pid) == 3
    assert app.store.owed.count("shopify", "stock") == 0


def test_an_unreadable_order_is_reported_and_the_others_are_imported(
    world: tuple[App, DemoWorld],
) -> None:
    from tests.flows.test_shopify_integration import _order_with

    app, w = world
    pid = simple_product(w)
    first, broken, last = (_order_with(w, [pid]) for _ in range(3))
    w.shopify.state.fail_item(broken, "order_field", times=10)
    outcome = app.run_once("shopify", "orders")
    assert (outcome.written, outcome.failed) == (2, 1)
    [error] = app.store.errors.for_run(outcome.run_id)
    assert error.item_id == broken and error.label.startswith("#")
    vids = {o.vid for o in w.afterbuy.list_orders()}
    assert vids == {f"SHOPIFY-{first}", f"SHOPIFY-{last}"}


def test_a_page_shopify_cannot_answer_is_read_order_by_order(
    world: tuple[App, DemoWorld],
) -> None:
    from tests.flows.test_shopify_integration import _order_with

    app, w = world
    pid = simple_product(w)
    orders = [_order_with(w, [pid]) for _ in range(4)]
    # a non-null field fails: Shopify answers the whole page with data null
    w.shopify.state.fail_item(orders[1], "order_node", times=10)
    outcome = app.run_once("shopify", "orders")
    assert (outcome.written, outcome.failed) == (3, 1)
    [error] = app.store.errors.for_run(outcome.run_id)
    assert error.item_id == orders[1]
    assert len(w.afterbuy.list_orders()) == 3
