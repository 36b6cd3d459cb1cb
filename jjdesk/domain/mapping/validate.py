"""Check a mapping before it is saved: kinds, expressions, transforms, required fields."""

from __future__ import annotations

from jjdesk import i18n
from jjdesk.domain.mapping.evaluators import EVALUATORS
from jjdesk.domain.mapping.messages import MappingError
from jjdesk.domain.mapping.model import TARGETS, TARGETS_BY_NAME, Mapping
from jjdesk.domain.mapping.transforms import transform_problem

TABULAR = frozenset({"csv", "sql"})


def mapping_problems(mapping: Mapping) -> list[MappingError]:
    """Everything wrong with a mapping itself, before any data; empty means it may be saved."""
    found = EVALUATORS.get(mapping.kind)
    if found is None:
        message = i18n.text("mapping.unknown_kind", kind=mapping.kind, kinds=", ".join(EVALUATORS))
        return [MappingError("kind", mapping.kind, message)]
    problems: list[MappingError] = []
    if mapping.orders:
        problem = found.check(mapping.orders)
        if problem:
            problems.append(MappingError("orders", mapping.orders, problem))
    if mapping.kind not in TABULAR:
        problem = found.check(mapping.lines) if mapping.lines else i18n.text("mapping.lines_path")
        if problem:
            problems.append(MappingError("lines", mapping.lines, problem))
    for name, rule in sorted(mapping.rules.items()):
        if name not in TARGETS_BY_NAME:
            problems.append(
                MappingError(name, rule.source_text, i18n.text("mapping.unknown_field"))
            )
            continue
        for source in rule.sources:
            problem = found.check(source)
            if problem:
                problems.append(MappingError(name, source, problem))
        for step in rule.transforms:
            problem = transform_problem(step)
            if problem:
                problems.append(MappingError(name, rule.source_text, problem))
        constant = any(t.name == "constant" for t in rule.transforms)
        if not rule.sources and not constant and TARGETS_BY_NAME[name].required:
            problems.append(MappingError(name, "", i18n.text("mapping.missing_required")))
    for target in TARGETS:
        if target.required and target.name not in mapping.rules:
            problems.append(MappingError(target.name, "", i18n.text("mapping.missing_required")))
    return problems
