"""Serve a protocol simulator over HTTP on a free loopback port, in a background thread.

Faults can be switched on at run time (HTTP 429/500, a slow answer, a dropped connection,
work done but the answer lost, an access token that expires) so that tests and the demo
show how the real clients cope: queued for the next matching requests (`inject`), or
drawn at random for a share of all requests (`chaos`, the fault soak's storm).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)
STOP_POLL_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class SimRequest:
    """An incoming request as a simulator sees it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str:
        """A header value by case-insensitive name, empty when absent."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), "")


@dataclass(slots=True)
class SimResponse:
    """What a simulator answers."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class Simulator(Protocol):
    """A protocol simulator: turns a request into a response, thread-safe."""

    name: str

    def handle(self, request: SimRequest) -> SimResponse:
        """Answer one request."""
        ...


class FaultKind(Enum):
    """Faults a simulator can be told to produce."""

    HTTP_429 = "429"
    HTTP_500 = "500"
    SLOW = "slow"
    DROP = "drop"  # the connection drops before the request is handled
    LOSE_ANSWER = "lose_answer"  # the request is handled, then the connection drops
    # the simulator's access tokens expire just before this request (`expire_credentials`)
    EXPIRE_TOKEN = "expire_token"


@dataclass(slots=True)
class _Fault:
    kind: FaultKind
    remaining: int
    path_contains: str
    delay: float
    retry_after: float | None
    skip: int


@dataclass(slots=True)
class _Chaos:
    rate: float
    kinds: tuple[FaultKind, ...]
    rng: random.Random
    delay: float
    retry_after: float | None


class FaultPlan:
    """Faults waiting to hit the next matching requests; thread-safe.

    `hits` counts every fault that was applied, by kind (the soak prints them).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[_Fault] = []
        self._chaos: _Chaos | None = None
        self.hits: Counter[FaultKind] = Counter()

    def inject(
        self,
        kind: FaultKind,
        times: int = 1,
        *,
        path_contains: str = "",
        delay: float = 2.0,
        retry_after: float | None = None,
        skip: int = 0,
    ) -> None:
        """Make `times` requests whose path contains `path_contains` fail, after `skip` more."""
        with self._lock:
            self._faults.append(_Fault(kind, times, path_contains, delay, retry_after, skip))

    def chaos(
        self,
        rate: float,
        kinds: Sequence[FaultKind],
        *,
        seed: int = 0,
        delay: float = 2.0,
        retry_after: float | None = 1.0,
    ) -> None:
        """Let a share `rate` of all requests fail with a kind drawn from `kinds` (0 = off).

        Queued faults (`inject`) come first; `delay` is how long a SLOW answer takes and
        `retry_after` what a 429 asks for.
        """
        with self._lock:
            self._chaos = (
                _Chaos(rate, tuple(kinds), random.Random(seed), delay, retry_after)
                if rate > 0 and kinds
                else None
            )

    def clear(self) -> None:
        """Remove every waiting fault and stop the chaos."""
        with self._lock:
            self._faults.clear()
            self._chaos = None

    def take(self, path: str) -> _Fault | None:
        """The fault for this request, if one is waiting (and count it down)."""
        with self._lock:
            fault = self._queued(path) or self._drawn()
            if fault is not None:
                self.hits[fault.kind] += 1
            return fault

    def _queued(self, path: str) -> _Fault | None:
        for fault in self._faults:
            if fault.path_contains in path and fault.skip > 0:
                fault.skip -= 1
                return None
            if fault.path_contains in path and fault.remaining > 0:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _drawn(self) -> _Fault | None:
        chaos = self._chaos
        if chaos is None or chaos.rng.random() >= chaos.rate:
            return None
        kind = chaos.rng.choice(chaos.kinds)
        return _Fault(kind, 1, "", chaos.delay, chaos.retry_after, 0)


class SimulatorServer:
    """Runs one simulator on 127.0.0.1 at a free port until `stop`."""

    def __init__(self, simulator: Simulator, port: int = 0) -> None:
        self.simulator = simulator
        self.faults = FaultPlan()
        self.requests: Counter[str] = Counter()
        self._requested_port = port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT` of the running server."""
        if self._httpd is None:
            raise RuntimeError("simulator not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> SimulatorServer:
        """Bind and serve in a daemon thread; returns self for chaining."""
        handler = _make_handler(self)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", self._requested_port), handler)
        self._httpd.daemon_threads = True
        # a short poll interval: `stop` waits for the serving loop to notice, up to that long
        self._thread = threading.Thread(
            target=functools.partial(self._httpd.serve_forever, poll_interval=STOP_POLL_SECONDS),
            name=f"sim-{self.simulator.name}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _make_handler(server: SimulatorServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            log.debug("%s %s", server.simulator.name, format % args)

        def setup(self) -> None:
            super().setup()
            # headers and body go out in two writes; without this, Nagle plus the client's
            # delayed ACK adds ~40 ms to every answer, which no real server has
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            server.requests[parts.path] += 1
            fault = server.faults.take(parts.path)
            if fault is not None and self._apply(fault):
                return
            request = SimRequest(
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query),
                headers={k: v for k, v in self.headers.items()},
                body=body,
            )
            try:
                response = server.simulator.handle(request)
            except Exception:  # a simulator bug must show as a 500, like a real server
                log.exception("simulator %s failed", server.simulator.name)
                response = SimResponse(500, b"Internal Server Error", "text/plain")
            if fault is not None and fault.kind is FaultKind.LOSE_ANSWER:
                self._drop()
                return
            try:
                self._write(response)
            except OSError:  # the client gave up waiting (its time limit): nobody to answer
                self.close_connection = True

        def _apply(self, fault: _Fault) -> bool:
            """Apply a fault; True when the request is finished by it."""
            if fault.kind is FaultKind.EXPIRE_TOKEN:
                expire = getattr(server.simulator, "expire_credentials", None)
                if expire is not None:
                    expire()
                return False
            if fault.kind is FaultKind.SLOW:
                time.sleep(fault.delay)
                return False
            if fault.kind is FaultKind.LOSE_ANSWER:
                return False
            if fault.kind is FaultKind.DROP:
                self._drop()
                return True
            status = 429 if fault.kind is FaultKind.HTTP_429 else 500
            headers = {}
            if fault.retry_after is not None:
                headers["Retry-After"] = f"{fault.retry_after:g}"
            self._write(SimResponse(status, b"", "text/plain", headers))
            return True

        def _drop(self) -> None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

        def _write(self, response: SimResponse) -> None:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(response.body)

        do_GET = _serve
        do_POST = _serve
        do_PUT = _serve
        do_DELETE = _serve
        do_PATCH = _serve

    return Handler
