"""Small helpers the flows share: batching and reporting a batch's per-item outcomes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from jjdesk.domain.models import ItemOutcome
from jjdesk.errors import ItemProblem
from jjdesk.flows.context import RunContext

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most `size` items."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def report_outcomes(ctx: RunContext, kind: str, outcomes: Iterable[ItemOutcome]) -> list[str]:
    """Count successes, record failures; returns the keys that were written."""
    done: list[str] = []
    for outcome in outcomes:
        if outcome.skipped:
            continue
        if outcome.ok:
            done.append(outcome.key)
            ctx.written()
        else:
            ctx.item_failed(
                ItemProblem(
                    kind, outcome.key, outcome.message, field=outcome.field, hint=outcome.hint
                )
            )
    return done
