"""Typed errors for Afterbuy's own error answers (they arrive with HTTP 200)."""

from __future__ import annotations

from dataclasses import dataclass

from jjdesk import i18n
from jjdesk.connectors.afterbuy.messages import SYSTEM
from jjdesk.errors import AuthFailure, SystemFailure

NO_SOLD_ITEMS = "15"  # GetSoldItems: "no new sold items found" — an empty result, not an error
TOO_MANY_ORDERS = "75"  # UpdateSoldItems with more than 150 orders
# Afterbuy has no documented auth error code; these phrases are its wording for rejected
# credentials ("UserId nicht vorhanden oder nicht freigegeben.", "AccountToken ungültig").
# Single words such as "partner" or "login" would also match product names in a refusal.
_AUTH_PHRASES = (
    "userid nicht vorhanden", "partnertoken", "accounttoken", "usertoken", "partnerid",
    "partnerpass", "zugangsdaten", "authentifi", "authenticat", "nicht autorisiert",
    "not authorized", "unauthorized",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AfterbuyMessage:
    """One entry of Afterbuy's ErrorList or WarningList."""

    code: str
    description: str
    long_description: str = ""


class AfterbuyCallError(SystemFailure):
    """Afterbuy answered a call with CallStatus Error: the run cannot go on.

    The title names the call and the code only: titles go to the log, and Afterbuy's own
    words (the message) may echo data that must not be logged.
    """

    def __init__(self, call_name: str, code: str, text: str) -> None:
        super().__init__(i18n.text("afterbuy.call_failed", call=call_name, code=code or "?"), text)
        self.call_name = call_name
        self.code = code
        self.text = text


class AfterbuyProtocolError(SystemFailure):
    """The answer could not be read as Afterbuy XML."""

    def __init__(self, call_name: str) -> None:
        super().__init__(
            i18n.text("afterbuy.bad_response"),
            i18n.text("afterbuy.bad_response.msg", call=call_name),
        )
        self.call_name = call_name


def looks_like_auth(text: str) -> bool:
    """Whether Afterbuy's words say the credentials were rejected."""
    lowered = text.casefold()
    return any(phrase in lowered for phrase in _AUTH_PHRASES)


def error_for(call_name: str, errors: list[AfterbuyMessage]) -> SystemFailure:
    """The exception for an Error answer: AuthFailure for rejected tokens, else a call error."""
    first = errors[0]
    text = first.description or first.long_description
    if any(looks_like_auth(f"{e.description} {e.long_description}") for e in errors):
        return AuthFailure(SYSTEM, "afterbuy", f"{first.code}: {text}")
    return AfterbuyCallError(call_name, first.code, text)
