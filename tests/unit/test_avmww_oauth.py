"""AccountView's sign-in: the consent in the browser, and rotating refresh tokens kept."""

from __future__ import annotations

import httpx
import pytest

from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.oauth import ClientIdentity
from jjdesk.connectors.oauth_consent import consent
from jjdesk.errors import AuthFailure
from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from tests.avmww_world import avmww_world


def _browser(url: str) -> None:
    """The merchant signs in and agrees: the page redirects to jjdesk's listener."""
    httpx.get(url, follow_redirects=True, timeout=10)


def test_a_rotated_refresh_token_is_written_back_to_the_keyring(
    profile: Profile, secrets: SecretStore
) -> None:
    with avmww_world(profile, secrets) as world:
        first = secrets.get("accountview", "refresh_token")
        assert first
        world.av.add_article("MOK", "Mok", "8.26")
        world.run("products")
        second = secrets.get("accountview", "refresh_token")
        assert second and second != first
        assert first in world.av.retired and second in world.av.refresh_tokens
        world.run("stock")  # the next run signs in with the new one
        assert secrets.get("accountview", "refresh_token") not in (first, second)


def test_sign_in_in_the_browser_keeps_the_refresh_token(
    profile: Profile, secrets: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with avmww_world(profile, secrets) as world:
        secrets.delete("accountview", "refresh_token")
        monkeypatch.setattr("webbrowser.open", _browser)
        assert "AccountView" in world.app.authorize_connection("accountview")
        token = secrets.get("accountview", "refresh_token")
        assert token in world.av.refresh_tokens
        assert "business objects" in world.app.test_connection("accountview")


def test_a_redirect_with_another_state_is_refused(profile: Profile, secrets: SecretStore) -> None:
    with avmww_world(profile, secrets) as world:
        base = f"{world.demo.av_server.base_url}/api/v3"
        identity = ClientIdentity(f"{base}/token", world.av.client_id, world.av.client_secret)

        def forged(url: str) -> None:
            httpx.get(url.replace("state=", "state=forged"), follow_redirects=True, timeout=10)

        transport = HttpTransport("AccountView")
        try:
            with pytest.raises(AuthFailure):
                consent(
                    f"{base}/authorize",
                    identity,
                    transport,
                    "AccountView",
                    "accountview",
                    open_browser=forged,
                )
        finally:
            transport.close()
