"""Access tokens: a fixed one, or short-lived ones from the client-credentials grant.

Fetched tokens live in memory only (never stored) and are renewed shortly before they
expire, or at once when Shopify answers 401 to one that should still be valid.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.shopify.config import ShopifyConfig
from jjdesk.connectors.shopify.messages import SYSTEM
from jjdesk.errors import AuthFailure, NetworkFailure

_DEFAULT_LIFETIME = 24 * 3600.0  # when Shopify does not say, assume the documented 24 h


class TokenProvider:
    """Hands out a valid access token for each request."""

    def __init__(
        self,
        config: ShopifyConfig,
        transport: HttpTransport,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config = config
        self._transport = transport
        self._clock = clock
        self._lock = threading.Lock()
        self._token = config.access_token
        self._expires_at = float("inf")
        self.grants = 0

    @property
    def renewable(self) -> bool:
        """True when a rejected token can be replaced by asking for a new one."""
        return self._config.uses_client_credentials

    def token(self) -> str:
        """A token that is valid now, fetching a new one when needed."""
        with self._lock:
            if self.renewable and (not self._token or self._clock() >= self._expires_at):
                self._grant()
            return self._token

    def invalidate(self, token: str) -> None:
        """Forget `token` after a 401, unless another thread already replaced it."""
        with self._lock:
            if self.renewable and self._token == token:
                self._token = ""

    def _grant(self) -> None:
        response = self._transport.request(
            "POST",
            self._config.token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": self._config.client_id,
                "client_secret": self._config.client_secret,
            },
            headers={"Accept": "application/json"},
        )
        if response.status_code in (400, 401, 403, 404):
            detail = i18n.text("shopify.auth.http", status=response.status_code)
            raise AuthFailure(SYSTEM, "shopify", detail)
        if response.status_code != 200:
            raise NetworkFailure.http_status(SYSTEM, response.status_code)
        try:
            body = response.json()
            token = str(body["access_token"])
            lifetime = float(body.get("expires_in") or _DEFAULT_LIFETIME)
        except (ValueError, KeyError, TypeError) as exc:
            raise NetworkFailure(
                i18n.text("net.http_error", system=SYSTEM),
                i18n.text("shopify.bad_answer", status=response.status_code),
            ) from exc
        margin = min(60.0, lifetime / 10)
        self._token = token
        self._expires_at = self._clock() + lifetime - margin
        self.grants += 1
