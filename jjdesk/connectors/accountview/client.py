"""AccountView.Net API v3: OAuth2 bearer tokens, the company in `X-Company`, business objects.

Everything is a business object (`AR1` debtors, articles, sales orders …) read with
`GET accountviewdata` (fields, filters, pages by key) and written with
`POST accountviewdata`, whose rows are positional value lists matching a table
definition. The access token comes from the refresh grant; AccountView rotates the
refresh token, and the new one is written back to the keyring before it is used.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.oauth import RefreshToken
from jjdesk.connectors.privacy import refusal_words
from jjdesk.domain.models import Retry
from jjdesk.errors import AuthFailure, ItemProblem, NetworkFailure

API_URL = "https://www.accountview.net/api/v3"
SYSTEM = "AccountView"
CONNECTION = "accountview"
PAGE_SIZE = 100
REFUSAL_KEYS = ("Message", "message", "error_description", "error", "ExceptionMessage")
MAX_TEXT = 200

i18n.register(
    {
        "av.refused": {
            "de": "AccountView lehnt ab (HTTP {status}): {text}",
            "en": "AccountView refuses (HTTP {status}): {text}",
        },
        "av.bad_answer": {
            "de": "AccountView antwortete unlesbar",
            "en": "AccountView answered something unreadable",
        },
        "av.bad_answer.msg": {
            "de": "Die Antwort auf {path} war nicht das erwartete JSON (HTTP {status}).",
            "en": "The answer to {path} was not the JSON expected (HTTP {status}).",
        },
    }
)


@dataclass(frozen=True)
class Filter:
    """One condition of a read: `TABLE.FIELD` compared with one value or a list of them."""

    source: str
    values: tuple[str, ...]
    value_type: str = "C"  # AccountView's field types: C text, N number, D date, T moment, L flag
    operator: str = "Equal"  # the operator's spelling is not published; see the README

    @classmethod
    def equal(cls, source: str, *values: str) -> Filter:
        return cls(source, tuple(values))


@dataclass(frozen=True)
class Row:
    """A table definition and positional values for `post`."""

    table: str
    fields: tuple[tuple[str, str], ...]  # (name, field type)
    values: tuple[tuple[object, ...], ...] = field(default=())


class AccountViewClient:
    """Calls of one run against one company."""

    def __init__(
        self, base_url: str, company: str, tokens: RefreshToken, transport: HttpTransport
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.company = company
        self._tokens = tokens
        self._transport = transport

    def close(self) -> None:
        """Release the connection pool."""
        self._transport.close()

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> Any:
        """A GET answered with JSON."""
        return self._call("GET", path, params=params)

    def rows(
        self,
        business_object: str,
        table: str,
        fields: Sequence[str],
        filters: Sequence[Filter] = (),
        *,
        key: str,
    ) -> Iterator[dict[str, Any]]:
        """Rows of a business object's table, sorted by `key` and paged after the last key.

        Paging by key, not by page number, misses no row when others are inserted meanwhile.
        """
        last = ""
        while True:
            params: dict[str, str | int] = {
                "BusinessObject": business_object,
                "PageSize": PAGE_SIZE,
                "Fields": ",".join(f"{table}.{name}" for name in fields),
                "SortFields": f"{table}.{key}",
                "SortOrder": "ASC",
            }
            for number, condition in enumerate(filters, start=1):
                params[f"FilterControlSource{number}"] = condition.source
                params[f"FilterOperator{number}"] = condition.operator
                params[f"FilterValueType{number}"] = condition.value_type
                params[f"FilterValue{number}"] = ",".join(condition.values)
                params[f"FilterIsListOfValues{number}"] = (
                    "true" if len(condition.values) > 1 else "false"
                )
            if last:
                params["lastKey"] = last  # as the public clients page AccountView
            answer = self._call("GET", "accountviewdata", params=params)
            page = _table_rows(answer, table, "accountviewdata")
            yield from page
            if len(page) < PAGE_SIZE:
                return
            last = str(page[-1].get(key, ""))

    def post(
        self,
        business_object: str,
        header: Row,
        details: Sequence[Row] = (),
        *,
        book_date: datetime,
        item: tuple[str, str],
        idempotent: bool = False,
    ) -> Any:
        """Insert (or, for a known key, update) rows: a header and its detail rows."""
        body = {
            "BookDate": book_date.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "BusinessObject": business_object,
            "Table": {
                "Definition": _definition(header),
                "DetailDefinitions": [_definition(d) for d in details],
            },
            "TableData": {
                "Data": {"Rows": [{"Values": list(v)} for v in header.values]},
                "DetailData": [{"Rows": [{"Values": list(v)} for v in d.values]} for d in details],
            },
        }
        return self._call("POST", "accountviewdata", body=body, item=item, idempotent=idempotent)

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: object = None,
        item: tuple[str, str] = ("", ""),
        idempotent: bool = True,
    ) -> Any:
        url = f"{self.base_url}/{path}"
        content = None if body is None else json.dumps(body, default=str).encode()
        for attempt in (1, 2):
            token = self._tokens.token()
            headers = {
                "Authorization": f"Bearer {token}",
                "X-Company": self.company,
                "Accept": "application/json",
            }
            if content is not None:
                headers["Content-Type"] = "application/json; charset=utf-8"
            response = self._transport.request(
                method, url, params=params, content=content, headers=headers, idempotent=idempotent
            )
            if response.status_code == 401 and attempt == 1:
                self._tokens.invalidate(token)
                continue
            break
        if response.status_code in (401, 403):
            raise AuthFailure(SYSTEM, CONNECTION, f"HTTP {response.status_code}")
        if response.status_code >= 400:
            kind, key = item
            raise ItemProblem(
                kind or "request",
                key or path,
                i18n.text(
                    "av.refused",
                    status=response.status_code,
                    text=refusal_words(response, REFUSAL_KEYS, MAX_TEXT),
                ),
                field=kind or "request",
                retry=Retry.SOON if response.status_code >= 500 else Retry.LATER,
            )
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise _bad(path, response.status_code) from exc


def _definition(row: Row) -> dict[str, object]:
    return {"Name": row.table, "Fields": [{"Name": n, "FieldType": t} for n, t in row.fields]}


def _table_rows(answer: Any, table: str, path: str) -> list[dict[str, Any]]:
    """AccountView answers `{TABLE: [rows]}` (the table name in any case)."""
    if isinstance(answer, dict):
        for name, rows in answer.items():
            if name.casefold() == table.casefold() and isinstance(rows, list):
                return [r for r in rows if isinstance(r, dict)]
        if not answer:
            return []
    raise _bad(path, 200)


def _bad(path: str, status: int) -> NetworkFailure:
    return NetworkFailure(
        i18n.text("av.bad_answer"), i18n.text("av.bad_answer.msg", path=path, status=status)
    )
