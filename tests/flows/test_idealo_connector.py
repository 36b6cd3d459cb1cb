"""The idealo connector over a socket against the simulator: offers, stock, tokens, pacing,
faults; orders with paging, acknowledgement, fulfilment and revocations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jjdesk.connectors.idealo import IdealoChannel, IdealoOrders
from jjdesk.connectors.idealo.carriers import DEFAULT_TABLE, CarrierTable
from jjdesk.connectors.idealo.offer_api import WaitTooLong
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import Retry, ShipmentInfo, StockLevel, Unreadable
from jjdesk.errors import AuthFailure, ItemProblem, NetworkFailure
from jjdesk.sandbox.idealo import IdealoSimulator
from jjdesk.sandbox.idealo_orders import DeliveryOption
from jjdesk.sandbox.server import FaultKind, SimulatorServer
from tests.idealo_helpers import (
    FAST_RETRY,
    config_for,
    fresh_pacer,
    idealo_server,
    offer_product,
)
from tests.memory_links import MemoryLinks


def _channel(
    server: SimulatorServer, simulator: IdealoSimulator, **changes: object
) -> IdealoChannel:
    return IdealoChannel(
        config_for(server, simulator, **changes),  # type: ignore[arg-type]
        MemoryLinks(),
        pacer=fresh_pacer(),
        retry=FAST_RETRY,
    )


def _payloads(channel: IdealoChannel, count: int, start: int = 10_000_001) -> list:  # type: ignore[type-arg]
    found = []
    for n in range(count):
        found += channel.build(offer_product(str(start + n)), ExportAction.TRANSFER)
    return found


# ---- offers --------------------------------------------------------------------------


def test_offers_are_put_concurrently_and_the_quantity_travels_with_them() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim)
        try:
            outcomes = channel.upsert(_payloads(channel, 40))
        finally:
            channel.close()
        assert all(o.ok for o in outcomes) and len(outcomes) == 40
        assert sim.calls["PUT offer"] == 40 and sim.grants["pws"] == 1
        offer = sim.offers.get("10000001")
        assert offer is not None
        assert offer["checkoutLimitPerPeriod"] == 7
        assert offer["url"] == "https://www.mein-shop.de/artikel/10000001"


def test_field_errors_are_outcomes_of_their_own_offer_naming_the_field() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim)
        payloads = _payloads(channel, 3)
        too_low = offer_product(
            "10000099",
            additional_prices=(("idealoPrice", Decimal("10")), ("idealoMinPrice", Decimal("12"))),
        )
        payloads += channel.build(too_low, ExportAction.TRANSFER)
        try:
            outcomes = {o.key: o for o in channel.upsert(payloads)}
        finally:
            channel.close()
        refused = outcomes.pop("10000099")
        assert all(o.ok for o in outcomes.values())
        assert not refused.ok and refused.field == "minimumPrice"
        assert "must not be greater than price" in refused.message
        assert refused.retry is Retry.ON_CHANGE  # our data: waits until it changes
        assert sim.offers.get("10000099") is None


def test_a_general_refusal_is_retried_later_and_a_5xx_soon() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim)
        payloads = _payloads(channel, 3)
        server.faults.inject(FaultKind.HTTP_500, 3, path_contains="/offer/10000002")
        try:
            outcomes = {o.key: o for o in channel.upsert(payloads)}
        finally:
            channel.close()
        assert outcomes["10000001"].ok and outcomes["10000003"].ok
        assert not outcomes["10000002"].ok and outcomes["10000002"].retry is Retry.SOON


def test_idealo_answering_5xx_to_everything_fails_the_run_not_every_item() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim, concurrency=1)
        server.faults.inject(FaultKind.HTTP_500, 10_000, path_contains="/offer/")
        try:
            with pytest.raises(NetworkFailure):
                channel.upsert(_payloads(channel, 50))
        finally:
            channel.close()
        assert sim.offers.skus() == []


def test_skus_that_cannot_travel_in_a_path_are_refused_before_any_call() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim)
        channel.links.put("offer", "a/b", "1")
        try:
            payloads = channel.build(offer_product("10;20"), ExportAction.TRANSFER)
            [put] = channel.upsert(payloads)
            [stock] = channel.set_stock([StockLevel("a/b", 3)])
            [gone] = channel.remove(["50%"])
        finally:
            channel.close()
        assert not put.ok and put.field == "sku" and "10;20" in put.message
        assert not stock.ok and not gone.ok
        assert sum(sim.calls.values()) == 0 and sim.grants["pws"] == 0


def test_the_rate_limit_slows_the_run_down_but_fails_nothing() -> None:
    with idealo_server(rate=40.0, burst=5.0) as (sim, server):
        channel = _channel(server, sim, concurrency=8)
        try:
            outcomes = channel.upsert(_payloads(channel, 80))
        finally:
            channel.close()
        assert all(o.ok for o in outcomes)
        assert sim.throttled > 0  # it did hit the limit …
        assert len(sim.offers.skus()) == 80  # … and every offer arrived
        assert channel.throughput.throttled == sim.throttled


def test_a_retry_after_beyond_the_cap_ends_the_run_instead_of_sleeping() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim)
        server.faults.inject(FaultKind.HTTP_429, 1, path_contains="/offer/", retry_after=3600)
        try:
            with pytest.raises(WaitTooLong):
                channel.upsert(_payloads(channel, 1))
        finally:
            channel.close()


def test_a_token_expired_mid_run_is_renewed_and_nothing_is_lost() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim, concurrency=4)
        sim.expire_tokens_after(10)
        try:
            outcomes = channel.upsert(_payloads(channel, 30))
        finally:
            channel.close()
        assert all(o.ok for o in outcomes)
        assert sim.grants["pws"] == 2 and sim.unauthorized >= 1
        assert len(sim.offers.skus()) == 30


def test_wrong_credentials_are_an_auth_failure() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim, offer_client_secret="falsch")
        try:
            with pytest.raises(AuthFailure):
                channel.upsert(_payloads(channel, 2))
        finally:
            channel.close()


def test_stock_costs_one_patch_per_changed_offer_and_none_for_the_rest() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim)
        try:
            channel.upsert(_payloads(channel, 10))
            levels = [StockLevel(str(10_000_001 + n), 7) for n in range(10)]
            levels[2] = StockLevel("10000003", 0)
            levels[5] = StockLevel("10000006", 12)
            outcomes = channel.set_stock([*levels, StockLevel("99999999", 4)])
            again = channel.set_stock(levels)
        finally:
            channel.close()
        assert sim.calls["PATCH offer"] == 2
        assert all(o.ok for o in outcomes[:10]) and all(o.ok for o in again)
        assert outcomes[10].skipped  # no offer for it: the export brings its quantity
        offer = sim.offers.get("10000006")
        assert offer is not None and offer["checkoutLimitPerPeriod"] == 12
        assert offer["title"] == "Wollmütze 10000006"  # PATCH changed nothing else


def test_an_offer_idealo_lost_is_reported_and_sent_again_by_the_export() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim)
        try:
            channel.upsert(_payloads(channel, 2))
            sim.offers.delete("10000001")
            [lost, kept] = channel.set_stock([StockLevel("10000001", 3), StockLevel("10000002", 3)])
            [again] = channel.verify()
        finally:
            channel.close()
        assert lost.skipped and kept.ok
        assert again.key == "10000001" and not again.ok and again.retry is Retry.SOON
        assert channel.links.get("offer", "10000001") is None


def test_removing_offers_and_refreshing_every_offers_timestamp() -> None:
    with idealo_server(rate=None) as (sim, server):
        channel = _channel(server, sim)
        try:
            channel.upsert(_payloads(channel, 3))
            before = sim.offers.imported("10000003")
            outcomes = channel.remove(["10000001", "10000002", "never-there"])
            channel.refresh_timestamps()
        finally:
            channel.close()
        assert all(o.ok for o in outcomes)
        assert sim.offers.skus() == ["10000003"]
        after = sim.offers.imported("10000003")
        assert before is not None and after is not None and after > before
        assert sim.calls["PUT offers"] == 1


# ---- orders --------------------------------------------------------------------------


def _orders(
    server: SimulatorServer, simulator: IdealoSimulator, table: dict[str, str] | None = None
) -> IdealoOrders:
    return IdealoOrders(
        config_for(server, simulator),
        CarrierTable(DEFAULT_TABLE if table is None else table),
        retry=FAST_RETRY,
    )


def _order(sim: IdealoSimulator, *skus: str, options: tuple[DeliveryOption, ...] = ()) -> str:
    lines = [(sku, f"Artikel {sku}", Decimal("19.90"), 2) for sku in skus]
    return sim.orders.add(lines, options=options)


def test_new_orders_over_several_pages_while_they_are_acknowledged() -> None:
    with idealo_server(rate=None) as (sim, server):
        ids = [_order(sim, str(10_000_000 + n)) for n in range(230)]
        orders = _orders(server, sim)
        try:
            seen = []
            for order in orders.orders_since(None):
                assert not isinstance(order, Unreadable)
                seen.append(order.channel_order_id)
                orders.acknowledge(order.channel_order_id, f"AB{len(seen)}")
            later = list(orders.orders_since(None))
        finally:
            orders.close()
        assert sorted(seen) == sorted(ids)  # acknowledging shifted no page
        assert later == []
        assert sim.calls["GET orders"] >= 3 + 1
        first = sim.orders.render(ids[0])
        assert first is not None and first["merchantOrderNumber"] == "AB1"
        assert sim.grants["moa"] == 1 and sim.grants["pws"] == 0


def test_an_order_with_a_value_that_does_not_parse_is_unreadable_the_rest_is_read() -> None:
    with idealo_server(rate=None) as (sim, server):
        good = _order(sim, "10000001")
        bad = _order(sim, "10000002")
        record = sim.orders.get(bad)
        assert record is not None
        record.shipping_costs = Decimal("-1")
        orders = _orders(server, sim)
        try:
            found = list(orders.orders_since(None))
        finally:
            orders.close()
        by_key = {getattr(o, "channel_order_id", getattr(o, "key", "")): o for o in found}
        assert not isinstance(by_key[good], Unreadable)
        unreadable = by_key[bad]
        assert isinstance(unreadable, Unreadable) and unreadable.field == "shippingCosts"


def test_fulfilment_with_the_mapped_carrier_and_tracking_codes_once() -> None:
    with idealo_server(rate=None) as (sim, server):
        order_id = _order(sim, "10000001")
        orders = _orders(server, sim)
        shipment = ShipmentInfo("501", "00340434161234567890", shipping_method="DHL Paket")
        try:
            orders.push_shipment(order_id, shipment)
            orders.push_shipment(order_id, shipment)  # a repeat after a crash
        finally:
            orders.close()
        raw = sim.orders.render(order_id)
        assert raw is not None and raw["status"] == "COMPLETED"
        assert raw["fulfillment"]["tracking"] == [
            {"code": "00340434161234567890", "carrier": "DHL"}
        ]
        assert sim.calls["POST order/fulfillment"] == 1


def test_a_lost_fulfilment_answer_is_resolved_by_reading_the_order() -> None:
    with idealo_server(rate=None) as (sim, server):
        order_id = _order(sim, "10000001")
        orders = _orders(server, sim)
        server.faults.inject(FaultKind.LOSE_ANSWER, 1, path_contains="/fulfillment")
        try:
            orders.push_shipment(order_id, ShipmentInfo("7", "TRK1 TRK2", shipping_method="GLS"))
        finally:
            orders.close()
        raw = sim.orders.render(order_id)
        assert raw is not None
        assert [t["code"] for t in raw["fulfillment"]["tracking"]] == ["TRK1", "TRK2"]


def test_a_shipping_method_without_carrier_is_a_problem_showing_the_allowed_values() -> None:
    with idealo_server(rate=None) as (sim, server):
        order_id = _order(sim, "10000001")
        orders = _orders(server, sim)
        try:
            with pytest.raises(ItemProblem) as caught:
                orders.push_shipment(order_id, ShipmentInfo("7", "X1", shipping_method="Kurier"))
        finally:
            orders.close()
        assert caught.value.field == "shipping_method" and caught.value.retry is Retry.LATER
        assert "“Kurier”" in caught.value.message and "TRANS_O_FLEX" in caught.value.message
        assert sim.calls["POST order/fulfillment"] == 0


def test_revocations_come_with_a_note_and_a_revoked_order_is_not_shipped() -> None:
    with idealo_server(rate=None) as (sim, server):
        whole = _order(sim, "10000001")
        part = _order(sim, "10000002", "10000003")
        for order_id in (whole, part):
            sim.orders.set_merchant_order_number(order_id, "AB1")
        sim.orders.revoke(whole)
        sim.orders.revoke(part, sku="10000003", remaining=1, reason="CUSTOMER_REVOKE")
        orders = _orders(server, sim)
        try:
            found = {o.channel_order_id: o for o in orders.orders_since(None)}  # type: ignore[union-attr]
            with pytest.raises(ItemProblem) as caught:
                orders.push_shipment(whole, ShipmentInfo("7", "X1", shipping_method="DHL"))
        finally:
            orders.close()
        assert found[whole].cancelled and found[whole].change_note == "fully revoked at idealo"
        assert not found[part].cancelled
        assert [(line.sku, line.quantity) for line in found[part].lines] == [
            ("10000002", 2),
            ("10000003", 1),
        ]
        assert "SKU 10000003: 1 of 2 revoked" in found[part].change_note
        assert caught.value.field == "status"


def test_the_order_api_has_tokens_of_its_own() -> None:
    with idealo_server(rate=None) as (sim, server):
        _order(sim, "10000001", options=(DeliveryOption("PICKUP_SERVICE", Decimal("19.90")),))
        orders = _orders(server, sim)
        channel = _channel(server, sim)
        try:
            channel.test_connection()
            sim.expire_tokens_after(1)
            [order] = list(orders.orders_since(None))
        finally:
            orders.close()
            channel.close()
        assert sim.grants == {"pws": 1, "moa": 2}
        assert not isinstance(order, Unreadable)
        assert order.memo == "PICKUP_Service: €19.90 (old appliance pickup)"
