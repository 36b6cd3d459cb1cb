"""Send one GraphQL document to Shopify: auth, pacing, throttle retries, typed errors.

Transient trouble (HTTP 429/5xx, dropped connections) is retried by the shared transport;
THROTTLED answers are retried here after the pacer has waited for the bucket to refill.
`userErrors` are data, not failures: the caller maps them to items and never retries them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.shopify.auth import TokenProvider
from jjdesk.connectors.shopify.config import ShopifyConfig
from jjdesk.connectors.shopify.cost import estimate_cost
from jjdesk.connectors.shopify.messages import SYSTEM
from jjdesk.connectors.shopify.pacer import CostPacer
from jjdesk.domain.models import Retry
from jjdesk.errors import AuthFailure, ConfigFailure, NetworkFailure, RemoteError

log = logging.getLogger(__name__)

MAX_THROTTLED = 30  # far more than a correctly paced run ever needs
# top-level error codes that say "try again", not "this request is wrong"
_PASSING = frozenset({"INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT"})
MAX_REMOTE_TEXT = 200

GraphQLErrors = list[dict[str, Any]]


class ShopifyRequestError(RemoteError):
    """Shopify refused the whole request (a top-level error other than THROTTLED)."""

    def __init__(self, code: str, text: str) -> None:
        text = text[:MAX_REMOTE_TEXT]
        super().__init__(SYSTEM, code, text)
        self.message = i18n.text("shopify.error", code=code, text=text)
        self.retry = Retry.SOON if code in _PASSING else Retry.LATER


class GraphQLClient:
    """Runs documents against the Admin API of one shop."""

    def __init__(
        self,
        config: ShopifyConfig,
        transport: HttpTransport,
        tokens: TokenProvider,
        pacer: CostPacer,
    ) -> None:
        self._config = config
        self._transport = transport
        self._tokens = tokens
        self.pacer = pacer
        self.throttled = 0

    def execute(
        self, document: str, variables: Mapping[str, object], *, idempotent: bool = True
    ) -> dict[str, Any]:
        """The `data` of a successful answer; raises typed errors for everything else."""
        data, errors = self.execute_partial(document, variables, idempotent=idempotent)
        if errors:
            raise _request_error(errors)
        if data is None:
            raise _unreadable(200)
        return data

    def execute_partial(
        self, document: str, variables: Mapping[str, object], *, idempotent: bool = True
    ) -> tuple[dict[str, Any] | None, GraphQLErrors]:
        """`data` and the field errors that came with it (errors with a `path`).

        GraphQL answers a failing field with null and an error naming its path, so one
        broken order need not hide its page; the caller decides what each error spoils.
        Errors without a path (the whole request refused) raise as in `execute`.
        """
        cost = estimate_cost(document, variables)
        renewed = False
        throttled = 0
        while True:
            self.pacer.acquire(cost, self._transport.wait)
            token = self._tokens.token()
            response = self._transport.request(
                "POST",
                self._config.graphql_url,
                json={"query": document, "variables": dict(variables)},
                headers={"X-Shopify-Access-Token": token, "Accept": "application/json"},
                idempotent=idempotent,
            )
            if response.status_code == 401 and self._tokens.renewable and not renewed:
                self._tokens.invalidate(token)
                renewed = True
                continue
            body = self._body(response)
            cost_info = body.get("extensions", {}).get("cost", {})
            if isinstance(cost_info, dict) and isinstance(cost_info.get("throttleStatus"), dict):
                self.pacer.update(cost_info["throttleStatus"])
            errors = body.get("errors") or []
            if _is_throttled(errors):
                throttled += 1
                self.throttled += 1
                log.info("Shopify throttled a request (cost %d, attempt %d)", cost, throttled)
                if throttled >= MAX_THROTTLED:
                    raise NetworkFailure(
                        i18n.text("net.http_error", system=SYSTEM), i18n.text("shopify.throttled")
                    )
                if not self.pacer.known:
                    self._transport.wait(self._transport.retry.delay(throttled))
                continue
            if not isinstance(errors, list):
                raise _request_error(errors)
            data = body.get("data")
            field_errors = [e for e in errors if isinstance(e, dict) and e.get("path")]
            if len(field_errors) < len(errors):
                raise _request_error(errors)
            if not isinstance(data, dict) and not field_errors:
                raise _unreadable(response.status_code)
            return (data if isinstance(data, dict) else None), field_errors

    def _body(self, response: httpx.Response) -> dict[str, Any]:
        """The JSON answer, or the typed error its HTTP status stands for."""
        status = response.status_code
        if status in (401, 403):
            raise AuthFailure(SYSTEM, "shopify", i18n.text("shopify.auth.http", status=status))
        if status == 404:
            raise ConfigFailure(
                i18n.text("config.invalid"),
                i18n.text("shopify.shop_not_found", shop=self._config.shop),
            )
        if status == 429:  # a throttled answer the transport gave up on
            return {"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}]}
        if status != 200:
            raise NetworkFailure.http_status(SYSTEM, status)
        try:
            body = response.json()
        except ValueError as exc:
            raise _unreadable(status) from exc
        if not isinstance(body, dict):
            raise _unreadable(status)
        return body


def _code(error: object) -> str:
    if isinstance(error, dict):
        ext = error.get("extensions")
        if isinstance(ext, dict) and ext.get("code"):
            return str(ext["code"])
    return ""


def _is_throttled(errors: object) -> bool:
    if isinstance(errors, list):
        return any(_code(e) == "THROTTLED" for e in errors)
    return False


def _request_error(errors: object) -> Exception:
    if not isinstance(errors, list) or not errors:
        return ShopifyRequestError("UNKNOWN", str(errors)[:300])
    first = errors[0]
    code = _code(first) or "GRAPHQL_ERROR"
    text = str(first.get("message", "")) if isinstance(first, dict) else str(first)
    if code == "ACCESS_DENIED":
        return AuthFailure(SYSTEM, "shopify", i18n.text("shopify.auth.scope", detail=text))
    return ShopifyRequestError(code, text)


def _unreadable(status: int) -> NetworkFailure:
    return NetworkFailure(
        i18n.text("net.http_error", system=SYSTEM), i18n.text("shopify.bad_answer", status=status)
    )
