"""One error policy around every flow run.

An item's failure is recorded by the flow and the run goes on; a `SystemFailure` (auth,
network, configuration) fails the run with words for the merchant; Cancel ends it as
interrupted; anything unexpected fails it with a generic text and a logged traceback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from jjdesk import i18n
from jjdesk.errors import AuthFailure, Cancelled, SystemFailure
from jjdesk.events import EventBus, RunFinished, RunStarted
from jjdesk.flows.context import RunContext
from jjdesk.store import Store
from jjdesk.store.runs import RunStatus

log = logging.getLogger(__name__)

FlowBody = Callable[[RunContext], None]
FlowResolver = Callable[[str, str], FlowBody]


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """The result of one run, as the CLI table and tests see it."""

    run_id: int
    integration: str
    flow: str
    status: RunStatus
    read: int
    written: int
    failed: int
    seconds: float
    title: str
    message: str
    context: RunContext


class FlowRunner:
    """Runs flows, at most one run per (integration, flow) at a time."""

    def __init__(self, store: Store, bus: EventBus, resolve: FlowResolver) -> None:
        self.store = store
        self.bus = bus
        self._resolve = resolve
        self._lock = threading.Lock()
        self._running: dict[tuple[str, str], threading.Event] = {}

    def recover(self) -> int:
        """At start-up: runs a killed process left "running" become interrupted."""
        return self.store.runs.mark_abandoned_as_interrupted(i18n.text("run.interrupted"))

    def is_running(self, integration: str, flow: str) -> bool:
        """Whether that flow runs right now."""
        with self._lock:
            return (integration, flow) in self._running

    def cancel(self, integration: str, flow: str) -> bool:
        """Ask a running flow to stop at its next page; False if it was not running."""
        with self._lock:
            event = self._running.get((integration, flow))
        if event is None:
            return False
        event.set()
        return True

    def cancel_all(self) -> None:
        """Ask every running flow to stop (quit)."""
        with self._lock:
            events = list(self._running.values())
        for event in events:
            event.set()

    def run(
        self, integration: str, flow: str, trigger: str = "schedule", *, dry_run: bool = False
    ) -> RunOutcome | None:
        """Run a flow to its end; None if the same flow is already running."""
        key = (integration, flow)
        cancel = threading.Event()
        with self._lock:
            if key in self._running:
                log.info("%s/%s already running; %s trigger skipped", *key, trigger)
                return None
            self._running[key] = cancel
        try:
            return self._run(integration, flow, trigger, dry_run, cancel)
        finally:
            with self._lock:
                self._running.pop(key, None)

    def _run(
        self, integration: str, flow: str, trigger: str, dry_run: bool, cancel: threading.Event
    ) -> RunOutcome:
        run_id = self.store.runs.start(integration, flow, trigger, dry_run=dry_run)
        ctx = RunContext(run_id, integration, flow, self.store, self.bus, cancel, dry_run)
        self.bus.publish(RunStarted(run_id, integration, flow, trigger))
        started = time.monotonic()
        title = message = connection = ""
        auth = False
        try:
            body = self._resolve(integration, flow)
            body(ctx)
            status = RunStatus.WARNINGS if ctx.counters.failed else RunStatus.SUCCEEDED
        except Cancelled:
            status, title = RunStatus.INTERRUPTED, i18n.text("run.cancelled")
        except SystemFailure as exc:
            status, title, message = RunStatus.FAILED, exc.title, exc.message
            if isinstance(exc, AuthFailure):
                auth, connection = True, exc.connection
            log.warning("%s/%s run %d failed: %s", integration, flow, run_id, exc.title)
        except Exception as exc:
            log.exception("%s/%s run %d crashed", integration, flow, run_id)
            status = RunStatus.FAILED
            title = i18n.text("run.failed.unexpected")
            message = i18n.text("run.failed.unexpected.msg", kind=type(exc).__name__)
        seconds = time.monotonic() - started
        c = ctx.counters
        self.store.runs.finish(run_id, status, c.read, c.written, c.failed, title, message)
        self.bus.publish(
            RunFinished(
                run_id,
                integration,
                flow,
                status.value,
                c.read,
                c.written,
                c.failed,
                seconds,
                title,
                message,
                auth,
                connection,
            )
        )
        return RunOutcome(
            run_id,
            integration,
            flow,
            status,
            c.read,
            c.written,
            c.failed,
            seconds,
            title,
            message,
            ctx,
        )
