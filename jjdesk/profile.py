"""Where jjdesk keeps its state: one folder holding the database, logs and backups."""

from __future__ import annotations

import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "jjdesk"


@dataclass(frozen=True, slots=True)
class Profile:
    """A profile folder; `--profile DIR` chooses another one (the demo uses a temporary one)."""

    root: Path

    @classmethod
    def default(cls) -> Profile:
        """The platform's user data folder (e.g. %LOCALAPPDATA%\\jjdesk on Windows)."""
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))

    @property
    def db_path(self) -> Path:
        """The SQLite database."""
        return self.root / "jjdesk.db"

    @property
    def log_dir(self) -> Path:
        """Rotating log files."""
        return self.root / "logs"

    @property
    def backup_dir(self) -> Path:
        """Hourly database backups."""
        return self.root / "backups"

    @property
    def lock_dir(self) -> Path:
        """One run lock file per flow: the app and `jjdesk run` never run a flow twice."""
        return self.root / "locks"

    def ensure(self) -> Profile:
        """Create the folders, readable by the user only."""
        for folder in (self.root, self.log_dir, self.backup_dir, self.lock_dir):
            folder.mkdir(parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        return self


def setup_logging(profile: Profile, verbose: bool = False) -> Path:
    """Log to a rotating file in the profile (and to stderr when verbose).

    Nothing logs secrets or personal data; the file handler is the merchant's support aid.
    """
    path = profile.log_dir / "jjdesk.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_jjdesk", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    file_handler._jjdesk = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream._jjdesk = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return path
