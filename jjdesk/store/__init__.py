"""All of jjdesk's own state in one SQLite file; only this package writes SQL."""

from __future__ import annotations

from pathlib import Path

from jjdesk.store.db import Database
from jjdesk.store.errors import Errors
from jjdesk.store.fingerprints import Fingerprints
from jjdesk.store.ledger import Ledger
from jjdesk.store.links import Links
from jjdesk.store.owed import Owed
from jjdesk.store.runs import Runs
from jjdesk.store.settings import Settings
from jjdesk.store.watermarks import Watermarks


class Store:
    """The tables, each behind its own small class."""

    def __init__(self, path: Path) -> None:
        self.db = Database(path)
        self.runs = Runs(self.db)
        self.errors = Errors(self.db)
        self.settings = Settings(self.db)
        self.watermarks = Watermarks(self.db)
        self.ledger = Ledger(self.db)
        self.fingerprints = Fingerprints(self.db)
        self.owed = Owed(self.db)

    def links(self, namespace: str) -> Links:
        """ID links of one integration."""
        return Links(self.db, namespace)

    def close(self) -> None:
        """Close every connection."""
        self.db.close()
