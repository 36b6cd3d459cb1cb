"""A mapping as data: which source expression (and transforms) fills which order field.

`Mapping.from_data` reads the JSON-able form saved in the settings and exported with
`config export`; `to_data` writes it back. The form holds no nulls, so it is also a
TOML table. Checking what the data means (expressions, transforms, required fields) is
`validate.mapping_problems`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from jjdesk.domain.mapping.messages import shape_error

FORMAT_VERSION = 1


class ValueKind(Enum):
    """What an order field holds; the value after the transforms is converted to it."""

    TEXT = "text"
    DECIMAL = "decimal"
    WHOLE = "whole"
    MOMENT = "moment"
    FLAG = "flag"


@dataclass(frozen=True, slots=True)
class Target:
    """One field of jjdesk's order model a mapping may fill."""

    name: str  # "order_number", "billing.city", "lines.sku"
    kind: ValueKind = ValueKind.TEXT
    required: bool = False
    personal: bool = False  # its value is never repeated in a message

    @property
    def is_line(self) -> bool:
        """A field of each order line (filled from the repeated line path)."""
        return self.name.startswith("lines.")


_ADDRESS_PARTS = (
    "first_name",
    "last_name",
    "company",
    "street",
    "street2",
    "postal_code",
    "city",
    "state",
    "country_code",
    "phone",
)

TARGETS: tuple[Target, ...] = (
    Target("order_number", required=True),
    Target("order_id"),
    Target("created_at", ValueKind.MOMENT, required=True),
    Target("updated_at", ValueKind.MOMENT),
    Target("email", personal=True),
    *(Target(f"billing.{part}", personal=part != "country_code") for part in _ADDRESS_PARTS),
    *(Target(f"shipping.{part}", personal=part != "country_code") for part in _ADDRESS_PARTS),
    Target("lines.sku", required=True),
    Target("lines.title", required=True),
    Target("lines.quantity", ValueKind.WHOLE, required=True),
    Target("lines.unit_price", ValueKind.DECIMAL, required=True),
    Target("lines.tax_rate", ValueKind.DECIMAL),
    Target("lines.ean"),
    Target("shipping_cost", ValueKind.DECIMAL),
    Target("shipping_method"),
    Target("payment_method"),
    Target("paid", ValueKind.FLAG),
    Target("currency"),
    Target("comment", personal=True),
)
TARGETS_BY_NAME = {t.name: t for t in TARGETS}


@dataclass(frozen=True, slots=True)
class Transform:
    """One step of a rule: a name from `transforms.TRANSFORMS` and its parameters."""

    name: str
    params: tuple[tuple[str, object], ...] = ()

    def param(self, key: str, default: object = None) -> object:
        """A parameter by name."""
        return dict(self.params).get(key, default)

    def to_data(self) -> dict[str, object]:
        """The JSON-able form: {"name": …, parameters …}."""
        return {"name": self.name, **dict(self.params)}


@dataclass(frozen=True, slots=True)
class Rule:
    """How one order field is filled: source expressions (joined by a space) and steps."""

    sources: tuple[str, ...] = ()
    transforms: tuple[Transform, ...] = ()

    @property
    def source_text(self) -> str:
        """The source as messages name it ("$.street + $.house_no")."""
        return " + ".join(self.sources)

    def to_data(self) -> dict[str, object]:
        """The JSON-able form; one source as a string, several as a list."""
        data: dict[str, object] = {}
        if len(self.sources) == 1:
            data["source"] = self.sources[0]
        elif self.sources:
            data["source"] = list(self.sources)
        if self.transforms:
            data["transforms"] = [t.to_data() for t in self.transforms]
        return data


@dataclass(frozen=True, slots=True)
class Mapping:
    """A whole mapping: the expression kind, where orders and lines are, the rules."""

    kind: str  # "jsonpath", "xpath", "csv", "sql" (see `evaluators.EVALUATORS`)
    orders: str = ""  # the orders in a document ("$.orders[*]"; tabular: the order column)
    lines: str = ""  # the lines of one order ("$.items[*]"; tabular: "" = its rows)
    rules: dict[str, Rule] = field(default_factory=dict)

    def rule(self, target: str) -> Rule | None:
        """The rule for a target field, if it is mapped."""
        return self.rules.get(target)

    def with_rule(self, target: str, rule: Rule | None) -> Mapping:
        """A copy with one rule replaced (None: unmapped)."""
        rules = dict(self.rules)
        if rule is None or not (rule.sources or rule.transforms):
            rules.pop(target, None)
        else:
            rules[target] = rule
        return Mapping(self.kind, self.orders, self.lines, rules)

    def to_data(self) -> dict[str, object]:
        """The JSON-able form saved as a setting and exported with the configuration."""
        return {
            "version": FORMAT_VERSION,
            "kind": self.kind,
            "orders": self.orders,
            "lines": self.lines,
            "fields": {name: self.rules[name].to_data() for name in sorted(self.rules)},
        }

    @classmethod
    def from_data(cls, data: object) -> Mapping:
        """Read the saved form; ValueError (in words) when its shape is wrong.

        Shape only: whether the expressions and transforms make sense is
        `validate.mapping_problems`.
        """
        if not isinstance(data, dict):
            raise shape_error("mapping")
        kind, orders, lines = data.get("kind"), data.get("orders", ""), data.get("lines", "")
        if not isinstance(kind, str) or not isinstance(orders, str) or not isinstance(lines, str):
            raise shape_error("mapping")
        fields = data.get("fields", {})
        if not isinstance(fields, dict):
            raise shape_error("fields")
        rules = {str(name): _rule(name, value) for name, value in fields.items()}
        return cls(kind, orders, lines, rules)


def _rule(name: str, data: object) -> Rule:
    if not isinstance(data, dict):
        raise shape_error(name)
    source = data.get("source", [])
    sources = [source] if isinstance(source, str) else source
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise shape_error(name)
    steps = data.get("transforms", [])
    if not isinstance(steps, list):
        raise shape_error(name)
    transforms = []
    for step in steps:
        if not isinstance(step, dict) or not isinstance(step.get("name"), str):
            raise shape_error(name)
        params = tuple((str(k), v) for k, v in step.items() if k != "name")
        transforms.append(Transform(step["name"], params))
    return Rule(tuple(s.strip() for s in sources if s.strip()), tuple(transforms))
