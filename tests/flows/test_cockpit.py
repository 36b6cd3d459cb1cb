"""The cockpit's questions answered without Qt, by the real flows against the simulators."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from jjdesk.app import App, Services
from jjdesk.cockpit.causes import error_days, error_groups, mark_handled
from jjdesk.cockpit.orders import find_orders
from jjdesk.cockpit.overview import Card, CardState, overview
from jjdesk.cockpit.preview import preview
from jjdesk.cockpit.products import Finding, explain_product, find_products, send_product
from jjdesk.domain.levels import ExportAction
from jjdesk.flows.context import PlanAction
from jjdesk.flows.product_search import MatchedBy, search_products
from jjdesk.integrations.afterbuy_link import afterbuy_client
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.secrets import SecretStore
from jjdesk.store.ledger import LedgerState
from jjdesk.store.runs import RunStatus
from tests.shopify_world import shopify_world, simple_product


@pytest.fixture
def world(profile: Profile, secrets: SecretStore) -> Iterator[tuple[App, DemoWorld]]:
    with shopify_world(profile, secrets, products=4) as pair:
        yield pair


def _today() -> date:
    return date.today()


def _broken_images(w: DemoWorld, count: int) -> list[str]:
    ids = []
    for n in range(count):
        pid = simple_product(w, Name=f"Mütze {n}")
        product = w.afterbuy.product(pid)
        assert product is not None
        product.pictures = [f"https://bilder.example.com/images/Mütze {n}.jpg"]
        w.afterbuy.modify_product(pid)
        ids.append(pid)
    return ids


def test_errors_are_grouped_by_cause_and_handled_items_leave_the_open_count(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    broken = _broken_images(w, 3)
    outcome = app.run_once("shopify", "products")
    assert outcome.status is RunStatus.WARNINGS

    groups = error_groups(app, _today())
    images = next(g for g in groups if g.title == "Invalid image link")
    keys = {i.record.item_key for i in images.items}
    assert set(broken) <= keys  # (the seeded catalogue has broken links of its own)
    assert all("Mütze" in i.record.message or i.record.item_key not in broken for i in images.items)
    assert images.item_kind == "product" and images.field == "images"
    assert len(images.open) == len(keys)
    assert error_days(app)[0].day == _today()
    assert _card(app).state == CardState.TO_FIX
    assert _card(app).to_fix == len(app.store.owed.all("shopify"))

    mark_handled(app, images.items[0].record)

    again = next(g for g in error_groups(app, _today()) if g.title == "Invalid image link")
    assert len(again.open) == len(keys) - 1 and len(again.items) == len(keys)
    assert _card(app).to_fix == len(app.store.owed.all("shopify")) - 1


def _card(app: App) -> Card:
    """The Shopify card (the demo world switches other integrations on too)."""
    return next(c for c in overview(app) if c.integration == "shopify")


def test_overview_says_failing_when_a_flow_fails(world: tuple[App, DemoWorld]) -> None:
    app, _ = world
    app.run_once("shopify", "products")
    app.save_connection("afterbuy", {"account_token": "wrong"})

    outcome = app.run_once("shopify", "stock")

    assert outcome.status is RunStatus.FAILED
    card = _card(app)
    assert card.state == CardState.FAILING
    stock = next(f for f in card.flows if f.flow == "stock")
    assert stock.last_status is RunStatus.FAILED and stock.problem
    products = next(f for f in card.flows if f.flow == "products")
    assert products.last_good is not None
    assert sum(p.written for p in card.days) == app.store.runs.latest("shopify", "products").written  # type: ignore[union-attr]


def test_product_view_explains_level_12_unchanged_and_a_broken_image(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    skipped = simple_product(w, 12, Name="Ausgelistet")
    plain = simple_product(w, Name="Wollmütze")
    [broken] = _broken_images(w, 1)

    before = explain_product(app, plain).channels[0]
    assert before.found is not None and not before.unchanged and before.last_sent is None
    [write] = before.planned
    assert write.action is PlanAction.CREATE and write.body is not None
    app.run_once("shopify", "products")

    level12 = explain_product(app, skipped).channels[0]
    assert level12.found is not None and level12.found.action == ExportAction.SKIP.value
    assert level12.rule is not None and (level12.rule.low, level12.rule.high) == (12, 15)
    assert level12.planned == []
    same = explain_product(app, plain).channels[0]
    assert same.unchanged and same.last_sent is not None and same.planned == []
    bad = explain_product(app, broken).channels[0]
    assert bad.last_error is not None and "Mütze 0.jpg" in bad.last_error.message
    assert bad.problems and bad.problems[0].field == "images"
    assert bad.owed is not None
    assert w.shopify.product(plain) is not None  # previews wrote nothing more
    assert app.store.runs.latest("shopify", "products").trigger == "manual"  # type: ignore[union-attr]


def test_send_now_sends_one_product_and_leaves_the_timetable(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    app.run_once("shopify", "products")
    first = app.store.runs.last_started()[("shopify", "products")]
    pid = simple_product(w, Name="Neu")
    other = simple_product(w, Name="Auch neu")

    outcome = send_product(app, "shopify", pid)

    assert outcome.written == 1
    assert w.shopify.product(pid) is not None and w.shopify.product(other) is None
    assert app.store.runs.last_started()[("shopify", "products")] == first


def test_order_view_follows_an_order_from_import_to_tracking(
    profile: Profile, secrets: SecretStore
) -> None:
    with shopify_world(profile, secrets, products=6, orders=2) as (app, w):
        app.run_once("shopify", "orders")
        entry = app.store.ledger.in_state("shopify", LedgerState.ACKNOWLEDGED)[0]
        [view] = find_orders(app, entry.label)
        assert view.entry is not None and view.entry.sink_order_id
        assert view.entry.imported_at is not None and view.entry.shipped_at is None
        w.ship_imported_orders()
        app.run_once("shopify", "shipping")

        [done] = find_orders(app, entry.label.lstrip("#"))
        assert done.entry is not None and done.entry.state is LedgerState.DONE
        assert done.entry.tracking.startswith("00340434") and done.entry.carrier
        assert done.entry.shipped_at is not None and done.entry.tag == "Shopify abgeschlossen"


def test_preview_counts_what_the_first_run_would_do_and_writes_nothing(
    profile: Profile, secrets: SecretStore
) -> None:
    with shopify_world(profile, secrets, products=6, orders=3) as (app, w):
        result = preview(app, ["shopify"])
        assert result.failed == []
        assert result.total(PlanAction.CREATE) > 0
        assert result.total(PlanAction.IMPORT) >= 2
        assert all(w.shopify.product(pid) is None for pid in w.afterbuy.product_ids())
        assert w.afterbuy.list_orders() == []
        assert app.store.runs.history() == []


def test_a_product_is_found_by_its_ean_and_its_article_number(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    pid = simple_product(w, Name="Wollmütze Nordlicht", EAN="4012345678901", Anr="7788")

    by_ean = find_products(app, "4 012345 678901")  # as printed under a barcode
    by_number = find_products(app, "7788")
    by_id = find_products(app, pid)

    assert [(h.product.product_id, h.matched) for h in by_ean.hits] == [(pid, MatchedBy.EAN)]
    assert [(h.product.product_id, h.matched) for h in by_number.hits] == [
        (pid, MatchedBy.ARTICLE_NUMBER)
    ]
    assert [(h.product.product_id, h.matched) for h in by_id.hits] == [(pid, MatchedBy.PRODUCT_ID)]
    assert find_products(app, "4099999999999").hits == []


def test_the_ean_of_a_variant_finds_its_set(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    parent, children = w.afterbuy.add_variation_set([[("Farbe", "Rot")], [("Farbe", "Blau")]])
    w.afterbuy.modify_product(children[1], EAN="4012345678918")

    [hit] = find_products(app, "4012345678918").hits

    assert hit.product.product_id == parent  # what the export examines and explains
    assert hit.matched is MatchedBy.EAN and hit.value == "4012345678918"


def test_a_name_is_found_among_the_products_in_the_shop_and_the_rest_is_said(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    sent = simple_product(w, Name="Wollmütze Nordlicht")
    never_sent = simple_product(w, 12, Name="Wollmütze Polarstern")  # level 12: skipped

    before = find_products(app, "wollmütze")
    app.run_once("shopify", "products")
    after = find_products(app, "Wollm nord")

    assert before.hits == []
    assert [(h.product.product_id, h.matched) for h in after.hits] == [(sent, MatchedBy.NAME)]
    assert never_sent not in {h.product.product_id for h in find_products(app, "Wollm").hits}
    note = after.name_note()
    assert "already in Shopify" in note and "Afterbuy itself cannot search by name" in note
    assert "EAN" in note


def test_afterbuy_alone_finds_no_names_and_the_view_says_what_to_type(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    simple_product(w, Name="Wollmütze Nordlicht")
    app.run_once("shopify", "products")
    afterbuy = afterbuy_client(Services(app, "shopify"))
    try:
        search = search_products(afterbuy, "Wollmütze")  # no shop's titles to ask
    finally:
        afterbuy.close()

    assert search.hits == [] and not search.names_searched
    assert Finding("Wollmütze", [], ("Afterbuy",)).name_note() == (
        "Afterbuy cannot search by name. Type the product ID (ProductID), the EAN or the "
        "article number."
    )
