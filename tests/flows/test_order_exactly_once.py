"""Exactly once whatever the sink: the order flow against a sink that refuses nothing.

The sink here keeps every order it is given, duplicates included (AccountView behaves so),
and can lose its answer after doing the work. The flow must resolve every order in doubt
by looking it up, retry what is owed, and keep two channels with the same id apart.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from jjdesk.domain.models import Address, Order, OrderLine, Retry, ShipmentInfo, Unreadable
from jjdesk.errors import ItemProblem, OutcomeUnknown
from jjdesk.events import EventBus
from jjdesk.flows.context import RunContext
from jjdesk.flows.order_import import import_orders
from jjdesk.profile import Profile
from jjdesk.store import Store
from jjdesk.store.ledger import LedgerState
from tests.owed_helpers import age_owed


def _order(order_id: str, *, quantity: int = 1, minutes: int = 0, country: str = "DE") -> Order:
    moment = datetime(2026, 11, 30, 9, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    return Order(
        channel="shop",
        channel_order_id=order_id,
        order_number=f"#{order_id}",
        created_at=moment,
        updated_at=moment,
        billing=Address(
            first_name="Jo",
            last_name="Bo",
            street="Ring 1",
            postal_code="10115",
            city="Berlin",
            country_code=country,
        ),
        lines=(OrderLine("10000001", "Mütze", quantity, Decimal("19.90"), Decimal("19")),),
    )


@dataclass
class MemorySource:
    """A channel whose orders the test sets; acknowledgements can fail."""

    orders: list[Order | Unreadable] = field(default_factory=list)
    acknowledged: list[tuple[str, str]] = field(default_factory=list)
    refuse_acks: int = 0
    name: str = "shop"

    def orders_since(self, since: datetime | None) -> Iterator[Order | Unreadable]:
        for item in self.orders:
            if isinstance(item, Unreadable) or since is None or item.updated_at > since:
                yield item

    def acknowledge(self, channel_order_id: str, sink_order_id: str) -> None:
        if self.refuse_acks:
            self.refuse_acks -= 1
            raise ItemProblem("order", channel_order_id, "Zeitüberschreitung", retry=Retry.SOON)
        self.acknowledged.append((channel_order_id, sink_order_id))

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        raise NotImplementedError


@dataclass
class GreedySink:
    """A sink that creates whatever it gets, never refusing a duplicate."""

    created: list[tuple[str, str]] = field(default_factory=list)  # (reference, sink id)
    lose_answers: int = 0
    refuse_next: list[ItemProblem] = field(default_factory=list)
    lookups: int = 0
    name: str = "sink"
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def find_orders(self, references: Sequence[str], since: datetime) -> dict[str, str]:
        self.lookups += 1
        return {ref: sink_id for ref, sink_id in self.created if ref in references}

    def create_order(self, order: Order, reference: str) -> str:
        if self.refuse_next:
            raise self.refuse_next.pop(0)
        sink_id = f"S{len(self.created) + 1}"
        self.created.append((reference, sink_id))
        if self.lose_answers:
            self.lose_answers -= 1
            raise OutcomeUnknown("Sink", "ReadTimeout")
        return sink_id

    def shipments(self, sink_order_ids: object) -> dict[str, ShipmentInfo]:
        return {}

    def tag_done(self, sink_order_ids: Sequence[str], tag: str) -> None:
        return None


def _run(
    store: Store, source: MemorySource, sink: GreedySink, integration: str = "shop"
) -> RunContext:
    run_id = store.runs.start(integration, "orders", "manual")
    ctx = RunContext(run_id, integration, "orders", store, EventBus(), threading.Event())
    import_orders(ctx, source, sink, prefix=f"{integration.upper()}-")
    return ctx


def test_a_lost_answer_is_looked_up_not_sent_again(profile: Profile) -> None:
    store = Store(profile.db_path)
    source = MemorySource([_order("1001"), _order("1002", minutes=1)])
    sink = GreedySink(lose_answers=1)
    ctx = _run(store, source, sink)
    assert [ref for ref, _ in sink.created] == ["SHOP-1001", "SHOP-1002"]
    assert ctx.counters.failed == 0  # found at once, nothing to report
    entry = store.ledger.get("shop", "1001")
    assert entry is not None and entry.state is LedgerState.ACKNOWLEDGED
    assert entry.sink_order_id == "S1"
    _run(store, source, sink)
    assert len(sink.created) == 2


def test_an_order_left_pending_by_a_crash_is_resolved_by_look_up(profile: Profile) -> None:
    store = Store(profile.db_path)
    sink = GreedySink()
    # a previous process began 1001, the sink created it, and the process died
    store.ledger.begin("shop", "1001", "SHOP-1001")
    sink.created.append(("SHOP-1001", "S1"))
    source = MemorySource([_order("1001")])
    _run(store, source, sink)
    assert sink.created == [("SHOP-1001", "S1")]
    assert store.ledger.get("shop", "1001").state is LedgerState.ACKNOWLEDGED  # type: ignore[union-attr]
    assert source.acknowledged == [("1001", "S1")]


def test_a_pending_order_the_sink_does_not_have_is_created_once(profile: Profile) -> None:
    store = Store(profile.db_path)
    store.ledger.begin("shop", "1001", "SHOP-1001")  # died before the sink got it
    sink = GreedySink()
    _run(store, MemorySource([_order("1001")]), sink)
    assert sink.created == [("SHOP-1001", "S1")]


def test_a_passing_refusal_is_retried_and_holds_the_watermark(profile: Profile) -> None:
    store = Store(profile.db_path)
    passing = ItemProblem(
        "order", "1001", "Interner Fehler, bitte versuchen Sie es später erneut", retry=Retry.SOON
    )
    sink = GreedySink(refuse_next=[passing])
    source = MemorySource([_order("1001"), _order("1002", minutes=5)])
    ctx = _run(store, source, sink)
    assert [ref for ref, _ in sink.created] == ["SHOP-1002"]
    assert ctx.counters.failed == 1
    mark = store.watermarks.get("shop", "orders")
    assert mark is not None and mark <= _order("1001").updated_at.isoformat()
    owed = store.owed.get("shop", "orders", "order", "1001")
    assert owed is not None and owed.retry is Retry.SOON and owed.attempts == 1
    age_owed(store, timedelta(hours=1))
    _run(store, source, sink)
    assert [ref for ref, _ in sink.created] == ["SHOP-1002", "SHOP-1001"]
    assert store.owed.get("shop", "orders", "order", "1001") is None


def test_bad_data_waits_for_a_change_and_is_reported_once(profile: Profile) -> None:
    store = Store(profile.db_path)
    source = MemorySource([_order("1001", quantity=0), _order("1002", country="XX")])
    sink = GreedySink()
    first = _run(store, source, sink)
    assert sink.created == [] and first.counters.failed == 2
    messages = {e.item_id: e.message for e in store.errors.for_run(first.run_id)}
    assert "quantity 0" in messages["1001"] and "“XX”" in messages["1002"]
    again = _run(store, source, sink)
    assert again.counters.failed == 0 and store.errors.for_run(again.run_id) == []
    fixed = replace(_order("1001"), updated_at=_order("1001").updated_at + timedelta(hours=1))
    source.orders[0] = fixed
    _run(store, source, sink)
    assert [ref for ref, _ in sink.created] == ["SHOP-1001"]


def test_an_unreadable_order_does_not_stop_the_others(profile: Profile) -> None:
    store = Store(profile.db_path)
    broken = Unreadable("order", "1001", "quantity “drei”", field="quantity", digest="d1")
    source = MemorySource([broken, _order("1002")])
    sink = GreedySink()
    ctx = _run(store, source, sink)
    assert [ref for ref, _ in sink.created] == ["SHOP-1002"]
    assert [(e.item_id, e.field) for e in store.errors.for_run(ctx.run_id)] == [
        ("1001", "quantity")
    ]
    assert _run(store, source, sink).counters.failed == 0  # the same broken data: no nagging


def test_a_failed_acknowledgement_is_retried_until_it_goes_through(profile: Profile) -> None:
    store = Store(profile.db_path)
    source = MemorySource([_order("1001")], refuse_acks=1)
    sink = GreedySink()
    first = _run(store, source, sink)
    assert first.counters.failed == 1
    assert store.ledger.get("shop", "1001").state is LedgerState.IMPORTED  # type: ignore[union-attr]
    age_owed(store, timedelta(hours=1))
    _run(store, source, sink)
    assert source.acknowledged == [("1001", "S1")]
    assert store.ledger.get("shop", "1001").state is LedgerState.ACKNOWLEDGED  # type: ignore[union-attr]
    assert len(sink.created) == 1


def test_two_channels_with_the_same_order_id_make_two_orders(profile: Profile) -> None:
    store = Store(profile.db_path)
    sink = GreedySink()
    _run(store, MemorySource([_order("1001")]), sink, integration="shopify")
    _run(store, MemorySource([_order("1001")]), sink, integration="idealo")
    assert [ref for ref, _ in sink.created] == ["SHOPIFY-1001", "IDEALO-1001"]


def test_legacy_pending_rows_keep_their_unprefixed_reference(profile: Profile) -> None:
    """An order begun before references had prefixes is looked up under its old number."""
    store = Store(profile.db_path)
    store.ledger.begin("shop", "1001", "1001")
    sink = GreedySink(created=[("1001", "S9")])
    _run(store, MemorySource([_order("1001")]), sink)
    assert sink.created == [("1001", "S9")]
