"""AccountView ↔ MijnWebwinkel in the window: no level rules page, and AccountView's
"Sign in…" runs the browser consent off the GUI thread and keeps the token."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from conftest import MakeDesktop
from pytestqt.qtbot import QtBot

from jjdesk.app import App
from jjdesk.demo_avmww import AvmwwDemo, configure_avmww
from jjdesk.integrations.accountview_mijnwebwinkel import AV_CONNECTION, AVMWW, MWW_CONNECTION
from jjdesk.profile import Profile
from jjdesk.secrets import MemoryKeyring, SecretStore


def test_avmww_has_no_levels_page_and_signs_in_from_the_connection_form(
    qtbot: QtBot,
    tmp_path: Path,
    keyring_backend: MemoryKeyring,
    make_desktop: MakeDesktop,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo = AvmwwDemo().start(seeded=False)
    secrets = SecretStore(keyring_backend, environ={})
    app = App(Profile(tmp_path / "avmww"), [AVMWW], [AV_CONNECTION, MWW_CONNECTION], secrets)
    try:
        configure_avmww(app, demo)
        secrets.delete("accountview", "refresh_token")
        monkeypatch.setattr(
            "webbrowser.open", lambda url: httpx.get(url, follow_redirects=True, timeout=10)
        )
        desktop = make_desktop(app)
        assert list(desktop.window.levels.editors) == []
        forms = desktop.window.connections.forms
        qtbot.waitUntil(lambda: {"accountview", "mijnwebwinkel"} <= set(forms))
        form = forms["accountview"]
        assert not form.sign_in_button.isHidden()
        assert forms["mijnwebwinkel"].sign_in_button.isHidden()
        form.sign_in_button.click()
        qtbot.waitUntil(lambda: form.result.text().startswith("Signed in"), timeout=15000)
        assert secrets.get("accountview", "refresh_token") in demo.accountview.refresh_tokens
        desktop.shutdown()
    finally:
        app.shutdown()
        demo.stop()
