"""Tradebyte (TB.One) on loopback: its SFTP server with TB.One's folders, order files on
demand, and an importer that checks every uploaded file.

Layout under the SFTP root: `in/` takes what the merchant uploads (the importer takes an
accepted file away at once, as TB.One does; a refused one stays, with `NAME.error.txt`
beside it giving the reasons, like an import log), `out/` holds the order and message
files TB.One exports, which the merchant moves into `out/archive/` once imported.
Faults come from the SFTP server (`sftp.faults`, `sftp.new_host_key()`).
"""

from __future__ import annotations

import itertools
import logging
import os
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from jjdesk.sandbox.sftp import SftpSimulator
from jjdesk.sandbox.tradebyte_checks import Checked, check_upload
from jjdesk.sandbox.tradebyte_orders import (
    SimItem,
    SimMessage,
    SimTbOrder,
    german_party,
    message_list,
    order_list,
    read_order_ids,
)

log = logging.getLogger(__name__)

IN, OUT, ARCHIVE = "in", "out", "out/archive"
FILE_AGE = timedelta(minutes=5)  # exported files look as if they arrived a while ago


@dataclass
class Imported:
    """A file the importer accepted."""

    name: str
    checked: Checked


@dataclass
class TradebyteState:
    """What TB.One knows: orders, messages, what arrived in `in` (shared with REST)."""

    orders: dict[int, SimTbOrder] = field(default_factory=dict)
    messages: dict[int, SimMessage] = field(default_factory=dict)
    shipped: dict[tuple[str, str], int] = field(default_factory=dict)
    stock: dict[str, int] = field(default_factory=dict)
    imported: list[Imported] = field(default_factory=list)
    refused: dict[str, list[str]] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def open_quantity(self, tb_order_id: str, item_id: str) -> int | None:
        """What is still to ship of an order item (None: no such item)."""
        order = self.orders.get(int(tb_order_id)) if tb_order_id.isdigit() else None
        for item in order.items if order else ():
            if str(item.tb_id) == item_id:
                return item.quantity - self.shipped.get((tb_order_id, item_id), 0)
        return None

    def take(self, name: str, data: bytes) -> Checked:
        """Import one uploaded file: check it, and apply what it carries when accepted."""
        with self.lock:
            checked = check_upload(name, data, self.open_quantity)
            if not checked.accepted:
                self.refused[name] = checked.reasons
                return checked
            for ship in checked.ships:
                key = (ship["TB_ORDER_ID"], ship["TB_ORDER_ITEM_ID"])
                self.shipped[key] = self.shipped.get(key, 0) + int(ship["QUANTITY"])
            self.stock.update(checked.stock)
            for row in checked.rows:
                if "a_stock" in row and row["a_stock"].isdigit():
                    self.stock[row["a_nr"]] = int(row["a_stock"])
            self.imported.append(Imported(name, checked))
            return checked

    def feeds(self) -> list[Imported]:
        """Accepted product files, oldest first."""
        return [i for i in self.imported if i.name.upper().startswith("PRODUCT")]


