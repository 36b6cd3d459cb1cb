"""What a remote folder offers, whatever is behind it (a local path, an SFTP server).

Paths are relative to the folder's root and use "/" ("in/orders_1.xml", "archive");
names that climb out of the root are refused. A file being written is `NAME.tmp` until it
is complete, then renamed, so a reader never sees half a file under its final name;
listings leave `.tmp` files out.
"""

from __future__ import annotations

import posixpath
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from jjdesk import i18n
from jjdesk.errors import ConfigFailure

TMP_SUFFIX = ".tmp"

i18n.register(
    {
        "folder.bad_name": {
            "de": "Ungültiger Datei- oder Ordnername",
            "en": "Invalid file or folder name",
        },
        "folder.bad_name.msg": {
            "de": "„{name}“ liegt außerhalb des eingestellten Ordners.",
            "en": "“{name}” lies outside the configured folder.",
        },
    }
)


@dataclass(frozen=True, slots=True)
class FolderFile:
    """One file of a listing."""

    path: str  # relative to the folder's root, "/"-separated
    size: int
    modified: datetime

    @property
    def name(self) -> str:
        """The file name without its folder."""
        return posixpath.basename(self.path)


class RemoteFolder(Protocol):
    """A folder jjdesk reads from and writes to."""

    label: str  # for messages: "SFTP tradebyte.example.com:/in", "C:\\Export"

    def list(self, folder: str = "", suffixes: tuple[str, ...] = ()) -> list[FolderFile]:
        """Complete files of `folder` (not its subfolders), oldest first."""
        ...

    def read(self, path: str) -> bytes:
        """A file's bytes."""
        ...

    def write(self, path: str, data: bytes) -> None:
        """Write `path.tmp`, then rename it to `path` (replacing an older file)."""
        ...

    def stage(self, path: str, data: bytes) -> None:
        """The first half of `write`: `path.tmp`, complete, not yet under its final name.

        For a file that must arrive exactly once (a shipping message whose quantities the
        receiver adds up): the caller records that it staged the file, then publishes it,
        and after a crash can tell "staged" (`exists(path.tmp)`) from "published".
        """
        ...

    def publish(self, path: str) -> None:
        """The second half of `write`: rename `path.tmp` to `path` (replacing an older file)."""
        ...

    def exists(self, path: str) -> bool:
        """Whether a file (a `.tmp` one too, when named so) is there."""
        ...

    def move(self, path: str, folder: str) -> str:
        """Move a file into `folder` (created if missing); returns its new path.

        A file of that name already there is kept: the moved one gets a numbered name.
        """
        ...

    def remove(self, path: str) -> None:
        """Delete a file (absent is fine)."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def safe_name(path: str) -> str:
    """The normalised relative path; refuses absolute paths and "..".

    Raises `ConfigFailure`, since such a name comes from a setting or a remote listing.
    """
    cleaned = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    if cleaned in ("", "."):
        return ""
    if cleaned == ".." or cleaned.startswith("../"):
        raise ConfigFailure(
            i18n.text("folder.bad_name"), i18n.text("folder.bad_name.msg", name=path)
        )
    return cleaned


def still_written(folder: RemoteFolder, file: FolderFile, wait: float) -> bool:
    """Whether a file changes under our eyes (its writer is not done): looked at again after
    `wait` seconds. For a file that could not be read: set it aside only if it stands still.
    """
    time.sleep(wait)
    parent = posixpath.dirname(file.path)
    now = next((f for f in folder.list(parent) if f.path == file.path), None)
    return now is None or (now.size, now.modified) != (file.size, file.modified)


def numbered(path: str, taken: set[str]) -> str:
    """`path`, or `stem-2.ext`, `stem-3.ext`… when it is taken."""
    if path not in taken:
        return path
    stem, ext = posixpath.splitext(path)
    n = 2
    while f"{stem}-{n}{ext}" in taken:
        n += 1
    return f"{stem}-{n}{ext}"
