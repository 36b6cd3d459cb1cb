"""Level rules: the Afterbuy "Level" of a product decides what each channel does with it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum


class ExportAction(Enum):
    """What the product export does with a product at a given level."""

    TRANSFER = "transfer"
    CREATE_ONCE = "create_once"  # create, afterwards only stock
    INACTIVE = "inactive"  # Shopify draft, Tradebyte Active=0
    REMOVE = "remove"
    SKIP = "skip"


class StockAction(Enum):
    """Whether the stock update touches a product at a given level."""

    UPDATE = "update"
    SKIP = "skip"


MAX_LEVEL = 15


class LevelRuleError(ValueError):
    """A level rule table that does not cover each level exactly once."""


@dataclass(frozen=True, slots=True)
class LevelRange:
    """Levels `low`..`high` (inclusive) share one export and one stock action."""

    low: int
    high: int
    export: ExportAction
    stock: StockAction


@dataclass(frozen=True, slots=True)
class LevelRules:
    """A complete table for levels 0..15; a product without a level counts as level 0."""

    ranges: tuple[LevelRange, ...]

    def __post_init__(self) -> None:
        covered: list[int] = []
        for r in self.ranges:
            if r.low > r.high or r.low < 0 or r.high > MAX_LEVEL:
                raise LevelRuleError(f"invalid range {r.low}-{r.high}")
            covered.extend(range(r.low, r.high + 1))
        if sorted(covered) != list(range(MAX_LEVEL + 1)):
            raise LevelRuleError("every level 0-15 must appear exactly once")

    def _range(self, level: int | None) -> LevelRange:
        lvl = 0 if level is None else max(0, min(level, MAX_LEVEL))
        return next(r for r in self.ranges if r.low <= lvl <= r.high)

    def export_action(self, level: int | None) -> ExportAction:
        """The export action for a level (None = transferable, SPEC)."""
        return self._range(level).export

    def stock_action(self, level: int | None) -> StockAction:
        """The stock action for a level."""
        return self._range(level).stock

    def to_json(self) -> str:
        """Serialise for the settings table and the TOML export."""
        return json.dumps([[r.low, r.high, r.export.value, r.stock.value] for r in self.ranges])

    @classmethod
    def from_json(cls, text: str) -> LevelRules:
        """Parse what `to_json` wrote; raises LevelRuleError on a broken table."""
        try:
            rows = json.loads(text)
            return cls(
                tuple(
                    LevelRange(int(lo), int(hi), ExportAction(ex), StockAction(st))
                    for lo, hi, ex, st in rows
                )
            )
        except (ValueError, TypeError) as exc:
            raise LevelRuleError(str(exc)) from exc


def rules(*rows: tuple[int, int, ExportAction, StockAction]) -> LevelRules:
    """Shorthand for integration definitions."""
    return LevelRules(tuple(LevelRange(*row) for row in rows))


_T, _C, _I, _R, _S = (
    ExportAction.TRANSFER,
    ExportAction.CREATE_ONCE,
    ExportAction.INACTIVE,
    ExportAction.REMOVE,
    ExportAction.SKIP,
)
_U, _N = StockAction.UPDATE, StockAction.SKIP

SHOPIFY_DEFAULT = rules(
    (0, 8, _T, _U), (9, 9, _C, _U), (10, 10, _I, _U), (11, 11, _R, _U), (12, 15, _S, _N)
)
IDEALO_DEFAULT = rules((0, 10, _T, _U), (11, 11, _R, _U), (12, 15, _S, _N))
TRADEBYTE_DEFAULT = rules((0, 9, _T, _U), (10, 10, _I, _U), (11, 11, _R, _U), (12, 15, _S, _N))
# for an integration without level rules: every product is transferred and its stock updated
ALL_TRANSFER = rules((0, MAX_LEVEL, _T, _U))
