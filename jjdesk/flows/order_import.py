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

An order cancelled before jjdesk saw it, and a channel's test order (unless the
merchant wants those), is skipped and counted, not imported. Of an imported order jjdesk
keeps a fingerprint of what it sent (`OrderMark`); when the channel reports the order
again with other quantities, amounts, a refund or a cancellation, it is not created
again: the merchant gets one item saying what changed, once per change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jjdesk import i18n
from jjdesk.domain.models import Order, Retry, Unreadable
from jjdesk.domain.ports import OrderSink, OrderSource
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.domain.validation import order_problems
from jjdesk.errors import ItemProblem, OutcomeUnknown
from jjdesk.flows.context import PlanAction, PlannedWrite, RunContext
from jjdesk.flows.order_changes import OrderMark
from jjdesk.store.ledger import LedgerEntry, LedgerState

i18n.register(
    {
        "order.skip.cancelled": {"de": "vor dem Import storniert", "en": "cancelled before import"},
        "order.skip.test": {
            "de": "Testbestellung (Import von Testbestellungen ist aus)",
            "en": "test order (importing test orders is off)",
        },
        "order.skipped": {
            "de": "Bestellung {name} übersprungen: {reason}",
            "en": "order {name} skipped: {reason}",
        },
        "order.planned_change": {
            "de": "Bestellung {name}: {message}",
            "en": "order {name}: {message}",
        },
    }
)

ORDER = "order"
ACK = "acknowledgement"
MARK = "order"  # fingerprints of imported orders (kind in the fingerprints table)
OVERLAP = timedelta(minutes=10)
FIRST_RUN_LOOKBACK = timedelta(days=7)
LOOKUP_MARGIN = timedelta(minutes=15)  # sink and jjdesk clocks may differ

i18n.register({})


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
    import_test_orders: bool = False,
    channel_title: str = "",
    sink_title: str = "",
) -> None:
    """Create every new channel order in the sink once; bad orders are reported, not stuck.

    `channel_title` and `sink_title` name the systems in messages to the merchant
    (default: the ports' names).
    """
    run = _Import(
        ctx,
        source,
        sink,
        prefix,
        import_test_orders=import_test_orders,
        channel_title=channel_title or source.name.title(),
        sink_title=sink_title or sink.name.title(),
    )
    run.forget_marks_of_forgotten_orders()
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
    import_test_orders: bool = False
    channel_title: str = ""
    sink_title: str = ""
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

    def forget_marks_of_forgotten_orders(self) -> None:
        """Fingerprints of orders the ledger has forgotten (kept past their time) go too."""
        if self.ctx.dry_run:
            return
        store = self.ctx.store
        marked = store.fingerprints.keys(self.channel, MARK)
        if len(marked) <= store.ledger.count(self.channel):
            return
        gone = [key for key in marked if store.ledger.get(self.channel, key) is None]
        store.fingerprints.delete_many(self.channel, MARK, gone)

    def examine(self, order: Order) -> None:
        ctx = self.ctx
        self.newest = max(self.newest or order.updated_at, order.updated_at)
        entry = ctx.store.ledger.get(self.channel, order.channel_order_id)
        if entry is not None and entry.state is not LedgerState.PENDING:
            self._compare(order)
            return
        reason = self._skip_reason(order)
        if reason is not None:
            self._skip(order, entry, reason)
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
            ctx.plan(
                PlannedWrite(
                    PlanAction.IMPORT,
                    ORDER,
                    order.channel_order_id,
                    label=order.order_number,
                    detail=f"{len(order.lines)} lines",
                )
            )
            return
        self._create(order, entry)

    def _skip_reason(self, order: Order) -> str | None:
        if order.cancelled:
            return i18n.text("order.skip.cancelled")
        if order.test and not self.import_test_orders:
            return i18n.text("order.skip.test")
        return None

    def _skip(self, order: Order, entry: LedgerEntry | None, reason: str) -> None:
        """Not imported, on purpose; anything owed for it is settled."""
        ctx = self.ctx
        name = order.order_number or order.channel_order_id
        ctx.skip(reason, i18n.text("order.skipped", name=name, reason=reason))
        if ctx.dry_run:
            return
        if entry is not None:  # PENDING and not found in the sink: it never got there
            ctx.store.ledger.forget_pending(self.channel, order.channel_order_id)
        ctx.settle(ORDER, [order.channel_order_id])

    def _compare(self, order: Order) -> None:
        """An imported order seen again: tell the merchant once if it changed since."""
        ctx = self.ctx
        key = order.channel_order_id
        now = OrderMark.of(order)
        kept = ctx.store.fingerprints.get(self.channel, MARK, key)
        before = OrderMark.parse(kept) if kept else None
        if before == now:
            return
        if before is None:  # imported by a jjdesk that kept no fingerprint: start now
            if not ctx.dry_run:
                ctx.store.fingerprints.set(self.channel, MARK, key, now.text())
            return
        entry = ctx.store.ledger.get(self.channel, key)
        reference = entry.reference if entry else key
        problem = ItemProblem(
            ORDER,
            key,
            i18n.text(
                "order.changed",
                channel=self.channel_title,
                sink=self.sink_title,
                changes=", ".join(before.changes_to(now, order.change_note)),
            ),
            field="order",
            hint=i18n.text("order.changed.hint", reference=reference, sink=self.sink_title),
            label=order.order_number,
        )
        if ctx.dry_run:
            ctx.plan(
                PlannedWrite(
                    PlanAction.REPORT, ORDER, key, label=order.order_number, detail=problem.message
                )
            )
            return
        ctx.store.fingerprints.set(self.channel, MARK, key, now.text())
        ctx.needs_attention(problem)

    def _create(self, order: Order, entry: LedgerEntry | None) -> None:
        ctx = self.ctx
        order_id = order.channel_order_id
        # a row still PENDING here was not found by the look-up at the start of the run:
        # the sink does not have it, so it is created, under the reference it had
        reference = entry.reference if entry else order_reference(self.prefix, order_id)
        ctx.store.ledger.begin(self.channel, order_id, reference, order.order_number)
        # what is sent, fingerprinted before it goes: whichever way the order gets into
        # the sink (answered, found after a lost answer, found by the next run), its
        # changes afterwards are measured against this
        ctx.store.fingerprints.set(self.channel, MARK, order_id, OrderMark.of(order).text())
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
            ctx.store.fingerprints.delete(self.channel, MARK, order_id)
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

    def _failed(self, order: Order, problems: list[ItemProblem]) -> None:
        stamp = order.updated_at.isoformat()
        for problem in problems:
            self.ctx.item_failed(problem, digest=stamp, key=order.channel_order_id)
        if any(p.retry is not Retry.ON_CHANGE for p in problems):
            self._hold(order)

    def _hold(self, order: Order) -> None:
        """The watermark waits for this order (it is owed and not resolved yet)."""
        self.oldest_owed = min(self.oldest_owed or order.updated_at, order.updated_at)
