"""The shape of an integration: connections it needs, flows it runs, rules it applies.

The GUI and the scheduler only ever see these definitions; adding a channel means adding
one connector and one module here, not new flows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum
from typing import Protocol

from jjdesk import i18n
from jjdesk.domain.levels import LevelRules
from jjdesk.errors import ConfigFailure
from jjdesk.flows.context import RunContext
from jjdesk.flows.product_search import ProductSearch
from jjdesk.store import Store

i18n.register(
    {
        "option.invalid_choice": {
            "de": "Erlaubt sind: {choices}",
            "en": "Allowed values: {choices}",
        },
        "option.invalid_number": {
            "de": "Bitte eine ganze Zahl von {low} bis {high} eingeben",
            "en": "Please enter a whole number from {low} to {high}",
        },
        "option.empty": {"de": "Darf nicht leer sein", "en": "Must not be empty"},
        "option.allowed_document": {
            "de": "ein JSON-Dokument (eine Feldzuordnung)",
            "en": "a JSON document (a field mapping)",
        },
        "option.allowed_text": {"de": "Text, nicht leer", "en": "text, not empty"},
        "option.allowed_table": {
            "de": "eine Tabelle „{left}“ → „{right}“",
            "en": "a table “{left}” → “{right}”",
        },
        "option.allowed_table_values": {
            "de": "eine Tabelle „{left}“ → „{right}“; rechts erlaubt: {values}",
            "en": "a table “{left}” → “{right}”; allowed on the right: {values}",
        },
        "option.allowed_list": {
            "de": "eine Liste von Einträgen (Text)",
            "en": "a list of entries (text)",
        },
        "option.table_value": {
            "de": "„{key}“ → „{value}“: rechts erlaubt sind {values}",
            "en": "“{key}” → “{value}”: allowed on the right are {values}",
        },
        "field.timeout_seconds": {
            "de": "Zeitlimit je Anfrage (Sekunden)",
            "en": "Time limit per request (seconds)",
        },
        "field.number_bounds": {
            "de": "„{name}“: bitte eine ganze Zahl von {low} bis {high} eingeben",
            "en": "“{name}”: please enter a whole number from {low} to {high}",
        },
    }
)


class Services(Protocol):
    """What an integration's flow bodies and connection tests may use.

    `jjdesk.app.Services` implements it; integrations see only this protocol, so they
    never import the app that composes them.
    """

    @property
    def store(self) -> Store:
        """jjdesk's own state (links, fingerprints, …)."""

    @property
    def integration(self) -> str:
        """The key of the integration running ("" for a connection test)."""

    def setting(self, connection: str, field: str) -> str:
        """A non-secret connection field (endpoint, shop name), or its default."""

    def save_setting(self, connection: str, field: str, value: str) -> None:
        """Keep a non-secret connection field the integration learnt itself (an SFTP
        server's host key, pinned on first connect, shown in the form to be reset there)."""

    def secret(self, connection: str, field: str) -> str:
        """A secret connection field; raises a clear error when missing."""

    def optional_secret(self, connection: str, field: str) -> str:
        """A secret that may be absent (one of two ways to log in)."""

    def store_secret(self, connection: str, field: str, value: str) -> None:
        """Keep a secret the integration was handed (a rotated OAuth refresh token)."""

    def option(self, name: str) -> str:
        """An integration option, checked against its spec."""

    def level_rules(self) -> LevelRules:
        """The integration's level rules as the merchant set them."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a connection form. Secret fields go to the keyring, others to settings."""

    name: str
    label_key: str
    secret: bool = False
    default: str = ""
    optional: bool = False
    # a whole number from low to high (a time limit); None: any text
    bounds: tuple[int, int] | None = None

    @property
    def label(self) -> str:
        """The field's label in the current language."""
        return i18n.text(self.label_key)

    @property
    def is_address(self) -> bool:
        """A field named `…_url` is an address: https only (loopback excepted)."""
        return self.name.endswith("_url")

    @property
    def advanced(self) -> bool:
        """A field the merchant never needs to touch (an address with a default or only for
        tests, a time limit): the forms show it under "Advanced"."""
        return (self.is_address and (self.optional or bool(self.default))) or bool(self.bounds)

    @property
    def help(self) -> str:
        """Where to find the value, when the catalogue has `<label_key>.help`; else empty."""
        key = f"{self.label_key}.help"
        return i18n.text(key) if i18n.known(key) else ""

    def check_number(self, value: str) -> str:
        """A bounded number field's value, trimmed; ValueError says what is allowed."""
        text = value.strip()
        if self.bounds is None or not text:
            return text
        low, high = self.bounds
        if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
            raise ValueError(i18n.text("field.number_bounds", name=self.label, low=low, high=high))
        return str(int(text))


TIMEOUT_FIELD = "timeout_seconds"
TIMEOUT_BOUNDS = (1, 600)


def timeout_field(default_seconds: int) -> FieldSpec:
    """The optional time limit a connection's requests wait for an answer."""
    return FieldSpec(
        TIMEOUT_FIELD,
        "field.timeout_seconds",
        default=str(default_seconds),
        optional=True,
        bounds=TIMEOUT_BOUNDS,
    )


