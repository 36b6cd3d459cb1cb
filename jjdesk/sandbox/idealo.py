"""An idealo simulator: the offer API (PWS 2.0) and the order API (MOA 2.0) on one port.

Serves, for `SimulatorServer`:
- `POST /mer/businessaccount/api/v1/oauth/token` and `POST /api/v2/oauth/token`: client
  credentials by HTTP Basic, each API its own clients and tokens, with `expires_in` and
  `shop_id`; a token that ran out (or was revoked with `expire_tokens`) answers 401.
- `GET/PUT/PATCH/DELETE /shop/{shopId}/offer/{sku}`, `DELETE` and `PUT` (timestamps) on
  `/shop/{shopId}/offer`: validation like idealo's (`fieldErrors` / `generalErrors`),
  refusal of the URL forms idealo forbids (`;`, encoded `/` and `%`, `\\`).
- `/api/v2/shops/{shopId}/orders` with `status`, `acknowledged`, `from`, `to`,
  `pageNumber`, `pageSize`; `…/orders/{id}`, `…/merchant-order-number`, `…/fulfillment`,
  `…/revocations`, `…/refunds`; errors as problem documents.
- A rate limit per API (a token bucket; 429 with Retry-After) and an optional latency per
  request, so concurrency and pacing can be measured; faults come from the server's plan.
"""

from __future__ import annotations

import base64
import json
import math
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, unquote

from jjdesk.domain.idealo_fields import CARRIERS
from jjdesk.domain.timestamps import parse_iso
from jjdesk.sandbox.idealo_offers import OfferStore
from jjdesk.sandbox.idealo_orders import REASONS, STATUSES, OrderBook, OrderConflict
from jjdesk.sandbox.server import SimRequest, SimResponse

OFFER_TOKEN_PATH = "/mer/businessaccount/api/v1/oauth/token"
ORDER_TOKEN_PATH = "/api/v2/oauth/token"
PWS = "pws"
MOA = "moa"
MAX_PAGE_SIZE = 250
MAX_ORDER_NUMBER = 50
_OFFER = re.compile(r"^/shop/(?P<shop>[^/]+)/offer(?:/(?P<sku>[^/]*))?/?$")
_ORDERS = re.compile(r"^/api/v2/shops/(?P<shop>[^/]+)/(?P<rest>.+?)/?$")
_ORDER = re.compile(r"^orders/(?P<id>[^/]+)(?:/(?P<action>[a-z-]+))?$")
_FORBIDDEN_IN_URL = (";", "%2f", "%2F", "\\", "%5c", "%5C", "%00", "%25")
_JSON = "application/json; charset=utf-8"
_PROBLEM = "application/problem+json"


