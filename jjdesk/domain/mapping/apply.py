"""Apply a mapping to data: the orders it finds, each an `Order` or the list of its errors.

Every error names the mapped field and its source expression. A value that does not
convert is an error, never a default: "12,x" as a price, "31.02.2025" as a date, a
quantity of "2,5", a country missing from a lookup table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from jjdesk import i18n
from jjdesk.domain.mapping.evaluators import ExpressionError, evaluator
from jjdesk.domain.mapping.messages import MappingError
from jjdesk.domain.mapping.model import TARGETS_BY_NAME, Mapping, Rule, Target, ValueKind
from jjdesk.domain.mapping.transforms import (
    DEFAULT_ZONE,
    TransformError,
    run_transform,
    shown,
)
from jjdesk.domain.mapping.validate import TABULAR, mapping_problems
from jjdesk.domain.models import Address, Order, OrderLine
from jjdesk.domain.money import NumberFormatError, parse_decimal

_WHOLE = re.compile(r"[+-]?\d+")
_TRUE = frozenset({"1", "true", "yes", "ja", "y", "j", "x", "paid", "bezahlt"})
_FALSE = frozenset({"0", "false", "no", "nein", "n", "", "unpaid", "offen"})
_ADDRESS_FIELDS = (
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


@dataclass(frozen=True, slots=True)
class Mapped:
    """One order found in the data: the `Order`, or the errors that stopped it.

    `key` is the order number as far as it could be read (to name the order in the
    Errors tab even when other fields fail); `record` is the raw item it came from.
    """

    key: str
    order: Order | None
    errors: tuple[MappingError, ...] = ()
    record: object = None


def order_records(mapping: Mapping, data: object) -> list[object]:
    """The order items of a document (JSON, XML) or a table (rows grouped per order)."""
    return evaluator(mapping.kind).records(data, _orders_expression(mapping))


def map_document(
    mapping: Mapping, data: object, channel: str, *, numeric_skus: bool = False
) -> list[Mapped]:
    """Every order of a document, mapped; a mapping that is itself wrong maps nothing.

    Raises ValueError with the mapping's own problems (check it before saving).
    """
    problems = mapping_problems(mapping)
    if problems:
        raise ValueError("; ".join(p.text for p in problems))
    records = order_records(mapping, data)
    return [map_record(mapping, r, channel, numeric_skus=numeric_skus) for r in records]


def map_record(
    mapping: Mapping, record: object, channel: str, *, numeric_skus: bool = False
) -> Mapped:
    """One order item → `Order`, or every error found in it (not only the first).

    `numeric_skus`: the sink matches lines by a numeric ID (Afterbuy's ProductID), so a
    SKU with letters is an error here, named by its source expression.
    """
    run = _Run(mapping, record, numeric_skus)
    order = run.order(channel)
    if run.errors or order is None:
        return Mapped(run.number, None, tuple(run.errors), record)
    return Mapped(run.number, order, (), record)


def _orders_expression(mapping: Mapping) -> str:
    if mapping.orders or mapping.kind not in TABULAR:
        return mapping.orders
    rule = mapping.rule("order_id") or mapping.rule("order_number")
    return rule.sources[0] if rule and rule.sources else ""


@dataclass
class _Run:
    mapping: Mapping
    record: object
    numeric_skus: bool = False
    errors: list[MappingError] = field(default_factory=list)
    number: str = ""  # the order number as far as it could be read

    def order(self, channel: str) -> Order | None:
        number = self.number = self.text("order_number").strip()
        order_id = self.text("order_id") or number
        created = self.moment("created_at")
        updated = self.moment("updated_at") or created
        billing = self.address("billing")
        email = self.text("email")
        shipping = self.address("shipping")
        lines = self.lines()
        shipping_cost = self.decimal("shipping_cost")
        paid = self.value(TARGETS_BY_NAME["paid"], self.record)
        currency = (self.text("currency") or "EUR").upper()
        if self.errors or created is None or updated is None:
            return None
        return Order(
            channel=channel,
            channel_order_id=order_id,
            order_number=number,
            created_at=created,
            updated_at=updated,
            billing=_with_email(billing or Address(), email),
            lines=tuple(lines),
            shipping=shipping,
            shipping_cost=shipping_cost if shipping_cost is not None else Decimal("0"),
            shipping_method=self.text("shipping_method"),
            payment_method=self.text("payment_method"),
            paid=bool(paid),
            currency=currency,
            customer_note=self.text("comment"),
        )

    def text(self, target: str, record: object = None, line: int | None = None) -> str:
        value = self.value(TARGETS_BY_NAME[target], self.record if record is None else record, line)
        return "" if value is None else str(value)

    def moment(self, target: str) -> datetime | None:
        value = self.value(TARGETS_BY_NAME[target], self.record)
        return value if isinstance(value, datetime) else None

    def decimal(
        self, target: str, record: object = None, line: int | None = None
    ) -> Decimal | None:
        value = self.value(TARGETS_BY_NAME[target], self.record if record is None else record, line)
        return value if isinstance(value, Decimal) else None

    def address(self, group: str) -> Address | None:
        names = [f"{group}.{part}" for part in _ADDRESS_FIELDS]
        if not any(self.mapping.rule(n) for n in names):
            return None
        parts = {part: self.text(f"{group}.{part}").strip() for part in _ADDRESS_FIELDS}
        parts["country_code"] = parts["country_code"].upper()
        if not any(parts.values()):
            return None
        return Address(**parts)

    def lines(self) -> list[OrderLine]:
        ev = evaluator(self.mapping.kind)
        try:
            records = ev.records(self.record, self.mapping.lines)
        except ExpressionError as exc:
            self.errors.append(MappingError("lines", self.mapping.lines, str(exc)))
            return []
        if not records:
            self.errors.append(
                MappingError("lines", self.mapping.lines, i18n.text("mapping.no_lines"))
            )
            return []
        lines = []
        for number, record in enumerate(records, start=1):
            quantity = self.value(TARGETS_BY_NAME["lines.quantity"], record, number)
            price = self.decimal("lines.unit_price", record, number)
            line = OrderLine(
                sku=self.text("lines.sku", record, number).strip(),
                title=self.text("lines.title", record, number).strip(),
                quantity=quantity if isinstance(quantity, int) else 0,
                unit_price=price if price is not None else Decimal("0"),
                tax_rate=self.decimal("lines.tax_rate", record, number),
                ean=self.text("lines.ean", record, number).strip(),
                channel_line_id=str(number),
            )
            if self.numeric_skus and line.sku and not (line.sku.isascii() and line.sku.isdigit()):
                rule = self.mapping.rule("lines.sku")
                message = i18n.text("mapping.sku_letters", sku=shown(line.sku, False))
                self._error(TARGETS_BY_NAME["lines.sku"], rule, message, number)
            lines.append(line)
        return lines

    def value(self, target: Target, record: object, line: int | None = None) -> object:
        """The converted value of one field, None when unmapped or empty; errors noted."""
        rule = self.mapping.rule(target.name)
        if rule is None:
            if target.required:
                self._error(target, rule, i18n.text("mapping.missing_required"), line)
            return None
        try:
            value = self._raw(rule, record, target)
            for step in rule.transforms:
                value = run_transform(value, step, target.personal)
            value = _convert(value, target)
        except (ExpressionError, TransformError) as exc:
            self._error(target, rule, str(exc), line)
            return None
        if target.required and (value is None or value == ""):
            self._error(target, rule, i18n.text("mapping.empty_required"), line)
        return value

    def _raw(self, rule: Rule, record: object, target: Target) -> object:
        ev = evaluator(self.mapping.kind)
        parts: list[object] = []
        for source in rule.sources:
            found = ev.values(record, source)
            if len(found) > 1:
                raise ExpressionError(i18n.text("mapping.several_values", count=len(found)))
            value = found[0] if found else None
            if isinstance(value, dict | list):
                raise ExpressionError(i18n.text("mapping.not_a_value"))
            parts.append(value)
        if len(parts) == 1:
            return parts[0]
        texts = [str(p).strip() for p in parts if p is not None and str(p).strip()]
        return " ".join(texts) if texts else None

    def _error(self, target: Target, rule: Rule | None, message: str, line: int | None) -> None:
        source = rule.source_text if rule else ""
        self.errors.append(MappingError(target.name, source, message, line))


def _with_email(address: Address, email: str) -> Address:
    if not email:
        return address
    return Address(**{**{f: getattr(address, f) for f in _ADDRESS_FIELDS}, "email": email})


def _convert(value: object, target: Target) -> object:
    """The value as the field's kind; TransformError in words when it is not one."""
    if value is None:
        return None
    kind, personal = target.kind, target.personal
    if kind is ValueKind.TEXT:
        return value.isoformat() if isinstance(value, datetime) else str(value).strip()
    if isinstance(value, str) and not value.strip():
        return None
    if kind is ValueKind.DECIMAL:
        return _decimal(value, personal)
    if kind is ValueKind.WHOLE:
        number = _decimal(value, personal, key="mapping.not_whole")
        if number != number.to_integral_value() or (
            isinstance(value, str) and not _WHOLE.fullmatch(value.strip())
        ):
            raise TransformError(i18n.text("mapping.not_whole", value=shown(value, personal)))
        return int(number)
    if kind is ValueKind.MOMENT:
        return _moment(value, personal)
    return _flag(value, personal)


def _decimal(value: object, personal: bool, key: str = "mapping.not_number") -> Decimal:
    if isinstance(value, bool):
        raise TransformError(i18n.text(key, value=shown(value, personal)))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    try:
        parsed = parse_decimal(str(value))
    except NumberFormatError:
        parsed = None
    if parsed is None:
        raise TransformError(i18n.text(key, value=shown(value, personal)))
    return parsed


def _moment(value: object, personal: bool) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise TransformError(
                i18n.text("mapping.not_iso_date", value=shown(value, personal))
            ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(DEFAULT_ZONE))
    return moment.astimezone(UTC)


def _flag(value: object, personal: bool) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if isinstance(value, int | Decimal) and value in (0, 1):
        return value == 1
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise TransformError(i18n.text("mapping.not_flag", value=shown(value, personal)))
