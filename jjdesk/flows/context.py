"""What a flow gets while it runs: counters, error recording, progress, cancellation."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from jjdesk.domain.models import Unreadable
from jjdesk.errors import Cancelled, ItemProblem
from jjdesk.events import EventBus, ItemFailed, RunProgress
from jjdesk.store import Store


@dataclass(slots=True)
class Counters:
    """Items read from the source, written to the target, and failed."""

    read: int = 0
    written: int = 0
    failed: int = 0


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
    planned: list[str] = field(default_factory=list)
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

    def plan(self, description: str) -> None:
        """In a dry run: note what would be written instead of writing it."""
        self.planned.append(description)

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
        self.problems.append(problem)
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
        self._report(problem, attempt)
        return attempt

    def notice(self, problem: ItemProblem) -> None:
        """Something the merchant must act on by hand that jjdesk will not retry.

        A customer's cancellation sent by the channel, a file set aside because nobody can
        read it: an error row (Errors tab) and a notification like any failed item, but
        nothing goes into the retry queue. The caller makes sure it reports each once.
        """
        self.counters.failed += 1
        self.problems.append(problem)
        self._report(problem, 1)

    def _report(self, problem: ItemProblem, attempt: int) -> None:
        if not self.dry_run:
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
            )
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
