"""The event bus seen from Qt: worker-thread events become GUI-thread signals.

The bus calls subscribers in the flow's worker thread. The bridge queues the event and
wakes itself through one queued connection, so every typed signal below is emitted in
the GUI thread and whoever connects to it may touch widgets.

A run can publish faster than the GUI should react (a thousand items failing within a
second, progress while the GUI is busy): the queue is drained in slices of a few
milliseconds, the event loop runs between them, and a run's progress events that are
overtaken by a newer one before they were shown are dropped. Order is kept otherwise,
so a run's start, its failures and its end arrive as they happened.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from jjdesk.events import Event, EventBus, ItemFailed, RunFinished, RunProgress, RunStarted

SLICE_SECONDS = 0.008  # GUI time per slice; the event loop runs between slices


class EventBridge(QObject):
    """Subscribes to the bus; emits one typed signal per event kind in the GUI thread."""

    run_started = Signal(object)  # RunStarted
    run_progress = Signal(object)  # RunProgress
    item_failed = Signal(object)  # ItemFailed
    run_finished = Signal(object)  # RunFinished

    _wake = Signal()

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._queue: deque[Event] = deque()
        self._woken = False  # a drain is scheduled (only the first event of a burst wakes)
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], None] | None = bus.subscribe(self._arrive)

    def detach(self) -> None:
        """Stop listening (the window closes for good)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _arrive(self, event: Event) -> None:
        """Any thread: queue the event; wake the GUI thread unless a drain is due anyway."""
        with self._lock:
            self._queue.append(event)
            if self._woken:
                return
            self._woken = True
        self._wake.emit()

    @Slot()
    def _drain(self) -> None:
        """Emit what arrived, for one slice of time; the rest after the loop has run."""
        deadline = time.monotonic() + SLICE_SECONDS
        with self._lock:
            batch = list(self._queue)
            self._queue.clear()
        newest = {e.run_id: n for n, e in enumerate(batch) if isinstance(e, RunProgress)}
        for number, event in enumerate(batch):
            if isinstance(event, RunProgress) and newest[event.run_id] != number:
                continue  # a newer progress of the same run follows in this batch
            self._dispatch(event)
            if time.monotonic() >= deadline and number + 1 < len(batch):
                with self._lock:
                    self._queue.extendleft(reversed(batch[number + 1 :]))
                self._wake.emit()  # queued: the loop runs before the next slice
                return
        with self._lock:
            more = bool(self._queue)
            self._woken = more
        if more:
            self._wake.emit()

    def _dispatch(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.run_started.emit(event)
        elif isinstance(event, RunProgress):
            self.run_progress.emit(event)
        elif isinstance(event, ItemFailed):
            self.item_failed.emit(event)
        elif isinstance(event, RunFinished):
            self.run_finished.emit(event)
