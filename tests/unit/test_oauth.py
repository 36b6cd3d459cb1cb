"""OAuth2 tokens through the shared transport, against a token endpoint on loopback."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest

from jjdesk.connectors.http import HttpTransport, RetryPolicy
from jjdesk.connectors.oauth import ClientCredentials, ClientIdentity, RefreshToken
from jjdesk.errors import AuthFailure
from jjdesk.sandbox.server import SimRequest, SimResponse, SimulatorServer


class TokenEndpoint:
    """Issues tokens for one client; rotates refresh tokens like AccountView does."""

    name = "tokens"

    def __init__(self, expires_in: int = 3600) -> None:
        self.expires_in = expires_in
        self.issued = 0
        self.refresh = "r0"
        self.seen_forms: list[dict[str, str]] = []
        self._lock = threading.Lock()

    def handle(self, request: SimRequest) -> SimResponse:
        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        self.seen_forms.append(form)
        basic = request.header("Authorization")
        if basic.startswith("Basic "):
            client = base64.b64decode(basic[6:]).decode()
        else:
            client = f"{form.get('client_id')}:{form.get('client_secret')}"
        if client != "shop-42:s3cret":
            return _json(401, {"error": "invalid_client"})
        with self._lock:
            if form.get("grant_type") == "refresh_token":
                if form.get("refresh_token") != self.refresh:
                    return _json(400, {"error": "invalid_grant"})
                self.refresh = f"r{self.issued + 1}"
            self.issued += 1
            body = {
                "access_token": f"t{self.issued}",
                "token_type": "bearer",
                "expires_in": self.expires_in,
                "shop_id": 42,
                "refresh_token": self.refresh,
            }
        return _json(200, body)


def _json(status: int, body: object) -> SimResponse:
    return SimResponse(status, json.dumps(body).encode(), "application/json")


@pytest.fixture
def endpoint() -> Iterator[tuple[TokenEndpoint, str]]:
    tokens = TokenEndpoint()
    with SimulatorServer(tokens) as server:
        yield tokens, server.base_url + "/oauth/token"


def _transport() -> HttpTransport:
    return HttpTransport("idealo", timeout=5, retry=RetryPolicy(attempts=2, base_delay=0.01))


def test_a_token_is_fetched_once_and_renewed_after_a_401(
    endpoint: tuple[TokenEndpoint, str],
) -> None:
    tokens, url = endpoint
    source = ClientCredentials(
        ClientIdentity(url, "shop-42", "s3cret"), _transport(), "idealo", "idealo"
    )
    assert source.token() == source.token() == "t1"
    assert tokens.issued == 1 and source.response["shop_id"] == 42
    source.invalidate("t1")
    assert source.token() == "t2"
    source.invalidate("t1")  # a late 401 for the old token does not throw the new one away
    assert source.token() == "t2"


def test_a_token_about_to_expire_is_renewed(endpoint: tuple[TokenEndpoint, str]) -> None:
    tokens, url = endpoint
    tokens.expires_in = 30  # inside the minute of leeway
    source = ClientCredentials(
        ClientIdentity(url, "shop-42", "s3cret"), _transport(), "idealo", "idealo"
    )
    assert source.token() != source.token()


def test_credentials_in_the_body_when_the_endpoint_wants_them_there(
    endpoint: tuple[TokenEndpoint, str],
) -> None:
    tokens, url = endpoint
    identity = ClientIdentity(url, "shop-42", "s3cret", auth_method="client_secret_post")
    assert ClientCredentials(identity, _transport(), "Shop", "shop").token() == "t1"
    assert tokens.seen_forms[-1]["client_id"] == "shop-42"


def test_a_wrong_secret_is_an_auth_failure(endpoint: tuple[TokenEndpoint, str]) -> None:
    _, url = endpoint
    source = ClientCredentials(
        ClientIdentity(url, "shop-42", "wrong"), _transport(), "idealo", "idealo"
    )
    with pytest.raises(AuthFailure) as caught:
        source.token()
    assert "invalid_client" in caught.value.message and "wrong" not in caught.value.message


def test_a_rotated_refresh_token_is_handed_back_before_use(
    endpoint: tuple[TokenEndpoint, str],
) -> None:
    tokens, url = endpoint
    keyring = {"refresh": "r0"}
    source = RefreshToken(
        ClientIdentity(url, "shop-42", "s3cret"),
        _transport(),
        "AccountView",
        "accountview",
        refresh_token=lambda: keyring["refresh"],
        rotated=lambda new: keyring.__setitem__("refresh", new),
    )
    assert source.token() == "t1" and keyring["refresh"] == "r1"
    source.invalidate("t1")
    assert source.token() == "t2" and keyring["refresh"] == "r2" == tokens.refresh
