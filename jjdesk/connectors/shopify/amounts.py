"""What each Shopify line still costs the customer, in cents, and how Afterbuy can carry it.

The Admin API's fields say what they count (schema 2026-07): `originalUnitPriceSet` is the
price before any discount; `discountAllocations` are every discount on the line (line,
order and code discounts alike), including the share of units removed or refunded since;
`taxLines` likewise cover every unit ever ordered; `currentQuantity` is what still
stands. So a line's amount is the undiscounted price of the units that stand less their
share of the discounts, plus (in a shop whose prices exclude tax) their share of the tax.

Afterbuy takes a unit price per position, so a line whose amount is no whole number of
cents per unit becomes two positions of the same article, one cent apart: the amounts
add up exactly and every unit carries the discount it really got.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, Decimal

from jjdesk.domain.money import to_cents

CENT = Decimal("0.01")
ZERO = Decimal("0")


def standing_share(amount: Decimal, current: int, quantity: int) -> Decimal:
    """The part of a line's amount that belongs to the units still standing."""
    if current >= quantity or quantity <= 0:
        return amount
    return to_cents(amount * current / quantity)


@dataclass(frozen=True, slots=True)
class LineAmount:
    """One line as it stands: its units and what they cost together (gross, in cents).

    `estimated`: part of the amount was shared out over units removed or refunded, so it
    may differ from Shopify's own rounding by a cent.
    """

    index: int
    quantity: int
    gross: Decimal
    estimated: bool = False


def reconcile(
    lines: Sequence[LineAmount], shipping: Decimal, total: Decimal
) -> list[LineAmount] | None:
    """The lines adjusted so that lines + shipping equal Shopify's current total.

    Only lines whose amount was estimated may move, by at most one cent each; None when
    the difference is more than that (the order holds something jjdesk does not read, and
    must not be imported with a wrong total).
    """
    difference = total - shipping - sum((line.gross for line in lines), ZERO)
    if difference == 0:
        return list(lines)
    movable = [i for i, line in enumerate(lines) if line.estimated and line.quantity]
    steps = int(abs(difference) / CENT)
    if abs(difference) % CENT or steps > len(movable):
        return None
    step = CENT if difference > 0 else -CENT
    adjusted = list(lines)
    for i in movable[:steps]:
        adjusted[i] = replace(adjusted[i], gross=adjusted[i].gross + step)
    return adjusted


def unit_prices(gross: Decimal, quantity: int) -> list[tuple[int, Decimal]]:
    """(units, unit price) positions carrying exactly `gross` for `quantity` units.

    One position when the amount divides into whole cents, else two: some units one cent
    dearer than the rest (10,00 for 3 units: 1 × 3,34 and 2 × 3,33).
    """
    if quantity <= 0:
        return []
    low = (gross / quantity).quantize(CENT, rounding=ROUND_FLOOR)
    dearer = int((gross - low * quantity) / CENT)
    positions = [(quantity - dearer, low)]
    if dearer:
        positions.append((dearer, low + CENT))
    return positions
