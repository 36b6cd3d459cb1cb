"""The MyOnlineStore public API: two tokens in the query, JSON, pages of at most 100.

Every call carries the merchant's store `token` and jjdesk's `partner_token` as query
parameters (the API's two security schemes). Lists page with `limit`/`offset`; a page
shorter than the limit is the last one. A refusal is an `ItemProblem` with the shop's
words, short and without e-mail addresses (jjdesk sends the shop no buyer data, only ids
and statuses); 401/403 end the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.privacy import refusal_words
from jjdesk.domain.models import Retry
from jjdesk.errors import AuthFailure, ItemProblem, NetworkFailure

API_URL = "https://api.myonlinestore.com"
VERSION = "1"
PAGE_SIZE = 100  # the API's maximum `limit`
SYSTEM = "MijnWebwinkel"
CONNECTION = "mijnwebwinkel"
REFUSAL_KEYS = ("message", "error", "errors", "detail")
MAX_TEXT = 160

i18n.register(
    {
        "mww.refused": {
            "de": "MijnWebwinkel lehnt ab (HTTP {status}): {text}",
            "en": "MijnWebwinkel refuses (HTTP {status}): {text}",
        },
        "mww.bad_answer": {
            "de": "MijnWebwinkel antwortete unlesbar",
            "en": "MijnWebwinkel answered something unreadable",
        },
        "mww.bad_answer.msg": {
            "de": "Die Antwort auf {path} war kein JSON (HTTP {status}).",
            "en": "The answer to {path} was no JSON (HTTP {status}).",
        },
    }
)


@dataclass(frozen=True)
class MwwConfig:
    """Where the shop's API is and the two tokens that open it."""

    token: str = field(repr=False)
    partner_token: str = field(repr=False)
    base_url: str = API_URL
    language: str = "nl_NL"


class MwwClient:
    """Calls of one run; `pages` walks a list endpoint to its end."""

    def __init__(self, config: MwwConfig, transport: HttpTransport) -> None:
        self.config = config
        self._transport = transport

    def close(self) -> None:
        """Release the connection pool."""
        self._transport.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: object = None,
        idempotent: bool = True,
        item: tuple[str, str] = ("", ""),
    ) -> Any:
        """One request; the decoded JSON answer. `item` names what a refusal concerns."""
        url = f"{self.config.base_url.rstrip('/')}/v{VERSION}/{path.lstrip('/')}"
        query: dict[str, str | int] = {
            "token": self.config.token,
            "partner_token": self.config.partner_token,
            "format": "json",
            "language": self.config.language,
        }
        query.update(params or {})
        content = None if body is None else json.dumps(body).encode()
        headers = {"Accept": "application/json"}
        if content is not None:
            headers["Content-Type"] = "application/json"
        response = self._transport.request(
            method, url, params=query, content=content, headers=headers, idempotent=idempotent
        )
        if response.status_code in (401, 403):
            raise AuthFailure(SYSTEM, CONNECTION, f"HTTP {response.status_code}")
        if response.status_code >= 400:
            kind, key = item
            raise ItemProblem(
                kind or "request",
                key or path,
                i18n.text(
                    "mww.refused",
                    status=response.status_code,
                    text=refusal_words(response, REFUSAL_KEYS, MAX_TEXT),
                ),
                field=kind or "request",
                retry=Retry.SOON if response.status_code >= 500 else Retry.LATER,
            )
        return _json(response, path)

    def pages(self, path: str, params: Mapping[str, str | int] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, `PAGE_SIZE` at a time."""
        offset = 0
        while True:
            query = dict(params or {})
            query.update({"limit": PAGE_SIZE, "offset": offset})
            page = self.call("GET", path, params=query)
            if not isinstance(page, list):
                raise NetworkFailure(
                    i18n.text("mww.bad_answer"),
                    i18n.text("mww.bad_answer.msg", path=path, status=200),
                )
            yield from page
            if len(page) < PAGE_SIZE:
                return
            offset += len(page)


def _json(response: httpx.Response, path: str) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise NetworkFailure(
            i18n.text("mww.bad_answer"),
            i18n.text("mww.bad_answer.msg", path=path, status=response.status_code),
        ) from exc
