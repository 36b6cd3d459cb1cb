"""One HTTP transport for every connector: https only, timeouts, TLS, retries with backoff.

Retries cover what a retry can fix (timeouts, refused connections, 429, 5xx); every other
status is returned to the connector, which knows what it means in its protocol. A request
that is not safe to repeat (creating an order) is retried only where it certainly did not
reach the server; otherwise `OutcomeUnknown` tells the caller to find out instead. Only
the method, host and path are ever logged: bodies and headers may hold credentials.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from jjdesk import i18n
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import Cancelled, ConfigFailure, NetworkFailure, OutcomeUnknown

log = logging.getLogger(__name__)

# Failures that prove the request never reached the server: safe to send again.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Statuses a server gives before doing any work: safe to send again.
_REFUSED_UNDONE = frozenset({429, 503})


def is_loopback(host: str | None) -> bool:
    """Whether `host` is this computer (the simulators' addresses)."""
    if not host:
        return False
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@functools.lru_cache(maxsize=256)
def check_url(url: str) -> str:
    """The URL if jjdesk may use it: https, or http to a loopback address only.

    Raises `ConfigFailure` with a sentence for the merchant otherwise. Called for every
    request and wherever an address is entered (Connections, `config import`).
    """
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname:
        if is_loopback(parts.hostname):
            return url
        raise ConfigFailure(i18n.text("net.insecure"), i18n.text("net.insecure.msg", url=url))
    raise ConfigFailure(i18n.text("net.bad_url"), i18n.text("net.bad_url.msg", url=url))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry a failed call."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 120.0  # a longer Retry-After ends the run instead of a long sleep
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
        idempotent: bool = True,
        on_retry: Callable[[httpx.Response | None], None] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send a request, retrying transient failures; returns the final response.

        `idempotent=False` marks a request that must not be applied twice: it is sent
        again only after failures that prove it never arrived (connection refused, 429,
        503); any other lost answer raises `OutcomeUnknown`. Raises `NetworkFailure` when
        the system stays unreachable or keeps answering with a retryable status, and
        `ConfigFailure` for an address that is not https (loopback excepted).
        """
        check_url(url)
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
                if not idempotent and not isinstance(exc, _NOT_SENT):
                    raise OutcomeUnknown(self.system, last_error) from exc
                if on_retry:
                    on_retry(None)
                if attempt < self.retry.attempts:
                    self.wait(self.retry.delay(attempt))
                continue
            if response.status_code not in self.retry.retry_statuses:
                return response
            last_status = response.status_code
            log.warning("%s %s: HTTP %d (attempt %d)", method, _safe(url), last_status, attempt)
            if not idempotent and last_status not in _REFUSED_UNDONE:
                raise OutcomeUnknown(self.system, f"HTTP {last_status}")
            if on_retry:
                on_retry(response)
            if attempt < self.retry.attempts:
                self.wait(self._pause(response, attempt))
        if last_status:
            raise NetworkFailure.http_status(self.system, last_status)
        raise NetworkFailure.unreachable(self.system, last_error)

    def _pause(self, response: httpx.Response, attempt: int) -> float:
        """How long to wait before the next attempt: Retry-After within the cap, else backoff."""
        asked = retry_after_seconds(response)
        if asked is None:
            return self.retry.delay(attempt)
        if asked > self.retry.max_retry_after:
            raise NetworkFailure(
                i18n.text("net.wait_too_long", system=self.system),
                i18n.text("net.wait_too_long.msg", system=self.system, minutes=round(asked / 60)),
            )
        return asked


def _safe(url: str) -> str:
    """The URL without its query string (which may carry tokens)."""
    return url.split("?", 1)[0]
