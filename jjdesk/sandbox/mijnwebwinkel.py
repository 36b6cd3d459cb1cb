"""A MijnWebwinkel (MyOnlineStore API v1) simulator, built from the official OpenAPI
description and checked against it in the tests (every answer it gives validates).

Serves, for `SimulatorServer`, under `/v1/`: articles (list with `limit` ≤ 100 and
`offset`, create, read, change, delete) with variants that carry their own stock
(`stock: null` = unlimited), article lists and their options, categories (a parent must
exist), orders (filters `status_id`, `status_changed_start_date`, `test`, `ordering`;
`PATCH` of `status`, `archived`, `reference` for B2B only), `/orderstatuses` of this
store. Both query tokens are required. Every exchange is kept (`exchanges`) so a test
can validate requests and answers against the description.
"""

from __future__ import annotations

import itertools
import json
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from jjdesk.sandbox.server import SimRequest, SimResponse

ZONE = ZoneInfo("Europe/Amsterdam")
MAX_LIMIT = 100
_JSON = "application/json"
STATUSES = (
    (1, "In afwachting van betaling"),
    (2, "Betaald"),
    (3, "In behandeling"),
    (4, "Verzonden"),
    (5, "Geannuleerd"),
)
CREDIT_STATUS = (9, "Creditorder")
LISTS = {501: "Maat", 502: "Kleur"}


@dataclass
class _Order:
    number: int
    data: dict[str, Any]
    status: int
    changed: datetime
    test: bool = False


@dataclass
class _Exchange:
    """One request and the simulator's answer, for conformance checks."""

    request: SimRequest
    response: SimResponse


@dataclass
class MwwState:
    """The store's data (thread-safe through the simulator's lock)."""

    articles: dict[int, dict[str, Any]] = field(default_factory=dict)
    categories: dict[int, dict[str, Any]] = field(default_factory=dict)
    lists: dict[int, dict[str, Any]] = field(default_factory=dict)
    orders: dict[int, _Order] = field(default_factory=dict)


