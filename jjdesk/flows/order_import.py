"""Import orders exactly once: channel → ledger (PENDING) → sink → ledger (IMPORTED).

The ledger row is durable before the sink is called. If jjdesk dies between the two
writes, the row stays PENDING, the watermark stays behind that order, and the next run
sends the order again; the sink refuses a duplicate by itself (Afterbuy: VID + CheckVID)
and hands back the existing id. So a crash at any line neither loses nor doubles an order.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from jjdesk.domain.models import Order
from jjdesk.domain.ports import OrderSink, OrderSource
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.errors import ItemProblem
from jjdesk.flows.context import RunContext
from jjdesk.store.ledger import LedgerState

REJECTED = "order-rejected"
OVERLAP = timedelta(minutes=10)
FIRST_RUN_LOOKBACK = timedelta(days=7)


def import_orders(
    ctx: RunContext,
    source: OrderSource,
    sink: OrderSink,
    *,
    first_run_lookback: timedelta = FIRST_RUN_LOOKBACK,
) -> None:
    """Create every new channel order in the sink once; bad orders are reported, not stuck."""
    channel = ctx.integration
    since = _since(ctx, first_run_lookback)
    newest: datetime | None = None
    oldest_unresolved: datetime | None = None
    for order in source.orders_since(since):
        ctx.check_cancel()
        ctx.read()
        newest = max(newest or order.updated_at, order.updated_at)
        if not _import_one(ctx, source, sink, order):
            oldest_unresolved = min(oldest_unresolved or order.updated_at, order.updated_at)
        ctx.progress(ctx.counters.read)
    if ctx.dry_run or newest is None:
        return
    mark = min(newest, oldest_unresolved) if oldest_unresolved else newest
    ctx.store.watermarks.set(channel, ctx.flow, mark.isoformat())


def _since(ctx: RunContext, lookback: timedelta) -> datetime:
    stored = parse_iso(ctx.store.watermarks.get(ctx.integration, ctx.flow))
    return stored - OVERLAP if stored else utcnow() - lookback


def _import_one(ctx: RunContext, source: OrderSource, sink: OrderSink, order: Order) -> bool:
    """Import one order; False when it is still unresolved (the watermark must wait)."""
    channel, order_id = ctx.integration, order.channel_order_id
    entry = ctx.store.ledger.get(channel, order_id)
    if entry is not None and entry.state is not LedgerState.PENDING:
        return True
    stamp = order.updated_at.isoformat()
    if ctx.store.fingerprints.get(channel, REJECTED, order_id) == stamp:
        return True  # reported before and unchanged since: do not nag again
    if ctx.dry_run:
        ctx.plan(f"order {order_id} ({len(order.lines)} lines)")
        return True
    ctx.store.ledger.begin(channel, order_id)
    try:
        sink_id = sink.create_order(order)
    except ItemProblem as problem:
        ctx.store.ledger.forget_pending(channel, order_id)
        ctx.store.fingerprints.set(channel, REJECTED, order_id, stamp)
        ctx.item_failed(problem)
        return True
    ctx.store.ledger.imported(channel, order_id, sink_id)
    ctx.store.fingerprints.delete(channel, REJECTED, order_id)
    ctx.written()
    try:
        source.acknowledge(order, sink_id)
    except ItemProblem as problem:
        ctx.item_failed(problem)
    return True
