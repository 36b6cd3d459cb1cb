"""One error policy around every flow run, and the run lock that holds across processes.

An item's failure is recorded by the flow and the run goes on; a `SystemFailure` (auth,
network, configuration) fails the run with words for the merchant; Cancel ends it as
interrupted; anything unexpected fails it with a generic text and a logged traceback.

A flow runs only while it holds its lock file in the profile (`filelock`), so the desktop
app and a `jjdesk run` never run the same flow at the same time; the operating system
releases the lock of a process that was killed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import filelock

from jjdesk import i18n
from jjdesk.errors import AuthFailure, Cancelled, JJDeskError, SystemFailure
from jjdesk.events import EventBus, RunFinished, RunStarted
from jjdesk.flows.context import RunContext
from jjdesk.store import Store
from jjdesk.store.runs import RunStatus

log = logging.getLogger(__name__)

FlowBody = Callable[[RunContext], None]
FlowResolver = Callable[[str, str], FlowBody]
FlowKey = tuple[str, str]

i18n.register(
    {
        "run.busy": {
            "de": "{integration} {flow} läuft bereits",
            "en": "{integration} {flow} is already running",
        },
        "run.busy.msg": {
            "de": "Ein anderes jjdesk (das Programm oder `jjdesk run`) führt {integration} "
            "{flow} gerade aus. Dieser Lauf wird übersprungen; versuchen Sie es nach dessen "
            "Ende erneut.",
            "en": "Another jjdesk (the app or `jjdesk run`) is running {integration} {flow} "
            "right now. This run is skipped; try again when that one has finished.",
        },
        "run.skipped": {
            "de": "{count} übersprungen ({reasons})",
            "en": "{count} skipped ({reasons})",
        },
    }
)


class FlowBusy(JJDeskError):
    """A flow's run lock is held (by another process, or another run in this one)."""

    def __init__(self, integration: str, flow: str) -> None:
        names = {"integration": integration, "flow": flow}
        super().__init__(i18n.text("run.busy", **names), i18n.text("run.busy.msg", **names))
        self.integration = integration
        self.flow = flow


class RunLocks:
    """One lock file per (integration, flow) in the profile's lock folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def try_hold(self, integration: str, flow: str) -> filelock.BaseFileLock | None:
        """The flow's lock, held, or None when someone else holds it; release it after."""
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(self.folder / f"{integration}.{flow}.lock", timeout=0)
        try:
            lock.acquire()
        except filelock.Timeout:
            return None
        return lock

    def held_elsewhere(self, integration: str, flow: str) -> bool:
        """Whether another run (of any process) holds the flow's lock right now."""
        lock = self.try_hold(integration, flow)
        if lock is None:
            return True
        lock.release()
        return False

    @contextmanager
    def hold_all(self, keys: Iterable[FlowKey]) -> Iterator[None]:
        """Hold every given flow's lock (restoring the database); `FlowBusy` if one runs."""
        with ExitStack() as stack:
            for integration, flow in keys:
                lock = self.try_hold(integration, flow)
                if lock is None:
                    raise FlowBusy(integration, flow)
                stack.callback(lock.release)
            yield


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
    skipped: int = 0


class FlowRunner:
    """Runs flows, at most one run per (integration, flow) at a time."""

    def __init__(self, store: Store, bus: EventBus, resolve: FlowResolver, locks: RunLocks) -> None:
        self.store = store
        self.bus = bus
        self.locks = locks
        self._resolve = resolve
        self._lock = threading.Lock()
        self._running: dict[FlowKey, threading.Event] = {}

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
        self,
        integration: str,
        flow: str,
        trigger: str = "schedule",
        *,
        dry_run: bool = False,
        scope: frozenset[str] | None = None,
    ) -> RunOutcome | None:
        """Run a flow to its end; None (logged, nothing recorded) if it runs already.

        Already running means: in this process, or in another one holding its run lock.
        `scope` restricts the run to those source items (see `RunContext.scope`).
        """
        key = (integration, flow)
        cancel = threading.Event()
        with self._lock:
            if key in self._running:
                log.info("%s/%s already running; %s trigger skipped", *key, trigger)
                return None
            self._running[key] = cancel
        try:
            held = self.locks.try_hold(integration, flow)
            if held is None:
                log.info("%s/%s runs in another process; %s trigger skipped", *key, trigger)
                return None
            try:
                return self._run(integration, flow, trigger, dry_run, cancel, scope)
            finally:
                held.release()
        finally:
            with self._lock:
                self._running.pop(key, None)

    def _run(
        self,
        integration: str,
        flow: str,
        trigger: str,
        dry_run: bool,
        cancel: threading.Event,
        scope: frozenset[str] | None = None,
    ) -> RunOutcome:
        run_id = self.store.runs.start(integration, flow, trigger, dry_run=dry_run)
        ctx = RunContext(
            run_id, integration, flow, self.store, self.bus, cancel, dry_run, scope=scope
        )
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
        if c.skipped and not (title or message):
            message = _skipped_summary(ctx)
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
            c.skipped,
        )


def _skipped_summary(ctx: RunContext) -> str:
    """ "2 skipped (1 cancelled before import, 1 test order)" for the run's record."""
    reasons = ", ".join(f"{n} {reason}" for reason, n in ctx.skip_reasons.most_common())
    return i18n.text("run.skipped", count=ctx.counters.skipped, reasons=reasons)