@dataclass(slots=True)
class TokenBucket:
    """Requests per second with a burst; `take` answers the wait when it is empty."""

    rate: float
    capacity: float
    tokens: float
    stamp: float

    def take(self, now: float) -> float:
        """0 when the request may pass, else the seconds until it could."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class IdealoSimulator:
    """Both idealo APIs for one shop; thread-safe; counters for tests and benchmarks."""

    name = "idealo"

    def __init__(
        self,
        *,
        shop_id: str = "314159",
        offer_client: tuple[str, str] = ("pws-client", "pws-secret"),
        order_client: tuple[str, str] = ("moa-client", "moa-secret"),
        token_ttl: float = 3600.0,
        rate: float | None = 50.0,
        burst: float = 50.0,
        latency: float = 0.0,
        seed: int = 11,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.shop_id = shop_id
        self.clients = {PWS: offer_client, MOA: order_client}
        self.token_ttl = token_ttl
        self.latency = latency
        self.offers = OfferStore()
        self.orders = OrderBook(seed)
        self.calls: Counter[str] = Counter()  # "PUT offer", "PATCH offer", "GET orders", …
        self.grants: Counter[str] = Counter()
        self.unauthorized = 0
        self.throttled = 0
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[str, float]] = {}  # token → (api, expiry)
        self._buckets: dict[str, TokenBucket] = {}
        self._rate = rate
        self._burst = burst
        self._expire_after: int | None = None
        self.set_rate_limit(rate, burst)

    # ---- test helpers ---------------------------------------------------------------

    @property
    def offer_client(self) -> tuple[str, str]:
        """(client id, secret) of the offer API."""
        return self.clients[PWS]

    @property
    def order_client(self) -> tuple[str, str]:
        """(client id, secret) of the order API."""
        return self.clients[MOA]

    def set_rate_limit(self, rate: float | None, burst: float = 50.0) -> None:
        """Requests per second (and burst) per API; None switches the limit off."""
        with self._lock:
            self._rate, self._burst = rate, burst
            self._buckets = (
                {}
                if rate is None
                else {api: TokenBucket(rate, burst, burst, self._clock()) for api in (PWS, MOA)}
            )

    def expire_tokens(self) -> None:
        """Every token issued so far is expired now (a token running out mid-run)."""
        with self._lock:
            self._tokens.clear()

    def expire_credentials(self) -> None:
        """`FaultKind.EXPIRE_TOKEN` of the server's fault plan: the tokens run out now."""
        self.expire_tokens()

    def expire_tokens_after(self, requests: int) -> None:
        """Expire every token once `requests` more API requests have been answered."""
        with self._lock:
            self._expire_after = requests

    # ---- dispatch -----------------------------------------------------------------------

    def handle(self, request: SimRequest) -> SimResponse:
        """Answer one request of either API."""
        if self.latency:
            time.sleep(self.latency)
        path = request.path
        if request.method == "POST" and path == OFFER_TOKEN_PATH:
            return self._token(PWS, request)
        if request.method == "POST" and path == ORDER_TOKEN_PATH:
            return self._token(MOA, request)
        if path.startswith("/shop/"):
            return self._api(PWS, request, self._pws)
        if path.startswith("/api/v2/shops/"):
            return self._api(MOA, request, self._moa)
        return _json(404, {"generalErrors": [f"no resource {path}"]})

    def _api(
        self, api: str, request: SimRequest, serve: Callable[[SimRequest], SimResponse]
    ) -> SimResponse:
        with self._lock:
            if not self._authorised(api, request):
                self.unauthorized += 1
                return SimResponse(
                    401,
                    b'{"error":"invalid_token"}',
                    _JSON,
                    {"WWW-Authenticate": 'Bearer error="invalid_token"'},
                )
            bucket = self._buckets.get(api)
            wait = bucket.take(self._clock()) if bucket is not None else 0.0
            if wait > 0:
                self.throttled += 1
                body = {"generalErrors": ["Too many requests"]}
                headers = {"Retry-After": str(max(1, math.ceil(wait)))}
                return SimResponse(429, json.dumps(body).encode(), _JSON, headers)
            if self._expire_after is not None:
                self._expire_after -= 1
                if self._expire_after <= 0:
                    self._expire_after = None
                    self._tokens.clear()
        return serve(request)

    def _authorised(self, api: str, request: SimRequest) -> bool:
        header = request.header("Authorization")
        if not header.startswith("Bearer "):
            return False
        found = self._tokens.get(header[7:].strip())
        return found is not None and found[0] == api and found[1] > self._clock()

    def _token(self, api: str, request: SimRequest) -> SimResponse:
        form = {k: v[0] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
        if form.get("grant_type", "client_credentials") != "client_credentials":
            return _json(400, {"error": "unsupported_grant_type"})
        header = request.header("Authorization")
        try:
            given = base64.b64decode(header[6:]).decode() if header.startswith("Basic ") else ""
        except ValueError:
            given = ""
        client_id, secret = self.clients[api]
        if given != f"{client_id}:{secret}":
            return _json(401, {"error": "invalid_client", "error_description": "Bad credentials"})
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = (api, self._clock() + self.token_ttl)
            self.grants[api] += 1
        body = {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": int(self.token_ttl),
            "scope": "offer" if api == PWS else "orders",
            "shop_id": int(self.shop_id) if self.shop_id.isdigit() else self.shop_id,
        }
        return _json(200, body)

    # ---- PWS 2.0 ------------------------------------------------------------------------

    def _pws(self, request: SimRequest) -> SimResponse:
        raw = request.path
        if any(bad in raw for bad in _FORBIDDEN_IN_URL) or any(
            ord(c) < 0x21 or ord(c) > 0x7E for c in raw
        ):
            return _json(400, {"generalErrors": [f"URL not allowed: {raw[:80]}"]})
        match = _OFFER.match(raw)
        if match is None:
            return _json(404, {"generalErrors": [f"no resource {raw}"]})
        if match["shop"] != self.shop_id:
            return _json(403, {"generalErrors": [f"access to shop {match['shop']} denied"]})
        sku = unquote(match["sku"] or "")
        method = request.method
        with self._lock:
            self.calls[f"{method} {'offer' if sku else 'offers'}"] += 1
        if not sku:
            if method == "DELETE":
                self.offers.delete_all()
                return SimResponse(204, b"", _JSON)
            if method == "PUT":
                self.offers.touch_all()
                return SimResponse(204, b"", _JSON)
            return _json(405, {"generalErrors": [f"{method} not allowed"]})
        if method == "GET":
            offer = self.offers.get(sku)
            return _json(200, offer) if offer else _json(404, {"generalErrors": ["not found"]})
        if method == "DELETE":
            found = self.offers.delete(sku)
            return SimResponse(204, b"", _JSON) if found else _json(404, {"generalErrors": []})
        if method not in ("PUT", "PATCH"):
            return _json(405, {"generalErrors": [f"{method} not allowed"]})
        body = _body(request)
        if not isinstance(body, dict):
            return _json(400, {"fieldErrors": [], "generalErrors": ["malformed JSON body"]})
        if method == "PUT":
            errors: list[dict[str, str]] | None = self.offers.put(sku, body)
        else:
            errors = self.offers.patch(sku, body)
            if errors is None:
                return _json(404, {"generalErrors": [f"offer {sku} not found"]})
        if errors:
            return _json(400, {"fieldErrors": errors, "generalErrors": []})
        return _json(200, self.offers.get(sku))

    # ---- MOA 2.0 ------------------------------------------------------------------------

    def _moa(self, request: SimRequest) -> SimResponse:
        match = _ORDERS.match(request.path)
        if match is None:
            return _problem(404, "Not Found", request)
        if match["shop"] != self.shop_id:
            return _problem(403, f"Access to shop {match['shop']} denied", request)
        rest = match["rest"]
        if rest in ("orders", "new-orders") and request.method == "GET":
            self._count("GET orders")
            return self._listing(request, new=rest == "new-orders")
        found = _ORDER.match(rest)
        if found is None:
            return _problem(404, "Not Found", request)
        order_id, action = found["id"], found["action"] or ""
        self._count(f"{request.method} order{'/' + action if action else ''}")
        if self.orders.get(order_id) is None:
            return _problem(404, f"Order {order_id} not found", request)
        if not action and request.method == "GET":
            return _json(200, self.orders.render(order_id))
        if action == "refunds" and request.method == "GET":
            return _json(200, [])
        if request.method != "POST":
            return _problem(405, "Method Not Allowed", request)
        body = _body(request)
        if not isinstance(body, dict):
            return _problem(400, "Malformed JSON", request)
        if action == "merchant-order-number":
            return self._merchant_order_number(order_id, body, request)
        if action == "fulfillment":
            return self._fulfillment(order_id, body, request)
        if action == "revocations":
            return self._revocation(order_id, body, request)
        return _problem(404, "Not Found", request)

    def _count(self, key: str) -> None:
        with self._lock:
            self.calls[key] += 1

    def _listing(self, request: SimRequest, *, new: bool) -> SimResponse:
        query = {k: v[-1] for k, v in request.query.items()}
        statuses = [s for s in (query.get("status") or "").split(",") if s]
        if any(s not in STATUSES for s in statuses):
            return _problem(400, f"status must be one of {', '.join(STATUSES)}", request)
        acknowledged = {"true": True, "false": False}.get(query.get("acknowledged", ""))
        if new:
            statuses, acknowledged = ["PROCESSING"], False
        try:
            page = int(query.get("pageNumber", "0"))
            size = int(query.get("pageSize", "20"))
            since = _moment(query.get("from"))
            until = _moment(query.get("to"))
        except ValueError:
            return _problem(400, "Bad request parameters", request)
        if page < 0 or not 1 <= size <= MAX_PAGE_SIZE:
            return _problem(400, f"pageSize must be between 1 and {MAX_PAGE_SIZE}", request)
        found = self.orders.listing(statuses, acknowledged, since, until)
        pages = math.ceil(len(found) / size)
        content = found[page * size : (page + 1) * size]
        return _json(200, {"content": content, "totalElements": len(found), "totalPages": pages})

    def _merchant_order_number(
        self, order_id: str, body: Mapping[str, Any], request: SimRequest
    ) -> SimResponse:
        number = body.get("merchantOrderNumber")
        if not isinstance(number, str) or not number.strip():
            return _problem(400, "Validation failed", request, "merchantOrderNumber", "blank")
        if len(number) > MAX_ORDER_NUMBER:
            return _problem(
                400, "Validation failed", request, "merchantOrderNumber", "size must be <= 50"
            )
        return _json(200, self.orders.set_merchant_order_number(order_id, number))

    def _fulfillment(
        self, order_id: str, body: Mapping[str, Any], request: SimRequest
    ) -> SimResponse:
        carrier = body.get("carrier")
        codes = body.get("trackingCode", [])
        if carrier is not None and carrier not in CARRIERS:
            return _problem(
                400, "Validation failed", request, "carrier", f"must be one of {CARRIERS}"
            )
        if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
            return _problem(400, "Validation failed", request, "trackingCode", "list of codes")
        try:
            self.orders.fulfil(order_id, str(carrier or ""), codes)
        except OrderConflict as exc:
            return _problem(409, f"Order is {exc}", request)
        return _json(200, {})

    def _revocation(
        self, order_id: str, body: Mapping[str, Any], request: SimRequest
    ) -> SimResponse:
        reason = body.get("reason")
        remaining = body.get("remainingQuantity", 0)
        if reason not in REASONS:
            return _problem(400, "Validation failed", request, "reason", f"one of {REASONS}")
        if not isinstance(remaining, int) or remaining < 0:
            return _problem(400, "Validation failed", request, "remainingQuantity", ">= 0")
        sku = body.get("sku")
        self.orders.revoke(order_id, sku if isinstance(sku, str) else None, remaining, reason)
        return _json(200, {})


def _body(request: SimRequest) -> object:
    try:
        return json.loads(request.body.decode("utf-8")) if request.body else None
    except ValueError:
        return None


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    found = parse_iso(text)
    if found is None:
        raise ValueError(text)
    return found


def _json(status: int, body: object) -> SimResponse:
    return SimResponse(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), _JSON)


def _problem(
    status: int, title: str, request: SimRequest, field: str = "", message: str = ""
) -> SimResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "instance": request.path,
    }
    if field:
        body["fieldErrors"] = [{"field": field, "message": message}]
    return SimResponse(status, json.dumps(body).encode(), _PROBLEM)
