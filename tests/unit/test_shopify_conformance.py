"""Every document the connector sends is valid on Shopify's real 2026-07 Admin schema."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    build_schema,
    parse,
    validate,
)
from graphql.execution.values import get_variable_values

from jjdesk.connectors.shopify.documents import ALL_DOCUMENTS
from jjdesk.sandbox.shopify import simulator_schema
from tests.shopify_helpers import REAL_SCHEMA


@lru_cache(maxsize=1)
def real_schema() -> GraphQLSchema:
    # Shopify's schema breaks one newer interface-deprecation rule: build it unchecked.
    return build_schema(Path(REAL_SCHEMA).read_text("utf-8"), assume_valid=True)


needs_schema = pytest.mark.skipif(
    not REAL_SCHEMA.exists(), reason=f"real Shopify schema not available at {REAL_SCHEMA}"
)


def _check(schema: GraphQLSchema, name: str) -> None:
    document, variables = ALL_DOCUMENTS[name]
    tree = parse(document)
    errors = validate(schema, tree)
    assert not errors, f"{name}: {[e.message for e in errors]}"
    op = next(d for d in tree.definitions if isinstance(d, OperationDefinitionNode))
    coerced = get_variable_values(schema, op.variable_definitions or (), dict(variables))
    assert not isinstance(coerced, list), f"{name}: {[e.message for e in coerced]}"


@needs_schema
@pytest.mark.parametrize("name", sorted(ALL_DOCUMENTS))
def test_document_is_valid_on_real_shopify_schema(name: str) -> None:
    _check(real_schema(), name)


@pytest.mark.parametrize("name", sorted(ALL_DOCUMENTS))
def test_document_is_valid_on_simulator_schema(name: str) -> None:
    _check(simulator_schema(), name)


@needs_schema
def test_a_wrong_field_is_caught_by_the_real_schema() -> None:
    errors = validate(real_schema(), parse("query { shop { nameOfShop } }"))
    assert errors


@needs_schema
def test_a_legacy_inventory_input_field_is_refused_like_shopify() -> None:
    document, variables = ALL_DOCUMENTS["InventorySetQuantities"]
    bad = {**variables, "input": {**variables["input"], "ignoreCompareQuantity": True}}  # type: ignore[dict-item]
    op = next(d for d in parse(document).definitions if isinstance(d, OperationDefinitionNode))
    assert isinstance(get_variable_values(real_schema(), op.variable_definitions or (), bad), list)


@needs_schema
def test_simulator_schema_is_a_true_subset_of_shopify() -> None:
    """Names and types in the simulator's SDL match Shopify's, so it cannot drift."""
    real = real_schema()
    problems: list[str] = []
    for name, sub in simulator_schema().type_map.items():
        if name.startswith("__"):
            continue
        theirs = real.get_type(name)
        if theirs is None:
            problems.append(f"type {name}")
        elif isinstance(sub, GraphQLObjectType | GraphQLInterfaceType):
            assert isinstance(theirs, GraphQLObjectType | GraphQLInterfaceType)
            for fname, fdef in sub.fields.items():
                rdef = theirs.fields.get(fname)
                if rdef is None or str(rdef.type) != str(fdef.type):
                    problems.append(f"{name}.{fname}")
                    continue
                for arg, adef in fdef.args.items():
                    radef = rdef.args.get(arg)
                    if radef is None or str(radef.type) != str(adef.type):
                        problems.append(f"{name}.{fname}({arg})")
        elif isinstance(sub, GraphQLInputObjectType):
            assert isinstance(theirs, GraphQLInputObjectType)
            for fname, fdef in sub.fields.items():
                rdef = theirs.fields.get(fname)
                if rdef is None or str(rdef.type) != str(fdef.type):
                    problems.append(f"{name}.{fname}")
        elif isinstance(sub, GraphQLEnumType):
            assert isinstance(theirs, GraphQLEnumType)
            problems.extend(f"{name}.{v}" for v in sub.values if v not in theirs.values)
    assert not problems
