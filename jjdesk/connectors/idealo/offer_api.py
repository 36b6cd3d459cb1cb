"""The Partner Web Service (PWS 2.0): one request per offer, paced, with its own token.

`PUT/PATCH/DELETE /shop/{shopId}/offer/{sku}` under https://import.idealo.com, a bearer
token from idealo's business account token endpoint. A 401 renews the token once; a 429
is the pacer's business (every worker waits, later starts are spaced wider) and is sent
again, up to `MAX_THROTTLED` times, so the transport's own retries cover only lost
connections and 5xx answers.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import httpx

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport, retry_after_seconds
from jjdesk.connectors.idealo import messages as _messages  # noqa: F401  (registers texts)
from jjdesk.connectors.idealo.config import IdealoConfig
from jjdesk.connectors.idealo.messages import OFFER_SYSTEM
from jjdesk.connectors.idealo.pacing import RatePacer, Throughput
from jjdesk.connectors.idealo.wire import OFFER_HEADERS, json_body
from jjdesk.connectors.oauth import ClientCredentials, ClientIdentity
from jjdesk.errors import AuthFailure, ConfigFailure, NetworkFailure

CONNECTION = "idealo"
MAX_THROTTLED = 30  # 429s for one request before it counts as a passing failure
FALLBACK_WAIT = 1.0  # a 429 without Retry-After


class Throttled(Exception):
    """One request kept meeting 429: the item is tried again on a later run."""


class WaitTooLong(NetworkFailure):
    """idealo asks to wait longer than the transport's cap: the run ends, tried again later."""


class OfferApi:
    """Requests to PWS for one shop; thread-safe (the channel sends from a worker pool)."""

    def __init__(
        self,
        config: IdealoConfig,
        transport: HttpTransport,
        pacer: RatePacer,
        throughput: Throughput | None = None,
    ) -> None:
        self.config = config
        self.transport = transport
        self.pacer = pacer
        self.throughput = throughput or Throughput()
        self.credentials = ClientCredentials(
            ClientIdentity(
                config.offer_token_url, config.offer_client_id, config.offer_client_secret
            ),
            transport,
            OFFER_SYSTEM,
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

    def offer_url(self, sku: str = "") -> str:
        """`/shop/{shopId}/offer[/{sku}]` (the SKU was checked to be path-safe)."""
        base = f"{self.config.offer_url}/shop/{self.shop_id()}/offer"
        return f"{base}/{sku}" if sku else base

    def send(
        self, method: str, sku: str, body: Mapping[str, object] | None = None
    ) -> httpx.Response:
        """One offer request, paced and authorised; the final answer whatever its status."""
        url = self.offer_url(sku)
        content = json_body(body) if body is not None else None
        renewed = False
        for _ in range(MAX_THROTTLED):
            self.pacer.acquire(self.transport.wait)
            token = self.credentials.token()
            headers = {
                **OFFER_HEADERS,
                "Authorization": f"Bearer {token}",
                "Accept": "application/json",
            }
            if content is not None:
                headers["Content-Type"] = "application/json; charset=UTF-8"
            started = time.monotonic()
            response = self.transport.request(method, url, headers=headers, content=content)
            self.throughput.record(started, time.monotonic(), throttled=response.status_code == 429)
            if response.status_code == 401 and not renewed:
                self.credentials.invalidate(token)
                renewed = True
                continue
            if response.status_code == 401:
                raise AuthFailure(OFFER_SYSTEM, CONNECTION)
            if response.status_code == 429:
                self.pacer.throttled_for(self._retry_after(response))
                continue
            self.pacer.succeeded()
            if response.status_code == 403:
                raise ConfigFailure(
                    i18n.text("idealo.forbidden"),
                    i18n.text("idealo.forbidden.msg", shop=self.shop_id()),
                )
            return response
        raise Throttled(sku)

    def _retry_after(self, response: httpx.Response) -> float:
        """The wait a 429 asks for, within the transport's cap (a longer one ends the run)."""
        asked = retry_after_seconds(response)
        if asked is None:
            return FALLBACK_WAIT
        if asked > self.transport.retry.max_retry_after:
            raise WaitTooLong(
                i18n.text("net.wait_too_long", system=OFFER_SYSTEM),
                i18n.text("net.wait_too_long.msg", system=OFFER_SYSTEM, minutes=round(asked / 60)),
            )
        return asked
