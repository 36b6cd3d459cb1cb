"""A merchant's own shop on loopback: an HTTP API in two shapes, order files, shipments.

- `GET /api/v1/orders?updated_since=…&offset=…&limit=…`: the nested shape
  (`{"orders": [...], "count": n}`), page/offset, sorted by change time then id, oldest
  first (so an order edited while a client reads jumps to the end and shifts the rest).
- `GET /api/v2/orders?since=…&cursor=…&limit=…`: the flat shape (`{"data": [...],
  "next_cursor": …}`), keyset cursor over (change time, id).
- `PUT|POST|PATCH /api/v1/orders/{id}/shipment`: the JSON body is kept as the shipment.
- `POST /oauth/token`: client credentials (`client_secret_post`).

Auth is a header token, HTTP Basic or an OAuth2 bearer, as `auth` says. `between_pages`
lets a test change the shop while a client reads (a new order, an edit). The same
orders can be written as CSV, JSON or XML order files (`write_file`).
"""

from __future__ import annotations

import base64
import csv
import io
import itertools
import json
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

from jjdesk.sandbox.server import SimRequest, SimResponse

BERLIN = ZoneInfo("Europe/Berlin")
_SHIPMENT = re.compile(r"^/api/v1/orders/([^/]+)/shipment$")


@dataclass
class ShopLine:
    """One line; `price` may be raw text to play a shop that writes rubbish."""

    sku: str
    title: str
    quantity: int | str
    price: Decimal | str
    tax_rate: Decimal = Decimal("19")


@dataclass
class ShopOrder:
    """An order as the shop holds it."""

    order_id: str
    number: str
    created: datetime
    updated: datetime
    lines: list[ShopLine]
    first_name: str = "Erika"
    last_name: str = "Mustermann"
    street: str = "Hauptstraße 5"
    postal_code: str = "10115"
    city: str = "Berlin"
    country: str = "Deutschland"
    email: str = "erika@example.com"
    shipping_method: str = "DHL"
    shipping_cost: Decimal = Decimal("4.95")
    payment_method: str = "PayPal"
    paid: bool = True
    note: str = ""
    created_text: str = ""  # raw creation time to send instead (a broken date)

    def street_and_number(self) -> tuple[str, str]:
        street, _, number = self.street.rpartition(" ")
        return (street, number) if street else (self.street, "")


