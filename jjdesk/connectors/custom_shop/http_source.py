"""A shop's own HTTP JSON API as an order source: a list endpoint, paging, auth, shipping.

The list URL is a template: `{since}` (ISO 8601, UTC, whole seconds rounded down),
`{page}`, `{offset}`, `{limit}`, `{cursor}`. Paging:

- `page`: pages of `limit` orders until a short page. When the template has `{since}`
  and a page is listed oldest first (by change time), the next read is anchored at the
  newest change time seen on it and starts at offset 0. An order edited while jjdesk
  reads moves to the end of the list and shifts the others back; counting offsets alone
  would then skip one, the anchor does not. Orders read twice are passed on once.
- `cursor`: the next cursor is found in each answer by a JSONPath; empty ends the read.
- `none`: one request.

Auth: a header token (sent as given, e.g. `Bearer …`), HTTP Basic, or OAuth2 client
credentials through `connectors.oauth`. The shipping update is a PUT, POST or PATCH to a
URL template with a JSON body template; placeholders are filled in after the template is
parsed, so a value can never change the JSON's structure. Nothing a shop answers is
repeated in a message (it may hold customer data): only the status.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

import httpx
from jsonpath_ng.ext import parse as parse_jsonpath

from jjdesk import i18n
from jjdesk.connectors.custom_shop.records import PLACEHOLDERS, ShipmentValues, map_one
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.oauth import ClientCredentials, ClientIdentity
from jjdesk.domain.mapping import Mapping, order_records
from jjdesk.domain.models import Order, Retry, ShipmentInfo, Unreadable
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import AuthFailure, ConfigFailure, ItemProblem, SystemFailure

PAGINGS = ("none", "page", "cursor")
AUTHS = ("none", "token", "basic", "oauth2")
SHIP_METHODS = ("PUT", "POST", "PATCH")
MAX_PAGES = 10_000
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

i18n.register(
    {
        "custom.http.not_json": {
            "de": "{system} hat keine JSON-Antwort geschickt",
            "en": "{system} did not answer with JSON",
        },
        "custom.http.not_json.msg": {
            "de": "Die Bestellliste ({url}) kam mit HTTP {status}, aber nicht als JSON. "
            "Bitte die Listen-Adresse prüfen.",
            "en": "The order list ({url}) came with HTTP {status} but not as JSON. "
            "Please check the list address.",
        },
        "custom.http.bad_template": {
            "de": "Ungültige Vorlage",
            "en": "Invalid template",
        },
        "custom.http.bad_body.msg": {
            "de": "Die Vorlage für den Versand-Body ist kein gültiges JSON: {detail}",
            "en": "The shipping body template is no valid JSON: {detail}",
        },
        "custom.http.unknown_placeholder.msg": {
            "de": "„{{{name}}}“ ist kein Platzhalter; erlaubt: {names}",
            "en": "“{{{name}}}” is no placeholder; allowed: {names}",
        },
        "custom.http.bad_cursor.msg": {
            "de": "Der JSONPath für den nächsten Cursor ist ungültig: {detail}",
            "en": "The JSONPath of the next cursor is invalid: {detail}",
        },
        "custom.http.ship_refused": {
            "de": "{system} hat die Versanddaten mit HTTP {status} abgelehnt",
            "en": "{system} refused the shipping data with HTTP {status}",
        },
        "custom.http.ship_refused.hint": {
            "de": "Adresse, Methode und Body-Vorlage des Versand-Updates prüfen; jjdesk "
            "versucht es später erneut.",
            "en": "Check the shipping update's address, method and body template; jjdesk "
            "tries again later.",
        },
    }
)

LIST_PLACEHOLDERS = ("since", "page", "offset", "limit", "cursor")


@dataclass(frozen=True)
class HttpAuth:
    """How requests sign in; secrets come from the keyring."""

    kind: str = "none"
    token_header: str = "Authorization"
    token: str = field(default="", repr=False)
    username: str = ""
    password: str = field(default="", repr=False)
    token_url: str = ""
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    scope: str = ""


@dataclass(frozen=True)
class HttpConfig:
    """The shop's API as the merchant described it."""

    system: str  # the shop's name, for messages
    connection: str
    list_url: str
    paging: str = "none"
    page_size: int = 50
    cursor_path: str = "$.next_cursor"
    auth: HttpAuth = field(default_factory=HttpAuth)
    ship_url: str = ""
    ship_method: str = "PUT"
    ship_body: str = ""


