"""idealo's wire details shared by both APIs: SKUs in paths, amounts, error bodies, headers."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx

from jjdesk import __version__

# RFC 3986 unreserved and sub-delimiters that need no encoding in a path segment; idealo
# refuses semicolons, encoded slashes and percents, backslashes and non-printable bytes
_PATH_SAFE = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,=:@]+")
MAX_REMOTE_TEXT = 160
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
OFFER_HEADERS = {
    "Partner-Merchant-Solution": "jjdesk",
    "Partner-Merchant-Solution-Version": __version__,
    "Integration-Partner": "jjdesk",
    "Interface-Version": __version__,
}
ORDER_HEADERS = {
    "ERP-Shop-System": "Afterbuy (jjdesk)",
    "ERP-Shop-System-Version": __version__,
    "Integration-Partner": "jjdesk",
    "Interface-Version": __version__,
}


def path_safe(sku: str) -> bool:
    """Whether a SKU can travel in an idealo URL path as it is."""
    return bool(_PATH_SAFE.fullmatch(sku)) and sku not in (".", "..")


def amount(value: Decimal) -> str:
    """An amount as idealo writes it: a string with a point and two decimals ("12.80")."""
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def json_body(data: Mapping[str, object]) -> bytes:
    """A request body in UTF-8 JSON (umlauts as they are)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_of(response: httpx.Response) -> Any:
    """The answer's JSON, or None when it has none."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def remote_text(text: object) -> str:
    """A text idealo sent back, fit for an error row: one line, cut to a sane length."""
    line = _CONTROL.sub(" ", str(text)).strip()
    return line if len(line) <= MAX_REMOTE_TEXT else line[: MAX_REMOTE_TEXT - 1] + "…"


@dataclass(frozen=True, slots=True)
class Refusal:
    """What an error body says: per-field errors and general ones (PWS and MOA shapes)."""

    fields: tuple[tuple[str, str], ...] = ()
    general: tuple[str, ...] = ()
    reason: str = ""

    @property
    def field_names(self) -> str:
        """The refused fields, for the error row's field column."""
        return ", ".join(dict.fromkeys(name for name, _ in self.fields if name))

    def text(self) -> str:
        """Everything refused, in idealo's words: "price: must not be null; …"."""
        parts = [f"{name}: {message}" if name else message for name, message in self.fields]
        parts.extend(self.general)
        if self.reason and not parts:
            parts.append(self.reason)
        return "; ".join(parts)


def refusal(response: httpx.Response) -> Refusal:
    """Read `fieldErrors` / `generalErrors` (PWS) or a problem document (MOA)."""
    data = json_of(response)
    if not isinstance(data, Mapping):
        return Refusal()
    fields: list[tuple[str, str]] = []
    for entry in data.get("fieldErrors") or []:
        if isinstance(entry, Mapping):
            fields.append(
                (remote_text(entry.get("field") or ""), remote_text(entry.get("message") or ""))
            )
    general: list[str] = []
    for entry in data.get("generalErrors") or []:
        if isinstance(entry, Mapping):
            text = entry.get("message") or entry.get("error") or ""
            name = entry.get("field")
            general.append(remote_text(f"{name}: {text}" if name else text))
        elif entry:
            general.append(remote_text(entry))
    title = data.get("title") or data.get("detail") or ""
    if title and not fields and not general:
        general.append(remote_text(title))
    return Refusal(tuple(fields), tuple(general), remote_text(data.get("reason") or ""))