def connection_timeout(services: Services, connection: str, default: float) -> float:
    """A connection's time limit per request in seconds (`default` when it has none); a
    stored value that does not fit is a `ConfigFailure` naming it, never a default."""
    spec = timeout_field(0)
    try:
        text = spec.check_number(services.setting(connection, TIMEOUT_FIELD))
        return float(text) if text else default
    except ValueError as exc:
        raise ConfigFailure(i18n.text("config.invalid"), str(exc)) from exc


@dataclass(frozen=True, slots=True)
class ConnectionSpec:
    """An external system the merchant connects to (one form in the Connections tab)."""

    key: str
    title: str
    fields: tuple[FieldSpec, ...]
    test: Callable[[Services], str]  # returns a short confirmation, raises on failure
    # the merchant's consent in the browser ("Sign in"), for an OAuth2 code flow;
    # returns a short confirmation and keeps the tokens itself (`Services.store_secret`)
    authorize: Callable[[Services], str] | None = None


FlowBody = Callable[[Services, RunContext], None]
# finds the products a merchant's search text means (see `flows.product_search`)
ProductFinder = Callable[[Services, str], ProductSearch]


class FlowKind(Enum):
    """What a flow does, so views can ask the right flow (a product's preview, an order's
    way); flows keyed like the generic ones are recognised without saying so."""

    PRODUCTS = "products"
    STOCK = "stock"
    ORDERS = "orders"
    SHIPPING = "shipping"
    DELETIONS = "deletions"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class FlowSpec:
    """One flow of an integration with its default interval.

    `kind` defaults from the key ("products", "stock", "orders", "shipping",
    "deletions"); a flow keyed otherwise names its kind. Only a PRODUCTS flow is run
    restricted to one product (the product view), so it must use `export_products`.
    """

    key: str
    title_key: str
    default_interval: timedelta
    body: FlowBody
    enabled_by_default: bool = True
    kind: FlowKind | None = None

    @property
    def title(self) -> str:
        """The flow's name in the current language."""
        return i18n.text(self.title_key)

    @property
    def role(self) -> FlowKind:
        """The flow's kind, given or recognised from its key."""
        if self.kind is not None:
            return self.kind
        try:
            return FlowKind(self.key)
        except ValueError:
            return FlowKind.OTHER


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """A non-secret option of an integration (tag name, keeping time, …).

    `choices` limits the value to a list (labels under `choice.<value>` in the catalogue);
    `whole_number` asks for a whole number from `minimum` to `maximum`: every number
    has both bounds, so no value can reach a flow that it would crash on.

    Two structured kinds keep their value as JSON text (read them with `table_of` and
    `list_of`): `table_columns` (two label keys) makes it a two-column table, e.g. the
    Afterbuy shipping method → a channel's carrier, whose right-hand values may be
    limited to `table_values`; `live_choices` makes it a list of entries the merchant
    ticks from what the remote system offers (Shopify's sales channels, a shop's order
    statuses), loaded on request in a worker.
    """

    name: str
    label_key: str
    default: str
    choices: tuple[str, ...] = ()
    whole_number: bool = False
    minimum: int = 1
    maximum: int | None = None
    table_columns: tuple[str, str] | tuple[()] = ()
    table_values: tuple[str, ...] = ()
    live_choices: Callable[[Services], list[tuple[str, str]]] | None = None
    # a JSON document (a field mapping): returns why the parsed data does not fit, or None;
    # kept as canonical JSON text, exported as a table, edited in its own tab
    document: Callable[[object], str | None] | None = None

    def __post_init__(self) -> None:
        if self.whole_number and self.maximum is None:
            raise ValueError(f"option {self.name}: a whole number needs a maximum")
        self.check(self.default)

    @property
    def label(self) -> str:
        """The option's label in the current language."""
        return i18n.text(self.label_key)

    @property
    def structured(self) -> bool:
        """Whether the value is a table or a list (JSON text) rather than one value."""
        return (
            bool(self.table_columns) or self.live_choices is not None or self.document is not None
        )

    def to_data(self, value: str) -> object:
        """The value as `config export` writes it: a table, a list, or the text."""
        return json.loads(value) if self.structured else value

    def from_data(self, data: object) -> str:
        """A value from `config import` as text for `check`; ValueError if its type is wrong."""
        if not self.structured:
            if isinstance(data, bool) or not isinstance(data, str | int):
                raise ValueError(self.allowed())
            return str(data)
        if not isinstance(data, dict | list):
            raise ValueError(self.allowed())
        return json.dumps(data, ensure_ascii=False)

    def allowed(self) -> str:
        """What the option accepts, in words (`config import` names it with a refusal)."""
        if self.table_columns:
            left, right = (i18n.text(k) for k in self.table_columns)
            if self.table_values:
                values = ", ".join(self.table_values)
                return i18n.text(
                    "option.allowed_table_values", left=left, right=right, values=values
                )
            return i18n.text("option.allowed_table", left=left, right=right)
        if self.live_choices is not None:
            return i18n.text("option.allowed_list")
        if self.document is not None:
            return i18n.text("option.allowed_document")
        if self.choices:
            return i18n.text("option.invalid_choice", choices=", ".join(self.choices))
        if self.whole_number:
            return i18n.text("option.invalid_number", low=self.minimum, high=self.maximum)
        return i18n.text("option.allowed_text")

    def check(self, value: str) -> str:
        """The value, trimmed; raises ValueError with a plain reason when it does not fit."""
        if self.table_columns:
            return json.dumps(self._table(value), ensure_ascii=False, sort_keys=True)
        if self.live_choices is not None:
            return json.dumps(self._list(value), ensure_ascii=False)
        if self.document is not None:
            return self._document(value)
        value = value.strip()
        if self.choices and value not in self.choices:
            raise ValueError(self.allowed())
        if self.whole_number:
            assert self.maximum is not None
            if not (value.isascii() and value.isdigit()):
                raise ValueError(self.allowed())
            if not self.minimum <= int(value) <= self.maximum:
                raise ValueError(self.allowed())
            return str(int(value))
        if not value:
            raise ValueError(i18n.text("option.empty"))
        return value

    def _table(self, value: str) -> dict[str, str]:
        try:
            data = json.loads(value or "{}")
        except ValueError as exc:
            raise ValueError(self.allowed()) from exc
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise ValueError(self.allowed())
        table = {k.strip(): v.strip() for k, v in data.items() if k.strip()}
        for key, right in table.items():
            if self.table_values and right not in self.table_values:
                raise ValueError(
                    i18n.text(
                        "option.table_value",
                        key=key,
                        value=right,
                        values=", ".join(self.table_values),
                    )
                )
        return table

    def _document(self, value: str) -> str:
        assert self.document is not None
        try:
            data = json.loads(value or "{}")
        except ValueError as exc:
            raise ValueError(self.allowed()) from exc
        problem = self.document(data)
        if problem:
            raise ValueError(problem)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    def _list(self, value: str) -> list[str]:
        try:
            data = json.loads(value or "[]")
        except ValueError as exc:
            raise ValueError(self.allowed()) from exc
        if not isinstance(data, list) or not all(isinstance(v, str) for v in data):
            raise ValueError(self.allowed())
        return list(dict.fromkeys(v.strip() for v in data if v.strip()))


