"""A local or network folder (a mounted share) as a `RemoteFolder`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from jjdesk import i18n
from jjdesk.connectors.folders.base import TMP_SUFFIX, FolderFile, numbered, safe_name
from jjdesk.errors import ConfigFailure, NetworkFailure

i18n.register(
    {
        "folder.local.missing": {
            "de": "Ordner nicht gefunden",
            "en": "Folder not found",
        },
        "folder.local.missing.msg": {
            "de": "Der Ordner „{path}“ existiert nicht oder ist nicht erreichbar (Netzlaufwerk "
            "getrennt?). Prüfen Sie die Einstellung.",
            "en": "The folder “{path}” does not exist or cannot be reached (network drive "
            "disconnected?). Check the setting.",
        },
        "folder.io_failed": {
            "de": "Ordner {folder} nicht nutzbar",
            "en": "Folder {folder} not usable",
        },
        "folder.io_failed.msg": {
            "de": "{action} „{path}“ ist fehlgeschlagen: {detail}. jjdesk versucht es beim "
            "nächsten Lauf erneut.",
            "en": "{action} “{path}” failed: {detail}. jjdesk tries again on the next run.",
        },
    }
)


class LocalFolder:
    """Files under `root`; writes are atomic within the folder (os.replace)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        if not root.is_dir():
            raise ConfigFailure(
                i18n.text("folder.local.missing"),
                i18n.text("folder.local.missing.msg", path=root),
            )

    def _path(self, path: str) -> Path:
        return self.root / safe_name(path)

    def list(self, folder: str = "", suffixes: tuple[str, ...] = ()) -> list[FolderFile]:
        """Complete files of `folder`, oldest first."""
        base = self._path(folder)
        if not base.is_dir():
            return []
        files = []
        with _io("list", folder, self.label):
            for entry in base.iterdir():
                if not entry.is_file() or entry.name.endswith(TMP_SUFFIX):
                    continue
                if suffixes and not entry.name.lower().endswith(suffixes):
                    continue
                stat = entry.stat()
                files.append(
                    FolderFile(
                        f"{safe_name(folder)}/{entry.name}".lstrip("/"),
                        stat.st_size,
                        datetime.fromtimestamp(stat.st_mtime, UTC),
                    )
                )
        return sorted(files, key=lambda f: (f.modified, f.path))

    def read(self, path: str) -> bytes:
        """A file's bytes."""
        with _io("read", path, self.label):
            return self._path(path).read_bytes()

    def write(self, path: str, data: bytes) -> None:
        """`path.tmp`, flushed to disk, then renamed over `path`."""
        self.stage(path, data)
        self.publish(path)

    def stage(self, path: str, data: bytes) -> None:
        """`path.tmp`, flushed to disk."""
        target = self._path(path)
        with _io("write", path, self.label):
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(_temp(target), "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())

    def publish(self, path: str) -> None:
        """`path.tmp` renamed over `path`."""
        target = self._path(path)
        with _io("write", path, self.label):
            os.replace(_temp(target), target)

    def exists(self, path: str) -> bool:
        """Whether the file is there."""
        with _io("list", path, self.label):
            return self._path(path).is_file()

    def move(self, path: str, folder: str) -> str:
        """Into `folder`, under a numbered name if the name is taken there."""
        source = self._path(path)
        with _io("move", path, self.label):
            destination = self._path(folder)
            destination.mkdir(parents=True, exist_ok=True)
            taken = {p.name for p in destination.iterdir()}
            name = numbered(source.name, taken)
            os.replace(source, destination / name)
        return f"{safe_name(folder)}/{name}".lstrip("/")

    def remove(self, path: str) -> None:
        """Delete a file (absent is fine)."""
        with _io("remove", path, self.label):
            self._path(path).unlink(missing_ok=True)

    def close(self) -> None:
        """Nothing to release."""


def _temp(target: Path) -> Path:
    return target.with_name(target.name + TMP_SUFFIX)


@contextmanager
def _io(action: str, path: str, folder: str) -> Iterator[None]:
    """Turns an OSError into a run failure with a sentence (the next run tries again)."""
    try:
        yield
    except OSError as exc:
        raise folder_failure(folder, action, path, exc) from exc


class FolderFailure(NetworkFailure):
    """One folder operation failed (permission denied, disk full, connection lost).

    A connector may treat it as a problem of that one file; otherwise the run fails.
    """

    def __init__(self, folder: str, action: str, path: str, detail: str) -> None:
        super().__init__(
            i18n.text("folder.io_failed", folder=folder),
            i18n.text("folder.io_failed.msg", action=action, path=path, detail=detail),
        )
        self.action = action
        self.path = path
        self.detail = detail


def folder_failure(folder: str, action: str, path: str, exc: OSError) -> FolderFailure:
    """A failure of one folder operation, in words (no secret or content in it)."""
    return FolderFailure(folder, action, path, exc.strerror or str(exc) or type(exc).__name__)
