"""Pacing for idealo's offer API: as fast as the shop's limit allows, never throttled to death.

PWS has no batch endpoint and publishes no rate limit, so the pacer learns it: requests
start as fast as the workers send them; a 429 stops every worker until its Retry-After
has passed and spaces later starts at the rate the server was letting through. A run of
successes narrows the spacing again, so the budget is used fully. One pacer per
shop and API client is shared by every channel in the process (products and stock run in
parallel against the same limit).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

WINDOW = 5.0  # seconds of answers the sustainable rate is measured over
STREAK = 50  # successes after which the spacing narrows a little
NARROW = 0.95
MIN_SPACING = 0.001


class RatePacer:
    """Spaces request starts across threads; learns the limit from 429 answers.

    On a 429 the spacing becomes the inverse of the rate answered successfully over the
    last seconds (what the server let through, pauses included), so it settles at the
    limit within a few refusals; a streak of successes narrows it again to probe for more.
    Several workers refused at once count as one refusal.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._spacing = 0.0
        self._next_start = 0.0
        self._paused_until = 0.0
        self._streak = 0
        self._answers: deque[float] = deque(maxlen=4096)
        self.throttled = 0

    @property
    def spacing(self) -> float:
        """Seconds between two request starts (0: no spacing learnt yet)."""
        return self._spacing

    def acquire(self, wait: Callable[[float], None]) -> None:
        """Block (through `wait`, which may raise Cancelled) until a request may start."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start, self._paused_until)
            self._next_start = start + self._spacing
        if start > now:
            wait(start - now)

    def throttled_for(self, seconds: float) -> None:
        """A 429: everybody waits `seconds`, and later starts are spaced wider."""
        with self._lock:
            self.throttled += 1
            self._streak = 0
            now = self._clock()
            if now < self._paused_until:  # refused in the same wave as another worker
                self._paused_until = max(self._paused_until, now + seconds)
                return
            self._paused_until = now + seconds
            rate = self._recent_rate(now)
            learnt = 1 / rate if rate > 0 else self._spacing * 2
            self._spacing = max(self._spacing * 1.05, learnt, MIN_SPACING)

    def succeeded(self) -> None:
        """An answer that was not a 429: after a streak, try a little faster."""
        with self._lock:
            self._answers.append(self._clock())
            self._streak += 1
            if self._streak >= STREAK:
                self._streak = 0
                narrowed = self._spacing * NARROW
                self._spacing = narrowed if narrowed > MIN_SPACING else 0.0

    def _recent_rate(self, now: float) -> float:
        """Successful answers per second over the last `WINDOW` seconds."""
        recent = [t for t in self._answers if t >= now - WINDOW]
        if len(recent) < 2:
            return 0.0
        return len(recent) / max(now - recent[0], 1e-3)


@dataclass
class Throughput:
    """Requests a channel sent and how long that took: the figure the bench reports."""

    requests: int = 0
    throttled: int = 0
    first: float | None = None
    last: float = 0.0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def record(self, started: float, ended: float, *, throttled: bool = False) -> None:
        """Count one answered request."""
        with self._lock:
            self.requests += 1
            self.throttled += int(throttled)
            self.first = started if self.first is None else min(self.first, started)
            self.last = max(self.last, ended)

    @property
    def seconds(self) -> float:
        """From the first request's start to the last answer."""
        return 0.0 if self.first is None else self.last - self.first

    @property
    def per_second(self) -> float:
        """Requests answered per second."""
        return self.requests / self.seconds if self.seconds > 0 else 0.0


_registry_lock = threading.Lock()
_registry: dict[tuple[str, str], RatePacer] = {}


def pacer_for(base_url: str, client_id: str) -> RatePacer:
    """The one pacer of an API client at an address, shared within the process."""
    with _registry_lock:
        key = (base_url, client_id)
        pacer = _registry.get(key)
        if pacer is None:
            pacer = _registry[key] = RatePacer()
        return pacer
