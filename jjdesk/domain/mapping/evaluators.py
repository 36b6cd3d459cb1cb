"""Source expressions, one small evaluator per kind: JSONPath, XPath, CSV and SQL columns.

An evaluator works on data already parsed by a connector (JSON as Python objects, XML as
lxml elements, CSV and SQL results as rows): it knows expressions, never bytes on a wire.
Tabular kinds (CSV, SQL) deliver one row per order line; their orders are the rows grouped
by the order column (`Rows`), and an order's lines are its rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping as AnyMapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from jsonpath_ng import JSONPath
from jsonpath_ng.exceptions import JSONPathError
from jsonpath_ng.ext import parse as parse_jsonpath
from lxml import etree

from jjdesk import i18n

Row = AnyMapping[str, object]


class ExpressionError(ValueError):
    """An expression that cannot be evaluated; the message is in words."""


@dataclass(frozen=True, slots=True)
class Rows:
    """The rows of one order in tabular data (CSV lines, SQL result rows), in order."""

    rows: tuple[Row, ...]


class Evaluator(Protocol):
    """What every expression kind offers the mapper and the editor."""

    kind: str

    def check(self, expression: str) -> str | None:
        """Why the expression cannot work (in words), or None."""
        ...

    def records(self, data: object, expression: str) -> list[object]:
        """The repeated items `expression` selects (orders in a document, lines in an order)."""
        ...

    def values(self, record: object, expression: str) -> list[object]:
        """The values `expression` selects in one record; ExpressionError if it cannot."""
        ...

    def suggestions(self, record: object) -> list[str]:
        """Expressions that find a value in this record (for the editor's choices)."""
        ...


class JsonPathEvaluator:
    """JSONPath (jsonpath-ng's extended grammar: filters, arithmetic)."""

    kind = "jsonpath"

    def check(self, expression: str) -> str | None:
        try:
            _jsonpath(expression)
        except ExpressionError as exc:
            return str(exc)
        return None

    def records(self, data: object, expression: str) -> list[object]:
        if not expression:
            return list(data) if isinstance(data, list) else [data]
        found: list[object] = []
        for value in self.values(data, expression):
            found.extend(value if isinstance(value, list) else [value])
        return found

    def values(self, record: object, expression: str) -> list[object]:
        return [match.value for match in _jsonpath(expression).find(record)]

    def suggestions(self, record: object) -> list[str]:
        found: list[str] = []
        _json_leaves(record, "$", found)
        return found


@lru_cache(maxsize=512)
def _jsonpath(expression: str) -> JSONPath:
    try:
        return parse_jsonpath(expression)
    except (JSONPathError, ValueError, TypeError, AttributeError) as exc:
        raise ExpressionError(i18n.text("mapping.bad_expression", detail=exc)) from exc


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _json_leaves(value: object, path: str, found: list[str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            step = f".{key}" if _PLAIN_KEY.fullmatch(str(key)) else f"['{key}']"
            _json_leaves(inner, path + step, found)
    elif isinstance(value, list):
        found.append(f"{path}[*]")
    elif path != "$":
        found.append(path)


class XPathEvaluator:
    """XPath 1.0 (lxml) on elements; an element's value is its text content."""

    kind = "xpath"

    def check(self, expression: str) -> str | None:
        try:
            _xpath(expression)
        except ExpressionError as exc:
            return str(exc)
        return None

    def records(self, data: object, expression: str) -> list[object]:
        if not expression:
            return [data]
        return [v for v in self._evaluate(data, expression) if isinstance(v, etree._Element)]

    def values(self, record: object, expression: str) -> list[object]:
        return [
            "".join(str(t) for t in v.itertext()) if isinstance(v, etree._Element) else v
            for v in self._evaluate(record, expression)
        ]

    def suggestions(self, record: object) -> list[str]:
        if not isinstance(record, etree._Element):
            return []
        found: list[str] = []
        found.extend(f"@{_text(name)}" for name in record.attrib)
        for element in record.iterdescendants():
            if not isinstance(element.tag, str):
                continue
            steps = []
            node: etree._Element | None = element
            while node is not None and node is not record:
                steps.append(etree.QName(node).localname)
                node = node.getparent()
            path = "/".join(reversed(steps))
            if len(element) == 0 and path not in found:
                found.append(path)
            attributes = (f"{path}/@{_text(a)}" for a in element.attrib)
            found.extend(a for a in attributes if a not in found)
        return found

    def _evaluate(self, record: object, expression: str) -> list[object]:
        if not isinstance(record, etree._Element):
            raise ExpressionError(i18n.text("mapping.bad_expression", detail="no XML element"))
        try:
            result = _xpath(expression)(record)
        except etree.XPathEvalError as exc:
            raise ExpressionError(i18n.text("mapping.bad_expression", detail=exc)) from exc
        if isinstance(result, list):
            return list(result)
        return [result]


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


@lru_cache(maxsize=512)
def _xpath(expression: str) -> etree.XPath:
    try:
        return etree.XPath(expression)
    except etree.XPathSyntaxError as exc:
        raise ExpressionError(i18n.text("mapping.bad_expression", detail=exc)) from exc


class ColumnEvaluator:
    """A column of tabular data by its name (CSV header; SQL result column)."""

    def __init__(self, kind: str, *, ignore_case: bool) -> None:
        self.kind = kind
        self.ignore_case = ignore_case

    def check(self, expression: str) -> str | None:
        if not expression.strip():
            return i18n.text("mapping.bad_expression", detail="—")
        return None

    def records(self, data: object, expression: str) -> list[object]:
        if isinstance(data, Rows):
            return list(data.rows)  # an order's lines: its rows
        rows = [r for r in data if isinstance(r, AnyMapping)] if isinstance(data, list) else []
        if not expression:
            return [Rows((r,)) for r in rows]
        groups: dict[str, list[Row]] = {}
        for row in rows:
            key = self.values(row, expression)[0]
            groups.setdefault("" if key is None else str(key).strip(), []).append(row)
        return [Rows(tuple(group)) for group in groups.values()]

    def values(self, record: object, expression: str) -> list[object]:
        row = record.rows[0] if isinstance(record, Rows) else record
        if not isinstance(row, AnyMapping):
            return []
        name = self._column(row, expression)
        return [row[name]]

    def suggestions(self, record: object) -> list[str]:
        row = record.rows[0] if isinstance(record, Rows) and record.rows else record
        return [str(k) for k in row] if isinstance(row, AnyMapping) else []

    def _column(self, row: Row, expression: str) -> str:
        name = expression.strip()
        if name in row:
            return name
        if self.ignore_case:
            folded = name.casefold()
            for key in row:
                if str(key).casefold() == folded:
                    return str(key)
        columns = ", ".join(str(k) for k in row) or "—"
        raise ExpressionError(i18n.text("mapping.no_column", columns=columns))


EVALUATORS: dict[str, Evaluator] = {
    "jsonpath": JsonPathEvaluator(),
    "xpath": XPathEvaluator(),
    "csv": ColumnEvaluator("csv", ignore_case=False),
    "sql": ColumnEvaluator("sql", ignore_case=True),
}


def evaluator(kind: str) -> Evaluator:
    """The evaluator of a kind; ExpressionError names the kinds otherwise."""
    found = EVALUATORS.get(kind)
    if found is None:
        raise ExpressionError(
            i18n.text("mapping.unknown_kind", kind=kind, kinds=", ".join(EVALUATORS))
        )
    return found
