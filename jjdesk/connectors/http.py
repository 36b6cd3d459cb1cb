"""One HTTP transport for every connector: timeouts, TLS, retries with backoff.

Retries cover what a retry can fix (timeouts, refused connections, 429, 5xx); every other
status is returned to the connector, which knows what it means in its protocol. Only the
method, host and path are ever logged: bodies and headers may hold credentials.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import Cancelled, NetworkFailure

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry a failed call."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    retry_statuses: frozenset[int] = field(
        default_factory=lambda: frozenset({408, 429, 500, 502, 503, 504})
    )

    def delay(self, attempt: int) -> float:
        """Exponential backoff with jitter for the given (1-based) failed attempt."""
        raw = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return raw * (0.5 + random.random() / 2)


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The server's Retry-After as seconds (numeric or HTTP date), if it sent one."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - utcnow()).total_seconds())
    except (TypeError, ValueError):
        return None


class HttpTransport:
    """A retrying HTTP client bound to one remote system.

    `cancel` lets a running flow stop during a backoff wait instead of after it.
    """

    def __init__(
        self,
        system: str,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        cancel: threading.Event | None = None,
        verify: bool = True,
    ) -> None:
        self.system = system
        self.retry = retry or RetryPolicy()
        self.cancel = cancel or threading.Event()
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers=dict(headers or {}),
            verify=verify,
            follow_redirects=False,
        )

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()

    def wait(self, seconds: float) -> None:
        """Sleep, but wake up and raise `Cancelled` as soon as the run is cancelled."""
        if self.cancel.wait(seconds):
            raise Cancelled()

    def request(
        self,
        method: str,
        url: str,
        *,
        on_retry: Callable[[httpx.Response | None], None] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send a request, retrying transient failures; returns the final response.

        Raises `NetworkFailure` when the system stays unreachable or keeps answering
        with a retryable status.
        """
        last_status = 0
        last_error = ""
        for attempt in range(1, self.retry.attempts + 1):
            if self.cancel.is_set():
                raise Cancelled()
            try:
                response = self._client.request(method, url, **kwargs)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                last_error = type(exc).__name__
                log.warning("%s %s: %s (attempt %d)", method, _safe(url), last_error, attempt)
                if on_retry:
                    on_retry(None)
                if attempt < self.retry.attempts:
                    self.wait(self.retry.delay(attempt))
                continue
            if response.status_code not in self.retry.retry_statuses:
                return response
            last_status = response.status_code
            log.warning("%s %s: HTTP %d (attempt %d)", method, _safe(url), last_status, attempt)
            if on_retry:
                on_retry(response)
            if attempt < self.retry.attempts:
                pause = retry_after_seconds(response)
                self.wait(pause if pause is not None else self.retry.delay(attempt))
        if last_status:
            raise NetworkFailure.http_status(self.system, last_status)
        raise NetworkFailure.unreachable(self.system, last_error)


def _safe(url: str) -> str:
    """The URL without its query string (which may carry tokens)."""
    return url.split("?", 1)[0]
