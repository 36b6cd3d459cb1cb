"""The REST variant behind the same integration: orders, exported marks, SHIP messages,
channel messages and stock over TB.One's REST interface, by Tradebyte's REST rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from jjdesk import i18n
from jjdesk.profile import Profile
from jjdesk.sandbox.server import FaultKind, SimulatorServer
from jjdesk.sandbox.tradebyte_rest import TradebyteRestSimulator
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.owed_helpers import age_owed
from tests.tradebyte_world import TradebyteWorld, simple_product, tradebyte_world


@dataclass
class RestWorld:
    tb: TradebyteWorld
    rest: TradebyteRestSimulator
    server: SimulatorServer


@pytest.fixture
def world(profile: Profile, secrets: SecretStore, tmp_path: Path) -> Iterator[RestWorld]:
    with tradebyte_world(profile, secrets, tmp_path / "tradebyte", products=0) as tb:
        rest = TradebyteRestSimulator(tb.tradebyte.state, delay=0.02)
        with SimulatorServer(rest) as server:
            tb.app.save_connection(
                "tradebyte_rest",
                {
                    "base_url": server.base_url,
                    "hnr": rest.account,
                    "username": rest.username,
                    "password": rest.password,
                },
            )
            tb.app.set_option("tradebyte", "transport", "tradebyte.rest")
            yield RestWorld(tb, rest, server)


def _vids(w: RestWorld) -> list[str]:
    return sorted(o.vid for o in w.tb.world.afterbuy.list_orders())


def test_orders_are_imported_once_marked_exported_and_calls_go_one_at_a_time(
    world: RestWorld,
) -> None:
    tb = world.tb
    pid = simple_product(tb.world)
    orders = [tb.tradebyte.new_order([pid]) for _ in range(4)]
    assert "4 open order(s)" in tb.app.test_connection("tradebyte_rest")
    outcome = tb.run("orders")
    assert outcome.written == 4
    assert _vids(world) == sorted(f"TRADEBYTE-{o.tb_id}" for o in orders)
    assert all(o.exported for o in orders)
    assert world.rest.calls["POST orders/{id}/exported"] == 4
    assert world.rest.max_parallel == 1
    assert tb.run("orders").written == 0


def test_shipping_and_stock_over_rest(world: RestWorld) -> None:
    tb = world.tb
    pid = simple_product(tb.world, Quantity="6")
    order = tb.tradebyte.new_order([pid])
    tb.run("orders")
    [ab_order] = tb.world.afterbuy.list_orders()
    tb.world.afterbuy.set_tracking(str(ab_order.order_id), "00340434169999", "DHL")
    tb.run("shipping")
    assert tb.tradebyte.state.open_quantity(str(order.tb_id), str(order.items[0].tb_id)) == 0
    assert "Tradebyte abgeschlossen" in tb.world.afterbuy.list_orders()[0].tags
    tb.run("stock")
    assert tb.tradebyte.state.stock == {pid: 6}


def test_a_server_error_stops_every_call_for_ten_minutes(world: RestWorld) -> None:
    tb = world.tb
    pid = simple_product(tb.world)
    tb.tradebyte.new_order([pid])
    world.server.faults.inject(FaultKind.HTTP_500, path_contains="/orders")
    failed = tb.run("orders", ok=False)
    assert failed.status is RunStatus.FAILED and "HTTP 500" in failed.message
    calls = sum(world.rest.calls.values()) + sum(world.server.requests.values())
    waiting = tb.run("orders", ok=False)  # the next run, five minutes later
    assert waiting.status is RunStatus.FAILED and "waits" in waiting.message
    assert sum(world.rest.calls.values()) + sum(world.server.requests.values()) == calls
    assert _vids(world) == []
    tb.age("rest:not_before", timedelta(minutes=10))
    tb.run("orders")
    assert len(_vids(world)) == 1


def test_a_refused_request_is_never_repeated_unchanged(world: RestWorld) -> None:
    tb = world.tb
    pid = simple_product(tb.world)
    order = tb.tradebyte.new_order([pid])
    tb.run("orders")
    [ab_order] = tb.world.afterbuy.list_orders()
    too_long = "1" * 51  # Tradebyte takes at most 50: refused before any call by jjdesk
    tb.world.afterbuy.set_tracking(str(ab_order.order_id), too_long, "DHL")
    refused_here = tb.run("shipping")
    assert refused_here.failed == 1 and world.rest.calls["POST messages/"] == 0
    # Tradebyte itself refuses: the item was shipped elsewhere already (quantity too high)
    tb.tradebyte.state.shipped[(str(order.tb_id), str(order.items[0].tb_id))] = 1
    tb.world.afterbuy.set_tracking(str(ab_order.order_id), "0034043416", "DHL")
    age_owed(tb.app.store, timedelta(days=2))
    first = tb.run("shipping")
    assert first.failed == 1 and world.rest.calls["POST messages/"] == 1
    assert "HTTP 400" in first.context.problems[0].message
    age_owed(tb.app.store, timedelta(days=2))
    second = tb.run("shipping")
    assert world.rest.calls["POST messages/"] == 1  # the same request is not sent again
    assert "refused exactly this request" in second.context.problems[0].message
    tb.world.afterbuy.set_tracking(str(ab_order.order_id), "0034043417", "DHL")
    tb.tradebyte.state.shipped.clear()
    age_owed(tb.app.store, timedelta(days=2))
    tb.run("shipping")
    assert world.rest.calls["POST messages/"] == 2  # changed data goes out


def test_channel_messages_over_rest_are_reported_once_and_marked(world: RestWorld) -> None:
    tb = world.tb
    order = tb.tradebyte.new_order([simple_product(tb.world)])
    tb.tradebyte.cancel_item(order, order.items[0])
    outcome = tb.run("messages")
    [error] = tb.app.store.errors.for_run(outcome.run_id)
    assert error.field == "CUST_CANCEL"
    assert all(m.exported for m in tb.tradebyte.state.messages.values())
    assert tb.run("messages").failed == 0


def test_a_login_page_for_the_ship_messages_is_an_error_and_they_go_again(
    world: RestWorld,
) -> None:
    tb, rest = world.tb, world.rest
    order = tb.tradebyte.new_order([simple_product(tb.world)])
    tb.run("orders")
    [ab] = tb.world.afterbuy.list_orders()
    tb.world.afterbuy.set_tracking(str(ab.order_id), "00340434161234", "DHL")
    rest.answer_web_page_next("messages")
    outcome = tb.run("shipping")
    assert outcome.status is RunStatus.WARNINGS
    item = str(order.items[0].tb_id)
    assert tb.tradebyte.state.open_quantity(str(order.tb_id), item) == 1  # not shipped
    assert "Tradebyte abgeschlossen" not in tb.world.afterbuy.list_orders()[0].tags
    age_owed(tb.app.store, timedelta(hours=1))
    assert tb.run("shipping").status is RunStatus.SUCCEEDED
    assert tb.tradebyte.state.open_quantity(str(order.tb_id), item) == 0
    assert "Tradebyte abgeschlossen" in tb.world.afterbuy.list_orders()[0].tags


def test_a_login_page_for_the_stock_fails_the_run_and_the_stock_goes_next_time(
    world: RestWorld,
) -> None:
    tb, rest = world.tb, world.rest
    pid = simple_product(tb.world, Quantity="6")
    rest.answer_web_page_next("articles/stock")
    outcome = tb.run("stock", ok=False)
    assert outcome.status is RunStatus.FAILED
    assert outcome.title == i18n.text("tradebyte.rest.web_page")
    assert tb.tradebyte.state.stock == {}
    tb.run("stock")
    assert tb.tradebyte.state.stock == {pid: 6}
