"""Update stock: levels from the source, plus owed ones → only quantities that differ."""

from __future__ import annotations

from datetime import datetime, timedelta

from jjdesk.domain.levels import LevelRules, StockAction
from jjdesk.domain.models import UNLIMITED, ItemOutcome, StockLevel, Unreadable
from jjdesk.domain.ports import ProductSource, StockChannel
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.domain.validation import stock_problem
from jjdesk.errors import ItemProblem
from jjdesk.flows.batching import chunked
from jjdesk.flows.context import PlanAction, PlannedWrite, RunContext

STOCK = "stock"
OVERLAP = timedelta(minutes=2)
FULL_PASS_EVERY = timedelta(hours=24)


def update_stock(
    ctx: RunContext, source: ProductSource, channel: StockChannel, rules: LevelRules
) -> None:
    """Send changed quantities in batches.

    Reads the levels changed since the last run (Afterbuy's daily call budget would not
    survive a full pass every few minutes) plus a full pass once a day, and compares with
    what was last sent. A quantity the channel did not take is owed (the quantity is its
    digest) and sent again when due, unless a newer reading replaced it.
    """
    started = utcnow()
    since, full = _since(ctx, started)
    levels: dict[str, StockLevel] = {}
    for item in source.stock_levels(since):
        ctx.check_cancel()
        if isinstance(item, Unreadable):
            ctx.unreadable(item)
        elif rules.stock_action(item.level) is StockAction.UPDATE:
            problem = stock_problem(item, STOCK)
            if problem is None:
                levels[item.product_id] = item
            elif not _reported(ctx, item):
                ctx.item_failed(problem, digest=item.digest)
        else:
            ctx.settle(STOCK, [item.product_id])
    ctx.read(len(levels))
    for owed in ctx.store.owed.due(ctx.integration, ctx.flow, STOCK):
        if owed.key in levels:
            continue
        if owed.digest == UNLIMITED:
            levels[owed.key] = StockLevel(owed.key, 0, unlimited=True)
        elif owed.digest.lstrip("-").isdigit():
            levels[owed.key] = StockLevel(owed.key, int(owed.digest))
    sent = ctx.store.fingerprints.get_many(ctx.integration, STOCK, list(levels))
    changed = [lv for lv in levels.values() if sent.get(lv.product_id) != lv.digest]
    ctx.settle(STOCK, [key for key, lv in levels.items() if sent.get(key) == lv.digest])
    done = 0
    staged: dict[str, str] = {}
    for batch in chunked(changed, channel.traits.stock_batch_size):
        ctx.check_cancel()
        staged.update(_send(ctx, channel, batch))
        done += len(batch)
        ctx.progress(done, len(changed))
    if not ctx.dry_run:
        if channel.traits.commits:
            for outcome in channel.commit():
                if not outcome.ok and not outcome.skipped and outcome.key in staged:
                    quantity = staged.pop(outcome.key)
                    ctx.item_failed(_problem(outcome), digest=quantity)
        ctx.store.fingerprints.set_many(ctx.integration, STOCK, staged)
        ctx.settle(STOCK, list(staged))
        ctx.store.watermarks.set(ctx.integration, ctx.flow, started.isoformat())
        if full:
            ctx.store.watermarks.set(ctx.integration, f"{ctx.flow}:full", started.isoformat())
    ctx.progress(done, len(changed), force=True)


def _reported(ctx: RunContext, level: StockLevel) -> bool:
    """Whether this bad quantity was reported already (it is not reported on every run)."""
    owed = ctx.store.owed.get(ctx.integration, ctx.flow, STOCK, level.product_id)
    return owed is not None and owed.digest == level.digest


def _since(ctx: RunContext, now: datetime) -> tuple[datetime | None, bool]:
    """Where to start reading, and whether this is the daily full pass."""
    last_full = parse_iso(ctx.store.watermarks.get(ctx.integration, f"{ctx.flow}:full"))
    last = parse_iso(ctx.store.watermarks.get(ctx.integration, ctx.flow))
    if last is None or last_full is None or now - last_full >= FULL_PASS_EVERY:
        return None, True
    return last - OVERLAP, False


def _send(ctx: RunContext, channel: StockChannel, batch: list[StockLevel]) -> dict[str, str]:
    """Quantities the channel took (to be recorded); failures go to the retry queue."""
    if ctx.dry_run:
        for level in batch:
            ctx.plan(PlannedWrite(PlanAction.STOCK, STOCK, level.product_id, detail=level.digest))
        return {}
    quantities = {level.product_id: level.digest for level in batch}
    taken: dict[str, str] = {}
    for outcome in channel.set_stock(batch):
        quantity = quantities.get(outcome.key)
        if quantity is None:
            continue
        if outcome.skipped:
            # not in the channel (yet): the product export sets it when it creates it
            ctx.settle(STOCK, [outcome.key])
        elif outcome.ok:
            ctx.written()
            taken[outcome.key] = quantity
        else:
            ctx.item_failed(_problem(outcome), digest=quantity)
    return taken


def _problem(outcome: ItemOutcome) -> ItemProblem:
    return ItemProblem(
        STOCK,
        outcome.key,
        outcome.message,
        field=outcome.field or "stock",
        hint=outcome.hint,
        retry=outcome.retry,
    )
