"""Where the next page of a RangeID listing starts, whichever way Afterbuy reads ValueFrom.

Afterbuy pages GetShopProducts and GetSoldItems by ID range (`RangeID` with `ValueFrom`,
`LastProductID` / `LastOrderID`), but does not document whether ValueFrom is inclusive.
Starting the next page at the last ID itself is right either way (an inclusive reading
repeats that one item, which is dropped as seen); starting at last + 1 would skip an item
under an exclusive reading. So the cursor starts at the last ID until a page shows the
repeated item, which proves the inclusive reading; from then on it starts at last + 1.
"""

from __future__ import annotations

from collections.abc import Iterable


class RangeCursor:
    """The ValueFrom of the next page; `inclusive` is None until a page has shown it."""

    def __init__(self) -> None:
        self.inclusive: bool | None = None

    def after(self, last: int) -> int:
        """ValueFrom for a page that starts after ID `last`."""
        return last + 1 if self.inclusive else last

    def observe(self, value_from: int | None, ids: Iterable[int]) -> None:
        """Learn from a page asked for from `value_from`: did it bring that ID itself?"""
        if value_from is not None and self.inclusive is None and value_from in set(ids):
            self.inclusive = True
