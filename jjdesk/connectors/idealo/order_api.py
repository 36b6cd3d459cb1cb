"""The Merchant Order API (MOA 2.0): orders, merchant order numbers, fulfilment.

Under https://orders.idealo.com/api/v2/shops/{shopId}, with a token of its own from
`/api/v2/oauth/token` (HTTP Basic, client credentials; the answer names the shop). Lists
page by `pageNumber` (from 0) and `pageSize` and answer `{content, totalElements,
totalPages}`; errors are problem documents (`type`, `title`, `fieldErrors`, `reason`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.idealo import messages as _messages  # noqa: F401  (registers texts)
from jjdesk.connectors.idealo.config import IdealoConfig
from jjdesk.connectors.idealo.messages import ORDER_SYSTEM
from jjdesk.connectors.idealo.wire import ORDER_HEADERS, json_body, json_of
from jjdesk.connectors.oauth import ClientCredentials, ClientIdentity
from jjdesk.connectors.paging import PageGuard
from jjdesk.errors import AuthFailure, ConfigFailure, NetworkFailure

CONNECTION = "idealo"
PAGE_SIZE = 100


class OrderApi:
    """Requests to MOA for one shop."""

    def __init__(self, config: IdealoConfig, transport: HttpTransport) -> None:
        if not config.has_order_client:
            raise ConfigFailure(
                i18n.text("idealo.orders.no_client"), i18n.text("idealo.orders.no_client.msg")
            )
        self.config = config
        self.transport = transport
        self.credentials = ClientCredentials(
            ClientIdentity(
                config.order_token_endpoint, config.order_client_id, config.order_client_secret
            ),
            transport,
            ORDER_SYSTEM,
            CONNECTION,
        )
        self._shop_id = config.shop_id.strip()

    def shop_id(self) -> str:
        """The shop's id: as configured, else as the token answer names it."""
        if not self._shop_id:
            self.credentials.token()
            found = str(self.credentials.response.get("shop_id") or "").strip()
            if not found:
                raise ConfigFailure(
                    i18n.text("idealo.shop_id.missing"), i18n.text("idealo.shop_id.missing.msg")
                )
            self._shop_id = found
        return self._shop_id

    def orders(self, params: Mapping[str, str]) -> Iterator[Mapping[str, Any]]:
        """Every order of a listing, page by page (`content` of each page)."""
        guard = PageGuard(ORDER_SYSTEM)
        page = 0
        while True:
            guard.advance(page)
            query = {**params, "pageNumber": str(page), "pageSize": str(PAGE_SIZE)}
            response = self.send("GET", "/orders", params=query)
            data = self.expect(response)
            content = data.get("content") if isinstance(data, Mapping) else None
            if not isinstance(content, list):
                raise NetworkFailure.http_status(ORDER_SYSTEM, response.status_code)
            yield from (o for o in content if isinstance(o, Mapping))
            total = data.get("totalPages")
            if not content or not isinstance(total, int) or page + 1 >= total:
                return
            page += 1

    def order(self, order_id: str) -> httpx.Response:
        """`GET /orders/{id}` (404 when idealo does not know it)."""
        return self.send("GET", f"/orders/{order_id}")

    def send(
        self,
        method: str,
        path: str,
        body: Mapping[str, object] | None = None,
        *,
        params: Mapping[str, str] | None = None,
        idempotent: bool = True,
    ) -> httpx.Response:
        """One request under `/api/v2/shops/{shopId}`, authorised (a 401 renews once)."""
        url = f"{self.config.order_url}/api/v2/shops/{self.shop_id()}{path}"
        content = json_body(body) if body is not None else None
        for attempt in (1, 2):
            token = self.credentials.token()
            headers = {
                **ORDER_HEADERS,
                "Authorization": f"Bearer {token}",
                "Accept": "application/json",
            }
            if content is not None:
                headers["Content-Type"] = "application/json"
            response = self.transport.request(
                method, url, headers=headers, content=content, params=params, idempotent=idempotent
            )
            if response.status_code != 401:
                if response.status_code == 403:
                    raise ConfigFailure(
                        i18n.text("idealo.forbidden"),
                        i18n.text("idealo.forbidden.msg", shop=self.shop_id()),
                    )
                return response
            self.credentials.invalidate(token)
            if attempt == 2:
                raise AuthFailure(ORDER_SYSTEM, CONNECTION)
        raise AssertionError("unreachable")

    def expect(self, response: httpx.Response) -> Any:
        """The JSON of a successful answer; a failed one fails the run (a listing)."""
        if response.status_code != 200:
            raise NetworkFailure.http_status(ORDER_SYSTEM, response.status_code)
        return json_of(response)
