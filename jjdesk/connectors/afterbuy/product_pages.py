"""Read GetShopProducts to the end by ProductID range, one bad product isolated.

Pages are asked for by `RangeID` (ValueFrom after the highest ProductID seen, see
`RangeCursor`) and `MaxShopItems`, not by `PageNumber`: a product deleted while the
pages are read shifts every later page by one under PageNumber paging, so a live product
would slip between two pages and look deleted. A range never shifts.

A page that is not well-formed XML because of one product (a control character, a byte
that is no UTF-8) keeps what the strict parse read before the break: those products are
sound. The first product of the raw answer that was not read is the suspect; it is
fetched alone by ProductID. If that answer breaks too, the product comes out as an
`Unreadable` naming it, and reading goes on after it: about two extra calls for one bad
product, its neighbours come through as usual, and recover mode never has to guess at
anybody's data. A truncated answer (its end is missing) is a transport fault instead and
is fetched again. Every loop is guarded against a listing that never ends or does not
advance: that raises, it never ends quietly with part of the list.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.afterbuy import wire
from jjdesk.connectors.afterbuy.errors import AfterbuyProtocolError
from jjdesk.connectors.afterbuy.messages import SYSTEM
from jjdesk.connectors.afterbuy.products import (
    PageInfo,
    ParsedProduct,
    broken_product,
    iter_products,
)
from jjdesk.connectors.afterbuy.ranges import RangeCursor
from jjdesk.connectors.paging import PageGuard
from jjdesk.domain.models import Unreadable
from jjdesk.errors import NetworkFailure

log = logging.getLogger(__name__)

CALL = "GetShopProducts"
XML_ATTEMPTS = 3  # a truncated answer is fetched again this often before giving up
_PRODUCT_START = re.compile(rb"<Product>")
_PRODUCT_ID = re.compile(rb"<ProductID>\s*(\d+)\s*</ProductID>")

Item = ParsedProduct | Unreadable
Fetch = Callable[[Sequence[etree._Element]], bytes]  # call body → raw answer
Check = Callable[[PageInfo], None]  # raises for CallStatus Error


@dataclass(frozen=True, slots=True)
class _Page:
    items: list[Item]
    info: PageInfo
    broken: bytes | None  # the raw answer when it is complete but not well-formed


class _Reader:
    """One listing: the filters, the page size, what was seen."""

    def __init__(
        self,
        fetch: Fetch,
        check: Check,
        filters: Sequence[etree._Element],
        *,
        size: int,
        suppress: bool,
    ) -> None:
        self.fetch = fetch
        self.check = check
        self.filters = list(filters)
        self.size = size
        self.suppress = suppress
        self.seen: set[str] = set()
        self.bad: set[int] = set()
        self.cursor = RangeCursor()
        self.guard = PageGuard(SYSTEM)

    def items(self) -> Iterator[Item]:
        lower: int | None = None  # ValueFrom of the next page (None: from the beginning)
        while True:
            self.guard.advance(lower)
            ranges = (
                []
                if lower is None
                else [wire.range_filter("RangeID", "ValueFrom", "ValueTo", lower, 0)]
            )
            page = self._page([*self.filters, *ranges], self.size)
            ids = [int(k) for i in page.items if (k := _key(i)).isdigit()]
            yield from self._fresh(page.items, lower)
            if page.broken is not None:
                suspect = _first_unread(page.broken, page.items, lower)
                self.cursor.observe(lower, [*ids, *([suspect] if suspect is not None else [])])
                if suspect is None:  # the break is outside any product: nobody to blame
                    raise AfterbuyProtocolError(CALL)
                if suspect not in self.bad:
                    yield from self._isolate(suspect)
                lower = self.cursor.after(suspect)
                continue
            self.cursor.observe(lower, ids)
            more = page.info.has_more
            if more is None:
                more = len(page.items) >= self.size
            if not more or not page.items:
                return
            following = self.cursor.after(max(ids)) if ids else None
            if following is None or (lower is not None and following <= lower):
                raise stuck(CALL)  # "more", but the range does not move on
            lower = following

    def _isolate(self, product_id: int) -> Iterator[Item]:
        """Fetch the suspect alone: it is unreadable if it breaks its own answer too."""
        self.guard.advance(("alone", product_id))
        alone = self._page([wire.values_filter("ProductID", [product_id])], 1)
        if alone.broken is None:
            # it reads well alone, so the break of the page cannot be pinned on it
            raise AfterbuyProtocolError(CALL)
        bad = broken_product(alone.broken, str(product_id))
        self.bad.add(product_id)
        log.warning("%s: product %s breaks the answer and is reported", CALL, product_id)
        yield from self._fresh([bad], None)

    def _fresh(self, items: list[Item], lower: int | None) -> Iterator[Item]:
        """Items not seen before; never trust the range alone: one below it was read."""
        for item in items:
            key = _key(item)
            if key in self.seen or (lower is not None and key.isdigit() and int(key) < lower):
                continue
            self.seen.add(key)
            yield item

    def _page(self, filters: list[etree._Element], size: int) -> _Page:
        """One answer, read strictly; a truncated one is fetched again."""
        body = [
            wire.element("MaxShopItems", size),
            wire.element("SuppressBaseProductRelatedData", int(self.suppress)),
            wire.element("ReturnShop20Container", 0),
        ]
        if filters:
            body.append(wire.data_filter(*filters))
        for attempt in range(1, XML_ATTEMPTS + 1):
            data = self.fetch(body)
            info = PageInfo()
            items: list[Item] = []
            try:
                items.extend(iter_products(data, info))
            except AfterbuyProtocolError:
                if _complete(data):
                    return _Page(items, info, data)
                log.warning("%s: unreadable answer (attempt %d)", CALL, attempt)
                continue
            self.check(info)
            return _Page(items, info, None)
        raise AfterbuyProtocolError(CALL)


def stuck(call: str) -> NetworkFailure:
    """The failure for a listing that says "more" but does not advance."""
    return NetworkFailure(
        i18n.text("afterbuy.paging_stuck"), i18n.text("afterbuy.paging_stuck.msg", call=call)
    )


def read_products(
    fetch: Fetch,
    check: Check,
    filters: Sequence[etree._Element],
    *,
    page_size: int,
    suppress_related: bool = False,
) -> Iterator[Item]:
    """Every product matching `filters`, each once, in ProductID order."""
    return _Reader(fetch, check, filters, size=page_size, suppress=suppress_related).items()


def _first_unread(data: bytes, read: list[Item], lower: int | None) -> int | None:
    """The ProductID of the first product in the raw answer that the parse did not deliver."""
    delivered = {_key(i) for i in read}
    starts = [m.end() for m in _PRODUCT_START.finditer(data)]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(data)
        found = _PRODUCT_ID.search(data, start, end)
        if found is None:
            return None
        product_id = found.group(1).decode("ascii")
        if product_id not in delivered and (lower is None or int(product_id) >= lower):
            return int(product_id)
    return None


def _complete(data: bytes) -> bool:
    """Whether the answer reached its end (so it is broken inside, not cut off)."""
    return data.rstrip().endswith(b"</Afterbuy>")


def _key(item: Item) -> str:
    return item.key if isinstance(item, Unreadable) else item.product_id
