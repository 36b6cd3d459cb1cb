"""An SFTP server folder as a `RemoteFolder`, through paramiko.

The server's host key is trusted on first use and pinned: the fingerprint is shown to the
merchant (the connection test says it) and kept in the settings; a server that later
shows another key stops the run with a message saying both fingerprints. A key is never
accepted silently after the first connect.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import logging
import posixpath
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import paramiko

from jjdesk import i18n
from jjdesk.connectors.folders.base import TMP_SUFFIX, FolderFile, numbered, safe_name
from jjdesk.connectors.folders.local import folder_failure
from jjdesk.errors import AuthFailure, ConfigFailure, NetworkFailure, SystemFailure

log = logging.getLogger(__name__)

i18n.register(
    {
        "sftp.host_key_changed": {
            "de": "Der Server {host} hat einen anderen Schlüssel",
            "en": "The server {host} has another key",
        },
        "sftp.host_key_changed.msg": {
            "de": "Beim ersten Verbinden hatte {host} den Schlüssel {pinned}, jetzt {seen}. "
            "Das kann ein Serverwechsel beim Anbieter sein – oder jemand gibt sich als der "
            "Server aus. jjdesk überträgt nichts. Fragen Sie den Anbieter, ob der neue "
            "Schlüssel stimmt, und setzen Sie ihn dann unter „Verbindungen“ zurück.",
            "en": "On the first connection {host} had the key {pinned}, now {seen}. That "
            "may be a server change at the provider – or someone posing as the server. "
            "jjdesk transfers nothing. Ask the provider whether the new key is right, then "
            "reset it under “Connections”.",
        },
        "sftp.unreachable.detail": {
            "de": "SFTP {host}:{port}",
            "en": "SFTP {host}:{port}",
        },
        "sftp.bad_key": {
            "de": "Privater SSH-Schlüssel nicht lesbar",
            "en": "Private SSH key cannot be read",
        },
        "sftp.bad_key.msg": {
            "de": "Der hinterlegte Schlüssel ist kein OpenSSH/PEM-Schlüssel (RSA, ECDSA oder "
            "Ed25519) oder die Passphrase stimmt nicht.",
            "en": "The stored key is no OpenSSH/PEM key (RSA, ECDSA or Ed25519) or the "
            "passphrase is wrong.",
        },
    }
)


def fingerprint(key: paramiko.PKey) -> str:
    """OpenSSH's form: "SHA256:" and the unpadded base64 of the key's SHA-256."""
    raw = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class HostKeyPin:
    """The pinned fingerprint (None before the first connect) and how to pin one."""

    pinned: str | None
    pin: Callable[[str], None]


@dataclass(frozen=True)
class SftpConfig:
    """Where and as whom; `private_key` is the key file's text (from the keyring)."""

    host: str
    username: str
    port: int = 22
    password: str = field(default="", repr=False)
    private_key: str = field(default="", repr=False)
    passphrase: str = field(default="", repr=False)
    root: str = "/"
    timeout: float = 30.0


class HostKeyChanged(SystemFailure):
    """The server's key differs from the pinned one."""


class _PinPolicy(paramiko.MissingHostKeyPolicy):
    """Accepts the pinned key, pins the first one, refuses any other."""

    def __init__(self, pin: HostKeyPin) -> None:
        self._pin = pin
        self.seen = ""
        self.pinned_now = False

    def missing_host_key(
        self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
    ) -> None:
        self.seen = fingerprint(key)
        if self._pin.pinned is None:
            self._pin.pin(self.seen)
            self.pinned_now = True
            log.info("SFTP %s: host key %s pinned on first connect", hostname, self.seen)
            return
        if self._pin.pinned != self.seen:
            raise HostKeyChanged(
                i18n.text("sftp.host_key_changed", host=hostname),
                i18n.text(
                    "sftp.host_key_changed.msg",
                    host=hostname,
                    pinned=self._pin.pinned,
                    seen=self.seen,
                ),
            )


