"""Run a callable off the GUI thread and get its result back on the GUI thread.

The GUI thread must never touch SQLite, the keyring or the network. `Worker.submit` runs
the callable in a private thread pool; the result (or the exception) travels back as a
queued Qt signal and the callback runs in the GUI thread, where widgets may be touched.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")

OnError = Callable[[Exception], None]


class _TaskSignals(QObject):
    """Emitted from the pool thread; queued to the worker living in the GUI thread."""

    done = Signal(int, object)
    failed = Signal(int, object)


class _Task(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], Any], signals: _TaskSignals) -> None:
        super().__init__()
        self._id = task_id
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # handed to the GUI thread, never lost in the pool
            self._signals.failed.emit(self._id, exc)
        else:
            self._signals.done.emit(self._id, result)


class Worker(QObject):
    """Owns a thread pool for store reads, saves and connection tests."""

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        # no Qt parent: a task still running after `stop` keeps its signals alive by its own
        # reference; were they the worker's child, deleting the window would free them
        # under the running task, and its emit would crash the process
        self._signals = _TaskSignals()
        self._signals.done.connect(self._deliver_done, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._deliver_failed, Qt.ConnectionType.QueuedConnection)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None], OnError | None]] = {}
        self._stopped = False

    def submit(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: OnError | None = None,
    ) -> None:
        """Run `fn` in the pool; `on_done(result)` or `on_error(exc)` run in the GUI thread.

        Without `on_error` a failure is logged (the callers that can fail pass one).
        After `stop` nothing new starts: the store may be closed by then.
        """
        if self._stopped:
            return
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_error)
        self._pool.start(_Task(task_id, fn, self._signals))

    def pending(self) -> int:
        """Tasks whose callbacks have not run yet (tests wait for zero)."""
        return len(self._callbacks)

    def stop(self, msecs: int = 10_000) -> bool:
        """Refuse new tasks and wait for the running ones (before the store closes).

        Results still on their way are dropped: the widgets they were for are going away.
        """
        self._stopped = True
        done = bool(self._pool.waitForDone(msecs))
        self._callbacks.clear()
        return done

    @Slot(int, object)
    def _deliver_done(self, task_id: int, result: object) -> None:
        callbacks = self._callbacks.pop(task_id, None)
        if callbacks is not None:
            callbacks[0](result)

    @Slot(int, object)
    def _deliver_failed(self, task_id: int, exc: Exception) -> None:
        callbacks = self._callbacks.pop(task_id, None)
        if callbacks is None:
            return
        if callbacks[1] is None:
            log.error("background task failed", exc_info=exc)
        else:
            callbacks[1](exc)
