"""A Shopify Admin API simulator: GraphQL validated against a schema subset, cost bucket, auth.

Serves `POST /admin/api/{version}/graphql.json` and `POST /admin/oauth/access_token` for
`SimulatorServer`. Documents are parsed and validated with graphql-core against
`shopify_schema.graphql`, so a malformed query fails as on Shopify; each answer carries
`extensions.cost`, and a query the bucket cannot afford gets THROTTLED.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from graphql import (
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    build_schema,
    execute_sync,
    parse,
    validate,
)
from graphql.execution.values import get_variable_values

from jjdesk.sandbox.server import SimRequest, SimResponse, SimulatorServer
from jjdesk.sandbox.shopify_cost import operation_cost
from jjdesk.sandbox.shopify_seed import SeedOrder, german_orders
from jjdesk.sandbox.shopify_state import (
    FulfillmentOrderRec,
    OrderRec,
    ShopState,
    View,
    connection,
    money_bag,
    order_filter,
    product_filter,
)

MAX_QUERY_COST = 1000
_GRAPHQL_PATH = re.compile(r"^/admin/api/(\d{4}-\d{2}|unstable)/graphql\.json$")
_schema_lock = threading.Lock()
_schema: GraphQLSchema | None = None


def simulator_schema() -> GraphQLSchema:
    """The schema subset the simulator serves (built once per process)."""
    global _schema
    with _schema_lock:
        if _schema is None:
            sdl = (
                resources.files("jjdesk.sandbox")
                .joinpath("shopify_schema.graphql")
                .read_text("utf-8")
            )
            _schema = build_schema(sdl)
        return _schema


@dataclass(slots=True)
class Bucket:
    """Shopify's leaky bucket of query points."""

    maximum: float
    rate: float
    available: float
    stamp: float

    def refill(self, now: float) -> None:
        self.available = min(self.maximum, self.available + (now - self.stamp) * self.rate)
        self.stamp = now

    def status(self) -> View:
        return {
            "maximumAvailable": self.maximum,
            "currentlyAvailable": int(self.available),
            "restoreRate": self.rate,
        }