def check_templates(config: HttpConfig) -> None:
    """`ConfigFailure` naming what is wrong with the URL and body templates."""
    _check_names(config.list_url, LIST_PLACEHOLDERS)
    if config.ship_url:
        _check_names(config.ship_url, PLACEHOLDERS)
    if config.ship_body:
        fill_body(config.ship_body, {name: "" for name in PLACEHOLDERS})
    if config.paging == "cursor":
        try:
            parse_jsonpath(config.cursor_path)
        except Exception as exc:  # jsonpath-ng raises several kinds for a bad expression
            raise ConfigFailure(
                i18n.text("custom.http.bad_template"),
                i18n.text("custom.http.bad_cursor.msg", detail=exc),
            ) from exc


def _check_names(template: str, allowed: tuple[str, ...]) -> None:
    for name in _PLACEHOLDER.findall(template):
        if name not in allowed:
            raise ConfigFailure(
                i18n.text("custom.http.bad_template"),
                i18n.text(
                    "custom.http.unknown_placeholder.msg", name=name, names=", ".join(allowed)
                ),
            )


def fill_url(template: str, values: dict[str, str]) -> str:
    """The template with each placeholder replaced by its URL-quoted value."""
    return _PLACEHOLDER.sub(lambda m: quote(values.get(m.group(1), ""), safe=""), template)


def fill_body(template: str, values: dict[str, str]) -> object:
    """The parsed body template with placeholders replaced inside its strings.

    A string that is exactly one placeholder becomes the value; others get the values
    spliced in. Parsing first means no value can add keys or break out of a string.
    """
    try:
        data = json.loads(template)
    except ValueError as exc:
        raise ConfigFailure(
            i18n.text("custom.http.bad_template"), i18n.text("custom.http.bad_body.msg", detail=exc)
        ) from exc
    return _fill(data, values)


def _fill(data: object, values: dict[str, str]) -> object:
    if isinstance(data, str):
        for name in _PLACEHOLDER.findall(data):
            if name not in PLACEHOLDERS:
                raise ConfigFailure(
                    i18n.text("custom.http.bad_template"),
                    i18n.text(
                        "custom.http.unknown_placeholder.msg",
                        name=name,
                        names=", ".join(PLACEHOLDERS),
                    ),
                )
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), data)
    if isinstance(data, dict):
        return {k: _fill(v, values) for k, v in data.items()}
    if isinstance(data, list):
        return [_fill(v, values) for v in data]
    return data


def since_text(moment: datetime | None) -> str:
    """`since` for a URL: UTC, whole seconds rounded down (a read overlaps, never skips)."""
    if moment is None:
        return ""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


