"""The shared transport over a real loopback socket: https only, safe repeats, bounded waits."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest

from jjdesk.connectors.http import HttpTransport, RetryPolicy, check_url
from jjdesk.connectors.shopify import ShopifyChannel, ShopifyConfig
from jjdesk.connectors.shopify.pacer import CostPacer
from jjdesk.errors import ConfigFailure, NetworkFailure, OutcomeUnknown
from jjdesk.sandbox.server import FaultKind, SimRequest, SimResponse, SimulatorServer
from tests.memory_links import MemoryLinks


class Counter:
    """Answers 200 "ok" and counts what it did."""

    name = "counter"

    def __init__(self) -> None:
        self.done = 0
        self._lock = threading.Lock()

    def handle(self, request: SimRequest) -> SimResponse:
        with self._lock:
            self.done += 1
        return SimResponse(200, b"ok", "text/plain")


@pytest.fixture
def server() -> Iterator[SimulatorServer]:
    with SimulatorServer(Counter()) as running:
        yield running


def _transport(attempts: int = 4) -> HttpTransport:
    return HttpTransport("Test", timeout=5, retry=RetryPolicy(attempts=attempts, base_delay=0.01))


@pytest.mark.parametrize(
    "url",
    [
        "https://api.afterbuy.de/afterbuy/ABInterface.aspx",
        "http://127.0.0.1:8080/x",
        "http://localhost/x",
        "http://[::1]:9000/x",
    ],
)
def test_https_and_loopback_are_allowed(url: str) -> None:
    assert check_url(url) == url


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("http://api.afterbuy.de/afterbuy/ABInterface.aspx", "Unencrypted address refused"),
        ("http://192.168.1.20/shop", "Unencrypted address refused"),
        ("ftp://example.com/x", "Invalid address"),
        ("api.afterbuy.de", "Invalid address"),
    ],
)
def test_other_addresses_are_refused_with_a_sentence(url: str, title: str) -> None:
    with pytest.raises(ConfigFailure) as caught:
        check_url(url)
    assert caught.value.title == title and url in caught.value.message


def test_no_request_ever_leaves_for_a_cleartext_address() -> None:
    transport = _transport()
    with pytest.raises(ConfigFailure):
        transport.request("GET", "http://example.com/token?secret=1")
    transport.close()


def test_a_lost_answer_to_an_unsafe_request_is_not_sent_again(server: SimulatorServer) -> None:
    server.faults.inject(FaultKind.LOSE_ANSWER)
    transport = _transport()
    with pytest.raises(OutcomeUnknown):
        transport.request("POST", server.base_url + "/orders", idempotent=False)
    assert server.simulator.done == 1  # type: ignore[attr-defined]
    transport.close()


def test_a_lost_answer_to_a_safe_request_is_retried(server: SimulatorServer) -> None:
    server.faults.inject(FaultKind.LOSE_ANSWER)
    transport = _transport()
    assert transport.request("POST", server.base_url + "/query").text == "ok"
    assert server.simulator.done == 2  # type: ignore[attr-defined]
    transport.close()


def test_an_unsafe_request_is_repeated_only_after_a_refusal_that_did_no_work(
    server: SimulatorServer,
) -> None:
    server.faults.inject(FaultKind.HTTP_429, retry_after=0)
    transport = _transport()
    assert transport.request("POST", server.base_url + "/orders", idempotent=False).text == "ok"
    server.faults.inject(FaultKind.HTTP_500)
    with pytest.raises(OutcomeUnknown):
        transport.request("POST", server.base_url + "/orders", idempotent=False)
    transport.close()


def test_a_day_long_retry_after_ends_the_run_instead_of_sleeping(
    server: SimulatorServer,
) -> None:
    server.faults.inject(FaultKind.HTTP_429, retry_after=86400)
    transport = _transport()
    cancel_after_a_minute = threading.Timer(60, transport.cancel.set)
    cancel_after_a_minute.start()
    try:
        with pytest.raises(NetworkFailure) as caught:
            transport.request("GET", server.base_url + "/x")
    finally:
        cancel_after_a_minute.cancel()
        transport.close()
    assert "1440 minutes" in caught.value.message


class EndlessOrders:
    """A GraphQL endpoint whose order list always says there is another page."""

    name = "endless"

    def __init__(self) -> None:
        self.pages = 0

    def handle(self, request: SimRequest) -> SimResponse:
        self.pages += 1
        connection = {
            "edges": [],
            "pageInfo": {"hasNextPage": True, "endCursor": "c1"},
        }
        body = {"data": {"orders": connection}}
        return SimResponse(200, json.dumps(body).encode(), "application/json")


def test_a_list_that_never_ends_stops_with_a_message() -> None:
    endless = EndlessOrders()
    with SimulatorServer(endless) as running:
        config = ShopifyConfig(shop="x", access_token="t", base_url=running.base_url)
        channel = ShopifyChannel(config, MemoryLinks(), transport=_transport(), pacer=CostPacer())
        with pytest.raises(NetworkFailure) as caught:
            list(channel.orders_since(None))
        channel.close()
    assert caught.value.title == "Shopify does not end the list"
    assert endless.pages <= 3
