"""One jjdesk per profile: a second start asks the first to show its window and exits."""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

SHOW = b"show\n"


def server_name(profile_root: Path) -> str:
    """A local socket name unique per user and profile folder."""
    key = f"{getpass.getuser()}:{profile_root.resolve()}"
    return "jjdesk-" + hashlib.sha256(key.encode()).hexdigest()[:24]


class SingleInstance(QObject):
    """Listens for "show" from later starts with the same profile."""

    show_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None
        self._sockets: list[QLocalSocket] = []  # owned by the server; closed with it

    def notify_running(self, timeout_ms: int = 1000) -> bool:
        """Tell a running instance to show itself; False when there is none."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(SHOW)
        socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the running instance (a socket left by a crashed one is removed)."""
        QLocalServer.removeServer(self.name)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        return bool(self._server.listen(self.name))

    def close(self) -> None:
        """Stop listening (quit)."""
        if self._server is not None:
            self._sockets.clear()
            self._server.close()
            self._server = None

    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            self._sockets.append(socket)
            socket.readyRead.connect(self._read_all)
        self._read_all()

    def _read_all(self) -> None:
        """Read whatever arrived; forget sockets the other side closed."""
        for socket in list(self._sockets):
            if socket.bytesAvailable() and SHOW.strip() in bytes(socket.readAll().data()):
                self.show_requested.emit()
            if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                self._sockets.remove(socket)
