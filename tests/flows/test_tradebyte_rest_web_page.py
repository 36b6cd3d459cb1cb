"""A proxy's login page answered with HTTP 200 instead of Tradebyte's REST interface is
never taken for Tradebyte's yes: the SHIP messages are sent again, the stock too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from jjdesk import i18n
from jjdesk.profile import Profile
from jjdesk.sandbox.server import SimulatorServer
from jjdesk.sandbox.tradebyte_rest import TradebyteRestSimulator
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.owed_helpers import age_owed
from tests.tradebyte_world import TradebyteWorld, simple_product, tradebyte_world


@pytest.fixture
def rest_world(
    profile: Profile, secrets: SecretStore, tmp_path: Path
) -> Iterator[tuple[TradebyteWorld, TradebyteRestSimulator]]:
    with tradebyte_world(profile, secrets, tmp_path / "tradebyte", products=0) as tb:
        rest = TradebyteRestSimulator(tb.tradebyte.state)
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
            yield tb, rest


def test_a_login_page_for_the_ship_messages_is_an_error_and_they_go_again(
    rest_world: tuple[TradebyteWorld, TradebyteRestSimulator],
) -> None:
    tb, rest = rest_world
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
    rest_world: tuple[TradebyteWorld, TradebyteRestSimulator],
) -> None:
    tb, rest = rest_world
    pid = simple_product(tb.world, Quantity="6")
    rest.answer_web_page_next("articles/stock")
    outcome = tb.run("stock", ok=False)
    assert outcome.status is RunStatus.FAILED
    assert outcome.title == i18n.text("tradebyte.rest.web_page")
    assert tb.tradebyte.state.stock == {}
    tb.run("stock")
    assert tb.tradebyte.state.stock == {pid: 6}