class TradebyteSimulator:
    """TB.One's SFTP side: `root` served by a real SFTP server on 127.0.0.1."""

    def __init__(self, root: Path, *, seed: int = 11, importing: bool = True) -> None:
        self.root = root
        self.state = TradebyteState()
        self.sftp = SftpSimulator(root, username="tradebyte", password="tb-sftp-geheim")
        self.sftp.on_upload = self._uploaded
        self.importing = importing  # False: uploads wait in `in` until `import_uploads`
        self._rng = random.Random(seed)
        self._ids = itertools.count(7_000_001)
        self._file_numbers = itertools.count(1)

    def start(self) -> TradebyteSimulator:
        """Create the folders and serve."""
        for folder in (IN, OUT):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        self.sftp.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self.sftp.stop()

    def __enter__(self) -> TradebyteSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- orders and messages TB.One exports ---------------------------------------------

    def new_order(self, skus: list[str], **changes: object) -> SimTbOrder:
        """An order of these articles (one each, at 19,90 €), known to TB.One, not exported."""
        tb_id = next(self._ids)
        items = [
            SimItem(next(self._ids), sku, 1, Decimal("19.90"), f"Artikel {sku}") for sku in skus
        ]
        order = SimTbOrder(
            tb_id=tb_id,
            channel_id=f"303-{tb_id}-{self._rng.randint(1000000, 9999999)}",
            items=items,
            ship_to=german_party(self._rng),
            sell_to=german_party(self._rng),
            comment="Bitte beim Nachbarn abgeben",
        )
        for name, value in changes.items():
            setattr(order, name, value)
        with self.state.lock:
            self.state.orders[tb_id] = order
        return order

    def export_orders(self, orders: list[SimTbOrder] | None = None) -> str:
        """Write the orders (default: every one not yet exported) into one `ORDERS_` file."""
        with self.state.lock:
            chosen = orders or [o for o in self.state.orders.values() if not o.exported]
            name = f"ORDERS_{datetime.now(UTC):%Y%m%d_%H%M%S}_{next(self._file_numbers)}.xml"
            self._put(f"{OUT}/{name}", order_list(chosen))
            return name

    def put_file(self, name: str, data: bytes) -> str:
        """Any file into `out` (a broken one, a hand-made one)."""
        self._put(f"{OUT}/{name}", data)
        return name

    def cancel_item(self, order: SimTbOrder, item: SimItem) -> str:
        """The customer cancels an item: a CUST_CANCEL message in a `MESSAGES_` file."""
        message = SimMessage(
            next(self._ids), "CUST_CANCEL", order.tb_id, item.tb_id, item.sku, item.quantity,
            order.channel_id,
        )  # fmt: skip
        with self.state.lock:
            self.state.messages[message.message_id] = message
        name = f"MESSAGES_{datetime.now(UTC):%Y%m%d_%H%M%S}_{next(self._file_numbers)}.xml"
        self._put(f"{OUT}/{name}", message_list([message]))
        return name

    def _put(self, relative: str, data: bytes) -> None:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".part")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        old = time.time() - FILE_AGE.total_seconds()
        os.utime(target, (old, old))

    # --- what the merchant's side did ---------------------------------------------------

    def files(self, folder: str) -> list[str]:
        """Names of the files in a folder (sorted)."""
        path = self.root / folder
        return sorted(p.name for p in path.iterdir() if p.is_file()) if path.is_dir() else []

    def archived_orders(self) -> set[int]:
        """TB ids of the orders in files moved to the archive (TB.One: exported)."""
        ids: set[int] = set()
        for name in self.files(ARCHIVE):
            ids |= read_order_ids((self.root / ARCHIVE / name).read_bytes())
        return ids

    def import_uploads(self) -> list[Checked]:
        """Run the importer over what waits in `in` (when `importing` is off)."""
        results = []
        for name in self.files(IN):
            refused = (self.root / IN / f"{name}.error.txt").exists()
            if refused or name.endswith((".tmp", ".error.txt")):
                continue
            results.append(self._import(name))
        return results

    def _uploaded(self, remote: str) -> None:
        """The SFTP server renamed a file into place (called in its thread)."""
        folder, _, name = remote.strip("/").rpartition("/")
        if folder != IN or not self.importing:
            return
        try:
            self._import(name)
        except Exception:  # the importer must never break the SFTP session
            log.exception("simulated import of %s failed", name)

    def _import(self, name: str) -> Checked:
        path = self.root / IN / name
        checked = self.state.take(name, path.read_bytes())
        if checked.accepted:
            path.unlink()
        else:
            reasons = "\n".join(checked.reasons) + "\n"
            (self.root / IN / f"{name}.error.txt").write_text(reasons, encoding="utf-8")
        return checked
