"""TB.One's REST interface on loopback, over the same state as the SFTP simulator.

`GET /{account}/orders/` (not yet exported), `POST …/orders/{id}/exported`,
`GET …/messages/` and `POST …/messages/{id}/exported`, `POST …/messages/` (SHIP messages,
checked like an uploaded file), `POST …/articles/stock` (TB.Stock). HTTP Basic; a refused
document answers 400 with the reasons. It counts requests in flight at once, since
Tradebyte wants calls one after the other (`max_parallel` must stay 1).
"""

from __future__ import annotations

import base64
import re
import threading
import time
from collections import Counter

from jjdesk.sandbox.server import SimRequest, SimResponse
from jjdesk.sandbox.tradebyte import TradebyteState
from jjdesk.sandbox.tradebyte_orders import message_list, order_list

_LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Anmeldung</title></head>"
    b"<body><form action='/login'>Bitte melden Sie sich am Proxy an.</form></body></html>"
)
_ORDER_EXPORTED = re.compile(r"orders/(\d+)/exported/?")
_MESSAGE_EXPORTED = re.compile(r"messages/(\d+)/exported/?")


class TradebyteRestSimulator:
    """The handler for `SimulatorServer`."""

    name = "tradebyte-rest"

    def __init__(
        self,
        state: TradebyteState,
        account: str = "4711",
        username: str = "jjdesk-rest",
        password: str = "tb-rest-geheim",
        delay: float = 0.0,
    ) -> None:
        self.state = state
        self.account = account
        self.username = username
        self.password = password
        self.delay = delay  # seconds each request takes (makes overlapping calls visible)
        self.calls: Counter[str] = Counter()
        self.max_parallel = 0
        self._in_flight = 0
        self._count_lock = threading.Lock()
        self._web_pages: list[str] = []  # paths whose next answer is a proxy's login page

    def answer_web_page_next(self, path_contains: str) -> None:
        """The next request whose path contains this meets a proxy's login page (HTTP 200,
        HTML) instead of Tradebyte, and is not handled."""
        with self._count_lock:
            self._web_pages.append(path_contains)

    def handle(self, request: SimRequest) -> SimResponse:
        """Answer one request."""
        with self._count_lock:
            self._in_flight += 1
            self.max_parallel = max(self.max_parallel, self._in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
            return self._answer(request)
        finally:
            with self._count_lock:
                self._in_flight -= 1

    def _answer(self, request: SimRequest) -> SimResponse:
        with self._count_lock:
            page = next((p for p in self._web_pages if p in request.path), None)
            if page is not None:
                self._web_pages.remove(page)
                return SimResponse(200, _LOGIN_PAGE, "text/html; charset=utf-8")
        if not self._authorised(request.header("Authorization")):
            return SimResponse(401, b"Unauthorized", "text/plain")
        prefix = f"/{self.account}/"
        if not request.path.startswith(prefix):
            return SimResponse(404, b"unknown account", "text/plain")
        route = request.path[len(prefix) :]
        self.calls[f"{request.method} {re.sub(r'[0-9]+', '{id}', route)}"] += 1
        with self.state.lock:
            return self._route(request.method, route, request.body)

    def _route(self, method: str, route: str, body: bytes) -> SimResponse:
        state = self.state
        if method == "GET" and route.rstrip("/") == "orders":
            open_orders = [o for o in state.orders.values() if not o.exported]
            return SimResponse(200, order_list(open_orders))
        if method == "GET" and route.rstrip("/") == "messages":
            waiting = [m for m in state.messages.values() if not m.exported]
            return SimResponse(200, message_list(waiting))
        if method == "POST" and (found := _ORDER_EXPORTED.fullmatch(route)):
            order = state.orders.get(int(found.group(1)))
            if order is None:
                return SimResponse(404, b"order not found", "text/plain")
            order.exported = True
            return SimResponse(200, b"")
        if method == "POST" and (found := _MESSAGE_EXPORTED.fullmatch(route)):
            message = state.messages.get(int(found.group(1)))
            if message is None:
                return SimResponse(404, b"message not found", "text/plain")
            message.exported = True
            return SimResponse(200, b"")
        if method == "POST" and route.rstrip("/") in ("messages", "articles/stock"):
            name = "MESSAGES_rest.xml" if route.startswith("messages") else "TBCAT_stock_rest.xml"
            checked = state.take(name, body)
            if not checked.accepted:
                return SimResponse(400, "\n".join(checked.reasons).encode(), "text/plain")
            return SimResponse(200, b"<OK/>")
        return SimResponse(404, b"no such resource", "text/plain")

    def _authorised(self, header: str) -> bool:
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return user == self.username and password == self.password
