"""Remote folders, the file transport every file-based connector shares (Tradebyte, custom
shops): list, read, write atomically (`.tmp`, then rename), move to an archive or error
folder. `LocalFolder` serves local and network folders, `SftpFolder` SFTP servers."""

from jjdesk.connectors.folders.base import FolderFile, RemoteFolder, safe_name, still_written
from jjdesk.connectors.folders.local import FolderFailure, LocalFolder
from jjdesk.connectors.folders.sftp import (
    HostKeyChanged,
    HostKeyPin,
    SftpConfig,
    SftpFolder,
    fingerprint,
)

__all__ = [
    "FolderFailure",
    "FolderFile",
    "HostKeyChanged",
    "HostKeyPin",
    "LocalFolder",
    "RemoteFolder",
    "SftpConfig",
    "SftpFolder",
    "fingerprint",
    "safe_name",
    "still_written",
]
