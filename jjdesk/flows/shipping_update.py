"""Shipping update: tracking from the sink → the channel → tag in the sink → keep, then forget.

Each step is safe to repeat (the channel ignores an order already fulfilled, a tag set
twice is one tag), so a crash between steps only means the next run repeats a step.
"""

from __future__ import annotations

from datetime import timedelta

from jjdesk.domain.ports import OrderSink, OrderSource
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import ItemProblem
from jjdesk.flows.batching import chunked
from jjdesk.flows.context import RunContext
from jjdesk.store.ledger import LedgerState

LOOKUP_BATCH = 250
TAG_BATCH = 150


def update_shipping(
    ctx: RunContext, source: OrderSource, sink: OrderSink, *, done_tag: str, keep: timedelta
) -> None:
    """Send tracking for every imported order that has it; tag it done; keep its IDs."""
    channel = ctx.integration
    if not ctx.dry_run:
        ctx.store.ledger.purge_expired()
    open_orders = ctx.store.ledger.in_state(channel, LedgerState.IMPORTED)
    for batch in chunked(open_orders, LOOKUP_BATCH):
        ctx.check_cancel()
        infos = sink.shipments([e.sink_order_id for e in batch])
        shipped: list[tuple[str, str]] = []
        for entry in batch:
            ctx.read()
            info = infos.get(entry.sink_order_id)
            if info is None or not info.complete:
                continue
            if ctx.dry_run:
                ctx.plan(f"shipment {entry.channel_order_id}: {info.shipping_method}")
                continue
            try:
                source.push_shipment(entry.channel_order_id, info)
            except ItemProblem as problem:
                ctx.item_failed(problem)
                continue
            shipped.append((entry.channel_order_id, entry.sink_order_id))
        for tag_batch in chunked(shipped, TAG_BATCH):
            sink.tag_done([sink_id for _, sink_id in tag_batch], done_tag)
            expires = utcnow() + keep
            for channel_order_id, _ in tag_batch:
                ctx.store.ledger.done(channel, channel_order_id, expires)
                ctx.written()
        ctx.progress(ctx.counters.read, len(open_orders))
