"""Client-side model of Shopify's cost bucket: wait before a query instead of being throttled.

The bucket is estimated from the last reported `throttleStatus` plus the points restored
since then; a query is sent once the estimate holds its requested cost. Points are
reserved under a lock, so threads sharing one shop (products and stock run in parallel)
share one pacer and never over-commit the bucket between them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

_SAFETY = 0.005  # seconds added to each wait; the server's clock ran a little earlier


class CostPacer:
    """Spends the shop's bucket fully without asking for more than it holds."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._maximum: float | None = None
        self._available = 0.0
        self._rate = 0.0
        self._stamp = 0.0

    @property
    def known(self) -> bool:
        """Whether a throttle status was seen yet (before that, requests go straight out)."""
        return self._maximum is not None

    def _estimate(self, now: float) -> float:
        if self._maximum is None:
            return 0.0
        return min(self._maximum, self._available + (now - self._stamp) * self._rate)

    def reserve(self, cost: int) -> float:
        """Take `cost` points if the bucket holds them; else the seconds to wait first."""
        with self._lock:
            if self._maximum is None:
                return 0.0
            now = self._clock()
            available = self._estimate(now)
            needed = min(float(cost), self._maximum)
            if available >= needed:
                self._available = available - needed
                self._stamp = now
                return 0.0
            if self._rate <= 0:
                return 1.0
            return (needed - available) / self._rate + _SAFETY

    def acquire(self, cost: int, wait: Callable[[float], None]) -> None:
        """Block (through `wait`, which may raise Cancelled) until `cost` points are ours."""
        while True:
            delay = self.reserve(cost)
            if delay <= 0:
                return
            wait(delay)

    def update(self, status: Mapping[str, object]) -> None:
        """Adopt the bucket state the server reported with its last answer."""
        try:
            maximum = float(status["maximumAvailable"])  # type: ignore[arg-type]
            available = float(status["currentlyAvailable"])  # type: ignore[arg-type]
            rate = float(status["restoreRate"])  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            return
        with self._lock:
            self._maximum = maximum
            self._available = available
            self._rate = rate
            self._stamp = self._clock()


_registry_lock = threading.Lock()
_registry: dict[str, CostPacer] = {}


def pacer_for(endpoint: str) -> CostPacer:
    """The one pacer of a shop endpoint, shared by every connector instance in the process."""
    with _registry_lock:
        pacer = _registry.get(endpoint)
        if pacer is None:
            pacer = _registry[endpoint] = CostPacer()
        return pacer
