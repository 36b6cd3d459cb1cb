"""Shipping update: tracking from the sink → the channel → tag in the sink → keep, then forget.

Each step is recorded in the ledger as it succeeds (SHIPPED after the channel took the
tracking, DONE after the tag), so a crash or a failure only means the next run does the
step that is left. A shipment the channel refused is owed and retried with backoff.
"""

from __future__ import annotations

from datetime import timedelta

from jjdesk.domain.models import Retry
from jjdesk.domain.ports import OrderSink, OrderSource
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import ItemProblem, OutcomeUnknown
from jjdesk.flows.batching import chunked
from jjdesk.flows.context import PlanAction, PlannedWrite, RunContext
from jjdesk.store.ledger import OPEN_STATES, LedgerState

SHIPMENT = "shipment"
LOOKUP_BATCH = 250
TAG_BATCH = 150
MAX_KEEP = timedelta(days=3650)


def update_shipping(
    ctx: RunContext, source: OrderSource, sink: OrderSink, *, done_tag: str, keep: timedelta
) -> None:
    """Send tracking for every imported order that has it; tag it done; keep its IDs."""
    channel = ctx.integration
    keep = min(keep, MAX_KEEP)
    if not ctx.dry_run:
        ctx.store.ledger.purge_expired()
    owed = ctx.store.owed.of(channel, ctx.flow, SHIPMENT)
    now = utcnow()
    open_orders = [
        e
        for e in ctx.store.ledger.in_state(channel, *OPEN_STATES)
        if e.channel_order_id not in owed or owed[e.channel_order_id].due(now)
    ]
    for batch in chunked(open_orders, LOOKUP_BATCH):
        ctx.check_cancel()
        infos = sink.shipments([e.sink_order_id for e in batch])
        for entry in batch:
            ctx.read()
            info = infos.get(entry.sink_order_id)
            if info is None or not info.complete:
                continue
            if ctx.dry_run:
                ctx.plan(
                    PlannedWrite(
                        PlanAction.SHIP,
                        "order",
                        entry.channel_order_id,
                        label=entry.label,
                        detail=info.shipping_method,
                    )
                )
                continue
            try:
                source.push_shipment(entry.channel_order_id, info)
            except (ItemProblem, OutcomeUnknown) as exc:
                ctx.item_failed(_problem(entry.channel_order_id, exc), queue=SHIPMENT)
                continue
            ctx.store.ledger.shipped(
                channel,
                entry.channel_order_id,
                info.tracking_number or info.tracking_url,
                info.shipping_method,
            )
            ctx.settle(SHIPMENT, [entry.channel_order_id])
        ctx.progress(ctx.counters.read, len(open_orders))
    if not ctx.dry_run:
        _tag_shipped(ctx, sink, done_tag, keep)


def _tag_shipped(ctx: RunContext, sink: OrderSink, done_tag: str, keep: timedelta) -> None:
    """Orders whose tracking reached the channel get their tag in the sink, then DONE."""
    shipped = ctx.store.ledger.in_state(ctx.integration, LedgerState.SHIPPED)
    for batch in chunked(shipped, TAG_BATCH):
        ctx.check_cancel()
        sink.tag_done([e.sink_order_id for e in batch], done_tag)
        expires = utcnow() + keep
        for entry in batch:
            ctx.store.ledger.done(ctx.integration, entry.channel_order_id, expires, done_tag)
            ctx.written()


def _problem(order_id: str, exc: ItemProblem | OutcomeUnknown) -> ItemProblem:
    if isinstance(exc, ItemProblem):
        if exc.retry is Retry.ON_CHANGE:
            exc.retry = Retry.LATER  # the tracking data may be corrected in the sink
        return exc
    return ItemProblem("order", order_id, exc.message, field="tracking", retry=Retry.SOON)
