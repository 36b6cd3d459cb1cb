"""What a flow gets while it runs: counters, error recording, progress, cancellation."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

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

    def item_failed(self, problem: ItemProblem) -> None:
        """Record one failed item (errors tab, event) and let the run go on."""
        self.counters.failed += 1
        self.problems.append(problem)
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
            )
        )

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
