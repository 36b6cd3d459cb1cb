"""The simulator's query cost: Shopify's documented rules, applied to the query and its answer.

Objects cost 1, scalars and enums 0, a connection 2 plus its page size times its children,
a mutation field 10. The requested cost uses page sizes as asked; the actual cost counts
the nodes really returned, and the difference is refunded to the bucket, as on Shopify.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
)

MUTATION_COST = 10
CONNECTION_BASE = 2


def operation_cost(
    op: OperationDefinitionNode, variables: Mapping[str, Any], data: Mapping[str, Any] | None
) -> int:
    """Requested cost when `data` is None, else the actual cost of the answer `data`."""
    root = MUTATION_COST if op.operation is OperationType.MUTATION else 1
    total = 0
    for sel in op.selection_set.selections:
        if not isinstance(sel, FieldNode):
            continue
        key = sel.alias.value if sel.alias else sel.name.value
        sub = data.get(key) if data is not None else None
        if data is not None and sub is None:
            total += root
            continue
        total += root - 1 + _field(sel, variables, sub, data is not None)
    return max(total, 1)


def _size(field: FieldNode, variables: Mapping[str, Any]) -> int | None:
    for arg in field.arguments or ():
        if arg.name.value in ("first", "last"):
            if isinstance(arg.value, IntValueNode):
                return int(arg.value.value)
            if isinstance(arg.value, VariableNode):
                value = variables.get(arg.value.name.value)
                return value if isinstance(value, int) else 0
    return None


def _field(field: FieldNode, variables: Mapping[str, Any], value: Any, actual: bool) -> int:
    if field.selection_set is None:
        return 0
    size = _size(field, variables)
    if size is None:
        if isinstance(value, list):
            value = value[0] if value else None
        return 1 + _selection(field.selection_set, variables, value, actual)
    if not actual:
        return CONNECTION_BASE + size * _selection(field.selection_set, variables, None, False)
    nodes = _connection_nodes(value)
    if not nodes:
        return CONNECTION_BASE
    inner = _node_selection(field.selection_set)
    return CONNECTION_BASE + sum(
        1 + _selection(inner, variables, node, True) if inner else 1 for node in nodes
    )


def _connection_nodes(value: Any) -> list[Any]:
    if not isinstance(value, Mapping):
        return []
    nodes = value.get("nodes")
    if isinstance(nodes, list):
        return nodes
    edges = value.get("edges")
    if isinstance(edges, list):
        return [e.get("node") for e in edges if isinstance(e, Mapping)]
    return []


def _node_selection(selection_set: SelectionSetNode) -> SelectionSetNode | None:
    """The selection under `nodes` (or `edges { node }`) of a connection field."""
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode) and sel.selection_set is not None:
            if sel.name.value == "nodes":
                return sel.selection_set
            if sel.name.value == "edges":
                for inner in sel.selection_set.selections:
                    if isinstance(inner, FieldNode) and inner.name.value == "node":
                        return inner.selection_set
    return None


def _selection(
    selection_set: SelectionSetNode | None, variables: Mapping[str, Any], value: Any, actual: bool
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            if sel.name.value in ("pageInfo", "nodes", "edges") and actual:
                continue  # counted by the connection itself
            key = sel.alias.value if sel.alias else sel.name.value
            sub = value.get(key) if actual and isinstance(value, Mapping) else None
            if actual and sub is None:
                continue
            total += _field(sel, variables, sub, actual)
        elif isinstance(sel, InlineFragmentNode):
            total += _selection(sel.selection_set, variables, value, actual)
    return total
