"""Personal data out of texts a remote system sends back (before they reach logs or errors).

Shared by every order sink's connector: an ERP that echoes a refused order's address in
its error text must not put the buyer's name into jjdesk's error list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import fields

import httpx

from jjdesk.domain.models import Address, Order

_VARIANTS = {"ß": "(?:ß|ss)", "ä": "(?:ä|ae)", "ö": "(?:ö|oe)", "ü": "(?:ü|ue)"}
_WORDS = re.compile(r"[^\W\d_]{3,}")


def scrub(text: str, order: Order) -> str:
    """The text without the buyer's personal data (every address field and e-mail).

    Case-insensitive, also where the remote system writes ß as ss or umlauts as ae/oe/ue. Values of
    up to three characters ("Li", "Bo") go as whole words only, so "Lieferung" stays
    readable; longer ones wherever they occur, and so do the words of longer values.
    """
    needles: set[str] = set()
    for address in (order.billing, order.shipping):
        if address is None:
            continue
        for item in fields(Address):
            value = getattr(address, item.name).strip()
            if len(value) < 2:
                continue
            needles.add(value)
            if item.name == "email":
                needles.add(value.split("@", 1)[0])
            elif item.name == "phone":
                digits = re.sub(r"\D", "", value)
                needles.update([digits] if len(digits) >= 6 else [])
            else:
                needles.update(_WORDS.findall(value))
    for needle in sorted(needles, key=len, reverse=True):
        if len(needle) < 2:
            continue
        pattern = "".join(_VARIANTS.get(c, re.escape(c)) for c in needle.lower())
        if len(needle) <= 3:
            pattern = rf"(?<!\w){pattern}(?!\w)"
        text = re.sub(pattern, "…", text, flags=re.IGNORECASE)
    return text


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def without_addresses(text: str) -> str:
    """The text without e-mail addresses: for a remote system's words about a request that
    names no buyer jjdesk knows (a channel's refusal of a message), where `scrub` has no
    order to go by."""
    return _EMAIL.sub("…", text)


def refusal_words(response: httpx.Response, keys: Sequence[str], limit: int) -> str:
    """A remote system's own words about a refusal, short and without e-mail addresses:
    the first of `keys` a JSON answer has, else its text. A caller that knows the order
    scrubs them further (`scrub`)."""
    try:
        data = response.json()
    except ValueError:
        return without_addresses(response.text)[:limit] or f"HTTP {response.status_code}"
    if isinstance(data, dict):
        found = next((data[key] for key in keys if data.get(key)), data)
        return without_addresses(str(found))[:limit]
    return without_addresses(str(data))[:limit]