@dataclass
class CustomShopState:
    """The shop's orders, its credentials and what it was sent."""

    token: str = "Bearer shop-token-4711"
    username: str = "jjdesk"
    password: str = "shop-geheim"
    client_id: str = "jjdesk-client"
    client_secret: str = "shop-client-secret"
    auth: str = "token"  # "none", "token", "basic", "oauth2"
    orders: dict[str, ShopOrder] = field(default_factory=dict)
    shipments: dict[str, dict[str, object]] = field(default_factory=dict)
    shipment_methods: list[str] = field(default_factory=list)
    between_pages: Callable[[int], None] | None = None
    _tokens: set[str] = field(default_factory=set)
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(5001))
    _last: datetime = field(default_factory=lambda: datetime.now(UTC) - timedelta(hours=1))

    def _tick(self) -> datetime:
        """A change time later than every one before (ordering must not tie)."""
        with self._lock:
            self._last = max(datetime.now(UTC), self._last + timedelta(seconds=1))
            return self._last

    def new_order(self, skus: list[str], **fields: object) -> ShopOrder:
        """A customer orders one of each SKU (19,90 € each unless given)."""
        with self._lock:
            number = str(next(self._ids))
            moment = self._tick()
            lines = [ShopLine(s, f"Artikel {s}", 1, Decimal("19.90")) for s in skus]
            order = ShopOrder(number, number, moment, moment, lines)
            for name, value in fields.items():
                setattr(order, name, value)
            self.orders[number] = order
            return order

    def edit(self, order: ShopOrder, **fields: object) -> None:
        """The shop changes an order (its change time moves to now)."""
        with self._lock:
            for name, value in fields.items():
                setattr(order, name, value)
            order.updated = self._tick()

    # --- shapes -----------------------------------------------------------------------

    def nested(self, order: ShopOrder) -> dict[str, object]:
        """The nested JSON shape."""
        address = {
            "first_name": order.first_name,
            "last_name": order.last_name,
            "company": "",
            "street": order.street,
            "zip": order.postal_code,
            "city": order.city,
            "country": order.country,
        }
        return {
            "id": order.order_id,
            "number": order.number,
            "created_at": order.created_text or order.created.isoformat(),
            "updated_at": order.updated.isoformat(),
            "customer": {
                "email": order.email,
                "billing_address": address,
                "shipping_address": dict(address),
            },
            "line_items": [
                {
                    "sku": line.sku,
                    "title": line.title,
                    "quantity": line.quantity,
                    "price": str(line.price),
                    "tax_rate": str(line.tax_rate),
                }
                for line in order.lines
            ],
            "shipping": {"method": order.shipping_method, "price": str(order.shipping_cost)},
            "payment": {
                "method": order.payment_method,
                "status": "paid" if order.paid else "pending",
            },
            "note": order.note,
        }

    def flat(self, order: ShopOrder) -> dict[str, object]:
        """The flat shape: German times and decimal commas, street and number apart."""
        street, number = order.street_and_number()
        return {
            "order_no": order.number,
            "order_date": order.created_text or _german(order.created),
            "modified": _german(order.updated),
            "mail": order.email,
            "bill_firstname": order.first_name,
            "bill_lastname": order.last_name,
            "bill_street": street,
            "bill_house_no": number,
            "bill_zip": order.postal_code,
            "bill_city": order.city,
            "bill_country": "de" if order.country == "Deutschland" else order.country,
            "ship_cost": _comma(order.shipping_cost),
            "ship_method": order.shipping_method,
            "pay_method": order.payment_method,
            "paid": "ja" if order.paid else "nein",
            "positions": [
                {
                    "art_no": line.sku,
                    "art_name": line.title,
                    "amount": str(line.quantity),
                    "price_gross": _comma(line.price),
                    "vat": _comma(line.tax_rate),
                }
                for line in order.lines
            ],
        }

    # --- files ------------------------------------------------------------------------

    def write_file(self, folder: Path, kind: str, orders: list[ShopOrder], name: str = "") -> Path:
        """Orders as one order file (`csv`, `json` or `xml`), written whole then renamed."""
        folder.mkdir(parents=True, exist_ok=True)
        name = name or f"orders_{orders[0].number}.{kind}"
        if kind == "json":
            data = json.dumps({"orders": [self.nested(o) for o in orders]}, indent=1).encode()
        elif kind == "csv":
            data = self._csv(orders)
        else:
            data = self._xml(orders)
        path = folder / name
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        return path

    def _csv(self, orders: list[ShopOrder]) -> bytes:
        out = io.StringIO()
        writer: csv.DictWriter[str] | None = None
        for order in orders:
            flat = self.flat(order)
            positions = flat.pop("positions")
            assert isinstance(positions, list)
            for position in positions:
                row = {**flat, **position}
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(row), delimiter=";")
                    writer.writeheader()
                writer.writerow(row)
        return out.getvalue().encode("utf-8")

    def _xml(self, orders: list[ShopOrder]) -> bytes:
        parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<orders>"]
        for o in orders:
            country = "DE" if o.country == "Deutschland" else o.country
            parts += [
                f"<order number={quoteattr(o.number)}>",
                f"<created>{escape(o.created_text or o.created.isoformat())}</created>",
                f"<changed>{escape(o.updated.isoformat())}</changed>",
                f"<buyer><email>{escape(o.email)}</email>",
                f"<address first={quoteattr(o.first_name)} last={quoteattr(o.last_name)} "
                f"country={quoteattr(country)}><street>{escape(o.street)}</street>"
                f"<zip>{escape(o.postal_code)}</zip><city>{escape(o.city)}</city></address>",
                "</buyer><items>",
                *(
                    f"<item sku={quoteattr(line.sku)} qty={quoteattr(str(line.quantity))} "
                    f"price={quoteattr(str(line.price))} vat={quoteattr(str(line.tax_rate))}>"
                    f"{escape(line.title)}</item>"
                    for line in o.lines
                ),
                "</items>",
                f"<shipping method={quoteattr(o.shipping_method)} "
                f"cost={quoteattr(str(o.shipping_cost))}/>",
                f"<payment method={quoteattr(o.payment_method)} "
                f"paid={quoteattr('1' if o.paid else '0')}/>",
                "</order>",
            ]
        parts.append("</orders>")
        return "\n".join(parts).encode("utf-8")

    # --- reading as the API does --------------------------------------------------------

    def listed(self, since: datetime | None) -> list[ShopOrder]:
        """Orders changed at or after `since`, by change time then id."""
        with self._lock:
            found = [o for o in self.orders.values() if since is None or o.updated >= since]
        return sorted(found, key=lambda o: (o.updated, int(o.order_id)))

    def authorised(self, request: SimRequest) -> bool:
        """Whether the request carries the credentials `auth` asks for."""
        given = request.header("Authorization")
        if self.auth == "none":
            return True
        if self.auth == "token":
            return given == self.token
        if self.auth == "basic":
            expected = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            return given == f"Basic {expected}"
        with self._lock:
            return given.removeprefix("Bearer ") in self._tokens

    def issue_token(self, request: SimRequest) -> SimResponse:
        """Client credentials in the body (`client_secret_post`)."""
        form = {k: v[0] for k, v in _form(request.body).items()}
        if form.get("grant_type") != "client_credentials" or (
            form.get("client_id"),
            form.get("client_secret"),
        ) != (self.client_id, self.client_secret):
            return _json({"error": "invalid_client"}, 401)
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._tokens.add(token)
        return _json({"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    def expire_tokens(self) -> None:
        """Every issued OAuth2 token stops working (the next call gets 401)."""
        with self._lock:
            self._tokens.clear()


class CustomShopSimulator:
    """The handler for `SimulatorServer`."""

    name = "custom-shop"

    def __init__(self, state: CustomShopState | None = None) -> None:
        self.state = state or CustomShopState()
        self.pages_served = 0

    def handle(self, request: SimRequest) -> SimResponse:
        """Answer one request."""
        state = self.state
        if request.path == "/oauth/token" and request.method == "POST":
            return state.issue_token(request)
        if not state.authorised(request):
            return _json({"error": "unauthorized"}, 401)
        if request.method == "GET" and request.path == "/api/v1/orders":
            return self._page(request)
        if request.method == "GET" and request.path == "/api/v2/orders":
            return self._cursor(request)
        match = _SHIPMENT.match(request.path)
        if match and request.method in ("PUT", "POST", "PATCH"):
            return self._ship(match.group(1), request)
        return _json({"error": "not found"}, 404)

    def _page(self, request: SimRequest) -> SimResponse:
        since = _moment(_arg(request, "updated_since"))
        offset = int(_arg(request, "offset") or 0)
        limit = int(_arg(request, "limit") or 50)
        orders = self.state.listed(since)[offset : offset + limit]
        body = {"orders": [self.state.nested(o) for o in orders], "count": len(orders)}
        self._served()
        return _json(body)

    def _cursor(self, request: SimRequest) -> SimResponse:
        since = _moment(_arg(request, "since"))
        limit = int(_arg(request, "limit") or 50)
        cursor = _arg(request, "cursor")
        listed = self.state.listed(since)
        if cursor:
            moment, _, order_id = base64.urlsafe_b64decode(cursor).decode().partition("|")
            after = (datetime.fromisoformat(moment), int(order_id))
            listed = [o for o in listed if (o.updated, int(o.order_id)) > after]
        page = listed[:limit]
        next_cursor = None
        if len(listed) > limit:
            last = page[-1]
            raw = f"{last.updated.isoformat()}|{last.order_id}".encode()
            next_cursor = base64.urlsafe_b64encode(raw).decode()
        self._served()
        return _json({"data": [self.state.flat(o) for o in page], "next_cursor": next_cursor})

    def _served(self) -> None:
        self.pages_served += 1
        hook = self.state.between_pages
        if hook is not None:
            hook(self.pages_served)

    def _ship(self, order_id: str, request: SimRequest) -> SimResponse:
        state = self.state
        with state._lock:
            if order_id not in state.orders:
                return _json({"error": "unknown order"}, 404)
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                return _json({"error": "body is no JSON"}, 400)
            state.shipments[order_id] = body
            state.shipment_methods.append(request.method)
        return _json({"ok": True})


def _german(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")


def _comma(value: Decimal | str) -> str:
    return value if isinstance(value, str) else f"{value:.2f}".replace(".", ",")


def _arg(request: SimRequest, name: str) -> str:
    values = request.query.get(name) or [""]
    return values[0]


def _moment(text: str) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def _form(body: bytes) -> dict[str, list[str]]:
    return parse_qs(body.decode())


def _json(data: object, status: int = 200) -> SimResponse:
    return SimResponse(status, json.dumps(data).encode(), "application/json")
