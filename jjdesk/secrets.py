"""The only door to the OS keyring.

Credentials live in the keyring (Windows Credential Locker, macOS Keychain, Secret
Service on Linux) under the service "jjdesk", one entry per connection and field. There
is no plaintext fallback: without a usable backend every access raises
`SecretsUnavailable` with a message the merchant understands. Headless runs may pass
credentials as environment variables `JJDESK_SECRET_<CONNECTION>_<FIELD>` (upper case,
other characters as `_`), which are read, never written anywhere.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping

import keyring
import keyring.backend
import keyring.errors

from jjdesk import i18n
from jjdesk.errors import SecretsUnavailable

SERVICE = "jjdesk"
_ENV_PREFIX = "JJDESK_SECRET_"


def env_name(connection: str, field: str) -> str:
    """The environment variable that may carry a credential in headless runs."""
    raw = f"{connection}_{field}".upper()
    return _ENV_PREFIX + re.sub(r"[^A-Z0-9]", "_", raw)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives only in this process: tests and the throw-away demo profile.

    Its negative priority keeps keyring from ever choosing it on its own (which would
    silently lose credentials at exit); it is used only when passed in explicitly or
    named in PYTHON_KEYRING_BACKEND.
    """

    priority = -1

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            self._items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            if self._items.pop((service, username), None) is None:
                raise keyring.errors.PasswordDeleteError(username)


def _usable(backend: keyring.backend.KeyringBackend) -> bool:
    """False for keyring's "fail" and "null" backends and an empty chain."""
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    chain = getattr(backend, "backends", None)
    if chain is not None:
        return any(_usable(b) for b in chain)
    return True


class SecretStore:
    """Reads and writes credentials; remembers which backend it uses."""

    def __init__(
        self,
        backend: keyring.backend.KeyringBackend | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._backend = backend
        self._environ = os.environ if environ is None else environ

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        """The keyring backend in use; raises `SecretsUnavailable` if there is none."""
        backend = self._backend or keyring.get_keyring()
        if not _usable(backend):
            raise _no_backend(type(backend).__name__)
        return backend

    def backend_name(self) -> str:
        """A readable name of the backend (shown in the Connections tab and self-test)."""
        backend = self.backend
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def get(self, connection: str, field: str) -> str | None:
        """A credential, or None when not set. The environment wins over the keyring."""
        from_env = self._environ.get(env_name(connection, field))
        if from_env:
            return from_env
        try:
            return self.backend.get_password(SERVICE, _user(connection, field))
        except keyring.errors.KeyringLocked as exc:
            raise _locked() from exc
        except keyring.errors.KeyringError as exc:
            raise _no_backend(type(exc).__name__) from exc

    def require(self, connection: str, field: str, label: str = "") -> str:
        """A credential that must exist; a missing one raises a clear error."""
        value = self.get(connection, field)
        if not value:
            raise SecretsUnavailable(
                i18n.text("secrets.missing"),
                i18n.text("secrets.missing.msg", connection=connection, field=label or field),
            )
        return value

    def set(self, connection: str, field: str, value: str) -> None:
        """Save a credential in the keyring (an empty value deletes it)."""
        if not value:
            self.delete(connection, field)
            return
        try:
            self.backend.set_password(SERVICE, _user(connection, field), value)
        except keyring.errors.KeyringLocked as exc:
            raise _locked() from exc
        except keyring.errors.KeyringError as exc:
            raise _no_backend(type(exc).__name__) from exc

    def delete(self, connection: str, field: str) -> None:
        """Remove a credential; removing a missing one is fine."""
        try:
            self.backend.delete_password(SERVICE, _user(connection, field))
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringLocked as exc:
            raise _locked() from exc

    def round_trip(self) -> None:
        """Write, read back and delete a probe entry (self-test); raises on any problem."""
        probe = "self-test"
        self.set("jjdesk", probe, "probe-value")
        try:
            if self.get("jjdesk", probe) != "probe-value":
                raise _no_backend("read-back mismatch")
        finally:
            self.delete("jjdesk", probe)


def _user(connection: str, field: str) -> str:
    return f"{connection}/{field}"


def _no_backend(detail: str) -> SecretsUnavailable:
    return SecretsUnavailable(
        i18n.text("secrets.no_backend"), i18n.text("secrets.no_backend.msg", detail=detail)
    )


def _locked() -> SecretsUnavailable:
    return SecretsUnavailable(i18n.text("secrets.locked"), i18n.text("secrets.locked.msg"))
