"""The event bus seen from Qt: worker-thread events become GUI-thread signals.

The bus calls subscribers in the flow's worker thread. The bridge only re-emits the
event through one queued connection to itself, so every typed signal below is emitted in
the GUI thread and whoever connects to it may touch widgets.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from jjdesk.events import Event, EventBus, ItemFailed, RunFinished, RunProgress, RunStarted


class EventBridge(QObject):
    """Subscribes to the bus; emits one typed signal per event kind in the GUI thread."""

    run_started = Signal(object)  # RunStarted
    run_progress = Signal(object)  # RunProgress
    item_failed = Signal(object)  # ItemFailed
    run_finished = Signal(object)  # RunFinished

    _arrived = Signal(object)

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._arrived.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], None] | None = bus.subscribe(self._arrived.emit)

    def detach(self) -> None:
        """Stop listening (the window closes for good)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    @Slot(object)
    def _dispatch(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.run_started.emit(event)
        elif isinstance(event, RunProgress):
            self.run_progress.emit(event)
        elif isinstance(event, ItemFailed):
            self.item_failed.emit(event)
        elif isinstance(event, RunFinished):
            self.run_finished.emit(event)
