"""OAuth2 tokens for the connectors that need them (idealo, custom shops, AccountView).

The token requests are built and read with authlib's framework-free OAuth2 pieces
(token request bodies, client authentication, `OAuth2Token` expiry) and sent through
jjdesk's own `HttpTransport`, so they get the same https check, retries and cancel as
every other call. A token is cached until shortly before it expires and renewed when
the API answers 401. `RefreshToken` covers the authorization-code flow's refresh grant,
with rotating refresh tokens handed back for the keyring.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc6749 import OAuth2Token
from authlib.oauth2.rfc6749.parameters import prepare_token_request

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport
from jjdesk.errors import AuthFailure, NetworkFailure

log = logging.getLogger(__name__)

LEEWAY = 60  # seconds before expiry at which a token counts as expired
MAX_ERROR_TEXT = 120

i18n.register(
    {
        "oauth.bad_answer": {
            "de": "{system} hat keinen gültigen Zugangstoken geliefert",
            "en": "{system} did not hand out a valid access token",
        },
        "oauth.bad_answer.msg": {
            "de": "Die Anmeldung bei {system} ({url}) gab HTTP {status} ohne Token zurück. "
            "jjdesk versucht es beim nächsten Lauf erneut.",
            "en": "Signing in to {system} ({url}) returned HTTP {status} without a token. "
            "jjdesk tries again on the next run.",
        },
    }
)


@dataclass(frozen=True)
class ClientIdentity:
    """Who asks for tokens, and how the token endpoint wants to be told."""

    token_url: str
    client_id: str
    client_secret: str = field(repr=False)
    # "client_secret_basic" (HTTP Basic, idealo) or "client_secret_post" (in the body)
    auth_method: str = "client_secret_basic"
    scope: str = ""


class _Tokens:
    """A cached token and the lock around renewing it (flows may share a connector)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token: OAuth2Token | None = None

    def current(self, fetch: Callable[[], OAuth2Token]) -> str:
        with self._lock:
            if self._token is None or self._token.is_expired(leeway=LEEWAY):
                self._token = fetch()
            return str(self._token["access_token"])

    def invalidate(self, access_token: str) -> None:
        """Forget the token if it is still this one (an API answered 401 to it)."""
        with self._lock:
            if self._token is not None and self._token.get("access_token") == access_token:
                self._token = None

    @property
    def extra(self) -> Mapping[str, Any]:
        """The last token response (idealo sends the shop id along)."""
        return dict(self._token or {})


class ClientCredentials:
    """The client-credentials grant: a token for the application itself."""

    def __init__(
        self, identity: ClientIdentity, transport: HttpTransport, system: str, connection: str
    ) -> None:
        self.identity = identity
        self.system = system
        self.connection = connection
        self._transport = transport
        self._tokens = _Tokens()

    def token(self) -> str:
        """A valid access token, fetched when there is none or it is about to expire."""
        return self._tokens.current(self._fetch)

    def invalidate(self, access_token: str) -> None:
        """Renew on next use (the API refused this token)."""
        self._tokens.invalidate(access_token)

    @property
    def response(self) -> Mapping[str, Any]:
        """Fields of the last token response (e.g. idealo's `shop_id`)."""
        return self._tokens.extra

    def _fetch(self) -> OAuth2Token:
        body = prepare_token_request("client_credentials", scope=self.identity.scope or None)
        return request_token(self._transport, self.identity, body, self.system, self.connection)


class RefreshToken:
    """The refresh grant of the authorization-code flow, with rotating refresh tokens.

    `refresh_token` reads the current refresh token (the keyring); `rotated` stores the
    new one the server hands out, before the access token is used.
    """

    def __init__(
        self,
        identity: ClientIdentity,
        transport: HttpTransport,
        system: str,
        connection: str,
        *,
        refresh_token: Callable[[], str],
        rotated: Callable[[str], None],
    ) -> None:
        self.identity = identity
        self.system = system
        self.connection = connection
        self._transport = transport
        self._refresh_token = refresh_token
        self._rotated = rotated
        self._tokens = _Tokens()

    def token(self) -> str:
        """A valid access token, refreshed when needed."""
        return self._tokens.current(self._fetch)

    def invalidate(self, access_token: str) -> None:
        """Refresh on next use."""
        self._tokens.invalidate(access_token)

    def _fetch(self) -> OAuth2Token:
        current = self._refresh_token()
        if not current:
            raise AuthFailure(self.system, self.connection)
        body = prepare_token_request("refresh_token", refresh_token=current)
        token = request_token(self._transport, self.identity, body, self.system, self.connection)
        new = token.get("refresh_token")
        if new and new != current:
            self._rotated(str(new))
        return token


def request_token(
    transport: HttpTransport, identity: ClientIdentity, body: str, system: str, connection: str
) -> OAuth2Token:
    """POST a token request; a refusal of the credentials is an `AuthFailure`."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
    }
    auth = ClientAuth(identity.client_id, identity.client_secret, identity.auth_method)
    _, headers, body = auth.prepare("POST", identity.token_url, headers, body)
    response = transport.request("POST", identity.token_url, headers=headers, content=body)
    data = _json(response)
    if response.status_code in (400, 401, 403) or "error" in data:
        detail = str(data.get("error") or f"HTTP {response.status_code}")[:MAX_ERROR_TEXT]
        raise AuthFailure(system, connection, detail)
    if response.status_code != 200 or not data.get("access_token"):
        raise NetworkFailure(
            i18n.text("oauth.bad_answer", system=system),
            i18n.text(
                "oauth.bad_answer.msg",
                system=system,
                url=identity.token_url.split("?", 1)[0],
                status=response.status_code,
            ),
        )
    log.info("%s: new access token (expires in %s s)", system, data.get("expires_in", "?"))
    return OAuth2Token.from_dict(data)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
