"""Order files (CSV, JSON, XML) in a local folder or on SFTP as an order source.

The same `RemoteFolder` Tradebyte uses. A file moves to the archive folder once every
order in it is in Afterbuy; one with an order that needs action stays (the order has its
own error; corrected in the file, it goes through on the next run). A file that cannot
be parsed at all goes to the error folder and is reported once, unless it is still being
written when looked at again a moment later. Shipping data goes back as one small JSON
file per order into the shipping folder, written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.custom_shop.records import ShipmentValues, map_one
from jjdesk.connectors.folders import FolderFailure, FolderFile, RemoteFolder, still_written
from jjdesk.domain.mapping import Mapping, order_records
from jjdesk.domain.models import Order, Retry, ShipmentInfo, Unreadable
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import ItemProblem

log = logging.getLogger(__name__)

FORMATS = {"jsonpath": (".json",), "csv": (".csv", ".txt"), "xpath": (".xml",)}
ORDER_FILE = "order file"
RECHECK = 2.0
MAX_FILE = 50 * 1024 * 1024

i18n.register(
    {
        "custom.file.broken": {
            "de": "Die Bestelldatei ist nicht lesbar und liegt jetzt im Ordner „{folder}“: "
            "{reason}",
            "en": "The order file cannot be read and now lies in the folder “{folder}”: {reason}",
        },
        "custom.file.broken.hint": {
            "de": "Die Datei dort ansehen, korrigiert wieder in den Bestellordner legen oder "
            "die Bestellungen von Hand in Afterbuy anlegen.",
            "en": "Look at the file there; put it back into the order folder corrected, or "
            "enter its orders in Afterbuy by hand.",
        },
        "custom.file.too_big": {
            "de": "größer als 50 MB",
            "en": "larger than 50 MB",
        },
        "custom.file.archive_failed": {
            "de": "Die Bestelldatei ließ sich nicht ins Archiv verschieben: {detail}",
            "en": "The order file could not be moved into the archive: {detail}",
        },
    }
)


@dataclass(frozen=True, slots=True)
class FileLayout:
    """Where the shop's files are, relative to the folder's root."""

    orders: str = "orders"
    archive: str = "orders/archive"
    errors: str = "orders/error"
    shipping: str = "shipping"


class FileError(ValueError):
    """A file that cannot be parsed in its format (the reason in words)."""


def parse_file(kind: str, data: bytes) -> object:
    """Bytes → what the mapper's evaluator reads: JSON objects, CSV rows, an XML tree."""
    if kind == "jsonpath":
        try:
            return json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise FileError(f"JSON: {exc}") from exc
    if kind == "csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", "replace")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t|")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ";"
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        if not rows:
            raise FileError("CSV: —")
        return rows
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FileError(f"XML: {exc}") from exc


Imported = Callable[[str], bool]  # whether an order (by its id) is in Afterbuy


class FileSource:
    """Order files in a folder as an `OrderSource`."""

    def __init__(
        self,
        folder: RemoteFolder,
        layout: FileLayout,
        mapping: Mapping,
        channel: str,
        imported: Imported,
        *,
        name: str = "shop",
        read_only: bool = False,
        recheck: float = RECHECK,
        numeric_skus: bool = True,
    ) -> None:
        self.folder = folder
        self.numeric_skus = numeric_skus
        self.layout = layout
        self.name = name
        self.read_only = read_only
        self.notices: list[ItemProblem] = []
        self._mapping = mapping
        self._channel = channel
        self._imported = imported
        self._recheck = recheck
        self._files: dict[str, list[Order | Unreadable]] | None = None

    def records(self) -> Iterator[object]:
        """The raw order records of the files waiting (the editor's sample)."""
        for info in self._listing():
            try:
                yield from order_records(self._mapping, self._parse(info))
            except FileError:
                continue

    def orders_since(self, since: datetime | None) -> Iterator[Order | Unreadable]:
        """Every order of every file still in the folder (the ledger skips known ones)."""
        for path, items in list(self._scan().items()):
            yield from items
            self._settle(path)

    def acknowledge(self, channel_order_id: str, sink_order_id: str) -> None:
        """Archive the order's file once all its orders are in Afterbuy."""
        for path, items in list(self._scan().items()):
            if any(isinstance(i, Order) and i.channel_order_id == channel_order_id for i in items):
                try:
                    self._settle(path)
                except FolderFailure as exc:
                    raise ItemProblem(
                        "order",
                        channel_order_id,
                        i18n.text("custom.file.archive_failed", detail=exc.detail),
                        field="archive",
                        retry=Retry.SOON,
                    ) from exc
                return

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        """`shipping/<order>.json`, written as `.tmp` and renamed (safe to repeat)."""
        values = ShipmentValues.of(channel_order_id, shipment, utcnow()).as_dict()
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in channel_order_id)
        path = posixpath.join(self.layout.shipping, f"{safe}.json")
        self.folder.write(path, json.dumps(values, ensure_ascii=False, indent=1).encode())

    # --- internals ----------------------------------------------------------------------

    def _listing(self) -> list[FolderFile]:
        suffixes = FORMATS.get(self._mapping.kind, ())
        return self.folder.list(self.layout.orders, suffixes)

    def _parse(self, info: FolderFile) -> object:
        if info.size > MAX_FILE:
            raise FileError(i18n.text("custom.file.too_big"))
        return parse_file(self._mapping.kind, self.folder.read(info.path))

    def _scan(self) -> dict[str, list[Order | Unreadable]]:
        if self._files is not None:
            return self._files
        self._files = {}
        for info in self._listing():
            try:
                records = order_records(self._mapping, self._parse(info))
            except FileError as bad:
                if not still_written(self.folder, info, self._recheck):
                    self._quarantine(info, str(bad))
                continue
            self._files[info.path] = [
                map_one(self._mapping, r, self._channel, numeric_skus=self.numeric_skus)
                for r in records
            ]
        return self._files

    def _settle(self, path: str) -> None:
        items = (self._files or {}).get(path)
        if items is None or self.read_only:
            return
        done = all(isinstance(i, Order) and self._imported(i.channel_order_id) for i in items)
        if done:
            moved = self.folder.move(path, self.layout.archive)
            log.info("order file %s moved to %s", path, moved)
            assert self._files is not None
            self._files.pop(path, None)

    def _quarantine(self, info: FolderFile, reason: str) -> None:
        if self.read_only:
            return
        self.folder.move(info.path, self.layout.errors)
        self.notices.append(
            ItemProblem(
                ORDER_FILE,
                info.name,
                i18n.text("custom.file.broken", folder=self.layout.errors, reason=reason),
                field="file",
                hint=i18n.text("custom.file.broken.hint"),
            )
        )
