"""Tradebyte's REST interface (`rest.trade-server.net/{account}/…`, HTTP Basic), by its rules.

Calls go one at a time, never in parallel (a lock, whoever shares the client). A 4xx is
never repeated: the refused request is remembered by its content and the same request is
not sent again (it fails at once with the words Tradebyte gave); a changed one is. A 5xx
closes the gate for ten minutes: until then every call fails at once, saying when jjdesk
tries again, so nothing is retried sooner. The transport itself retries nothing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport, RetryPolicy
from jjdesk.connectors.privacy import without_addresses
from jjdesk.domain.digests import digest
from jjdesk.domain.ports import IdLinks
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import AuthFailure, NetworkFailure

SYSTEM = "Tradebyte"
REST_URL = "https://rest.trade-server.net"
WAIT_AFTER_5XX = timedelta(minutes=10)
_REFUSED = "tradebyte.refused"

i18n.register(
    {
        "tradebyte.rest.refused": {
            "de": "Tradebyte lehnt die Anfrage ab (HTTP {status}): {text}",
            "en": "Tradebyte refuses the request (HTTP {status}): {text}",
        },
        "tradebyte.rest.refused_before": {
            "de": "Tradebyte hat genau diese Anfrage schon abgelehnt (HTTP {status}); jjdesk "
            "sendet sie nicht noch einmal, erst wenn sich die Daten ändern",
            "en": "Tradebyte refused exactly this request before (HTTP {status}); jjdesk does "
            "not send it again, only once the data change",
        },
        "tradebyte.rest.server": {
            "de": "Tradebyte meldet einen Serverfehler",
            "en": "Tradebyte reports a server error",
        },
        "tradebyte.rest.server.msg": {
            "de": "Tradebyte antwortete mit HTTP {status}. Tradebyte verlangt danach mindestens "
            "zehn Minuten Pause; jjdesk versucht es ab {time} Uhr wieder.",
            "en": "Tradebyte answered with HTTP {status}. Tradebyte asks for at least ten "
            "minutes' pause after that; jjdesk tries again from {time}.",
        },
        "tradebyte.rest.web_page": {
            "de": "Tradebyte antwortet mit einer Webseite",
            "en": "Tradebyte answers with a web page",
        },
        "tradebyte.rest.web_page.msg": {
            "de": "Statt Daten kam eine Webseite zurück (HTTP {status}, z. B. die Anmeldeseite "
            "eines Proxys); die Anfrage hat Tradebyte wohl nicht erreicht. jjdesk versucht es "
            "beim nächsten Lauf erneut.",
            "en": "A web page came back instead of data (HTTP {status}, e.g. a proxy's login "
            "page); the request probably did not reach Tradebyte. jjdesk tries again on the "
            "next run.",
        },
        "tradebyte.rest.waiting": {
            "de": "Tradebyte-Pause nach einem Serverfehler",
            "en": "Tradebyte pause after a server error",
        },
        "tradebyte.rest.waiting.msg": {
            "de": "Nach einem Serverfehler wartet jjdesk bis {time} Uhr, wie Tradebyte es "
            "verlangt; danach geht es von selbst weiter.",
            "en": "After a server error jjdesk waits until {time}, as Tradebyte asks; then it "
            "goes on by itself.",
        },
    }
)


class RestWebPage(NetworkFailure):
    """A 2xx that is an HTML page, not Tradebyte's answer (a proxy or login page between):
    never taken for success, since the request most likely never arrived."""

    def __init__(self, status: int) -> None:
        super().__init__(
            i18n.text("tradebyte.rest.web_page"),
            i18n.text("tradebyte.rest.web_page.msg", status=status),
        )


def is_web_page(content_type: str, body: bytes) -> bool:
    """Whether an answer is an HTML page (by its type or by how it begins)."""
    head = body.lstrip()[:100].lower()
    return "html" in content_type.casefold() or head.startswith((b"<!doctype", b"<html"))


class RestGate(Protocol):
    """Where the "not before" moment after a 5xx is kept (across runs: the store)."""

    def closed_until(self) -> datetime | None:
        """The moment before which no call may go, if one is set."""
        ...

    def close(self, until: datetime) -> None:
        """No call before `until`."""
        ...


@dataclass(frozen=True)
class RestConfig:
    """Account number (in the path), REST user and password, optional channel id."""

    account: str
    username: str
    password: str = field(repr=False)
    base_url: str = REST_URL
    channel: str = ""
    timeout: float = 60.0


class RestRefused(Exception):
    """Tradebyte answered 4xx: this request must not be sent again as it is."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class TradebyteRest:
    """The REST calls jjdesk makes, sequential, with Tradebyte's retry rules."""

    def __init__(
        self,
        config: RestConfig,
        gate: RestGate,
        links: IdLinks,
        *,
        cancel: threading.Event | None = None,
    ) -> None:
        self.config = config
        self._gate = gate
        self._links = links
        self.transport = HttpTransport(
            SYSTEM, timeout=config.timeout, retry=_NO_RETRIES, cancel=cancel
        )
        self._lock = threading.Lock()

    def close(self) -> None:
        """Release the connection pool."""
        self.transport.close()

    def get(self, path: str, **params: str) -> bytes:
        """A GET under the account, e.g. `orders/` with `channel=`."""
        return self._call("GET", path, params={k: v for k, v in params.items() if v})

    def post(
        self,
        path: str,
        body: bytes = b"",
        *,
        subject: str = "",
        content: str = "",
        safe: bool = True,
    ) -> bytes:
        """A POST. A refusal is remembered per path and `subject` (the order a message is
        about) with `content`, what identifies the data (default: the body). `safe=False`
        for a request that must not be applied twice (a lost answer: `OutcomeUnknown`)."""
        key = f"POST {path} {subject}".rstrip()
        fingerprint = digest([key, content or body.decode("utf-8", "replace")])
        refused = self._links.get(_REFUSED, key)
        if refused is not None and refused.split(" ", 1)[1] == fingerprint:
            status = int(refused.split(" ", 1)[0])
            raise RestRefused(status, i18n.text("tradebyte.rest.refused_before", status=status))
        try:
            answer = self._call("POST", path, content=body, idempotent=safe)
        except RestRefused as exc:
            self._links.put(_REFUSED, key, f"{exc.status} {fingerprint}")
            raise
        if refused is not None:
            self._links.delete(_REFUSED, key)
        return answer

    def _call(self, method: str, path: str, **kwargs: object) -> bytes:
        until = self._gate.closed_until()
        if until is not None and utcnow() < until:
            raise NetworkFailure(
                i18n.text("tradebyte.rest.waiting"),
                i18n.text("tradebyte.rest.waiting.msg", time=_local(until)),
            )
        url = f"{self.config.base_url.rstrip('/')}/{self.config.account}/{path.lstrip('/')}"
        with self._lock:
            response = self.transport.request(
                method,
                url,
                auth=(self.config.username, self.config.password),
                headers={"Content-Type": "application/xml"} if method == "POST" else {},
                **kwargs,  # type: ignore[arg-type]
            )
        status = response.status_code
        if status in (401, 403):
            raise AuthFailure(SYSTEM, "tradebyte_rest", f"HTTP {status}")
        if status >= 500:
            until = utcnow() + WAIT_AFTER_5XX
            self._gate.close(until)
            raise NetworkFailure(
                i18n.text("tradebyte.rest.server"),
                i18n.text("tradebyte.rest.server.msg", status=status, time=_local(until)),
            )
        if status >= 400:
            text = without_addresses(response.text.strip().replace("\n", " "))[:200] or "-"
            raise RestRefused(status, i18n.text("tradebyte.rest.refused", status=status, text=text))
        if is_web_page(response.headers.get("content-type", ""), response.content):
            raise RestWebPage(status)
        return response.content


# every status comes back to the client, nothing is repeated by the transport
_NO_RETRIES = RetryPolicy(attempts=1, retry_statuses=frozenset())


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")
