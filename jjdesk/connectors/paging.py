"""A guard for paging loops: a remote list that never ends must not keep a run alive forever.

Every connector that follows "has next page" / cursors / page numbers asks the guard
before fetching the next page; a cursor seen before or an absurd page count ends the run
with a clear message (the next run tries again).
"""

from __future__ import annotations

from collections.abc import Hashable

from jjdesk import i18n
from jjdesk.errors import NetworkFailure

MAX_PAGES = 20_000  # 5 million items at 250 a page: far beyond any merchant's catalogue


class PageGuard:
    """Remembers the cursors of one listing and refuses a loop."""

    def __init__(self, system: str, max_pages: int = MAX_PAGES) -> None:
        self.system = system
        self.max_pages = max_pages
        self.pages = 0
        self._seen: set[Hashable] = set()

    def advance(self, cursor: Hashable) -> None:
        """Call before fetching the page at `cursor`; raises when the listing loops."""
        self.pages += 1
        if cursor in self._seen or self.pages > self.max_pages:
            raise NetworkFailure(
                i18n.text("net.paging_loop", system=self.system),
                i18n.text("net.paging_loop.msg", system=self.system, pages=self.pages - 1),
            )
        self._seen.add(cursor)
