"""The shape of an integration: connections it needs, flows it runs, rules it applies.

The GUI and the scheduler only ever see these definitions; adding a channel means adding
one connector and one module here, not new flows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from jjdesk import i18n
from jjdesk.domain.levels import LevelRules
from jjdesk.flows.context import RunContext
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
        "option.allowed_text": {"de": "Text, nicht leer", "en": "text, not empty"},
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

    def secret(self, connection: str, field: str) -> str:
        """A secret connection field; raises a clear error when missing."""

    def optional_secret(self, connection: str, field: str) -> str:
        """A secret that may be absent (one of two ways to log in)."""

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

    @property
    def label(self) -> str:
        """The field's label in the current language."""
        return i18n.text(self.label_key)

    @property
    def is_address(self) -> bool:
        """A field named `…_url` is an address: https only (loopback excepted)."""
        return self.name.endswith("_url")


@dataclass(frozen=True, slots=True)
class ConnectionSpec:
    """An external system the merchant connects to (one form in the Connections tab)."""

    key: str
    title: str
    fields: tuple[FieldSpec, ...]
    test: Callable[[Services], str]  # returns a short confirmation, raises on failure


FlowBody = Callable[[Services, RunContext], None]


@dataclass(frozen=True, slots=True)
class FlowSpec:
    """One flow of an integration with its default interval."""

    key: str
    title_key: str
    default_interval: timedelta
    body: FlowBody
    enabled_by_default: bool = True

    @property
    def title(self) -> str:
        """The flow's name in the current language."""
        return i18n.text(self.title_key)


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """A non-secret option of an integration (tag name, keeping time, …).

    `choices` limits the value to a list (labels under `choice.<value>` in the catalogue);
    `whole_number` asks for a whole number from `minimum` to `maximum`: every number
    has both bounds, so no value can reach a flow that it would crash on.
    """

    name: str
    label_key: str
    default: str
    choices: tuple[str, ...] = ()
    whole_number: bool = False
    minimum: int = 1
    maximum: int | None = None

    def __post_init__(self) -> None:
        if self.whole_number and self.maximum is None:
            raise ValueError(f"option {self.name}: a whole number needs a maximum")
        self.check(self.default)

    @property
    def label(self) -> str:
        """The option's label in the current language."""
        return i18n.text(self.label_key)

    def allowed(self) -> str:
        """What the option accepts, in words (`config import` names it with a refusal)."""
        if self.choices:
            return i18n.text("option.invalid_choice", choices=", ".join(self.choices))
        if self.whole_number:
            return i18n.text("option.invalid_number", low=self.minimum, high=self.maximum)
        return i18n.text("option.allowed_text")

    def check(self, value: str) -> str:
        """The value, trimmed; raises ValueError with a plain reason when it does not fit."""
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

    def flow(self, key: str) -> FlowSpec:
        """A flow by key; KeyError names the flow."""
        for spec in self.flows:
            if spec.key == key:
                return spec
        raise KeyError(f"{self.key} has no flow {key!r}")