def table_of(value: str) -> dict[str, str]:
    """A table option's value (as `OptionSpec.check` stored it) as a dict."""
    data = json.loads(value or "{}")
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def list_of(value: str) -> list[str]:
    """A list option's value (as `OptionSpec.check` stored it) as a list."""
    data = json.loads(value or "[]")
    return [str(v) for v in data] if isinstance(data, list) else []


@dataclass(frozen=True, slots=True)
class Integration:
    """A choice of connections, flows, level rules, options."""

    key: str
    title: str
    connections: tuple[str, ...]
    flows: tuple[FlowSpec, ...]
    # None: the integration has no level rules, every product transfers and updates
    default_levels: LevelRules | None
    options: tuple[OptionSpec, ...] = field(default=())
    # the order number a shared order sink gets is this prefix + the channel's order id,
    # so that two channels with the same order id stay two orders
    order_prefix: str = ""
    # how the product view finds a product by ID, EAN, article number or name; None for
    # an integration without a product export
    find_products: ProductFinder | None = None

    def flow(self, key: str) -> FlowSpec:
        """A flow by key; KeyError names the flow."""
        for spec in self.flows:
            if spec.key == key:
                return spec
        raise KeyError(f"{self.key} has no flow {key!r}")


@dataclass(frozen=True, slots=True)
class FamilyMember:
    """One integration the merchant added to a family (a custom shop): slug and name."""

    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class IntegrationFamily:
    """Integrations the merchant adds, several of one kind (custom shops).

    Members are kept as a setting (`members_setting`) and made into ordinary
    `Integration`s with their own connection each, so the app, scheduler, tabs and
    config export treat each one like any other integration. A member's key and its
    connection's key are `prefix + slug`.
    """

    key: str
    prefix: str
    make: Callable[[FamilyMember], tuple[Integration, ConnectionSpec]]

    @property
    def members_setting(self) -> str:
        """The settings key holding the members as JSON."""
        return f"family.{self.key}.members"

    def member_key(self, slug: str) -> str:
        """The integration (and connection) key of a member."""
        return f"{self.prefix}{slug}"


def members_of(text: str | None) -> list[FamilyMember]:
    """The members a family's setting holds (broken entries are left out)."""
    try:
        data = json.loads(text or "[]")
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    return [
        FamilyMember(str(d["slug"]), str(d["name"]))
        for d in data
        if isinstance(d, dict) and isinstance(d.get("slug"), str) and isinstance(d.get("name"), str)
    ]


def members_text(members: list[FamilyMember]) -> str:
    """The setting's value for a list of members."""
    return json.dumps([{"slug": m.slug, "name": m.name} for m in members], ensure_ascii=False)
