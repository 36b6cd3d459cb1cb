"""Stock for Tradebyte: article number and quantity, as a CSV or TB.Stock file, or by REST.

The stock flow stages quantities with `set_stock` and `commit` sends them as one file
(`ARTICLE_<time>.csv` with `a_nr` and `a_stock`, an article-only update without `p_nr`,
or `TBCAT_stock_<time>.xml`) or one REST call. Articles are matched by `a_nr`, the
Afterbuy ProductID. A failure of the transport raises and the run fails: nothing was
recorded as sent, so the next run sends the same quantities again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from lxml import etree

from jjdesk.connectors.folders import RemoteFolder
from jjdesk.connectors.tradebyte import columns as col
from jjdesk.connectors.tradebyte.csv_codec import CsvDialect, write_csv
from jjdesk.domain.models import ChannelTraits, ItemOutcome, StockLevel
from jjdesk.domain.timestamps import utcnow

FORMATS = ("csv", "xml")


def stock_xml(levels: Sequence[StockLevel], moment: datetime) -> bytes:
    """A TB.Stock document: `TBSTOCK changedate=…` with one `ARTICLE` per level."""
    root = etree.Element("TBSTOCK", changedate=str(int(moment.timestamp())))
    for level in levels:
        article = etree.SubElement(root, "ARTICLE")
        etree.SubElement(article, "A_NR").text = level.product_id
        etree.SubElement(article, "A_STOCK").text = str(max(level.quantity, 0))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def stock_csv(levels: Sequence[StockLevel], dialect: CsvDialect) -> bytes:
    """The article-only CSV: `a_nr`, `a_stock`."""
    rows = [{col.A_NR: lv.product_id, col.A_STOCK: str(max(lv.quantity, 0))} for lv in levels]
    return write_csv([col.A_NR, col.A_STOCK], rows, dialect)


class StockTarget(Protocol):
    """Where a batch of quantities goes (a folder, Tradebyte's REST interface)."""

    def send(self, levels: Sequence[StockLevel]) -> None:
        """Deliver all of them, or raise."""
        ...


class FolderStock:
    """Stock as one file per run in the upload folder (`in`)."""

    def __init__(
        self, folder: RemoteFolder, upload_folder: str, file_format: str, dialect: CsvDialect
    ) -> None:
        self.folder = folder
        self.upload_folder = upload_folder.strip("/")
        self.file_format = file_format
        self.dialect = dialect

    def send(self, levels: Sequence[StockLevel]) -> None:
        """Write the file atomically (`.tmp`, then renamed)."""
        now = utcnow()
        if self.file_format == "xml":
            name, data = f"TBCAT_stock_{now:%Y%m%d_%H%M%S}.xml", stock_xml(levels, now)
        else:
            name, data = f"ARTICLE_{now:%Y%m%d_%H%M%S}.csv", stock_csv(levels, self.dialect)
        self.folder.write(f"{self.upload_folder}/{name}".lstrip("/"), data)


class TradebyteStock:
    """The stock side of Tradebyte as a `StockChannel`: staged, then sent at `commit`."""

    name = "tradebyte"
    traits = ChannelTraits(stock_batch_size=5000, commits=True)

    def __init__(self, target: StockTarget) -> None:
        self.target = target
        self._staged: dict[str, StockLevel] = {}
        self.sent = 0  # quantities delivered by this run's commits

    def set_stock(self, levels: Sequence[StockLevel]) -> list[ItemOutcome]:
        """Stage the quantities."""
        self._staged.update((level.product_id, level) for level in levels)
        return [ItemOutcome(level.product_id, True) for level in levels]

    def commit(self) -> list[ItemOutcome]:
        """Send what was staged (nothing to send: no file, no call)."""
        if not self._staged:
            return []
        levels = list(self._staged.values())
        self.target.send(levels)
        self._staged.clear()
        self.sent += len(levels)
        return []
