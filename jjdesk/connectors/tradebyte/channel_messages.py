"""Channel messages for the merchant (a customer's cancellation, a return): read, reported
as items to act on, then put away (archived file, or marked exported over REST).

Each message is reported once: its key is remembered before the file moves or the mark is
set, so a crash in between reports nothing twice; the keys of a batch put away are
forgotten again (a message Tradebyte refused to mark stays remembered, so the next
listing does not report it again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.folders import FolderFailure, RemoteFolder, still_written
from jjdesk.connectors.tradebyte.messages_xml import MESSAGE, ChannelMessage, parse_messages
from jjdesk.connectors.tradebyte.order_folder import RECHECK, Folders
from jjdesk.connectors.tradebyte.rest import RestRefused, TradebyteRest
from jjdesk.domain.models import Unreadable
from jjdesk.errors import ItemProblem

log = logging.getLogger(__name__)

i18n.register(
    {
        "tradebyte.msg.CUST_CANCEL": {
            "de": "Der Kunde hat {quantity} × {sku} storniert",
            "en": "The customer cancelled {quantity} × {sku}",
        },
        "tradebyte.msg.CUST_CANCEL.hint": {
            "de": "Die Position in Afterbuy stornieren und nicht versenden.",
            "en": "Cancel the line in Afterbuy and do not ship it.",
        },
        "tradebyte.msg.RETURN": {
            "de": "Retoure gemeldet: {quantity} × {sku} (Grund: {cause})",
            "en": "Return reported: {quantity} × {sku} (reason: {cause})",
        },
        "tradebyte.msg.RETURN.hint": {
            "de": "Die Retoure in Afterbuy erfassen.",
            "en": "Record the return in Afterbuy.",
        },
        "tradebyte.msg.other": {
            "de": "Tradebyte meldet „{type}“ ({quantity} × {sku})",
            "en": "Tradebyte reports “{type}” ({quantity} × {sku})",
        },
        "tradebyte.msg.other.hint": {
            "de": "Die Bestellung in Afterbuy und TB.One prüfen.",
            "en": "Check the order in Afterbuy and TB.One.",
        },
        "tradebyte.msg.order": {
            "de": "Bestellung {order}",
            "en": "Order {order}",
        },
        "tradebyte.msg.file": {
            "de": "Die Meldungsdatei ist nicht lesbar und liegt jetzt im Ordner „{folder}“",
            "en": "The message file cannot be read and now lies in the folder “{folder}”",
        },
    }
)


@dataclass
class MessageBatch:
    """Messages of one file (or one REST answer) and how to put them away afterwards."""

    messages: list[ChannelMessage | Unreadable]
    done: Callable[[], set[str]]  # puts them away; returns the keys still listed


def message_problem(message: ChannelMessage) -> ItemProblem:
    """The message as an item to act on (type, order, article; never free text)."""
    kind = message.message_type if message.message_type in ("CUST_CANCEL", "RETURN") else "other"
    words = i18n.text(
        f"tradebyte.msg.{kind}",
        quantity=message.quantity if message.quantity is not None else "?",
        sku=message.sku or "?",
        cause=message.return_cause or "-",
        type=message.message_type or "?",
    )
    order = message.channel_order_id or message.tb_order_id or "?"
    return ItemProblem(
        MESSAGE,
        message.key,
        words,
        field=message.message_type,
        hint=i18n.text(f"tradebyte.msg.{kind}.hint"),
        label=i18n.text("tradebyte.msg.order", order=order),
    )


class FolderMessages:
    """`MESSAGES_*.xml` files Tradebyte puts beside the order files."""

    def __init__(self, folder: RemoteFolder, folders: Folders, recheck: float = RECHECK) -> None:
        self.folder = folder
        self.folders = folders
        self._recheck = recheck

    def batches(self) -> Iterator[MessageBatch]:
        """One batch per file; a file nobody can read goes to the error folder."""
        for info in self.folder.list(self.folders.orders, (".xml",)):
            if not info.name.upper().startswith("MESSAGE"):
                continue
            path = info.path
            try:
                messages = list(parse_messages(self.folder.read(path), info.name))
            except (etree.XMLSyntaxError, ValueError):
                if still_written(self.folder, info, self._recheck):
                    continue
                bad = Unreadable(
                    "message file",
                    info.name,
                    i18n.text("tradebyte.msg.file", folder=self.folders.errors),
                    field="file",
                )
                yield MessageBatch([bad], partial(self._move, path, self.folders.errors, [bad]))
                continue
            yield MessageBatch(messages, partial(self._move, path, self.folders.archive, messages))

    def _move(
        self, path: str, folder: str, messages: list[ChannelMessage | Unreadable]
    ) -> set[str]:
        """Put a file away; one the folder refuses stays listed (its messages remembered
        as reported) and is moved on a later run, without holding the other files."""
        try:
            self.folder.move(path, folder)
        except FolderFailure as exc:
            log.warning("message file %s stays: %s", path, exc.detail)
            return {m.key for m in messages}
        return set()


class RestMessages:
    """`GET messages/`, each put away with `POST messages/{id}/exported`."""

    def __init__(self, client: TradebyteRest) -> None:
        self.client = client

    def batches(self) -> Iterator[MessageBatch]:
        """One batch: what Tradebyte lists now."""
        data = self.client.get("messages/", channel=self.client.config.channel)
        messages = list(parse_messages(data, "REST"))
        keys = [m.key for m in messages if isinstance(m, ChannelMessage)]
        yield MessageBatch(messages, partial(self._mark, keys))

    def _mark(self, keys: list[str]) -> set[str]:
        refused = set()
        for key in keys:
            try:
                self.client.post(f"messages/{key}/exported")
            except RestRefused:
                refused.add(key)  # listed again next time, but not reported again
        return refused
