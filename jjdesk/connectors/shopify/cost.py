"""Estimate a query's requested cost before sending it, so the pacer can wait just enough.

Shopify's documented calculation, approximated without the schema: a field with a
selection set is an object (1 point), a leaf is free, a connection (a field taking
`first`/`last`) costs 2 plus its page size times its children, a mutation field costs 10.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from graphql import (
    DocumentNode,
    FieldNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    parse,
)

MUTATION_COST = 10
CONNECTION_COST = 2
MAX_QUERY_COST = 1000  # Shopify refuses a single query that asks for more


@lru_cache(maxsize=64)
def _parsed(document: str) -> DocumentNode:
    return parse(document)


def estimate_cost(document: str, variables: Mapping[str, object]) -> int:
    """The requested cost Shopify is expected to charge for this document."""
    doc = _parsed(document)
    op = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
    per_root = MUTATION_COST if op.operation is OperationType.MUTATION else 1
    total = 0
    for sel in op.selection_set.selections:
        if isinstance(sel, FieldNode):
            children = _selection_cost(sel.selection_set, variables)
            total += per_root - 1 + _field_cost(sel, variables, children)
    return max(total, 1)


def _page_size(field: FieldNode, variables: Mapping[str, object]) -> int | None:
    for arg in field.arguments or ():
        if arg.name.value in ("first", "last"):
            if isinstance(arg.value, IntValueNode):
                return int(arg.value.value)
            if isinstance(arg.value, VariableNode):
                value = variables.get(arg.value.name.value)
                return int(value) if isinstance(value, int) else 0
    return None


def _field_cost(field: FieldNode, variables: Mapping[str, object], children: int) -> int:
    if field.selection_set is None:
        return 0
    size = _page_size(field, variables)
    if size is not None:
        return CONNECTION_COST + size * children
    return 1 + children


def _selection_cost(selection_set: SelectionSetNode | None, variables: Mapping[str, object]) -> int:
    if selection_set is None:
        return 0
    total = 0
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            children = _selection_cost(sel.selection_set, variables)
            total += _field_cost(sel, variables, children)
        elif isinstance(sel, InlineFragmentNode):
            total += _selection_cost(sel.selection_set, variables)
    return total


def fitting_page_size(document: str, variables: Mapping[str, object], key: str, wanted: int) -> int:
    """The largest page size up to `wanted` (variable `key`) whose query Shopify accepts."""
    size = max(1, wanted)
    while size > 1 and estimate_cost(document, {**variables, key: size}) > MAX_QUERY_COST:
        size -= 1
    return size
