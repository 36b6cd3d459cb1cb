"""Products buyers can see: published to the chosen sales channels through the
Publications API, never for drafts, unpublished when the level says draft; the scopes
this needs are named by the connection test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jjdesk.app import App
from jjdesk.domain.levels import ExportAction
from jjdesk.errors import AuthFailure, ConfigFailure
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.shopify_helpers import channel_for, shopify_sim, simple_product
from tests.shopify_world import shopify_world
from tests.shopify_world import simple_product as afterbuy_product


def test_a_product_created_through_the_api_is_on_no_channel_until_jjdesk_publishes_it() -> None:
    with shopify_sim(media_seconds=0) as (server, sim):
        channel = channel_for(server, sim)
        [payload] = channel.build(simple_product(), ExportAction.TRANSFER)
        body = dict(payload.body)
        body.pop("publications")
        channel.ensure_identifier_definition()
        channel.client.execute(
            "mutation P($input: ProductSetInput!, $identifier: ProductSetIdentifiers) {"
            " productSet(input: $input, identifier: $identifier) { product { id } } }",
            body,
        )
        assert sim.product("1000")["status"] == "ACTIVE"  # type: ignore[index]
        assert sim.published_on("1000") == []  # what Shopify does: visible nowhere
        assert channel.upsert([payload])[0].ok
        assert sim.published_on("1000") == ["Online Store"]
        assert channel.upsert([payload])[0].ok  # publishing again is harmless
        assert sim.published_on("1000") == ["Online Store"]


def test_the_chosen_sales_channels_and_only_those() -> None:
    with shopify_sim(media_seconds=0) as (server, sim):
        chosen = (sim.publication_id("Point of Sale"), sim.publication_id("Shop"))
        channel = channel_for(server, sim, publication_ids=chosen)
        assert [title for _, title in channel.sales_channels.choices()] == [
            "Online Store",
            "Point of Sale",
            "Shop",
            "Google & YouTube",
        ]
        assert channel.upsert(channel.build(simple_product(), ExportAction.TRANSFER))[0].ok
        assert sim.published_on("1000") == ["Point of Sale", "Shop"]


def test_a_draft_is_not_published_and_a_product_turning_draft_leaves_the_chosen_channels() -> None:
    with shopify_sim(media_seconds=0) as (server, sim):
        channel = channel_for(server, sim)
        assert channel.upsert(channel.build(simple_product("1"), ExportAction.INACTIVE))[0].ok
        assert sim.published_on("1") == []
        assert channel.upsert(channel.build(simple_product("2"), ExportAction.TRANSFER))[0].ok
        google = sim.publication_id("Google & YouTube")
        rec = sim.state.find_product(
            {"customId": {"namespace": "jjdesk", "key": "afterbuy_product_id", "value": "2"}}
        )
        assert rec is not None
        rec.published[google] = "2026-01-01T00:00:00Z"  # the merchant published it there
        assert channel.upsert(channel.build(simple_product("2"), ExportAction.INACTIVE))[0].ok
        assert sim.product("2")["status"] == "DRAFT"  # type: ignore[index]
        assert sim.published_on("2") == ["Google & YouTube"]  # not jjdesk's to take off


def test_a_refused_publication_is_an_error_on_that_product() -> None:
    with shopify_sim(media_seconds=0) as (server, sim):
        channel = channel_for(server, sim, publication_ids=(sim.publication_id("Shop"),))
        channel.sales_channels.all()  # read before the channel is uninstalled meanwhile
        sim.state.publications.remove("Shop")
        [outcome] = channel.upsert(channel.build(simple_product(), ExportAction.TRANSFER))
        assert not outcome.ok and outcome.field == "sales_channels"
        assert "Publication does not exist" in outcome.message
        assert sim.product("1000") is not None  # the product itself went through


def test_a_chosen_channel_that_is_gone_stops_the_export_with_words() -> None:
    with shopify_sim(media_seconds=0) as (server, sim):
        shop = sim.publication_id("Shop")
        sim.state.publications.remove("Shop")
        channel = channel_for(server, sim, publication_ids=(shop,))
        with pytest.raises(ConfigFailure) as caught:
            channel.upsert(channel.build(simple_product(), ExportAction.TRANSFER))
        assert shop in caught.value.message and "Settings" in caught.value.message
        assert sim.product_count() == 0


def test_without_the_publications_scope_shopify_denies_and_jjdesk_says_which_scope() -> None:
    with shopify_sim(media_seconds=0) as (server, sim):
        sim.state.publications.scopes -= {"write_publications", "read_publications"}
        channel = channel_for(server, sim)
        assert channel.missing_scopes() == ["write_publications"]
        with pytest.raises(AuthFailure) as caught:
            channel.upsert(channel.build(simple_product(), ExportAction.TRANSFER))
        assert "read_publications" in caught.value.message


def _run_products(app: App) -> None:
    # the demo catalogue holds products with broken image links on purpose: warnings
    outcome = app.run_once("shopify", "products")
    assert outcome.status in (RunStatus.SUCCEEDED, RunStatus.WARNINGS), outcome.message


@pytest.fixture
def world(profile: Profile, secrets: SecretStore) -> Iterator[tuple[App, DemoWorld]]:
    with shopify_world(profile, secrets, products=3) as pair:
        yield pair


def test_products_are_visible_in_the_online_store_and_follow_the_merchants_choice(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    ids = {level: afterbuy_product(w, level) for level in (0, 9, 10)}
    _run_products(app)
    assert w.shopify.published_on(ids[0]) == ["Online Store"]
    assert w.shopify.published_on(ids[9]) == ["Online Store"]
    assert w.shopify.published_on(ids[10]) == []  # a draft
    offered = dict(app.option_choices("shopify", "sales_channels"))
    pos = next(gid for gid, title in offered.items() if title == "Point of Sale")
    app.set_option("shopify", "sales_channels", f'["{pos}"]')
    # nothing changed in Afterbuy, yet every product goes out again to the new channel
    _run_products(app)
    assert w.shopify.published_on(ids[0]) == ["Online Store", "Point of Sale"]
    w.afterbuy.set_level(ids[0], 10)
    _run_products(app)
    assert w.shopify.published_on(ids[0]) == ["Online Store"]  # off the chosen channel only


def test_the_connection_test_names_a_missing_scope(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    assert app.test_connection("shopify") == f"shop “{w.shopify.shop_title}”"
    w.shopify.state.publications.scopes.discard("write_publications")
    w.shopify.state.publications.scopes.discard("write_merchant_managed_fulfillment_orders")
    answer = app.test_connection("shopify")
    assert "write_publications (publish products in sales channels)" in answer
    assert "write_merchant_managed_fulfillment_orders (report shipments)" in answer


def test_the_simulator_answers_resource_publication_state_as_shopify_does() -> None:
    with shopify_sim(media_seconds=0) as (server, sim):
        channel = channel_for(server, sim)
        [outcome] = channel.upsert(channel.build(simple_product(), ExportAction.TRANSFER))
        store, pos = sim.publication_id("Online Store"), sim.publication_id("Point of Sale")
        data = channel.client.execute(
            "query S($id: ID!, $a: ID!, $b: ID!) { product(id: $id) {"
            " a: publishedOnPublication(publicationId: $a)"
            " b: publishedOnPublication(publicationId: $b)"
            " resourcePublications(first: 10) { nodes { isPublished publication { id } } }"
            " all: resourcePublications(first: 10, onlyPublished: false) { nodes { isPublished } }"
            " } }",
            {"id": outcome.remote_id, "a": store, "b": pos},
        )["product"]
        assert (data["a"], data["b"]) == (True, False)
        assert data["resourcePublications"]["nodes"] == [
            {"isPublished": True, "publication": {"id": store}}
        ]
        assert [n["isPublished"] for n in data["all"]["nodes"]] == [True, False, False, False]
