"""The shape of an integration: connections it needs, flows it runs, rules it applies.

The GUI and the scheduler only ever see these definitions; adding a channel means adding
one connector and one module here, not new flows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from jjdesk import i18n
from jjdesk.domain.levels import LevelRules
from jjdesk.flows.context import RunContext

i18n.register(
    {
        "option.invalid_choice": {
            "de": "Erlaubt sind: {choices}",
            "en": "Allowed values: {choices}",
        },
        "option.invalid_number": {
            "de": "Bitte eine ganze Zahl größer als 0 eingeben",
            "en": "Please enter a whole number greater than 0",
        },
        "option.empty": {"de": "Darf nicht leer sein", "en": "Must not be empty"},
    }
)

if TYPE_CHECKING:
    from jjdesk.app import Services


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


@dataclass(frozen=True, slots=True)
class ConnectionSpec:
    """An external system the merchant connects to (one form in the Connections tab)."""

    key: str
    title: str
    fields: tuple[FieldSpec, ...]
    test: Callable[[Services], str]  # returns a short confirmation, raises on failure


FlowBody = Callable[["Services", RunContext], None]


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
    `whole_number` asks for a positive whole number.
    """

    name: str
    label_key: str
    default: str
    choices: tuple[str, ...] = ()
    whole_number: bool = False

    @property
    def label(self) -> str:
        """The option's label in the current language."""
        return i18n.text(self.label_key)

    def check(self, value: str) -> str:
        """The value, trimmed; raises ValueError with a plain reason when it does not fit."""
        value = value.strip()
        if self.choices and value not in self.choices:
            raise ValueError(i18n.text("option.invalid_choice", choices=", ".join(self.choices)))
        if self.whole_number and not (value.isdigit() and int(value) > 0):
            raise ValueError(i18n.text("option.invalid_number"))
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
    default_levels: LevelRules
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
