"""Find the products a merchant means by a search text: an ID, an EAN, an article number or
words of a name.

Generic over `ProductSource` and an optional `TitleSearch`: the source looks up what it
can exactly; words of a name, where the source cannot search names, go to a channel that
can search its titles and answers with the source's IDs, which the source then reads.
Such a channel only knows the products jjdesk already sent it, so `names_in` says where
names were searched and the view can say what was not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from jjdesk.domain.models import Product, Unreadable
from jjdesk.domain.ports import ProductSource, TitleSearch

MAX_HITS = 20


class MatchedBy(Enum):
    """Which of the product's data the search text is."""

    PRODUCT_ID = "product_id"
    EAN = "ean"
    ARTICLE_NUMBER = "article_number"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class ProductHit:
    """One product found, as the export sees it (a variant's set as its parent)."""

    product: Product
    matched: MatchedBy
    value: str  # the ID, EAN or article number that matched, or the product's name


@dataclass(frozen=True, slots=True)
class ProductSearch:
    """What a search found, and where it could look."""

    source: str = ""  # the source's name ("afterbuy")
    hits: list[ProductHit] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    names_searched: bool = False  # the source, or a channel's titles, were asked for names
    names_in: tuple[str, ...] = ()  # channels whose titles were searched (only what jjdesk sent)


def search_products(
    source: ProductSource, text: str, titles: TitleSearch | None = None, limit: int = MAX_HITS
) -> ProductSearch:
    """Products matching `text`: first what the source finds exactly, then by title words.

    Titles are asked only for text that can be a name (it has a letter) and only when
    the source cannot search names itself.
    """
    wanted = text.strip()
    if not wanted:
        return ProductSearch(source.name)
    found: dict[str, ProductHit] = {}
    unreadable: list[Unreadable] = []
    _collect(source.find_products(wanted), wanted, None, found, unreadable, limit)
    names_in: tuple[str, ...] = ()
    can_be_name = any(c.isalpha() for c in wanted)
    if can_be_name and not source.finds_by_name and titles is not None:
        names_in = (titles.name,)
        ids = [i for i in titles.source_ids_by_title(wanted, limit) if i not in found]
        if ids:
            _collect(source.products_by_id(ids), wanted, MatchedBy.NAME, found, unreadable, limit)
    return ProductSearch(
        source.name,
        list(found.values()),
        unreadable,
        source.finds_by_name or bool(names_in),
        names_in,
    )


def _collect(
    items: Iterable[Product | Unreadable],
    text: str,
    by: MatchedBy | None,
    found: dict[str, ProductHit],
    unreadable: list[Unreadable],
    limit: int,
) -> None:
    for item in items:
        if len(found) >= limit:
            return
        if isinstance(item, Unreadable):
            unreadable.append(item)
        elif item.product_id not in found:
            matched, value = (by, item.name) if by is not None else matched_by(item, text)
            found[item.product_id] = ProductHit(item, matched, value)


def matched_by(product: Product, text: str) -> tuple[MatchedBy, str]:
    """How an exact look-up found the product (it or one of its variants)."""
    wanted = "".join(text.split()).replace("-", "")
    for leaf in (product, *product.variants):
        if leaf.product_id == wanted:
            return MatchedBy.PRODUCT_ID, leaf.product_id
        if leaf.ean and leaf.ean == wanted:
            return MatchedBy.EAN, leaf.ean
    for leaf in (product, *product.variants):
        if leaf.article_number and _same_number(leaf.article_number, text.strip()):
            return MatchedBy.ARTICLE_NUMBER, leaf.article_number
    return MatchedBy.NAME, product.name


def _same_number(stored: str, typed: str) -> bool:
    """Article numbers compared as numbers ("12" = "12,0"), as the source compares them."""
    try:
        return Decimal(stored.replace(",", ".")) == Decimal(typed.replace(",", "."))
    except ArithmeticError:
        return stored == typed