class MijnWebwinkelSimulator:
    """One store; `token` and `partner_token` open it."""

    name = "mijnwebwinkel"

    def __init__(
        self, *, token: str = "store-token-demo", partner_token: str = "partner-jjdesk"
    ) -> None:
        self.token = token
        self.partner_token = partner_token
        self.state = MwwState()
        self.exchanges: deque[_Exchange] = deque(maxlen=5000)
        self._lock = threading.RLock()
        self._ids = itertools.count(1001)
        self._order_numbers = itertools.count(1)
        for list_id, name in LISTS.items():
            self.state.lists[list_id] = {
                "id": list_id,
                "name": name,
                "description": name,
                "options": [],
            }

    # --- seeding, for tests and the demo ---------------------------------------------

    def add_order(
        self,
        lines: list[tuple[str, int, str]],
        *,
        status: int = 2,
        email: str = "jan.jansen@example.nl",
        name: str = "Jan Jansen",
        company: str = "",
        test: bool = False,
        method: str = "ideal",
        shipping: str = "4.95",
        when: datetime | None = None,
    ) -> int:
        """A customer's order: lines of (sku, quantity, gross unit price "12.50")."""
        with self._lock:
            number = next(self._order_numbers)
            moment = (when or datetime.now(ZONE)).astimezone(ZONE)
            orderlines: list[dict[str, Any]] = []
            total = Decimal(shipping)
            taxes: dict[str, Decimal] = {}
            for sku, quantity, price in lines:
                gross = Decimal(price)
                net = (gross / Decimal("1.21")).quantize(Decimal("0.000001"))
                total += gross * quantity
                taxes["21.0"] = taxes.get("21.0", Decimal("0")) + (gross - net) * quantity
                orderlines.append(
                    {
                        "id": str(uuid.uuid4()),
                        "type": "article",
                        "quantity": quantity,
                        "weight": "0",
                        "description": sku,
                        "price": {
                            "amount": str(net),
                            "amount_including_tax": str(gross),
                            "rate": "21.0",
                        },
                        "articles": [
                            {
                                "id": number * 100 + len(orderlines),
                                "description": sku,
                                "sku": sku,
                                "price": {"amount": str(net), "rate": "21.0"},
                            }
                        ],
                    }
                )
            orderlines.append(
                {
                    "id": str(uuid.uuid4()),
                    "type": "shipping",
                    "quantity": 1,
                    "price": {"amount_including_tax": shipping, "rate": "21.0"},
                }
            )
            address = {
                "name": name,
                "street": "Molenstraat",
                "number": "62",
                "zipcode": "5341GE",
                "city": "Oss",
                "country_code": "NL",
                "phone": "06-12345678",
            }
            if company:
                address["company"] = company
            data = {
                "number": number,
                "uuid": str(uuid.uuid4()),
                "date": moment.strftime("%Y-%m-%d"),
                "time": moment.strftime("%H:%M:%S"),
                "archived": False,
                "taxed": "include",
                "locale": "nl_NL",
                "currency": "EUR",
                "business_model": "B2B" if company else "B2C",
                "payment": {"gateway_name": "mollie", "method_name": method},
                "payment_status": "captured" if status == 2 else "pending",
                "debtor": {"email": email, "address": {"invoice": address}},
                "price": {
                    "tax": [
                        {"amount": str(v.quantize(Decimal("0.01"))), "rate": k}
                        for k, v in taxes.items()
                    ],
                    "total": str(total.quantize(Decimal("0.01"))),
                },
                "orderlines": orderlines,
                "shipping": [{"country": {"description": "Nederland", "isocode": "NL"}}],
            }
            self.state.orders[number] = _Order(number, data, status, moment, test)
            return number

    def set_status(self, number: int, status: int) -> None:
        """The merchant changes an order's status in the shop backend."""
        with self._lock:
            order = self.state.orders[number]
            order.status = status
            order.changed = datetime.now(ZONE)

    def article_by_sku(self, sku: str) -> dict[str, Any] | None:
        """A shop article by SKU (what the merchant sees), or None."""
        with self._lock:
            return next((a for a in self.state.articles.values() if a.get("sku") == sku), None)

    def edit_article(self, sku: str, **fields: Any) -> None:
        """The merchant edits an article in the shop (an enriched description)."""
        with self._lock:
            article = self.article_by_sku(sku)
            assert article is not None, sku
            article.update(fields)

    def handle_json(self, method: str, path: str, body: object) -> object:
        """A call as the merchant's own tools make it (the shop backend), answer decoded."""
        with self._lock:
            response = self._route(method, path.split("/"), {}, body)
            return json.loads(response.body)

    # --- the API ---------------------------------------------------------------------

    def handle(self, request: SimRequest) -> SimResponse:
        with self._lock:
            response = self._handle(request)
            self.exchanges.append(_Exchange(request, response))
            return response

    def _handle(self, request: SimRequest) -> SimResponse:
        query = {k: v[-1] for k, v in request.query.items()}
        if query.get("token") != self.token or query.get("partner_token") != self.partner_token:
            return _json(401, {"error": "Invalid token"})
        parts = [p for p in request.path.split("/") if p]
        if not parts or parts[0] != "v1":
            return _json(404, {"error": "Not found"})
        limit = query.get("limit", "10")
        if not limit.isdigit() or int(limit) > MAX_LIMIT:
            return _json(400, {"error": "limit must be at most 100"})
        route = parts[1:]
        method = request.method
        body = _body(request)
        try:
            return self._route(method, route, query, body)
        except (KeyError, ValueError, TypeError) as exc:
            return _json(400, {"error": f"Bad request: {type(exc).__name__}"})

    def _route(
        self, method: str, route: list[str], query: dict[str, str], body: Any
    ) -> SimResponse:
        match method, route:
            case "GET", ["orderstatuses"]:
                statuses = [
                    {"status": s, "description": d, "credit_order": False} for s, d in STATUSES
                ]
                statuses.append(
                    {
                        "status": CREDIT_STATUS[0],
                        "description": CREDIT_STATUS[1],
                        "credit_order": True,
                    }
                )
                return _json(200, statuses)
            case "GET", ["articles"]:
                return _json(
                    200, _page(sorted(self.state.articles.values(), key=lambda a: a["id"]), query)
                )
            case "POST", ["articles"]:
                return self._save_article(None, body)
            case "GET", ["articles", article_id]:
                return self._article(int(article_id))
            case "PATCH", ["articles", article_id]:
                return self._save_article(int(article_id), body)
            case "DELETE", ["articles", article_id]:
                if self.state.articles.pop(int(article_id), None) is None:
                    return _json(404, {"error": "Article not found"})
                return _json(200, "Article successfully deleted")
            case "GET", ["articlelists", list_id]:
                found = self.state.lists.get(int(list_id))
                return _json(200, found) if found else _json(404, {"error": "List not found"})
            case "POST", ["articlelists", article_id]:
                return self._attach_lists(int(article_id), body)
            case "POST", ["articlelistoptions", list_id]:
                return self._add_options(int(list_id), body)
            case "GET", ["categories"]:
                return _json(
                    200, _page(sorted(self.state.categories.values(), key=lambda c: c["id"]), query)
                )
            case "POST", ["categories"]:
                return self._add_category(body)
            case "GET", ["orders"]:
                return _json(200, _page(self._orders(query), query))
            case "GET", ["orders", number]:
                order = self.state.orders.get(int(number))
                return (
                    _json(200, self._order(order))
                    if order
                    else _json(404, {"error": "Order not found"})
                )
            case "PATCH", ["orders", number]:
                return self._patch_order(int(number), body)
        return _json(404, {"error": "Not found"})

    # --- articles --------------------------------------------------------------------

    def _article(self, article_id: int) -> SimResponse:
        article = self.state.articles.get(article_id)
        return _json(200, article) if article else _json(404, {"error": "Article not found"})

    def _save_article(self, article_id: int | None, body: Any) -> SimResponse:
        if not isinstance(body, dict):
            return _json(400, {"error": "Article data required"})
        now = datetime.now(ZONE)
        if article_id is None:
            if not str(body.get("name") or "").strip():
                return _json(400, {"error": "name is required"})
            article_id = next(self._ids)
            article: dict[str, Any] = {
                "id": article_id,
                "uuid": str(uuid.uuid4()),
                "created_date": now.strftime("%Y-%m-%d"),
                "created_time": now.strftime("%H:%M:%S"),
                "stock": 0,
                "can_backorder": False,
                "categories": [],
                "lists": [],
                "variants": [],
                "images": [],
            }
            self.state.articles[article_id] = article
        elif article_id not in self.state.articles:
            return _json(404, {"error": "Article not found"})
        article = self.state.articles[article_id]
        for key in ("name", "description", "sku", "taxable", "stock", "delivery_days", "extra"):
            if key in body:
                article[key] = body[key]
        if "price" in body:
            article["price"] = {k: str(v) for k, v in body["price"].items()}
        if "categories" in body:
            for link in body["categories"]:
                if int(link["category_id"]) not in self.state.categories:
                    return _json(400, {"error": "Unknown category"})
            article["categories"] = [
                {
                    "category_id": int(c["category_id"]),
                    "is_active": True,
                    "is_main": bool(c.get("is_main")),
                }
                for c in body["categories"]
            ]
        if "images" in body:
            article["images"] = [
                {
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, str(i.get("url")))),
                    "position": str(i.get("position", n + 1)),
                    "url": str(i.get("url")),
                }
                for n, i in enumerate(body["images"])
            ]
        if "variants" in body:
            refused = self._variants(article, body["variants"])
            if refused:
                return refused
        article["updated_date"] = now.strftime("%Y-%m-%d")
        article["updated_time"] = now.strftime("%H:%M:%S")
        return _json(200, article)

    def _variants(
        self, article: dict[str, Any], wanted: list[dict[str, Any]]
    ) -> SimResponse | None:
        attached = {int(lst["id"]) for lst in article["lists"]}
        by_id = {int(v["id"]): v for v in article["variants"]}
        for entry in wanted:
            if "id" in entry and int(entry["id"]) in by_id:
                variant = by_id[int(entry["id"])]
            else:
                options = entry.get("options") or []
                for option in options:
                    if int(option["list_id"]) not in attached:
                        return _json(400, {"error": "List not attached to the article"})
                variant = {
                    "id": next(self._ids),
                    "options": [
                        {
                            "list_id": int(o["list_id"]),
                            "option_id": int(o["option_id"]),
                            "name": str(o["name"]),
                        }
                        for o in options
                    ],
                    "stock": 0,
                    "can_backorder": False,
                }
                article["variants"].append(variant)
                by_id[int(variant["id"])] = variant
            if "stock" in entry:
                variant["stock"] = entry["stock"]
            if "can_backorder" in entry:
                variant["can_backorder"] = bool(entry["can_backorder"])
        return None

    def _attach_lists(self, article_id: int, body: Any) -> SimResponse:
        article = self.state.articles.get(article_id)
        if article is None:
            return _json(404, {"error": "Article not found"})
        have = {int(lst["id"]) for lst in article["lists"]}
        for list_id in body:
            known = self.state.lists.get(int(list_id))
            if known is None:
                return _json(400, {"error": "Unknown list"})
            if int(list_id) not in have:
                article["lists"].append(
                    {
                        "id": known["id"],
                        "name": known["name"],
                        "has_images": False,
                        "options": [dict(o, image_ids=[]) for o in known["options"]],
                    }
                )
        return _json(200, article)

    def _add_options(self, list_id: int, body: Any) -> SimResponse:
        known = self.state.lists.get(list_id)
        if known is None:
            return _json(404, {"error": "List not found"})
        names = {o["name"] for o in known["options"]}
        for option in body:
            name = str(option["name"])
            if name not in names:
                known["options"].append({"id": next(self._ids), "name": name, "price": "0.00"})
                names.add(name)
        for article in self.state.articles.values():
            for attached in article["lists"]:
                if int(attached["id"]) == list_id:
                    attached["options"] = [dict(o, image_ids=[]) for o in known["options"]]
        return _json(200, known)

    def _add_category(self, body: Any) -> SimResponse:
        if not isinstance(body, dict) or not str(body.get("title") or "").strip():
            return _json(400, {"error": "title is required"})
        parent = body.get("parent_category_id")
        if parent is not None and int(parent) not in self.state.categories:
            return _json(400, {"error": "Unknown parent category"})
        category_id = next(self._ids)
        category: dict[str, Any] = {
            "id": category_id,
            "title": str(body["title"]),
            "hidden": bool(body.get("hidden", False)),
        }
        if parent is not None:
            category["parent_category_id"] = int(parent)
        self.state.categories[category_id] = category
        return _json(200, category)

    # --- orders ----------------------------------------------------------------------

    def _orders(self, query: dict[str, str]) -> list[dict[str, Any]]:
        orders = sorted(self.state.orders.values(), key=lambda o: o.number)
        if query.get("ordering") == "desc":
            orders.reverse()
        if query.get("test", "false") != "true":
            orders = [o for o in orders if not o.test]
        if "status_id" in query:
            orders = [o for o in orders if o.status == int(query["status_id"])]
        start = query.get("status_changed_start_date")
        if start:
            since = datetime.strptime(start, "%Y-%m-%d %H:%M:%S").replace(tzinfo=ZONE)
            orders = [o for o in orders if o.changed.replace(microsecond=0) >= since]
        return [self._order(o) for o in orders]

    def _order(self, order: _Order) -> dict[str, Any]:
        data = json.loads(json.dumps(order.data))
        data["status"] = order.status
        data["status_changed_date"] = order.changed.strftime("%Y-%m-%d")
        data["status_changed_time"] = order.changed.strftime("%H:%M:%S")
        return dict(data)

    def _patch_order(self, number: int, body: Any) -> SimResponse:
        order = self.state.orders.get(number)
        if order is None:
            return _json(404, {"error": "Order not found"})
        if not isinstance(body, dict):
            return _json(400, {"error": "Order attributes required"})
        if "status" in body:
            if int(body["status"]) not in {s for s, _ in STATUSES}:
                return _json(400, {"error": "Unknown status"})
            order.status = int(body["status"])
            order.changed = datetime.now(ZONE)
        if "reference" in body:
            if order.data.get("business_model") != "B2B":
                return _json(400, {"error": "reference is only available for B2B orders"})
            order.data["reference"] = str(body["reference"])[:255]
        if "archived" in body:
            order.data["archived"] = bool(body["archived"])
        return _json(200, self._order(order))


def _page(items: list[Any], query: dict[str, str]) -> list[Any]:
    limit = int(query.get("limit", "10"))
    offset = int(query.get("offset", "0") or 0)
    return items[offset : offset + limit]


def _body(request: SimRequest) -> Any:
    if not request.body:
        return None
    try:
        return json.loads(request.body)
    except ValueError:
        return None


def _json(status: int, body: object) -> SimResponse:
    return SimResponse(status, json.dumps(body).encode(), _JSON)