class HttpSource:
    """A custom shop's API as an `OrderSource`."""

    def __init__(
        self,
        config: HttpConfig,
        mapping: Mapping,
        channel: str,
        transport: HttpTransport,
        oauth: ClientCredentials | None = None,
        *,
        numeric_skus: bool = True,
    ) -> None:
        check_templates(config)
        self.numeric_skus = numeric_skus
        self.config = config
        self.name = config.system
        self._mapping = mapping
        self._channel = channel
        self._transport = transport
        self._oauth = oauth

    @classmethod
    def open(
        cls,
        config: HttpConfig,
        mapping: Mapping,
        channel: str,
        transport: HttpTransport,
        *,
        numeric_skus: bool = True,
    ) -> HttpSource:
        """The source with its token client when the API uses OAuth2."""
        oauth = None
        auth = config.auth
        if auth.kind == "oauth2":
            identity = ClientIdentity(
                auth.token_url,
                auth.client_id,
                auth.client_secret,
                auth_method="client_secret_post",
                scope=auth.scope,
            )
            oauth = ClientCredentials(identity, transport, config.system, config.connection)
        return cls(config, mapping, channel, transport, oauth, numeric_skus=numeric_skus)

    # --- reading ----------------------------------------------------------------------

    def records(self, since: datetime | None) -> Iterator[object]:
        """The raw order records, page by page (the editor's sample uses the first)."""
        for data in self._pages(since, lambda: None):
            yield from order_records(self._mapping, data)

    def orders_since(self, since: datetime | None) -> Iterator[Order | Unreadable]:
        """Every order the list returns since `since`, each once per read."""
        seen: set[tuple[str, str]] = set()
        page: list[datetime] = []  # change times of the current page, in list order

        def anchor() -> datetime | None:
            # only a page listed oldest first may move `since` on (see the module's doc)
            return max(page) if page and page == sorted(page) else None

        for data in self._pages(since, anchor):
            page.clear()
            for record in order_records(self._mapping, data):
                item = map_one(self._mapping, record, self._channel, numeric_skus=self.numeric_skus)
                if isinstance(item, Order):
                    page.append(item.updated_at)
                    key = (item.channel_order_id, item.updated_at.isoformat())
                else:
                    key = (item.key, item.digest)
                if key in seen:
                    continue
                seen.add(key)
                yield item

    def _pages(
        self, since: datetime | None, anchor: Callable[[], datetime | None]
    ) -> Iterator[object]:
        config = self.config
        limit = max(1, config.page_size)
        anchored = "{since}" in config.list_url
        offset, page, cursor = 0, 1, ""
        for _ in range(MAX_PAGES):
            values = {
                "since": since_text(since),
                "page": str(page),
                "offset": str(offset),
                "limit": str(limit),
                "cursor": cursor,
            }
            data = self._get(fill_url(config.list_url, values))
            yield data
            if config.paging == "none":
                return
            if config.paging == "cursor":
                cursor = self._next_cursor(data)
                if not cursor:
                    return
                continue
            if len(order_records(self._mapping, data)) < limit:
                return
            newest = anchor()
            if anchored and newest is not None and (since is None or newest > since):
                since, offset, page = newest, 0, 1
            else:
                offset, page = offset + limit, page + 1

    def _next_cursor(self, data: object) -> str:
        found = [m.value for m in parse_jsonpath(self.config.cursor_path).find(data)]
        value = found[0] if found else None
        return "" if value is None or isinstance(value, dict | list) else str(value)

    def _get(self, url: str) -> object:
        response = self._send("GET", url)
        if response.status_code >= 400:
            self._refuse(response)
        try:
            return response.json()
        except ValueError as exc:
            raise SystemFailure(
                i18n.text("custom.http.not_json", system=self.name),
                i18n.text(
                    "custom.http.not_json.msg",
                    url=url.split("?", 1)[0],
                    status=response.status_code,
                ),
            ) from exc

    # --- acknowledging and shipping -----------------------------------------------------

    def acknowledge(self, channel_order_id: str, sink_order_id: str) -> None:
        """Nothing to tell: the list's `since` moves on by itself."""

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        """The configured request with the tracking data; a refusal is that order's error."""
        config = self.config
        values = ShipmentValues.of(channel_order_id, shipment, utcnow()).as_dict()
        body = fill_body(config.ship_body, values) if config.ship_body else None
        response = self._send(
            config.ship_method,
            fill_url(config.ship_url, values),
            json=body,
            idempotent=config.ship_method != "POST",
        )
        if response.status_code in (401, 403):
            raise AuthFailure(self.name, config.connection, f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise ItemProblem(
                "order",
                channel_order_id,
                i18n.text(
                    "custom.http.ship_refused", system=self.name, status=response.status_code
                ),
                field="tracking",
                hint=i18n.text("custom.http.ship_refused.hint"),
                retry=Retry.LATER,
            )

    # --- requests -----------------------------------------------------------------------

    def _send(
        self, method: str, url: str, *, idempotent: bool = True, json: object = None
    ) -> httpx.Response:
        for attempt in (1, 2):
            headers, auth, token = self._credentials()
            response = self._transport.request(
                method, url, idempotent=idempotent, headers=headers, auth=auth, json=json
            )
            if response.status_code == 401 and self._oauth is not None and attempt == 1:
                self._oauth.invalidate(token)
                continue
            return response
        return response

    def _credentials(self) -> tuple[dict[str, str], httpx.BasicAuth | None, str]:
        auth = self.config.auth
        headers = {"Accept": "application/json"}
        if auth.kind == "token":
            headers[auth.token_header or "Authorization"] = auth.token
        elif auth.kind == "basic":
            return headers, httpx.BasicAuth(auth.username, auth.password), ""
        elif auth.kind == "oauth2" and self._oauth is not None:
            token = self._oauth.token()
            headers["Authorization"] = f"Bearer {token}"
            return headers, None, token
        return headers, None, ""

    def _refuse(self, response: httpx.Response) -> None:
        if response.status_code in (401, 403):
            raise AuthFailure(self.name, self.config.connection, f"HTTP {response.status_code}")
        raise SystemFailure(
            i18n.text("net.http_error", system=self.name),
            i18n.text("net.http_error.msg", system=self.name, status=response.status_code),
        )

    def close(self) -> None:
        """Release the connection pool."""
        self._transport.close()
