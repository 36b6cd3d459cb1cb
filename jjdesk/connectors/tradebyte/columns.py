"""The columns of Tradebyte's product CSV and the one order they are written in.

Names as in Tradebyte's files: a channel in square brackets (`a_vk[zade]`), a sequence
number in braces (`p_media[image]{0}`), a variant attribute as its key (`a_comp[Farbe]`).
The product file always has twelve image columns for the product and twelve for the
article, and one `a_comp[…]` column per attribute that occurs in any of its rows.
"""

from __future__ import annotations

from collections.abc import Iterable

IMAGES = 12
PRODUCT_IMAGE = "p_media[image]"
ARTICLE_IMAGE = "a_media[image]"
A_NR = "a_nr"
P_NR = "p_nr"
A_EAN = "a_ean"
A_STOCK = "a_stock"
COMP = "a_comp"

# (column or family, family?) in the order a file lists them; a family is one column per
# channel, image number or attribute
_LAYOUT: tuple[tuple[str, bool], ...] = (
    (P_NR, False),
    ("p_name", False),
    ("p_text", False),
    ("p_brand", False),
    ("p_cluster[0]", False),
    (PRODUCT_IMAGE, True),
    ("p_active", True),
    ("p_keywords", False),
    (A_NR, False),
    ("a_nr2", False),
    ("a_prodnr", False),
    (A_EAN, False),
    (COMP, True),
    (ARTICLE_IMAGE, True),
    (A_STOCK, False),
    ("a_vk", True),
    ("a_uvp", True),
    ("a_vk_old", True),
    ("a_ek", False),
    ("a_active", False),
    ("a_mwst", True),
    ("a_shipping_type", False),
    ("a_org_country", False),
)


def per_channel(family: str, channel: str) -> str:
    """`a_vk[zade]`."""
    return f"{family}[{channel}]"


def image(family: str, number: int) -> str:
    """`p_media[image]{0}` … `{11}`."""
    return f"{family}{{{number}}}"


def attribute(name: str) -> str:
    """`a_comp[Farbe]`."""
    return f"{COMP}[{name}]"


def _rank(column: str) -> tuple[int, int, str]:
    for rank, (name, family) in enumerate(_LAYOUT):
        if not family and column == name:
            return rank, 0, ""
        if family and column.startswith(name) and column[len(name) : len(name) + 1] in "[{":
            rest = column[len(name) :]
            number = rest.strip("{}")
            if rest.startswith("{") and number.isdigit():
                return rank, int(number), ""
            return rank, 0, rest
    return len(_LAYOUT), 0, column


def ordered(columns: Iterable[str]) -> list[str]:
    """The columns in Tradebyte's layout order; unknown ones at the end, alphabetically."""
    return sorted(set(columns), key=_rank)


def layout(channels: Iterable[str], attributes: Iterable[str]) -> list[str]:
    """Every column of a product file for these channels and variant attributes."""
    columns = [name for name, family in _LAYOUT if not family]
    for channel in channels:
        columns += [per_channel(f, channel) for f in ("p_active", "a_vk", "a_uvp", "a_vk_old")]
        columns.append(per_channel("a_mwst", channel))
    columns += [image(PRODUCT_IMAGE, n) for n in range(IMAGES)]
    columns += [image(ARTICLE_IMAGE, n) for n in range(IMAGES)]
    columns += [attribute(name) for name in attributes]
    return ordered(columns)