class ShopifySimulator:
    """In-memory shop behind Shopify's Admin GraphQL API; thread-safe."""

    name = "shopify"

    def __init__(
        self,
        *,
        shop: str = "jjdesk-demo",
        access_token: str = "shpat_simulator",
        client_id: str = "sim-client",
        client_secret: str = "sim-secret",
        token_ttl: float = 86400.0,
        bucket_size: float = 2000.0,
        restore_rate: float = 100.0,
        media_seconds: float = 0.3,
    ) -> None:
        self.shop = shop
        self.access_token = access_token
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_ttl = token_ttl
        self._lock = threading.RLock()
        self._tokens: dict[str, float] = {}
        self.bucket = Bucket(bucket_size, restore_rate, bucket_size, time.monotonic())
        self.state = ShopState(shop, media_seconds)
        self.points_spent = 0
        self.throttled = 0
        self.grants = 0
        self.unauthorized = 0
        self.operations: list[str] = []
        self._schema = simulator_schema()

    # -- HTTP -------------------------------------------------------------------------

    def handle(self, request: SimRequest) -> SimResponse:
        """Answer one request (token grant or GraphQL)."""
        if request.method != "POST":
            return _json(405, {"errors": "Method not allowed"})
        if request.path == "/admin/oauth/access_token":
            return self._grant(request)
        if not _GRAPHQL_PATH.match(request.path):
            return _json(404, {"errors": "Not Found"})
        with self._lock:
            if not self._authorised(request.header("X-Shopify-Access-Token")):
                self.unauthorized += 1
                return _json(
                    401,
                    {
                        "errors": "[API] Invalid API key or access token "
                        "(unrecognized login or wrong password)"
                    },
                )
            return self._graphql(request.body)

    def _grant(self, request: SimRequest) -> SimResponse:
        form = {k: v[0] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
        if form.get("grant_type") != "client_credentials":
            return _json(400, {"error": "unsupported_grant_type"})
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return _json(
                401,
                {"error": "invalid_client", "error_description": "Client authentication failed"},
            )
        token = "shpat_" + secrets.token_hex(16)
        with self._lock:
            self._tokens[token] = time.monotonic() + self.token_ttl
            self.grants += 1
        return _json(
            200,
            {
                "access_token": token,
                "scope": "write_products,write_inventory,read_orders,write_fulfillments",
                "expires_in": int(self.token_ttl),
            },
        )

    def _authorised(self, token: str) -> bool:
        if token and token == self.access_token:
            return True
        expiry = self._tokens.get(token)
        return expiry is not None and time.monotonic() < expiry

    def _graphql(self, raw: bytes) -> SimResponse:
        try:
            body = json.loads(raw or b"{}")
            query = body["query"]
            variables = body.get("variables") or {}
        except (ValueError, KeyError, TypeError):
            return _json(400, {"errors": "Bad Request"})
        try:
            document = parse(query)
        except GraphQLError as exc:
            return _json(200, {"errors": [_error(exc, "GRAPHQL_PARSE_FAILED")]})
        problems = validate(self._schema, document)
        if problems:
            return _json(
                200, {"errors": [_error(e, "GRAPHQL_VALIDATION_FAILED") for e in problems]}
            )
        ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        wanted = body.get("operationName")
        op = next((o for o in ops if not wanted or (o.name and o.name.value == wanted)), None)
        if op is None:
            return _json(
                200,
                {"errors": [{"message": "No operation", "extensions": {"code": "BAD_REQUEST"}}]},
            )
        checked = get_variable_values(self._schema, op.variable_definitions or (), variables)
        if isinstance(checked, list):
            return _json(200, {"errors": [_error(e, "INVALID_VARIABLE") for e in checked]})
        coerced: dict[str, Any] = checked.coerced
        requested = operation_cost(op, coerced, None)
        self.bucket.refill(time.monotonic())
        cost: View = {"requestedQueryCost": requested, "actualQueryCost": None}
        if requested > MAX_QUERY_COST:
            cost["throttleStatus"] = self.bucket.status()
            message = (
                f"Query cost is {requested}, which exceeds the single query max cost "
                f"limit ({MAX_QUERY_COST})."
            )
            return _json(
                200,
                {
                    "errors": [
                        {
                            "message": message,
                            "extensions": {
                                "code": "MAX_COST_EXCEEDED",
                                "cost": requested,
                                "maxCost": MAX_QUERY_COST,
                            },
                        }
                    ],
                    "extensions": {"cost": cost},
                },
            )
        if self.bucket.available < requested:
            self.throttled += 1
            cost["throttleStatus"] = self.bucket.status()
            return _json(
                200,
                {
                    "errors": [
                        {
                            "message": "Throttled",
                            "extensions": {
                                "code": "THROTTLED",
                                "documentation": "https://shopify.dev/api/usage/rate-limits",
                            },
                        }
                    ],
                    "extensions": {"cost": cost},
                },
            )
        self.bucket.available -= requested
        self.operations.append(op.name.value if op.name else "")
        result = execute_sync(
            self._schema, document, self._root(), variable_values=variables, operation_name=wanted
        )
        data = result.data
        actual = operation_cost(op, coerced, data or {})
        actual = min(actual, requested)
        self.bucket.available = min(self.bucket.maximum, self.bucket.available + requested - actual)
        self.points_spent += actual
        cost["actualQueryCost"] = actual
        cost["throttleStatus"] = self.bucket.status()
        answer: View = {"data": data}
        if result.errors:
            answer["errors"] = [_error(e, "INTERNAL_SERVER_ERROR") for e in result.errors]
        answer["extensions"] = {"cost": cost}
        return _json(200, answer)

    def _root(self) -> View:
        s = self.state

        def locations(info: Any, **args: Any) -> View:
            shown = [loc for loc in s.locations if loc["isActive"] or args.get("includeInactive")]
            return connection(shown, args)

        def product(info: Any, id: str) -> View | None:
            rec = s.products.get(id)
            return s.product_view(rec) if rec else None

        def by_identifier(info: Any, identifier: dict[str, Any]) -> View | None:
            rec = s.find_product(identifier)
            return s.product_view(rec) if rec else None

        def products(info: Any, **args: Any) -> View:
            keep = product_filter(args.get("query"))
            chosen = sorted(
                (rec for rec in s.products.values() if keep(rec.title)), key=lambda r: r.legacy
            )
            if args.get("reverse"):
                chosen.reverse()
            return connection([s.product_view(rec) for rec in chosen], args)

        def order(info: Any, id: str) -> View | None:
            legacy = int(id.rsplit("/", 1)[-1]) if id.rsplit("/", 1)[-1].isdigit() else -1
            rec = s.orders.get(legacy)
            return s.order_view(rec) if rec else None

        def orders(info: Any, **args: Any) -> View:
            sort = args.get("sortKey") or "PROCESSED_AT"
            field = {"UPDATED_AT": "updatedAt", "CREATED_AT": "createdAt"}.get(sort, "processedAt")
            if sort in ("ID", "ORDER_NUMBER"):
                field = "legacyResourceId"
            keep = order_filter(args.get("query"))
            chosen = [o for o in s.orders.values() if keep(o.data)]
            chosen.sort(key=lambda o: (o.data[field], o.legacy), reverse=bool(args.get("reverse")))
            views = [s.order_view(o) for o in chosen]
            return connection(
                views,
                args,
                key=lambda i, v: (
                    [str(v[field]), int(v["legacyResourceId"])] if not args.get("reverse") else i
                ),
            )

        return {
            "shop": {"name": self.shop_title, "myshopifyDomain": f"{self.shop}.myshopify.com"},
            "locations": locations,
            "product": product,
            "productByIdentifier": by_identifier,
            "products": products,
            "metafieldDefinition": s.metafield_definition,
            "metafieldDefinitionCreate": s.metafield_definition_create,
            "metafieldDefinitionUpdate": s.metafield_definition_update,
            "order": order,
            "orders": orders,
            "productSet": s.product_set,
            "productDelete": s.product_delete,
            "inventorySetQuantities": s.inventory_set,
            "fulfillmentCreate": s.fulfillment_create,
        }

    @property
    def shop_title(self) -> str:
        """The shop's display name."""
        return f"{self.shop} (Simulator)"

    # -- seeding ----------------------------------------------------------------------

    def add_order(self, seed: SeedOrder) -> str:
        """Create an order with one open fulfilment order; returns its numeric id."""
        with self._lock:
            s = self.state
            legacy = s.next_id()
            number = 1000 + len(s.orders) + 1
            address = {
                "id": f"gid://shopify/MailingAddress/{legacy}",
                "firstName": seed.first_name,
                "lastName": seed.last_name,
                "company": None,
                "address1": seed.street,
                "address2": None,
                "zip": seed.postal_code,
                "city": seed.city,
                "province": None,
                "provinceCode": None,
                "countryCodeV2": seed.country_code,
                "phone": None,
            }
            lines: list[View] = []
            fo_lines: list[View] = []
            total_tax = Decimal("0")
            for line in seed.lines:
                line_id = f"gid://shopify/LineItem/{s.next_id()}"
                taxes = []
                if seed.has_tax and line.tax_rate is not None:
                    gross = line.unit_price * line.quantity
                    tax = (gross - gross / (1 + line.tax_rate / 100)).quantize(Decimal("0.01"))
                    total_tax += tax
                    rate = float(line.tax_rate / 100)
                    taxes.append(
                        {
                            "title": "MwSt",
                            "rate": rate,
                            "ratePercentage": float(line.tax_rate),
                            "price": str(tax),
                        }
                    )
                view = {
                    "id": line_id,
                    "sku": line.sku,
                    "name": line.title,
                    "title": line.title,
                    "quantity": line.quantity,
                    "variantTitle": None,
                    "originalUnitPriceSet": money_bag(line.unit_price),
                    "discountedUnitPriceSet": money_bag(line.unit_price),
                    "taxLines": lambda info, _t=taxes, **_: _t,
                    "variant": None,
                }
                lines.append(view)
                fo_lines.append(
                    {
                        "id": f"gid://shopify/FulfillmentOrderLineItem/{s.next_id()}",
                        "line_item": view,
                        "sku": line.sku,
                        "total": line.quantity,
                        "remaining": line.quantity,
                    }
                )
            order_taxes = []
            if seed.has_tax and total_tax:
                order_taxes = [
                    {"title": "MwSt", "rate": 0.19, "ratePercentage": 19.0, "price": str(total_tax)}
                ]
            data: View = {
                "id": f"gid://shopify/Order/{legacy}",
                "legacyResourceId": legacy,
                "name": f"#{number}",
                "createdAt": _iso(seed.created_at),
                "updatedAt": _iso(seed.updated_at),
                "processedAt": _iso(seed.created_at),
                "test": seed.test,
                "email": seed.email,
                "note": seed.note or None,
                "currencyCode": "EUR",
                "taxesIncluded": True,
                "displayFinancialStatus": seed.financial_status,
                "paymentGatewayNames": [seed.gateway],
                "tags": [],
                "taxLines": order_taxes,
                "billingAddress": address,
                "shippingAddress": dict(address),
            }
            shipping = [
                {
                    "title": seed.shipping_title,
                    "code": seed.shipping_title,
                    "originalPriceSet": money_bag(seed.shipping_price),
                    "discountedPriceSet": money_bag(seed.shipping_price),
                    "taxLines": [],
                }
            ]
            fo = FulfillmentOrderRec(
                f"gid://shopify/FulfillmentOrder/{s.next_id()}", "OPEN", fo_lines
            )
            s.orders[legacy] = OrderRec(legacy, data, lines, shipping, [fo])
            return str(legacy)

    def seed_orders(self, count: int, seed: int = 7, start: datetime | None = None) -> list[str]:
        """Add `count` generated German orders; returns their ids."""
        return [self.add_order(o) for o in german_orders(count, seed, start)]

    def touch_order(self, legacy_id: str, when: datetime) -> None:
        """Set an order's updatedAt (as if the merchant edited it)."""
        with self._lock:
            self.state.orders[int(legacy_id)].data["updatedAt"] = _iso(when)

    # -- inspection for tests ---------------------------------------------------------

    def revoke_tokens(self) -> None:
        """Let every issued token expire now (as after 24 h)."""
        with self._lock:
            self._tokens.clear()

    def product(
        self, afterbuy_id: str, namespace: str = "jjdesk", key: str = "afterbuy_product_id"
    ) -> View | None:
        """A product found by its customId metafield, as plain data."""
        with self._lock:
            rec = self.state.find_product(
                {"customId": {"namespace": namespace, "key": key, "value": afterbuy_id}}
            )
            if rec is None:
                return None
            return {
                "id": rec.id,
                "title": rec.title,
                "status": rec.status,
                "vendor": rec.vendor,
                "tags": list(rec.tags),
                "handle": rec.handle,
                "descriptionHtml": rec.description_html,
                "options": [(n, list(v)) for n, v in rec.options],
                "variants": [
                    {
                        "sku": v.sku,
                        "price": v.price,
                        "compareAtPrice": v.compare_at,
                        "barcode": v.barcode,
                        "options": list(v.options),
                        "inventoryItemId": v.item.id,
                        "weight": v.item.weight,
                        "tracked": v.item.tracked,
                        "requiresShipping": v.item.requires_shipping,
                    }
                    for v in rec.variants
                ],
                "media": [(m.url, m.status()) for m in rec.media],
            }

    def product_count(self) -> int:
        """How many products the shop has."""
        with self._lock:
            return len(self.state.products)

    def stock(self, sku: str, name: str = "available") -> int | None:
        """The quantity of a SKU at the first location, or None when the SKU is unknown."""
        with self._lock:
            for item in self.state.items.values():
                if item.sku == sku:
                    location = self.state.locations[0]["id"]
                    return self.state.levels.get((item.id, location), {}).get(name)
            return None

    def fulfillments(self, legacy_order_id: str) -> list[View]:
        """Fulfilments created for an order, with their tracking data."""
        with self._lock:
            return [dict(f) for f in self.state.orders[int(legacy_order_id)].fulfillments]

    def fulfillment_order_status(self, legacy_order_id: str) -> list[str]:
        """Statuses of an order's fulfilment orders."""
        with self._lock:
            return [fo.status for fo in self.state.orders[int(legacy_order_id)].fulfillment_orders]

    def adjustments(self) -> list[View]:
        """Inventory adjustment groups applied (reason, reference URI, item count)."""
        with self._lock:
            return list(self.state.adjustments)


def start_shopify_simulator(**options: Any) -> tuple[SimulatorServer, ShopifySimulator]:
    """Run a simulator on a free loopback port; stop it with `server.stop()`."""
    simulator = ShopifySimulator(**options)
    server = SimulatorServer(simulator).start()
    return server, simulator


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _error(exc: GraphQLError, code: str) -> View:
    formatted: View = {"message": exc.message}
    if exc.locations:
        formatted["locations"] = [{"line": loc.line, "column": loc.column} for loc in exc.locations]
    if exc.path:
        formatted["path"] = list(exc.path)
    extensions = dict(exc.extensions or {})
    extensions.setdefault("code", code)
    formatted["extensions"] = extensions
    return formatted


def _json(status: int, body: object) -> SimResponse:
    return SimResponse(
        status, json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=utf-8"
    )
