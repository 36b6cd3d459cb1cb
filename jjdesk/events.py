"""What flows report while they run; the GUI and the tray notifier subscribe.

Events are plain dataclasses published from worker threads. Subscribers are called in the
publishing thread and must hand over to their own thread themselves (the GUI does that
through a queued Qt signal), so this module stays free of Qt.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunStarted:
    """A flow run began."""

    run_id: int
    integration: str
    flow: str
    trigger: str


@dataclass(frozen=True, slots=True)
class RunProgress:
    """A flow run made progress; `total` is None while unknown."""

    run_id: int
    integration: str
    flow: str
    done: int
    total: int | None
    read: int
    written: int
    failed: int


@dataclass(frozen=True, slots=True)
class ItemFailed:
    """One item failed; the run goes on."""

    run_id: int
    integration: str
    flow: str
    item_kind: str
    item_id: str
    field: str
    message: str
    hint: str
    attempt: int = 1  # 1 for a new problem; more when a retry failed again
    label: str = ""


@dataclass(frozen=True, slots=True)
class RunFinished:
    """A flow run ended; `status` is a `RunStatus` value."""

    run_id: int
    integration: str
    flow: str
    status: str
    read: int
    written: int
    failed: int
    seconds: float
    title: str
    message: str
    auth_problem: bool = False
    connection: str = ""


Event = RunStarted | RunProgress | ItemFailed | RunFinished
Subscriber = Callable[[Event], None]


class EventBus:
    """Thread-safe publish/subscribe; a failing subscriber never breaks a flow."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Register a callback; returns a function that unsubscribes it."""
        with self._lock:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self._lock:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    def publish(self, event: Event) -> None:
        """Deliver an event to every subscriber."""
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(event)
            except Exception:
                log.exception("event subscriber failed")
