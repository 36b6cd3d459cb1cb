"""The real Shopify connector against the simulator over loopback HTTP."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from jjdesk import i18n
from jjdesk.connectors.shopify.client import ShopifyRequestError
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import Picture, Retry, ShipmentInfo, StockLevel
from jjdesk.errors import AuthFailure, ItemProblem
from jjdesk.sandbox.server import FaultKind
from jjdesk.sandbox.shopify_seed import german_orders
from tests.memory_links import MemoryLinks
from tests.shopify_helpers import channel_for, child, shopify_sim, simple_product, variation


def test_upsert_twice_gives_one_product_with_the_mapped_fields() -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim)
        payloads = channel.build(simple_product(), ExportAction.TRANSFER)
        first = channel.upsert(payloads)
        second = channel.upsert(
            channel.build(simple_product(name="Neuer Name"), ExportAction.TRANSFER)
        )
        assert first[0].ok and second[0].ok and first[0].remote_id == second[0].remote_id
        assert sim.product_count() == 1
        shown = sim.product("1000")
        assert shown is not None
        assert shown["title"] == "Neuer Name" and shown["tags"] == ["Mütze", "Winter", "CAT12"]
        assert shown["variants"][0]["price"] == "19.90"
        assert shown["variants"][0]["weight"] == (0.25, "KILOGRAMS")
        assert channel.verify() == []  # waits until Shopify has processed the image
        shown = sim.product("1000")
        assert shown is not None
        assert shown["media"] == [("https://img.example.com/muetze.jpg", "READY")]


def test_removed_variant_disappears_and_its_stock_is_no_longer_sent() -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim)
        channel.upsert(channel.build(variation(), ExportAction.TRANSFER))
        smaller = variation(children=variation().variants[:2])
        assert channel.upsert(channel.build(smaller, ExportAction.TRANSFER))[0].ok
        shown = sim.product("2000")
        assert shown is not None and [v["sku"] for v in shown["variants"]] == ["2001", "2002"]
        outcomes = channel.set_stock([StockLevel("2001", 4), StockLevel("2003", 9)])
        assert outcomes[0].ok and not outcomes[1].ok
        assert "2003" in outcomes[1].message


def test_inactive_level_is_a_draft() -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim)
        channel.upsert(channel.build(simple_product(), ExportAction.TRANSFER))
        channel.upsert(channel.build(simple_product(), ExportAction.INACTIVE))
        shown = sim.product("1000")
        assert shown is not None and shown["status"] == "DRAFT"


def test_delete_by_link_and_by_identifier_and_unknown_is_fine() -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim)
        channel.upsert(channel.build(simple_product("1"), ExportAction.TRANSFER))
        channel.upsert(channel.build(simple_product("2"), ExportAction.TRANSFER))
        forgetful = channel_for(server, sim)  # lost its links: finds the product by customId
        outcomes = channel.remove(["1"]) + forgetful.remove(["2", "404"])
        assert all(o.ok for o in outcomes)
        assert sim.product_count() == 0


def test_stock_in_batches_of_at_most_250() -> None:
    kids = tuple(child(str(3000 + n), ("Nummer", str(n)), price="5") for n in range(1, 301))
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim)
        channel.reference_uri = "jjdesk://stock-run/42"
        assert channel.upsert(channel.build(variation("3000", kids), ExportAction.TRANSFER))[0].ok
        levels = [StockLevel(k.product_id, n) for n, k in enumerate(kids, start=1)]
        outcomes = channel.set_stock(levels)
        assert len(outcomes) == 300 and all(o.ok for o in outcomes)
        assert sim.stock("3001") == 1 and sim.stock("3300") == 300
        adjustments = sim.adjustments()
        assert [a["count"] for a in adjustments] == [250, 50]
        assert {a["referenceDocumentUri"] for a in adjustments} == {"jjdesk://stock-run/42"}


def test_one_refused_stock_item_does_not_block_the_others() -> None:
    with shopify_sim() as (server, sim):
        links = MemoryLinks()
        channel = channel_for(server, sim, links=links)
        channel.upsert(channel.build(simple_product("1"), ExportAction.TRANSFER))
        channel.upsert(channel.build(simple_product("2"), ExportAction.TRANSFER))
        links.put("inventory_item", "2", "gid://shopify/InventoryItem/999999")  # deleted in admin
        outcomes = channel.set_stock([StockLevel("1", 3), StockLevel("2", 5)])
        assert outcomes[0].ok and not outcomes[1].ok
        assert "could not be found" in outcomes[1].message
        assert sim.stock("1") == 3


def test_tiny_bucket_is_paced_without_failures() -> None:
    with shopify_sim(bucket_size=80, restore_rate=200, media_seconds=0) as (server, sim):
        channel = channel_for(server, sim)
        payloads = [
            p
            for n in range(12)
            for p in channel.build(simple_product(str(n)), ExportAction.TRANSFER)
        ]
        outcomes = channel.upsert(payloads)
        assert all(o.ok for o in outcomes)
        assert sim.product_count() == 12
        assert sim.throttled == 0


def test_the_product_id_metafield_is_defined_with_unique_values_once() -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim)
        assert channel.upsert(channel.build(simple_product("1"), ExportAction.TRANSFER))[0].ok
        [definition] = sim.state.definitions.values()
        assert (definition["namespace"], definition["key"]) == ("jjdesk", "afterbuy_product_id")
        assert definition["capabilities"]["uniqueValues"]["enabled"]
        # a definition the merchant made without unique values is switched over
        definition["capabilities"]["uniqueValues"]["enabled"] = False
        again = channel_for(server, sim)
        assert again.upsert(again.build(simple_product("1"), ExportAction.TRANSFER))[0].ok
        assert definition["capabilities"]["uniqueValues"]["enabled"]
        assert sim.product_count() == 1
        assert sim.operations.count("MetafieldDefinitionCreate") == 1


def test_throttled_answers_are_retried_until_they_succeed() -> None:
    with shopify_sim(bucket_size=80, restore_rate=200, media_seconds=0) as (server, sim):
        channel = channel_for(server, sim)
        channel.ensure_identifier_definition()
        sim.bucket.available = 0  # someone else emptied the bucket; the pacer does not know
        channel.client.pacer.update(
            {"maximumAvailable": 80, "currentlyAvailable": 80, "restoreRate": 200}
        )
        outcomes = channel.upsert(channel.build(simple_product(), ExportAction.TRANSFER))
        assert outcomes[0].ok and sim.throttled >= 1


@pytest.mark.parametrize("fault", [FaultKind.HTTP_429, FaultKind.HTTP_500, FaultKind.DROP])
def test_transient_faults_are_recovered(fault: FaultKind) -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim)
        server.faults.inject(fault, times=2, path_contains="graphql.json")
        outcomes = channel.upsert(channel.build(simple_product(), ExportAction.TRANSFER))
        assert outcomes[0].ok and sim.product_count() == 1


def test_broken_image_is_reported_for_the_product_with_its_url() -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim)
        bad = "https://img.example.com/broken/muetze.jpg"
        product = simple_product(
            pictures=(Picture("https://img.example.com/ok.jpg"), Picture(bad, 1))
        )
        assert channel.upsert(channel.build(product, ExportAction.TRANSFER))[0].ok
        [outcome] = channel.verify()  # after the run's writes, as Shopify fetches later
        assert not outcome.ok and outcome.field == "images" and bad in outcome.message
        assert outcome.remote_id and sim.product_count() == 1
        assert channel.verify() == []  # each problem is reported once


def test_shopify_refusal_is_reported_per_product_with_its_field() -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim)
        good = channel.build(simple_product("1"), ExportAction.TRANSFER)[0]
        body = dict(good.body)
        broken_input = dict(body["input"])  # type: ignore[call-overload]
        broken_input["productOptions"] = [{"name": n, "values": [{"name": "x"}]} for n in "ABCD"]
        bad = type(good)(key="2", body={**body, "input": broken_input})
        outcomes = channel.upsert([bad, good])
        assert not outcomes[0].ok and outcomes[0].field == "productOptions"
        assert "3 options" in outcomes[0].message
        assert outcomes[1].ok


def test_orders_are_paged_and_filtered_by_updated_at() -> None:
    start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    with shopify_sim() as (server, sim):
        ids = sim.seed_orders(23, seed=3, start=start)
        channel = channel_for(server, sim, orders_page_size=10)
        everything = list(channel.orders_since(None))
        assert sorted(o.channel_order_id for o in everything) == sorted(ids)
        assert [o.updated_at for o in everything] == sorted(o.updated_at for o in everything)
        # ten orders a page were asked for; five with their lines fit under 1,000 points
        assert sim.operations.count("Orders") == 5
        assert sim.throttled == 0
        cut = everything[14].updated_at
        newer = list(channel.orders_since(cut))
        assert all(o.updated_at > cut for o in newer) and len(newer) < 23
        sim.touch_order(ids[0], cut + timedelta(hours=1))
        assert ids[0] in {o.channel_order_id for o in channel.orders_since(cut)}
        untaxed = [o for o in everything if not o.has_tax]
        assert untaxed and all(line.tax_rate == 19 for o in untaxed for line in o.lines)
        assert any(any(not line.sku.isdigit() for line in o.lines) for o in everything)
        assert everything[0].channel_url.endswith(f"/orders/{everything[0].channel_order_id}")


def test_order_with_many_lines_is_read_completely() -> None:
    seed = german_orders(1, seed=1)[0]
    many = tuple(
        seed.lines[0].__class__(str(100 + n), "Artikel", 1, seed.lines[0].unit_price)
        for n in range(23)
    )
    with shopify_sim() as (server, sim):
        sim.add_order(
            seed.__class__(**{**{f: getattr(seed, f) for f in seed.__slots__}, "lines": many})
        )
        channel = channel_for(server, sim, order_lines_page_size=10)
        (order,) = list(channel.orders_since(None))
        assert len(order.lines) == 23


def test_fulfilment_with_tracking_is_sent_once() -> None:
    with shopify_sim() as (server, sim):
        (order_id,) = sim.seed_orders(1)
        channel = channel_for(server, sim)
        shipment = ShipmentInfo(
            "AB-1", tracking_number="00340434161094042557", shipping_method="DHL Paket"
        )
        channel.push_shipment(order_id, shipment)
        channel.push_shipment(order_id, shipment)  # a repeated run must not fulfil twice
        done = sim.fulfillments(order_id)
        assert len(done) == 1
        assert done[0]["company"] == "DHL" and done[0]["number"] == "00340434161094042557"
        assert done[0]["notifyCustomer"] is False
        assert sim.fulfillment_order_status(order_id) == ["CLOSED"]


def test_fulfilment_whose_answer_was_lost_is_not_reported_as_refused() -> None:
    with shopify_sim() as (server, sim):
        (order_id,) = sim.seed_orders(1)
        channel = channel_for(server, sim)
        shipment = ShipmentInfo("AB-1", tracking_number="0034043416", shipping_method="DHL")
        # fulfilment orders are read first; the fulfillmentCreate after it is done by the
        # shop, but its answer never arrives, so the transport sends it once more
        server.faults.inject(FaultKind.LOSE_ANSWER, path_contains="graphql", skip=1)
        channel.push_shipment(order_id, shipment)
        assert len(sim.fulfillments(order_id)) == 1


def test_client_credentials_token_is_renewed_after_expiry() -> None:
    with shopify_sim(token_ttl=1.0) as (server, sim):
        channel = channel_for(
            server, sim, access_token="", client_id=sim.client_id, client_secret=sim.client_secret
        )
        assert channel.test_connection() == sim.shop_title
        sim.revoke_tokens()  # expired on the server before the connector expected it
        assert channel.test_connection() == sim.shop_title
        time.sleep(1.0)  # the connector sees the expiry coming and renews first
        assert channel.test_connection() == sim.shop_title
        assert sim.grants == 3 and sim.unauthorized == 1


def test_wrong_token_is_an_auth_failure_in_both_languages() -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim, access_token="shpat_wrong")
        with pytest.raises(AuthFailure) as err:
            channel.test_connection()
        assert "Shopify" in err.value.title and "credentials" in err.value.message
        i18n.set_language("de")
        try:
            with pytest.raises(AuthFailure) as err:
                channel.test_connection()
            assert "Zugangsdaten" in err.value.message
        finally:
            i18n.set_language("en")


def test_wrong_client_secret_is_an_auth_failure() -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(
            server, sim, access_token="", client_id=sim.client_id, client_secret="nope"
        )
        with pytest.raises(AuthFailure):
            channel.test_connection()


def test_simulator_refuses_what_shopify_refuses() -> None:
    with shopify_sim() as (server, sim):
        channel = channel_for(server, sim)
        with pytest.raises(ShopifyRequestError) as err:
            channel.client.execute("query { shop { nameOfShop } }", {})
        assert "nameOfShop" in err.value.text
        no_key = """mutation S($input: InventorySetQuantitiesInput!) {
          inventorySetQuantities(input: $input) { userErrors { message } } }"""
        quantities = [
            {
                "inventoryItemId": "gid://shopify/InventoryItem/1",
                "locationId": "gid://shopify/Location/1",
                "quantity": 1,
                "changeFromQuantity": None,
            }
        ]
        with pytest.raises(ShopifyRequestError) as err:
            channel.client.execute(
                no_key,
                {"input": {"name": "available", "reason": "correction", "quantities": quantities}},
            )
        assert err.value.code == "BAD_REQUEST"


def test_a_shipment_in_doubt_names_the_order_as_the_merchant_knows_it() -> None:
    with shopify_sim() as (server, sim):
        (order_id,) = sim.seed_orders(1)
        channel = channel_for(server, sim)
        shipment = ShipmentInfo("AB-1", tracking_number="0034043416", shipping_method="DHL")
        # the fulfilment orders are read, then fulfillmentCreate never reaches the shop
        server.faults.inject(FaultKind.DROP, path_contains="graphql", skip=1)
        with pytest.raises(ItemProblem) as caught:
            channel.push_shipment(order_id, shipment)
        assert caught.value.label == sim.state.orders[int(order_id)].data["name"]
        assert caught.value.retry is Retry.SOON and sim.fulfillments(order_id) == []
