"""Level rules: what each channel does with a product at a given Afterbuy level."""

from __future__ import annotations

import pytest

from jjdesk.domain.levels import (
    IDEALO_DEFAULT,
    SHOPIFY_DEFAULT,
    TRADEBYTE_DEFAULT,
    ExportAction,
    LevelRange,
    LevelRuleError,
    LevelRules,
    StockAction,
)


@pytest.mark.parametrize(
    ("level", "shopify", "idealo", "tradebyte"),
    [
        (None, ExportAction.TRANSFER, ExportAction.TRANSFER, ExportAction.TRANSFER),
        (0, ExportAction.TRANSFER, ExportAction.TRANSFER, ExportAction.TRANSFER),
        (8, ExportAction.TRANSFER, ExportAction.TRANSFER, ExportAction.TRANSFER),
        (9, ExportAction.CREATE_ONCE, ExportAction.TRANSFER, ExportAction.TRANSFER),
        (10, ExportAction.INACTIVE, ExportAction.TRANSFER, ExportAction.INACTIVE),
        (11, ExportAction.REMOVE, ExportAction.REMOVE, ExportAction.REMOVE),
        (12, ExportAction.SKIP, ExportAction.SKIP, ExportAction.SKIP),
        (15, ExportAction.SKIP, ExportAction.SKIP, ExportAction.SKIP),
    ],
)
def test_reference_defaults(
    level: int | None, shopify: ExportAction, idealo: ExportAction, tradebyte: ExportAction
) -> None:
    assert SHOPIFY_DEFAULT.export_action(level) is shopify
    assert IDEALO_DEFAULT.export_action(level) is idealo
    assert TRADEBYTE_DEFAULT.export_action(level) is tradebyte


def test_stock_still_updated_at_11_but_not_at_12() -> None:
    assert TRADEBYTE_DEFAULT.stock_action(11) is StockAction.UPDATE
    assert TRADEBYTE_DEFAULT.stock_action(12) is StockAction.SKIP


def test_a_table_with_a_gap_is_refused() -> None:
    with pytest.raises(LevelRuleError):
        LevelRules((LevelRange(0, 8, ExportAction.TRANSFER, StockAction.UPDATE),))


def test_overlapping_ranges_are_refused() -> None:
    with pytest.raises(LevelRuleError):
        LevelRules(
            (
                LevelRange(0, 9, ExportAction.TRANSFER, StockAction.UPDATE),
                LevelRange(9, 15, ExportAction.SKIP, StockAction.SKIP),
            )
        )


def test_rules_survive_serialisation() -> None:
    assert LevelRules.from_json(SHOPIFY_DEFAULT.to_json()) == SHOPIFY_DEFAULT
    with pytest.raises(LevelRuleError):
        LevelRules.from_json('[[0, 15, "teleport", "update"]]')
