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
from jjdesk.sandbox.shopify_orders import (
    FulfillmentOrderRec,
    OrderRec,
    ShopLine,
    ShopMoney,
    ShopShipping,
)
from jjdesk.sandbox.shopify_seed import SeedOrder, SeedShipping, german_orders
from jjdesk.sandbox.shopify_state import (
    ShopState,
    View,
    connection,
    now_iso,
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
                "scope": ",".join(sorted(self.state.publications.scopes)),
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
            "publications": lambda info, **args: s.publications.query(connection, args),
            "currentAppInstallation": lambda info: s.publications.installation(),
            "publishablePublish": lambda info, **args: s.publishable_change(
                info, publish=True, **args
            ),
            "publishableUnpublish": lambda info, **args: s.publishable_change(
                info, publish=False, **args
            ),
        }

    @property
    def shop_title(self) -> str:
        """The shop's display name."""
        return f"{self.shop} (Simulator)"

    # -- seeding ----------------------------------------------------------------------

    def add_order(self, seed: SeedOrder) -> str:
        """Create an order from a seeded cart, with one open fulfilment order.

        Discounts are allocated, taxes worked out and totals added up from the cart, as
        Shopify does at checkout; returns the order's numeric id.
        """
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
            lines = [
                ShopLine(
                    f"gid://shopify/LineItem/{s.next_id()}",
                    line.sku,
                    line.title,
                    line.unit_price,
                    line.quantity,
                    line.tax_rate if seed.has_tax else None,
                )
                for line in seed.lines
            ]
            shipping_seeds = seed.shipping_lines
            if shipping_seeds is None:
                shipping_seeds = (SeedShipping(seed.shipping_title, seed.shipping_price),)
            shipping = [
                ShopShipping(sh.title, sh.price, sh.tax_rate if seed.has_tax else None)
                for sh in shipping_seeds
            ]
            money = ShopMoney(lines, shipping, seed.taxes_included)
            for discount in seed.discounts:
                money.allocate(discount)
            fo_lines: list[View] = [
                {
                    "id": f"gid://shopify/FulfillmentOrderLineItem/{s.next_id()}",
                    "line": line,
                    "sku": line.sku,
                    "total": line.quantity,
                    "remaining": line.quantity,
                }
                for line in lines
            ]
            data: View = {
                "id": f"gid://shopify/Order/{legacy}",
                "legacyResourceId": legacy,
                "name": f"#{number}",
                "createdAt": _iso(seed.created_at),
                "updatedAt": _iso(seed.updated_at),
                "processedAt": _iso(seed.created_at),
                "cancelledAt": None,
                "cancelReason": None,
                "closed": False,
                "edited": False,
                "test": seed.test,
                "email": seed.email,
                "note": seed.note or None,
                "currencyCode": "EUR",
                "displayFinancialStatus": seed.financial_status,
                "paymentGatewayNames": [seed.gateway],
                "tags": [],
                "billingAddress": address,
                "shippingAddress": dict(address),
            }
            fo = FulfillmentOrderRec(
                f"gid://shopify/FulfillmentOrder/{s.next_id()}", "OPEN", fo_lines
            )
            s.orders[legacy] = OrderRec(legacy, data, money, [fo])
            return str(legacy)

    def remove_units(self, legacy_id: str, line_index: int, units: int) -> None:
        """The merchant edits the order: `units` fewer of one line (all: the line is gone)."""
        with self._lock:
            self.state.orders[int(legacy_id)].remove_units(line_index, units, now_iso())

    def add_line(
        self,
        legacy_id: str,
        sku: str,
        quantity: int,
        unit_price: Decimal,
        tax_rate: Decimal | None = Decimal("19"),
    ) -> None:
        """The merchant edits the order: a new line."""
        with self._lock:
            s = self.state
            line = ShopLine(
                f"gid://shopify/LineItem/{s.next_id()}",
                sku,
                "Nachträglich hinzugefügt",
                unit_price,
                quantity,
                tax_rate,
            )
            fo_line = f"gid://shopify/FulfillmentOrderLineItem/{s.next_id()}"
            s.orders[int(legacy_id)].add_line(line, fo_line, now_iso())

    def refund_units(self, legacy_id: str, line_index: int, units: int) -> Decimal:
        """The merchant refunds units of one line; returns the amount given back."""
        with self._lock:
            return self.state.orders[int(legacy_id)].refund_units(line_index, units, now_iso())

    def cancel_order(self, legacy_id: str, reason: str = "CUSTOMER") -> None:
        """The merchant cancels the order (refunded in full when it was paid)."""
        with self._lock:
            self.state.orders[int(legacy_id)].cancel(now_iso(), reason)

    def order_total(self, legacy_id: str) -> Decimal:
        """What the order's current total is (what the customer pays after everything)."""
        with self._lock:
            return self.state.orders[int(legacy_id)].money.current_total()

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

    def expire_credentials(self) -> None:
        """The server's EXPIRE_TOKEN fault: tokens expire before the next request, except
        those issued in the last second (a token cannot run out just after its grant)."""
        with self._lock:
            issued_before = time.monotonic() - 1.0
            for token, expiry in list(self._tokens.items()):
                if expiry - self.token_ttl < issued_before:
                    del self._tokens[token]

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

    def published_on(
        self, afterbuy_id: str, namespace: str = "jjdesk", key: str = "afterbuy_product_id"
    ) -> list[str]:
        """Titles of the sales channels a product is published on (empty: none, or unknown)."""
        with self._lock:
            rec = self.state.find_product(
                {"customId": {"namespace": namespace, "key": key, "value": afterbuy_id}}
            )
            if rec is None:
                return []
            pubs = self.state.publications
            return [p.title for p in pubs.items if p.id in rec.published]

    def publication_id(self, title: str) -> str:
        """The GID of a sales channel's publication by its title."""
        with self._lock:
            return next(p.id for p in self.state.publications.items if p.title == title)

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
