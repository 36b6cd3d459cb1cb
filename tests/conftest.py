"""Test hygiene for the whole suite: offscreen Qt, an in-memory keyring, a fresh profile."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("JJDESK_LANG", "en")

from jjdesk import i18n
from jjdesk.profile import Profile
from jjdesk.secrets import MemoryKeyring, SecretStore

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = SHARED / "fixtures"


@pytest.fixture(autouse=True)
def _memory_keyring() -> Iterator[MemoryKeyring]:
    """No test may ever touch the developer's real keyring."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    i18n.set_language("en")
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    """A fresh profile folder per test."""
    return Profile(tmp_path / "profile").ensure()


@pytest.fixture
def secrets(_memory_keyring: MemoryKeyring) -> SecretStore:
    """A SecretStore on the in-memory keyring, ignoring the environment."""
    return SecretStore(_memory_keyring, environ={})
