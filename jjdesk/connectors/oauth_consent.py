"""The merchant's consent for an OAuth2 authorization-code flow (AccountView's sign-in).

jjdesk opens the system browser at the authorization page; the merchant signs in there
and agrees; the page sends the browser back to a listener on this computer's loopback
address (a free port, one request), which hands jjdesk the code. The code is exchanged
for tokens at once; `state` guards against a redirect jjdesk did not ask for. Nothing of
this shows a password to jjdesk.
"""

from __future__ import annotations

import secrets
import threading
import webbrowser
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from authlib.oauth2.rfc6749.parameters import prepare_token_request

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.oauth import ClientIdentity, request_token
from jjdesk.errors import AuthFailure

CALLBACK = "/callback"
WAIT_SECONDS = 300.0

i18n.register(
    {
        "consent.done": {
            "de": "Anmeldung erhalten. Sie können dieses Fenster schließen und zu jjdesk "
            "zurückkehren.",
            "en": "Sign-in received. You can close this window and return to jjdesk.",
        },
        "consent.refused": {
            "de": "Die Anmeldung wurde abgebrochen oder abgelehnt.",
            "en": "The sign-in was cancelled or refused.",
        },
        "consent.timeout": {
            "de": "keine Anmeldung binnen 5 Minuten",
            "en": "no sign-in within 5 minutes",
        },
    }
)


class _Listener(HTTPServer):
    code: str = ""
    error: str = ""
    state: str = ""
    received: threading.Event


def _handler() -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # the code is a secret
            """Say nothing: the query carries the authorization code."""

        def do_GET(self) -> None:
            server = self.server
            assert isinstance(server, _Listener)
            parts = urlsplit(self.path)
            if parts.path != CALLBACK:
                self.send_error(404)
                return
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if query.get("state") != server.state:
                server.error = "state"
            elif query.get("code"):
                server.code = query["code"]
            else:
                server.error = query.get("error", "no code")
            text = i18n.text("consent.refused" if server.error else "consent.done")
            body = f"<!doctype html><meta charset=utf-8><p>{text}</p>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            server.received.set()

    return Handler


def consent(
    authorize_url: str,
    identity: ClientIdentity,
    transport: HttpTransport,
    system: str,
    connection: str,
    *,
    open_browser: Callable[[str], object] | None = None,
    wait: float = WAIT_SECONDS,
) -> dict[str, Any]:
    """Ask the merchant's consent in the browser; the token response (with refresh token)."""
    listener = _Listener(("127.0.0.1", 0), _handler())
    listener.state = secrets.token_urlsafe(24)
    listener.received = threading.Event()
    redirect = f"http://127.0.0.1:{listener.server_address[1]}{CALLBACK}"
    thread = threading.Thread(target=listener.serve_forever, name="oauth-consent", daemon=True)
    thread.start()
    try:
        query = {
            "response_type": "code",
            "client_id": identity.client_id,
            "redirect_uri": redirect,
            "state": listener.state,
        }
        if identity.scope:
            query["scope"] = identity.scope
        separator = "&" if "?" in authorize_url else "?"
        (open_browser or webbrowser.open)(f"{authorize_url}{separator}{urlencode(query)}")
        if not listener.received.wait(wait):
            raise AuthFailure(system, connection, i18n.text("consent.timeout"))
    finally:
        listener.shutdown()
        listener.server_close()
    if listener.error or not listener.code:
        raise AuthFailure(system, connection, listener.error[:60])
    body = prepare_token_request("authorization_code", code=listener.code, redirect_uri=redirect)
    return dict(request_token(transport, identity, body, system, connection))
