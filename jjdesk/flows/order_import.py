"""Import orders exactly once, whatever the sink: ledger PENDING → sink → IMPORTED → ack.

The ledger row, with the reference sent as the order number, is durable before the sink
is asked. A row still PENDING later (jjdesk died, the answer was lost) is looked up in the
sink by that reference before anything is created again; only what the sink does not
have is created, under the same reference, so a sink that refuses duplicates itself
(Afterbuy's CheckVID) is a second guard, not the only one. The channel's acknowledgement
follows and is retried until it goes through.

Per order: an order the channel could not read, or whose data fails the checks at the
border, is an error on that order and the others go on. A cancelled order is not
imported; one that the channel changes after its import (a revocation) is raised once
per change as an item to act on, never created again. What failed is owed: a passing
fault is retried with backoff, a refusal patiently, bad data when the order changes.
The watermark never passes an order still owed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jjdesk import i18n
from jjdesk.domain.digests import digest
from jjdesk.domain.models import Order, Retry, Unreadable
from jjdesk.domain.ports import OrderSink, OrderSource
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.domain.validation import order_problems
from jjdesk.errors import ItemProblem, OutcomeUnknown
from jjdesk.flows.context import RunContext
from jjdesk.store.ledger import LedgerEntry, LedgerState

ORDER = "order"
ACK = "acknowledgement"
CHANGE = "change"  # imported orders whose change in the channel was reported
OVERLAP = timedelta(minutes=10)
FIRST_RUN_LOOKBACK = timedelta(days=7)
LOOKUP_MARGIN = timedelta(minutes=15)  # sink and jjdesk clocks may differ

i18n.register(
    {
        "order_import.change_note": {
            "de": "Nach dem Import geändert: {note}. Bitte die Bestellung in {sink} prüfen.",
            "en": "Changed after import: {note}. Please check the order in {sink}.",
        },
        "order_import.change_note.hint": {
            "de": "jjdesk ändert die Bestellung in {sink} nicht selbst; stornieren oder "
            "anpassen Sie sie dort.",
            "en": "jjdesk does not change the order in {sink} itself; cancel or adjust it there.",
        },
    }
)


def order_reference(prefix: str, channel_order_id: str) -> str:
    """The order number a shared sink gets: the integration's prefix, the channel's id."""
    return f"{prefix}{channel_order_id}"


def import_orders(
    ctx: RunContext,
    source: OrderSource,
    sink: OrderSink,
    *,
    prefix: str,
    first_run_lookback: timedelta = FIRST_RUN_LOOKBACK,
) -> None:
    """Create every new channel order in the sink once; bad orders are reported, not stuck."""
    run = _Import(ctx, source, sink, prefix)
    run.resolve_pending()
    run.retry_acknowledgements()
    for item in source.orders_since(_since(ctx, first_run_lookback)):
        ctx.check_cancel()
        ctx.read()
        if isinstance(item, Unreadable):
            ctx.unreadable(item)
        else:
            run.examine(item)
        ctx.progress(ctx.counters.read)
    if not ctx.dry_run and run.newest is not None:
        mark = min(run.newest, run.oldest_owed) if run.oldest_owed else run.newest
        ctx.store.watermarks.set(ctx.integration, ctx.flow, mark.isoformat())


def _since(ctx: RunContext, lookback: timedelta) -> datetime:
    stored = parse_iso(ctx.store.watermarks.get(ctx.integration, ctx.flow))
    return stored - OVERLAP if stored else utcnow() - lookback


@dataclass
class _Import:
    """One run of the order import."""

    ctx: RunContext
    source: OrderSource
    sink: OrderSink
    prefix: str
    newest: datetime | None = None
    oldest_owed: datetime | None = None
    resolved: dict[str, str] = field(default_factory=dict)

    @property
    def channel(self) -> str:
        return self.ctx.integration

    def resolve_pending(self) -> None:
        """Orders whose creation is in doubt: ask the sink before anything else."""
        if self.ctx.dry_run:
            return
        pending = self.ctx.store.ledger.in_state(self.channel, LedgerState.PENDING)
        if not pending:
            return
        began = [e.began for e in pending if e.began is not None]
        since = (min(began) if began else utcnow() - FIRST_RUN_LOOKBACK) - LOOKUP_MARGIN
        found = self.sink.find_orders([e.reference for e in pending], since)
        for entry in pending:
            sink_id = found.get(entry.reference)
            if sink_id:
                self._imported(entry.channel_order_id, sink_id)

    def retry_acknowledgements(self) -> None:
        """Imported orders the channel has not been told about yet, when due."""
        if self.ctx.dry_run:
            return
        owed = self.ctx.store.owed.of(self.channel, self.ctx.flow, ACK)
        now = utcnow()
        for entry in self.ctx.store.ledger.in_state(self.channel, LedgerState.IMPORTED):
            item = owed.get(entry.channel_order_id)
            if item is None or item.due(now):
                self._acknowledge(entry)

    def examine(self, order: Order) -> None:
        ctx = self.ctx
        self.newest = max(self.newest or order.updated_at, order.updated_at)
        entry = ctx.store.ledger.get(self.channel, order.channel_order_id)
        if entry is not None and entry.state is not LedgerState.PENDING:
            if order.change_note:
                self._changed(order)
            return
        if order.cancelled:
            self._cancelled(order, entry)
            return
        stamp = order.updated_at.isoformat()
        owed = ctx.store.owed.get(self.channel, ctx.flow, ORDER, order.channel_order_id)
        if owed is not None and owed.digest == stamp:
            if owed.retry is Retry.ON_CHANGE:
                return  # reported before and unchanged since: no nagging
            if not owed.due(utcnow()):
                self._hold(order)
                return
        problems = order_problems(order)
        if problems:
            self._failed(order, problems)
            return
        if ctx.dry_run:
            name = order.order_number or order.channel_order_id
            ctx.plan(f"order {name} ({len(order.lines)} lines)")
            return
        self._create(order, entry)

    def _create(self, order: Order, entry: LedgerEntry | None) -> None:
        ctx = self.ctx
        order_id = order.channel_order_id
        # a row still PENDING here was not found by the look-up at the start of the run:
        # the sink does not have it, so it is created, under the reference it had
        reference = entry.reference if entry else order_reference(self.prefix, order_id)
        ctx.store.ledger.begin(self.channel, order_id, reference)
        try:
            sink_id = self.sink.create_order(order, reference)
        except OutcomeUnknown as exc:
            # it may have arrived: look it up at once; if the sink does not show it (yet),
            # it stays PENDING and the next run looks it up first
            began = ctx.store.ledger.get(self.channel, order_id)
            since = (began.began if began and began.began else utcnow()) - LOOKUP_MARGIN
            found = self.sink.find_orders([reference], since).get(reference)
            if found:
                ctx.written()
                self._imported(order_id, found)
                return
            self._failed(
                order,
                [
                    ItemProblem(
                        ORDER,
                        order_id,
                        exc.message,
                        field="order",
                        retry=Retry.SOON,
                        label=order.order_number,
                    )
                ],
            )
            return
        except ItemProblem as problem:
            # refused: nothing was created, so the order is not in doubt
            ctx.store.ledger.forget_pending(self.channel, order_id)
            if not problem.label:
                problem.label = order.order_number
            self._failed(order, [problem])
            return
        ctx.written()
        self._imported(order_id, sink_id)

    def _imported(self, order_id: str, sink_id: str) -> None:
        ctx = self.ctx
        ctx.store.ledger.imported(self.channel, order_id, sink_id)
        ctx.settle(ORDER, [order_id])
        entry = ctx.store.ledger.get(self.channel, order_id)
        assert entry is not None
        self._acknowledge(entry)

    def _acknowledge(self, entry: LedgerEntry) -> None:
        ctx = self.ctx
        try:
            self.source.acknowledge(entry.channel_order_id, entry.sink_order_id)
        except (ItemProblem, OutcomeUnknown) as exc:
            problem = (
                exc
                if isinstance(exc, ItemProblem)
                else ItemProblem(ORDER, entry.channel_order_id, exc.message, retry=Retry.SOON)
            )
            if problem.retry is Retry.ON_CHANGE:
                problem.retry = Retry.SOON  # the order will not change: keep trying
            ctx.item_failed(problem, key=entry.channel_order_id, queue=ACK)
            return
        ctx.store.ledger.acknowledged(self.channel, entry.channel_order_id)
        ctx.settle(ACK, [entry.channel_order_id])

    def _changed(self, order: Order) -> None:
        """An imported order that changed in the channel (revoked): one item to act on."""
        ctx = self.ctx
        note = digest(order.change_note)
        owed = ctx.store.owed.get(self.channel, ctx.flow, CHANGE, order.channel_order_id)
        if owed is not None and owed.digest == note:
            return  # reported before, and nothing new since
        sink = self.sink.name.title()
        problem = ItemProblem(
            ORDER,
            order.channel_order_id,
            i18n.text("order_import.change_note", note=order.change_note, sink=sink),
            field="status",
            hint=i18n.text("order_import.change_note.hint", sink=sink),
            label=order.order_number,
        )
        ctx.item_failed(problem, digest=note, key=order.channel_order_id, queue=CHANGE)

    def _cancelled(self, order: Order, entry: LedgerEntry | None) -> None:
        """Cancelled before jjdesk imported it: nothing is created."""
        ctx = self.ctx
        if ctx.dry_run:
            ctx.plan(f"skip cancelled order {order.order_number or order.channel_order_id}")
            return
        if entry is not None:  # in doubt, and not found in the sink at the start of the run
            ctx.store.ledger.forget_pending(self.channel, order.channel_order_id)
        ctx.settle(ORDER, [order.channel_order_id])

    def _failed(self, order: Order, problems: list[ItemProblem]) -> None:
        stamp = order.updated_at.isoformat()
        for problem in problems:
            self.ctx.item_failed(problem, digest=stamp, key=order.channel_order_id)
        if any(p.retry is not Retry.ON_CHANGE for p in problems):
            self._hold(order)

    def _hold(self, order: Order) -> None:
        """The watermark waits for this order (it is owed and not resolved yet)."""
        self.oldest_owed = min(self.oldest_owed or order.updated_at, order.updated_at)
