"""Pacing for idealo's offer API: as fast as the shop's limit allows, never throttled to death.

PWS has no batch endpoint and publishes no rate limit, so the pacer learns it: requests
start as fast as the workers send them; a 429 stops every worker until its Retry-After
has passed and spaces later starts wider. A run of successes narrows the spacing again,
so the budget is used fully. One pacer per
shop and API client is shared by every channel in the process (products and stock run in
parallel against the same limit).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

STREAK = 100  # successes after which the spacing narrows a little
NARROW = 0.97
WIDEN = 1.25  # after a refusal that comes long after the last one
WIDEN_FAST = 2.0  # after refusals in quick succession (still far too fast)
QUICK = 5.0  # seconds between refusals that count as quick succession
MIN_SPACING = 0.001


class RatePacer:
    """Spaces request starts across threads; learns the limit from 429 answers.

    The first 429 sets the spacing to the rate answered so far; a later refusal widens
    it (doubling while refusals come in quick succession), and a streak of successes
    narrows it by a little to probe for more: every refusal costs a whole Retry-After,
    so the pace settles just under the limit and probes rarely. Workers refused in the
    same wave count once.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._spacing = 0.0
        self._next_start = 0.0
        self._paused_until = 0.0
        self._streak = 0
        self._first_answer: float | None = None
        self._answers = 0
        self._last_wave = float("-inf")
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
            quick = now - self._last_wave < QUICK + seconds
            self._last_wave = now
            if self._spacing > 0:
                self._spacing *= WIDEN_FAST if quick else WIDEN
            elif self._first_answer is not None and self._answers > 1:
                self._spacing = max(MIN_SPACING, (now - self._first_answer) / self._answers)
            else:
                self._spacing = MIN_SPACING

    def succeeded(self) -> None:
        """An answer that was not a 429: after a streak, try a little faster."""
        with self._lock:
            if self._first_answer is None:
                self._first_answer = self._clock()
            self._answers += 1
            self._streak += 1
            if self._streak >= STREAK and self._spacing > 0:
                self._streak = 0
                narrowed = self._spacing * NARROW
                self._spacing = narrowed if narrowed > MIN_SPACING else 0.0


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
