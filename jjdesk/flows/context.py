"""What a flow gets while it runs: counters, error recording, progress, cancellation."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from jjdesk.domain.models import Unreadable
from jjdesk.errors import Cancelled, ItemProblem
from jjdesk.events import EventBus, ItemFailed, RunProgress
from jjdesk.store import Store


@dataclass(slots=True)
class Counters:
    """Items read from the source, written to the target, failed, and passed over on purpose."""

    read: int = 0
    written: int = 0
    failed: int = 0
    skipped: int = 0


class PlanAction(Enum):
    """What a dry run would do to one item (the first-start preview counts these)."""

    CREATE = "create"
    UPDATE = "update"
    REMOVE = "remove"
    STOCK = "stock"
    IMPORT = "import"
    SHIP = "ship"
    REPORT = "report"  # nothing written: the merchant is told (an order changed after import)


@dataclass(frozen=True, slots=True)
class PlannedWrite:
    """One write a dry run would make, instead of making it.

    `body` is exactly what the channel would receive (a product's payload), so a preview
    shows what would be sent now; `label` is the item as the merchant knows it.
    """

    action: PlanAction
    kind: str
    key: str
    label: str = ""
    detail: str = ""
    status: str = ""
    body: dict[str, object] | None = None
    source: str = ""  # the source item (a product ID) the write was built from

    def __str__(self) -> str:
        extra = ", ".join(p for p in (self.status, self.detail) if p)
        name = self.label or self.key
        return f"{self.action.value} {self.kind} {name}" + (f" ({extra})" if extra else "")


@dataclass(frozen=True, slots=True)
class Examined:
    """What an export found for one source product in a run restricted to it.

    The product view explains from it: the level, the action the rules give, each key
    built with whether it equals what was last sent (`unchanged`), and the problems.
    """

    product_id: str
    name: str
    level: int | None
    action: str  # an `ExportAction` value
    keys: tuple[tuple[str, bool], ...] = ()  # (key, unchanged since last sent)
    ean: str = ""


@dataclass
class RunContext:
    """One run of one flow. Flows report through it; the runner owns it."""

    run_id: int
    integration: str
    flow: str
    store: Store
    bus: EventBus
    cancel: threading.Event
    dry_run: bool = False
    counters: Counters = field(default_factory=Counters)
    problems: list[ItemProblem] = field(default_factory=list)
    planned: list[PlannedWrite] = field(default_factory=list)
    # a run restricted to these source items (one product: its preview, "send now");
    # a flow that honours it reads only them and leaves its watermark alone
    scope: frozenset[str] | None = None
    examined: list[Examined] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what was passed over, and why
    skip_reasons: Counter[str] = field(default_factory=Counter)
    _last_progress: float = 0.0

    def check_cancel(self) -> None:
        """Stop here if the merchant pressed Cancel (flows call it between pages)."""
        if self.cancel.is_set():
            raise Cancelled()

    def read(self, count: int = 1) -> None:
        """Count items read from the source."""
        self.counters.read += count

    def written(self, count: int = 1) -> None:
        """Count items written to the target."""
        self.counters.written += count

    def plan(self, write: PlannedWrite) -> None:
        """In a dry run: note what would be written instead of writing it."""
        self.planned.append(write)

    def examine(self, found: Examined) -> None:
        """In a run restricted to a scope: note what the flow found for an item."""
        if self.scope is not None:
            self.examined.append(found)

    def skip(self, reason: str, description: str) -> None:
        """Count an item passed over on purpose (a cancelled order): neither done nor failed.

        `reason` is a short text for the run's summary ("cancelled"), `description`
        names the item and its reason for the dry run and the command line.
        """
        self.counters.skipped += 1
        self.skip_reasons[reason] += 1
        self.skipped.append(description)

    def needs_attention(self, problem: ItemProblem) -> None:
        """Tell the merchant about an item that has nothing left to retry (an order that
        changed after import): an error row and an event, nothing owed."""
        self.counters.failed += 1
        self.problems.append(_as_data(problem))
        if not self.dry_run:
            self._error_row(problem, 1, problem.item_kind, problem.item_id)
        self._publish(problem, 1)

    def item_failed(
        self, problem: ItemProblem, *, digest: str = "", key: str = "", queue: str = ""
    ) -> int:
        """Record one failed item and let the run go on; returns its attempt number.

        The item goes into the retry queue as `queue` (default: the problem's item kind)
        under `key` (default: its item id) with `digest`, the fingerprint of the data that
        failed: the same data failing again counts as a further attempt, new data starts
        afresh. The error row (Errors tab) carries the attempt number.
        """
        self.counters.failed += 1
        self.problems.append(_as_data(problem))
        attempt = 1
        if not self.dry_run:
            owed = self.store.owed.owe(
                self.integration,
                self.flow,
                queue or problem.item_kind,
                key or problem.item_id,
                retry=problem.retry,
                digest=digest,
                label=problem.label,
                field=problem.field,
                message=problem.message,
            )
            attempt = owed.attempts
            self._error_row(problem, attempt, queue or problem.item_kind, key or problem.item_id)
        self._publish(problem, attempt)
        return attempt

    def _error_row(self, problem: ItemProblem, attempt: int, queue: str, item_key: str) -> None:
        self.store.errors.add(
            self.run_id,
            self.integration,
            self.flow,
            problem.item_kind,
            problem.item_id,
            problem.message,
            field=problem.field,
            hint=problem.hint,
            attempt=attempt,
            label=problem.label,
            queue=queue,
            item_key=item_key,
        )

    def _publish(self, problem: ItemProblem, attempt: int) -> None:
        self.bus.publish(
            ItemFailed(
                self.run_id,
                self.integration,
                self.flow,
                problem.item_kind,
                problem.item_id,
                problem.field,
                problem.message,
                problem.hint,
                attempt,
                problem.label,
            )
        )

    def item_warning(self, problem: ItemProblem) -> None:
        """An item that went through with something the merchant should fix (an
        abbreviated size): shown among the errors, but neither owed nor counted as failed."""
        self.problems.append(_as_data(problem))
        if not self.dry_run:
            self._error_row(problem, 1, problem.item_kind, problem.item_id)
        self._publish(problem, 1)

    def unreadable(self, item: Unreadable) -> None:
        """An item the source could not read: an error on it, reported once per raw data."""
        problem = ItemProblem(
            item.kind, item.key, item.message, field=item.field, hint=item.hint, label=item.label
        )
        owed = self.store.owed.get(self.integration, self.flow, item.kind, item.key)
        if owed is not None and item.digest and owed.digest == item.digest:
            return  # still broken, already reported and still owed: no nagging
        self.item_failed(problem, digest=item.digest)

    def settle(self, kind: str, keys: list[str] | set[str]) -> None:
        """Items that went through leave the retry queue."""
        if not self.dry_run:
            self.store.owed.settle(self.integration, self.flow, kind, keys)

    def progress(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        """Report progress; at most a few times a second so the GUI is not flooded."""
        now = time.monotonic()
        if not force and now - self._last_progress < 0.2:
            return
        self._last_progress = now
        c = self.counters
        self.store.runs.progress(self.run_id, c.read, c.written, c.failed)
        self.bus.publish(
            RunProgress(
                self.run_id, self.integration, self.flow, done, total, c.read, c.written, c.failed
            )
        )


def _as_data(problem: ItemProblem) -> ItemProblem:
    """The problem without its traceback and chained exceptions: a run keeps hundreds of
    them, and each traceback would keep its frames' locals (whole pages) alive until the
    run ends, for the garbage collector to walk while it holds everyone's GIL."""
    problem.__traceback__ = None
    problem.__context__ = None
    problem.__cause__ = None
    return problem
