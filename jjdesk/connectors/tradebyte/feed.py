"""The product feed: one CSV file in the merchant's folder, a whole snapshot of the rows.

The export is a delta (only products changed since the last run are read), the file is a
whole: each commit starts from the last file jjdesk wrote, replaces the rows this run
built, drops the rows removed, and writes the result atomically. jjdesk keeps no product
data of its own for this: the file is the memory, and only its fingerprint is remembered.
A file that is missing, unreadable, changed by someone else or written under other
settings cannot serve as the base: `open_base` says so and the export rebuilds the whole
from Afterbuy instead (once a day it does so anyway; see the integration).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol

from jjdesk.connectors.folders import RemoteFolder
from jjdesk.connectors.tradebyte import columns as col
from jjdesk.connectors.tradebyte.csv_codec import CsvDialect, CsvFormatError, iter_csv, write_csv
from jjdesk.connectors.tradebyte.rows import CatalogPaths, RowSettings, build_rows
from jjdesk.domain.digests import digest
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import ChannelPayload, ChannelTraits, ItemOutcome, Product, StockLevel

log = logging.getLogger(__name__)

Row = dict[str, str]
_Packed = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]  # fixed columns, attributes


class FeedMemory(Protocol):
    """Where the fingerprint of the last file jjdesk wrote is kept (the settings)."""

    def recall(self) -> str:
        """The fingerprint, empty before the first file."""
        ...

    def remember(self, value: str) -> None:
        """Keep the fingerprint of the file just written."""
        ...


class TradebyteFeed:
    """The feed as a `ProductChannel`: rows staged by `upsert`, the file written at `commit`.

    The rows of the file are never all held as objects: the commit streams the last file,
    replacing and dropping rows on the way (the file's bytes are the one copy in memory).
    """

    name = "tradebyte"
    traits = ChannelTraits(batch_size=500, stock_batch_size=1000, commits=True, snapshot=True)

    def __init__(
        self,
        folder: RemoteFolder,
        file_name: str,
        settings: RowSettings,
        dialect: CsvDialect,
        memory: FeedMemory,
        paths: CatalogPaths,
    ) -> None:
        self.folder = folder
        self.file_name = file_name
        self.settings = settings
        self.dialect = dialect
        self._memory = memory
        self._paths = paths
        self._data = b""  # the file as last committed (or read as the base)
        self._fixed = col.layout(settings.channels, [])  # the columns every row has
        self._fixed_set = frozenset(self._fixed)
        self._staged: dict[str, _Packed] = {}  # a rebuild stages every row: kept compact
        self._removed: set[str] = set()
        self._based = False
        self.changed_outside = False  # the last file was there but not as jjdesk wrote it
        self.written = False  # this run wrote the file

    def open_base(self) -> bool:
        """Start from the last file jjdesk wrote; False when it cannot serve as the base."""
        remembered = self._memory.recall()
        if not remembered or not self.folder.exists(self.file_name):
            return False
        data = self.folder.read(self.file_name)
        if self._fingerprint(data) != remembered:
            self.changed_outside = True
            log.warning("feed %s was changed outside jjdesk; it is rebuilt", self.file_name)
            return False
        try:
            _header, rows = iter_csv(data, self.dialect.delimiter)
            if any(not row.get(col.A_NR) for row in rows):
                return False
        except CsvFormatError:
            return False
        self._data, self._based = data, True
        return True

    @property
    def data(self) -> bytes:
        """The file as last committed."""
        return self._data

    def rows(self) -> Iterator[Row]:
        """The rows of the file as last committed, one by one."""
        if not self._data:
            return iter(())
        return iter_csv(self._data, self.dialect.delimiter)[1]

    # --- ProductChannel -------------------------------------------------------------------

    def build(self, product: Product, action: ExportAction) -> list[ChannelPayload]:
        """One row per simple product or variant child (raises `ItemProblem`)."""
        return build_rows(product, action, self.settings, self._paths)

    def upsert(self, payloads: Sequence[ChannelPayload]) -> list[ItemOutcome]:
        """Stage the rows; they reach the file at `commit`."""
        for payload in payloads:
            self._staged[payload.key] = self._pack(payload.body)
            self._removed.discard(payload.key)
        return [ItemOutcome(p.key, True) for p in payloads]

    def verify(self) -> list[ItemOutcome]:
        """Nothing is processed after the fact."""
        return []

    def remove(self, keys: Sequence[str]) -> list[ItemOutcome]:
        """Stage the rows' removal (an unknown key counts as removed)."""
        for key in keys:
            self._staged.pop(key, None)
            self._removed.add(key)
        return [ItemOutcome(key, True) for key in keys]

    def set_stock(self, levels: Sequence[StockLevel]) -> list[ItemOutcome]:
        """Quantities travel in the stock file; the feed's a_stock comes with its rows."""
        return [ItemOutcome(level.product_id, False, skipped=True) for level in levels]

    def commit(self) -> list[ItemOutcome]:
        """Write the whole file (`.tmp`, then renamed) when anything changed or no base was
        used; a failure of the folder raises `FolderFailure` and the run fails."""
        if self._based and not self._staged and not self._removed:
            return []
        data = self.file_bytes(self._whole)
        self.folder.write(self.file_name, data)
        self._memory.remember(self._fingerprint(data))
        self._data = data
        self._staged, self._removed = {}, set()
        self._based = self.written = True
        return []

    def _whole(self) -> Iterator[Row]:
        """The last file's rows with this run's changes, in the file's order, new at the end."""
        pending = dict(self._staged)
        for row in self.rows():
            key = row[col.A_NR]
            if key in self._removed:
                continue
            packed = pending.pop(key, None)
            yield row if packed is None else self._unpack(packed)
        for packed in pending.values():
            yield self._unpack(packed)

    def _pack(self, body: Mapping[str, object]) -> _Packed:
        fixed = tuple(str(body.get(c, "")) for c in self._fixed)
        extra = tuple((c, str(v)) for c, v in body.items() if c not in self._fixed_set)
        return fixed, extra

    def _unpack(self, packed: _Packed) -> Row:
        row = dict(zip(self._fixed, packed[0], strict=True))
        row.update(packed[1])
        return row

    def file_bytes(self, rows: Callable[[], Iterable[Mapping[str, str]]]) -> bytes:
        """The CSV of these rows (`rows` is read twice: for the columns, then the lines)."""
        prefix = col.COMP + "["
        attributes = {
            c[len(prefix) : -1] for r in rows() for c, v in r.items() if v and c.startswith(prefix)
        }
        header = col.layout(self.settings.channels, sorted(attributes))
        return write_csv(header, rows(), self.dialect)

    def _fingerprint(self, data: bytes) -> str:
        """The file's digest with the settings it was written under."""
        return digest(
            [hashlib.sha256(data).hexdigest(), self.settings.signature, self.dialect.signature]
        )
