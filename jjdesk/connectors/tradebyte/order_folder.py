"""Tradebyte orders over a folder (SFTP): order files in, archive when done, SHIP files out.

Tradebyte writes every order not yet exported into one `ORDERS_<time>.xml`; moving the
file away is what marks its orders as exported. So a file moves to the archive only when
every order in it is in Afterbuy (or was withdrawn): a file with one order that needs
action waits, and a notice says which order it waits for. A file nobody can read goes to
the error folder and is reported once, never retried, unless it is still changing when
looked at again a moment later (its writer is not done: the next run reads it).

`acknowledge` (called by the order import once an order is in Afterbuy) remembers the IDs
its shipping message will need and archives the order's file when it was the last one.

A SHIP message must arrive exactly once (Tradebyte adds quantities up): it is staged as
`MESSAGES_<time>.xml.tmp`, its name recorded, then renamed into place. After a crash the
recorded name tells what happened: the file is there (published), still `.tmp` (publish
it), or gone (published and already picked up by Tradebyte) — it is never written twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from jjdesk import i18n
from jjdesk.connectors.folders import FolderFailure, FolderFile, RemoteFolder, still_written
from jjdesk.connectors.folders.base import TMP_SUFFIX
from jjdesk.connectors.tradebyte.messages_xml import ship_messages
from jjdesk.connectors.tradebyte.orders_xml import (
    OrderFileError,
    Release,
    TbOrder,
    parse_orders,
)
from jjdesk.connectors.tradebyte.shipping import SHIP_FILES, remember_order, ship_notice
from jjdesk.domain.digests import digest
from jjdesk.domain.models import Order, Retry, ShipmentInfo, Unreadable
from jjdesk.domain.ports import IdLinks
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import ItemProblem

log = logging.getLogger(__name__)

ORDER_FILE = "order file"
RECHECK = 2.0  # seconds: an unreadable file is looked at again before it is set aside
_NOTICES = "tradebyte.notice"

i18n.register(
    {
        "tradebyte.file.quarantined": {
            "de": "Die Bestelldatei ist nicht lesbar und liegt jetzt im Ordner „{folder}“: "
            "{reason}",
            "en": "The order file cannot be read and now lies in the folder “{folder}”: {reason}",
        },
        "tradebyte.file.quarantined.hint": {
            "de": "Die Datei dort ansehen und die Bestellungen von Hand in Afterbuy anlegen "
            "oder Tradebyte um eine neue Datei bitten. jjdesk versucht sie nicht erneut.",
            "en": "Look at the file there and enter its orders in Afterbuy by hand, or ask "
            "Tradebyte for a new file. jjdesk does not try it again.",
        },
        "tradebyte.file.stuck": {
            "de": "Die Bestelldatei ist nicht lesbar ({reason}) und lässt sich nicht nach "
            "„{folder}“ verschieben: {detail}",
            "en": "The order file cannot be read ({reason}) and cannot be moved to "
            "“{folder}”: {detail}",
        },
        "tradebyte.file.waits": {
            "de": "Die Datei bleibt im Ordner „{folder}“, bis alle {total} Bestellungen darin "
            "in Afterbuy sind; es fehlt noch: {missing}",
            "en": "The file stays in the folder “{folder}” until all {total} orders in it are "
            "in Afterbuy; still missing: {missing}",
        },
        "tradebyte.file.waits.hint": {
            "de": "Jede fehlende Bestellung hat ihren eigenen Eintrag mit dem Grund. Ist sie "
            "behoben, geht sie beim nächsten Lauf durch und die Datei ins Archiv; haben Sie "
            "sie selbst in Afterbuy angelegt, verschieben Sie die Datei von Hand ins Archiv.",
            "en": "Each missing order has its own entry with the reason. Once fixed it goes "
            "through on the next run and the file into the archive; if you entered it in "
            "Afterbuy yourself, move the file into the archive by hand.",
        },
        "tradebyte.file.pending": {
            "de": "{order} (bei Tradebyte noch nicht freigegeben)",
            "en": "{order} (not yet released at Tradebyte)",
        },
        "tradebyte.ack.failed": {
            "de": "Die Bestelldatei ließ sich nicht ins Archiv verschieben: {detail}",
            "en": "The order file could not be moved into the archive: {detail}",
        },
        "tradebyte.ack.failed.hint": {
            "de": "Ihre Bestellungen sind in Afterbuy; jjdesk verschiebt die Datei, sobald der "
            "Ordner es zulässt. Bleibt es dabei, die Schreibrechte für das Archiv bei Tradebyte "
            "prüfen lassen.",
            "en": "Its orders are in Afterbuy; jjdesk moves the file as soon as the folder "
            "allows it. If it stays so, have Tradebyte check the write rights of the archive.",
        },
    }
)


@dataclass(frozen=True, slots=True)
class Folders:
    """Where Tradebyte's files are, relative to the SFTP root (defaults: TB.One's layout)."""

    upload: str = "in"
    orders: str = "out"
    archive: str = "out/archive"
    errors: str = "out/error"


@dataclass
class _File:
    info: FolderFile
    entries: list[TbOrder | Unreadable]

    def orders(self) -> list[TbOrder]:
        return [e for e in self.entries if isinstance(e, TbOrder)]


Imported = Callable[[str], bool]  # whether an order (by its id) is in Afterbuy


class FolderOrders:
    """Tradebyte's orders as an `OrderSource` over a `RemoteFolder`."""

    name = "tradebyte"

    def __init__(
        self,
        folder: RemoteFolder,
        folders: Folders,
        links: IdLinks,
        imported: Imported,
        parcel_types: Mapping[str, str],
        recheck: float = RECHECK,
        *,
        read_only: bool = False,
    ) -> None:
        self.folder = folder
        self.read_only = read_only  # a dry run: read and tell, move and remember nothing
        self.folders = folders
        self._links = links
        self._imported = imported
        self._parcel_types = parcel_types
        self._recheck = recheck
        self._files: dict[str, _File] | None = None
        self._names: set[str] | None = None  # names in the upload folder (this run)
        self.notices: list[ItemProblem] = []  # to report once each (the integration does)
        self.finished: list[str] = []  # files archived or set aside in this run
        self._stuck: set[str] = set()  # files the archive refused in this run (said once)

    # --- OrderSource ----------------------------------------------------------------------

    def orders_since(self, since: datetime | None) -> Iterator[Order | Unreadable]:
        """Every order of every file still in the folder (the ledger skips known ones).

        After the last order of a file was handled, the file is archived when complete,
        else a notice says what it waits for.
        """
        for path, file in list(self._scan().items()):
            for entry in file.entries:
                if isinstance(entry, Unreadable):
                    yield entry
                elif entry.release is Release.APPROVED:
                    yield entry.order
            self._settle_file(path)

    def acknowledge(self, channel_order_id: str, sink_order_id: str) -> None:
        """Remember the order's IDs; archive its file once all its orders are in Afterbuy."""
        found = [
            (path, order)
            for path, file in self._scan().items()
            for order in file.orders()
            if order.order_id == channel_order_id
        ]
        if not found:
            return  # its file went to the archive already (with a sibling's acknowledgement)
        path, order = found[0]
        remember_order(self._links, order)
        if self._complete(self._scan()[path]):
            try:
                self._finish(path, self.folders.archive)
            except FolderFailure as exc:
                self._stuck.add(path)
                raise ItemProblem(
                    "order",
                    channel_order_id,
                    i18n.text("tradebyte.ack.failed", detail=exc.detail),
                    field="archive",
                    retry=Retry.SOON,
                ) from exc

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        """One `MESSAGES_<time>.xml` per order, exactly once (see the module's docstring)."""
        recorded = self._links.get(SHIP_FILES, channel_order_id)
        if recorded is not None:
            self._resolve(recorded)
            return
        notice = ship_notice(self._links, channel_order_id, shipment, self._parcel_types)
        path = self._free_name()
        self.folder.stage(path, ship_messages(notice))
        self._links.put(SHIP_FILES, channel_order_id, path)
        self.folder.publish(path)

    # --- internals ----------------------------------------------------------------------

    def _scan(self) -> dict[str, _File]:
        if self._files is not None:
            return self._files
        self._files = {}
        for info in self.folder.list(self.folders.orders, (".xml",)):
            if not info.name.upper().startswith("ORDER"):
                continue
            data = self.folder.read(info.path)
            try:
                entries = parse_orders(data, info.modified)
            except OrderFileError as bad:
                if not still_written(self.folder, info, self._recheck):
                    self._quarantine(info, str(bad))
                continue
            self._files[info.path] = _File(info, entries)
        return self._files

    def _complete(self, file: _File) -> bool:
        return not self._missing(file)

    def _missing(self, file: _File) -> list[str]:
        """The orders of a file that keep it waiting, as the merchant knows them."""
        missing = []
        for entry in file.entries:
            if isinstance(entry, Unreadable):
                missing.append(entry.label or entry.key)
            elif entry.release is Release.PENDING:
                order = entry.order.order_number or entry.order_id
                missing.append(i18n.text("tradebyte.file.pending", order=order))
            elif entry.release is Release.APPROVED and not self._imported(entry.order_id):
                missing.append(entry.order.order_number or entry.order_id)
        return missing

    def _settle_file(self, path: str) -> None:
        files = self._scan()
        file = files.get(path)
        if file is None:
            return
        missing = self._missing(file)
        if not missing:
            self._archive(path)
            return
        message = i18n.text(
            "tradebyte.file.waits",
            folder=self.folders.orders,
            total=len(file.entries),
            missing=", ".join(missing),
        )
        self._notice_once(path, message, i18n.text("tradebyte.file.waits.hint"))

    def _archive(self, path: str) -> None:
        """Archive a complete file; a move the folder refuses holds this file only (its
        orders are in Afterbuy, the ledger keeps them from coming twice) and is said once."""
        if path in self._stuck:
            return  # its order's acknowledgement said so already
        try:
            self._finish(path, self.folders.archive)
        except FolderFailure as exc:
            self._stuck.add(path)
            message = i18n.text("tradebyte.ack.failed", detail=exc.detail)
            self._notice_once(path, message, i18n.text("tradebyte.ack.failed.hint"))

    def _finish(self, path: str, destination: str) -> None:
        if self.read_only:
            return
        moved = self.folder.move(path, destination)
        log.info("order file %s moved to %s", path, moved)
        if self._files is not None:
            self._files.pop(path, None)
        self._links.delete(_NOTICES, path)
        self.finished.append(path)

    def _quarantine(self, info: FolderFile, reason: str) -> None:
        try:
            self._finish(info.path, self.folders.errors)
        except FolderFailure as exc:
            message = i18n.text(
                "tradebyte.file.stuck", reason=reason, folder=self.folders.errors, detail=exc.detail
            )
            self._notice_once(info.path, message, i18n.text("tradebyte.file.quarantined.hint"))
            return
        message = i18n.text("tradebyte.file.quarantined", folder=self.folders.errors, reason=reason)
        self.notices.append(_file_problem(info.name, message, "tradebyte.file.quarantined.hint"))

    def _notice_once(self, path: str, message: str, hint: str) -> None:
        stamp = digest(message)
        if self._links.get(_NOTICES, path) == stamp:
            return
        if not self.read_only:
            self._links.put(_NOTICES, path, stamp)
        self.notices.append(
            ItemProblem(ORDER_FILE, path.rsplit("/", 1)[-1], message, field="file", hint=hint)
        )

    def _resolve(self, path: str) -> None:
        """A SHIP message recorded before: publish it if it is still staged, else done."""
        if not self.folder.exists(path) and self.folder.exists(path + TMP_SUFFIX):
            self.folder.publish(path)

    def _free_name(self) -> str:
        """`in/MESSAGES_<time>.xml` for a time whose name is not taken (one second later)."""
        if self._names is None:
            self._names = {f.name for f in self.folder.list(self.folders.upload)}
        moment = utcnow()
        while (name := f"MESSAGES_{moment:%Y%m%d_%H%M%S}.xml") in self._names:
            moment += timedelta(seconds=1)
        self._names.add(name)
        return f"{self.folders.upload.strip('/')}/{name}".lstrip("/")


def _file_problem(name: str, message: str, hint_key: str) -> ItemProblem:
    return ItemProblem(ORDER_FILE, name, message, field="file", hint=i18n.text(hint_key))
