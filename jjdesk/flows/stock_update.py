"""Update stock: levels from the source → only quantities that differ from the last sent."""

from __future__ import annotations

from datetime import datetime, timedelta

from jjdesk.domain.levels import LevelRules, StockAction
from jjdesk.domain.models import StockLevel
from jjdesk.domain.ports import ProductChannel, ProductSource
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.flows.batching import chunked, report_outcomes
from jjdesk.flows.context import RunContext

STOCK = "stock"
BATCH = 250
OVERLAP = timedelta(minutes=2)
FULL_PASS_EVERY = timedelta(hours=24)


def update_stock(
    ctx: RunContext, source: ProductSource, channel: ProductChannel, rules: LevelRules
) -> None:
    """Send changed quantities in batches.

    Reads the levels changed since the last run (Afterbuy's daily call budget would not
    survive a full pass every few minutes) plus a full pass once a day, and compares with
    what was last sent, so a missed change never leaves a wrong quantity for long.
    """
    started = utcnow()
    since, full = _since(ctx, started)
    levels = [
        level
        for level in source.stock_levels(since)
        if rules.stock_action(level.level) is StockAction.UPDATE
    ]
    ctx.read(len(levels))
    sent = ctx.store.fingerprints.get_many(
        ctx.integration, STOCK, [level.product_id for level in levels]
    )
    changed = [lv for lv in levels if sent.get(lv.product_id) != str(lv.quantity)]
    done = 0
    for batch in chunked(changed, BATCH):
        ctx.check_cancel()
        _send(ctx, channel, batch)
        done += len(batch)
        ctx.progress(done, len(changed))
    ctx.progress(done, len(changed), force=True)
    if not ctx.dry_run:
        ctx.store.watermarks.set(ctx.integration, ctx.flow, started.isoformat())
        if full:
            ctx.store.watermarks.set(ctx.integration, f"{ctx.flow}:full", started.isoformat())


def _since(ctx: RunContext, now: datetime) -> tuple[datetime | None, bool]:
    """Where to start reading, and whether this is the daily full pass."""
    last_full = parse_iso(ctx.store.watermarks.get(ctx.integration, f"{ctx.flow}:full"))
    last = parse_iso(ctx.store.watermarks.get(ctx.integration, ctx.flow))
    if last is None or last_full is None or now - last_full >= FULL_PASS_EVERY:
        return None, True
    return last - OVERLAP, False


def _send(ctx: RunContext, channel: ProductChannel, batch: list[StockLevel]) -> None:
    if ctx.dry_run:
        for level in batch:
            ctx.plan(f"stock {level.product_id} = {level.quantity}")
        return
    quantities = {level.product_id: str(level.quantity) for level in batch}
    written = report_outcomes(ctx, STOCK, channel.set_stock(batch))
    ctx.store.fingerprints.set_many(ctx.integration, STOCK, {k: quantities[k] for k in written})
