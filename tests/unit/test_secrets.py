"""Credentials: keyring only, environment for headless runs, no plaintext fallback ever."""

from __future__ import annotations

import keyring.backends.fail
import pytest

from jjdesk.errors import SecretsUnavailable
from jjdesk.secrets import MemoryKeyring, SecretStore, env_name


def test_secret_round_trips_through_the_keyring(secrets: SecretStore) -> None:
    secrets.set("afterbuy", "partner_token", "s3cr3t")
    assert secrets.get("afterbuy", "partner_token") == "s3cr3t"
    secrets.set("afterbuy", "partner_token", "")
    assert secrets.get("afterbuy", "partner_token") is None


def test_environment_variable_wins_for_headless_runs() -> None:
    name = env_name("shopify", "access-token")
    assert name == "JJDESK_SECRET_SHOPIFY_ACCESS_TOKEN"
    store = SecretStore(MemoryKeyring(), environ={name: "from-env"})
    assert store.get("shopify", "access-token") == "from-env"


def test_missing_secret_names_the_field_in_plain_words(secrets: SecretStore) -> None:
    with pytest.raises(SecretsUnavailable) as caught:
        secrets.require("afterbuy", "account_token", "Account-Token")
    assert "Account-Token" in caught.value.message


def test_no_backend_is_a_clear_error_and_nothing_is_written(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = SecretStore(keyring.backends.fail.Keyring(), environ={})
    with pytest.raises(SecretsUnavailable) as caught:
        store.set("afterbuy", "partner_token", "s3cr3t")
    assert "keyring" in caught.value.message.lower()
    with pytest.raises(SecretsUnavailable):
        store.get("afterbuy", "partner_token")
    assert list(tmp_path.iterdir()) == []


def test_the_in_memory_keyring_is_never_chosen_automatically() -> None:
    from keyring.backend import get_all_keyring

    viable = sorted(get_all_keyring(), key=lambda backend: backend.priority)
    assert not viable or not isinstance(viable[-1], MemoryKeyring)