class SftpFolder:
    """A folder on an SFTP server; connects on first use, one session per run."""

    def __init__(self, config: SftpConfig, pin: HostKeyPin) -> None:
        self.config = config
        self.label = f"SFTP {config.host}:{safe_name(config.root) or '/'}"
        self._policy = _PinPolicy(pin)
        self._client: paramiko.SSHClient | None = None
        self._sftp: paramiko.SFTPClient | None = None

    @property
    def host_key(self) -> str:
        """The fingerprint the server showed (after connecting)."""
        return self._policy.seen

    @property
    def pinned_now(self) -> bool:
        """Whether this connection pinned the server's key (its first connect)."""
        return self._policy.pinned_now

    def connect(self) -> paramiko.SFTPClient:
        """The SFTP session, opened on first use."""
        if self._sftp is not None:
            return self._sftp
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(self._policy)
        cfg = self.config
        try:
            client.connect(
                cfg.host,
                port=cfg.port,
                username=cfg.username,
                password=cfg.password or None,
                pkey=_private_key(cfg) if cfg.private_key else None,
                look_for_keys=False,
                allow_agent=False,
                timeout=cfg.timeout,
                banner_timeout=cfg.timeout,
                auth_timeout=cfg.timeout,
            )
            self._sftp = client.open_sftp()
        except paramiko.AuthenticationException as exc:
            client.close()
            raise AuthFailure("SFTP", "sftp", type(exc).__name__) from exc
        except (paramiko.SSHException, OSError, EOFError) as exc:
            client.close()
            raise NetworkFailure.unreachable(
                i18n.text("sftp.unreachable.detail", host=cfg.host, port=cfg.port),
                type(exc).__name__,
            ) from exc
        channel = self._sftp.get_channel()
        if channel is not None:
            channel.settimeout(cfg.timeout)
        self._client = client
        return self._sftp

    def _remote(self, path: str) -> str:
        return posixpath.join(self.config.root or "/", safe_name(path))

    def list(self, folder: str = "", suffixes: tuple[str, ...] = ()) -> list[FolderFile]:
        """Complete files of `folder`, oldest first (a missing folder is empty)."""
        sftp = self.connect()
        try:
            entries = sftp.listdir_attr(self._remote(folder))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise folder_failure(self.label, "list", folder, exc) from exc
        files = []
        for entry in entries:
            name = entry.filename
            if not stat.S_ISREG(entry.st_mode or 0) or name.endswith(TMP_SUFFIX):
                continue
            if suffixes and not name.lower().endswith(suffixes):
                continue
            files.append(
                FolderFile(
                    f"{safe_name(folder)}/{name}".lstrip("/"),
                    int(entry.st_size or 0),
                    datetime.fromtimestamp(entry.st_mtime or 0, UTC),
                )
            )
        return sorted(files, key=lambda f: (f.modified, f.path))

    def read(self, path: str) -> bytes:
        """A file's bytes."""
        sftp = self.connect()
        buffer = io.BytesIO()
        try:
            sftp.getfo(self._remote(path), buffer)
        except OSError as exc:
            raise folder_failure(self.label, "read", path, exc) from exc
        return buffer.getvalue()

    def write(self, path: str, data: bytes) -> None:
        """Upload as `path.tmp`, check its size, then rename it to `path`."""
        self.stage(path, data)
        self.publish(path)

    def stage(self, path: str, data: bytes) -> None:
        """Upload as `path.tmp` and check that the server kept every byte."""
        sftp = self.connect()
        temp = self._remote(path) + TMP_SUFFIX
        try:
            self._ensure_folder(posixpath.dirname(temp))
            # not pipelined: each block waits for its answer, so a refusal ("no space
            # left") arrives with the server's reason instead of a size mismatch later
            with sftp.open(temp, "wb") as handle:
                handle.write(data)
            if sftp.stat(temp).st_size != len(data):
                raise OSError(f"{len(data)} bytes sent, the server kept fewer")
        except (TimeoutError, OSError, EOFError, paramiko.SSHException) as exc:
            raise folder_failure(self.label, "write", path, _as_os_error(exc)) from exc

    def publish(self, path: str) -> None:
        """Rename `path.tmp` to `path` (replacing an older `path`)."""
        sftp = self.connect()
        target = self._remote(path)
        try:
            try:
                sftp.posix_rename(target + TMP_SUFFIX, target)
            except OSError:
                # a server without the posix-rename extension: make room, then rename
                self._remove_quietly(target)
                sftp.rename(target + TMP_SUFFIX, target)
        except (TimeoutError, OSError, EOFError, paramiko.SSHException) as exc:
            raise folder_failure(self.label, "write", path, _as_os_error(exc)) from exc

    def exists(self, path: str) -> bool:
        """Whether the file is there."""
        sftp = self.connect()
        try:
            sftp.stat(self._remote(path))
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise folder_failure(self.label, "list", path, exc) from exc
        return True

    def move(self, path: str, folder: str) -> str:
        """Into `folder` (created if missing), under a numbered name if it is taken."""
        sftp = self.connect()
        try:
            destination = self._remote(folder)
            self._ensure_folder(destination)
            taken = set(sftp.listdir(destination))
            name = numbered(posixpath.basename(safe_name(path)), taken)
            sftp.rename(self._remote(path), posixpath.join(destination, name))
        except OSError as exc:
            raise folder_failure(self.label, "move", path, exc) from exc
        return f"{safe_name(folder)}/{name}".lstrip("/")

    def remove(self, path: str) -> None:
        """Delete a file (absent is fine)."""
        self.connect()
        try:
            self._remove_quietly(self._remote(path))
        except OSError as exc:
            raise folder_failure(self.label, "remove", path, exc) from exc

    def close(self) -> None:
        """Close the session."""
        if self._client is not None:
            self._client.close()
        self._client = self._sftp = None

    def _ensure_folder(self, remote: str) -> None:
        assert self._sftp is not None
        parts = [p for p in remote.split("/") if p]
        current = "/" if remote.startswith("/") else ""
        for part in parts:
            current = posixpath.join(current, part) if current else part
            try:
                self._sftp.stat(current)
            except FileNotFoundError:
                self._sftp.mkdir(current)

    def _remove_quietly(self, remote: str) -> None:
        assert self._sftp is not None
        with contextlib.suppress(FileNotFoundError):
            self._sftp.remove(remote)


def _private_key(cfg: SftpConfig) -> paramiko.PKey:
    passphrase = cfg.passphrase or None
    for kind in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return kind.from_private_key(io.StringIO(cfg.private_key), password=passphrase)
        except (paramiko.SSHException, ValueError):
            continue
    raise ConfigFailure(i18n.text("sftp.bad_key"), i18n.text("sftp.bad_key.msg"))


def _as_os_error(exc: BaseException) -> OSError:
    return exc if isinstance(exc, OSError) else OSError(type(exc).__name__)
