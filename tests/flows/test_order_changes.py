"""The generic order import, for any channel: cancelled and test orders are skipped and
counted, and an order that changes after its import is reported once per change, never
created again. Only a fingerprint of what was sent is kept, never the order."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from jjdesk.domain.models import Order, OrderLine, Retry
from jjdesk.errors import ItemProblem
from jjdesk.events import EventBus
from jjdesk.flows.context import RunContext
from jjdesk.flows.order_import import MARK, import_orders
from jjdesk.profile import Profile
from jjdesk.store import Store
from tests.flows.test_order_exactly_once import GreedySink, MemorySource, _order


def _run(store: Store, source: MemorySource, sink: GreedySink, **options: bool) -> RunContext:
    run_id = store.runs.start("shop", "orders", "manual")
    ctx = RunContext(run_id, "shop", "orders", store, EventBus(), threading.Event())
    import_orders(
        ctx, source, sink, prefix="SHOP-", channel_title="Shop", sink_title="ERP", **options
    )
    return ctx


def _later(order: Order, minutes: int = 30, **changes: object) -> Order:
    return replace(order, updated_at=order.updated_at + timedelta(minutes=minutes), **changes)


def test_a_cancelled_order_is_skipped_counted_and_no_longer_owed(profile: Profile) -> None:
    store = Store(profile.db_path)
    sink = GreedySink(refuse_next=[ItemProblem("order", "1001", "Wartung", retry=Retry.SOON)])
    source = MemorySource([_order("1001")])
    _run(store, source, sink)
    assert store.owed.get("shop", "orders", "order", "1001") is not None
    source.orders = [_later(_order("1001"), cancelled=True)]
    ctx = _run(store, source, sink)
    assert sink.created == [] and ctx.counters.skipped == 1 and ctx.counters.failed == 0
    assert ctx.skipped == ["order #1001 skipped: cancelled before import"]
    assert store.owed.get("shop", "orders", "order", "1001") is None


def test_a_test_order_is_imported_only_when_asked_for(profile: Profile) -> None:
    store = Store(profile.db_path)
    sink = GreedySink()
    source = MemorySource([replace(_order("1001"), test=True)])
    assert _run(store, source, sink).counters.skipped == 1 and sink.created == []
    _run(store, source, sink, import_test_orders=True)
    assert [ref for ref, _ in sink.created] == ["SHOP-1001"]


def test_a_change_after_import_is_one_item_naming_the_order_and_nothing_is_recreated(
    profile: Profile,
) -> None:
    store = Store(profile.db_path)
    sink = GreedySink()
    source = MemorySource([_order("1001")])
    _run(store, source, sink)
    kept = store.fingerprints.get("shop", MARK, "1001")
    assert kept is not None and "Mütze" not in kept and "Berlin" not in kept

    edited = _later(_order("1001", quantity=2))
    source.orders = [edited]
    ctx = _run(store, source, sink)
    [problem] = ctx.problems
    assert problem.label == "#1001" and problem.field == "order"
    assert problem.message.startswith("Changed in Shop after import: quantities changed")
    assert "check it in ERP" in problem.message and "SHOP-1001" in problem.hint
    assert store.owed.get("shop", "orders", "order", "1001") is None  # nothing to retry
    assert _run(store, source, sink).counters.failed == 0  # once per change

    repriced = _later(edited, 60, lines=(replace(edited.lines[0], unit_price=Decimal("9.90")),))
    source.orders = [repriced]
    assert "amounts changed" in _run(store, source, sink).problems[0].message
    source.orders = [_later(repriced, 90, refunded=Decimal("9.90"))]
    assert "money refunded" in _run(store, source, sink).problems[0].message
    source.orders = [_later(repriced, 120, cancelled=True, lines=())]
    [cancelled] = _run(store, source, sink).problems
    assert "after import: cancelled –" in cancelled.message
    assert [ref for ref, _ in sink.created] == ["SHOP-1001"]


def test_an_order_seen_again_unchanged_costs_no_item(profile: Profile) -> None:
    store = Store(profile.db_path)
    sink = GreedySink()
    source = MemorySource([_order("1001")])
    _run(store, source, sink)
    source.orders = [_later(_order("1001"))]  # only updatedAt moved (a tag, a fulfilment)
    assert _run(store, source, sink).counters.failed == 0


def test_an_order_imported_before_fingerprints_were_kept_is_marked_silently(
    profile: Profile,
) -> None:
    store = Store(profile.db_path)
    sink = GreedySink()
    source = MemorySource([_order("1001")])
    _run(store, source, sink)
    store.fingerprints.delete("shop", MARK, "1001")  # as an older jjdesk left it
    source.orders = [_later(_order("1001", quantity=2))]
    assert _run(store, source, sink).counters.failed == 0
    source.orders = [_later(_order("1001", quantity=3), 60)]
    assert _run(store, source, sink).counters.failed == 1


def test_a_refused_order_keeps_no_fingerprint_and_forgotten_orders_lose_theirs(
    profile: Profile,
) -> None:
    store = Store(profile.db_path)
    sink = GreedySink(refuse_next=[ItemProblem("order", "1001", "SKU unbekannt")])
    source = MemorySource([_order("1001"), _order("1002", minutes=1)])
    _run(store, source, sink)
    assert store.fingerprints.keys("shop", MARK) == ["1002"]
    store.ledger.done("shop", "1002", expires_at=_order("1002").created_at)
    store.ledger.purge_expired()
    _run(store, MemorySource([]), sink)
    assert store.fingerprints.keys("shop", MARK) == []


def test_the_dry_run_shows_a_change_without_keeping_it(profile: Profile) -> None:
    store = Store(profile.db_path)
    sink = GreedySink()
    source = MemorySource([_order("1001")])
    _run(store, source, sink)
    source.orders = [_later(_order("1001", quantity=2))]
    run_id = store.runs.start("shop", "orders", "manual")
    ctx = RunContext(run_id, "shop", "orders", store, EventBus(), threading.Event(), True)
    import_orders(ctx, source, sink, prefix="SHOP-")
    assert ctx.planned and "quantities changed" in str(ctx.planned[0])
    assert _run(store, source, sink).counters.failed == 1  # still told in the real run


def test_lines_carry_their_sku_and_quantity_only_in_the_fingerprint(profile: Profile) -> None:
    store = Store(profile.db_path)
    split = replace(
        _order("1001"),
        lines=(
            OrderLine("10000001", "Mütze", 1, Decimal("3.33")),
            OrderLine("10000001", "Mütze", 2, Decimal("3.34")),
        ),
    )
    _run(store, MemorySource([split]), GreedySink())
    text = store.fingerprints.get("shop", MARK, "1001")
    assert text is not None and text.count("=") == 4 and "10000001" not in text
