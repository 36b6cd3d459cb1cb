"""What the proof harness relies on: random faults over a real socket, time limits the
merchant can set (and cannot set wrong), Shopify's title limit in the simulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jjdesk.app import App, build_app
from jjdesk.connectors.http import HttpTransport, RetryPolicy
from jjdesk.errors import ConfigFailure
from jjdesk.integrations.afterbuy_link import afterbuy_timeout
from jjdesk.profile import Profile
from jjdesk.sandbox.server import FaultKind, SimulatorServer
from jjdesk.sandbox.shopify_state import _validate_product
from jjdesk.secrets import SecretStore
from tests.unit.test_transport import Counter


@pytest.fixture
def app(profile: Profile, secrets: SecretStore) -> Iterator[App]:
    built = build_app(profile, secrets)
    yield built
    built.shutdown()


def test_chaos_fails_about_the_share_asked_for_and_retries_still_get_through() -> None:
    counter = Counter()
    with SimulatorServer(counter) as server:
        server.faults.chaos(0.3, [FaultKind.HTTP_500, FaultKind.HTTP_429], seed=4, retry_after=0)
        transport = HttpTransport("x", retry=RetryPolicy(attempts=8, base_delay=0.001))
        try:
            answers = [transport.request("GET", server.base_url + "/a") for _ in range(60)]
        finally:
            transport.close()
        hits = sum(server.faults.hits.values())
    assert all(a.status_code == 200 for a in answers)
    assert counter.done == 60  # the faults came before the work
    assert 10 <= hits <= 45  # 30 % of ~85 requests, give or take
    assert set(server.faults.hits) == {FaultKind.HTTP_500, FaultKind.HTTP_429}


def test_a_time_limit_out_of_bounds_is_refused_and_a_good_one_reaches_the_client(
    app: App,
) -> None:
    with pytest.raises(ConfigFailure) as refused:
        app.save_connection("afterbuy", {"timeout_seconds": "0"})
    assert "1 to 600" in refused.value.message
    app.save_connection("afterbuy", {"timeout_seconds": "7"})
    from jjdesk.app import Services

    assert afterbuy_timeout(Services(app, "shopify")) == 7.0
    app.store.settings.set("connection.afterbuy.timeout_seconds", "lang")
    with pytest.raises(ConfigFailure):
        afterbuy_timeout(Services(app, "shopify"))


def test_the_shopify_simulator_refuses_a_title_over_255_characters() -> None:
    [error] = _validate_product({"title": "x" * 256})
    assert error["code"] == "TITLE_TOO_LONG"
    assert _validate_product({"title": "x" * 255}) == []
