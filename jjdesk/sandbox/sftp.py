"""A real SFTP server on loopback (asyncssh), serving a folder, with faults on demand.

The file channels' simulators (Tradebyte, a custom shop's drop folder) put their folder
layout under `root`; jjdesk's real SFTP client talks to it over a socket. Faults: the
connection dropped in the middle of an upload, permission denied for writes below a
folder, a full disk, and a new host key (as after a server change, or an impostor).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh


@dataclass
class SftpFaults:
    """What goes wrong next; thread-safe enough for tests (set, then act)."""

    drop_after_bytes: int | None = None  # the next upload loses its connection after n bytes
    deny_writes_below: set[str] = field(default_factory=set)  # folders ("in", "archive")
    disk_full: bool = False


class SftpSimulator:
    """`root` over SFTP on 127.0.0.1 at a free port, for one user with a password."""

    def __init__(self, root: Path, username: str = "jjdesk", password: str = "sftp-secret") -> None:
        self.root = root
        self.username = username
        self.password = password
        self.faults = SftpFaults()
        self.uploads: list[str] = []  # final names renamed into place, in order
        # called with the final name ("/in/ARTICLE_….csv") once a file is renamed into
        # place: a simulator on top picks it up there, as the real system's importer would
        self.on_upload: Callable[[str], None] | None = None
        self._key = asyncssh.generate_private_key("ssh-ed25519")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="sim-sftp")
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._connections: set[asyncssh.SSHServerConnection] = set()
        self.port = 0

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> SftpSimulator:
        """Serve in a background thread; returns self."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._thread.start()
        self._run(self._listen())
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._run(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def __enter__(self) -> SftpSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def new_host_key(self) -> None:
        """Present another host key from now on (restarts the listener on the same port)."""
        self._key = asyncssh.generate_private_key("ssh-ed25519")
        self._run(self._close())
        self._run(self._listen(self.port))

    @property
    def host_key_fingerprint(self) -> str:
        """The key's fingerprint as OpenSSH (and jjdesk) prints it."""
        return str(self._key.get_fingerprint("sha256"))

    # -- internals ----------------------------------------------------------------------

    def _run(self, coro: Awaitable[Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)  # type: ignore[arg-type]

    async def _close(self) -> None:
        """Close the listener and open sessions inside the loop (asyncio is not thread-safe)."""
        if self._acceptor is not None:
            self._acceptor.close()
            await self._acceptor.wait_closed()
            self._acceptor = None
        for connection in list(self._connections):
            connection.close()
            await connection.wait_closed()
        self._connections.clear()

    async def _listen(self, port: int = 0) -> None:
        simulator = self

        class Server(asyncssh.SSHServer):
            def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
                self.conn = conn
                simulator._connections.add(conn)

            def connection_lost(self, exc: Exception | None) -> None:
                simulator._connections.discard(self.conn)

            def begin_auth(self, username: str) -> bool:
                return True

            def password_auth_supported(self) -> bool:
                return True

            def validate_password(self, username: str, password: str) -> bool:
                return username == simulator.username and password == simulator.password

        class Files(asyncssh.SFTPServer):
            def __init__(self, chan: asyncssh.SSHServerChannel) -> None:
                super().__init__(chan, chroot=str(simulator.root).encode())
                self._written = 0

            def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs) -> object:
                if pflags & asyncssh.FXF_WRITE and simulator._denied(path):
                    raise asyncssh.SFTPPermissionDenied("Permission denied")
                return super().open(path, pflags, attrs)

            def write(self, file_obj: object, offset: int, data: bytes) -> Any:
                faults = simulator.faults
                if faults.disk_full:
                    raise asyncssh.SFTPNoSpaceOnFilesystem("No space left on device")
                if faults.drop_after_bytes is not None:
                    self._written += len(data)
                    if self._written > faults.drop_after_bytes:
                        faults.drop_after_bytes = None
                        self.connection.abort()
                        raise asyncssh.SFTPConnectionLost("connection dropped")
                return super().write(file_obj, offset, data)

            def rename(self, oldpath: bytes, newpath: bytes) -> Any:
                if simulator._denied(newpath):
                    raise asyncssh.SFTPPermissionDenied("Permission denied")
                result = super().rename(oldpath, newpath)
                simulator._uploaded(newpath.decode())
                return result

            def posix_rename(self, oldpath: bytes, newpath: bytes) -> Any:
                if simulator._denied(newpath):
                    raise asyncssh.SFTPPermissionDenied("Permission denied")
                result = super().posix_rename(oldpath, newpath)
                simulator._uploaded(newpath.decode())
                return result

        self._acceptor = await asyncssh.listen(
            "127.0.0.1",
            port,
            server_host_keys=[self._key],
            server_factory=Server,
            sftp_factory=Files,
            allow_scp=False,
        )
        self.port = self._acceptor.get_port()

    def _uploaded(self, name: str) -> None:
        self.uploads.append(name)
        if self.on_upload is not None:
            self.on_upload(name)

    def _denied(self, path: bytes) -> bool:
        text = path.decode().strip("/")
        return any(
            text == folder or text.startswith(folder.strip("/") + "/")
            for folder in self.faults.deny_writes_below
        )
