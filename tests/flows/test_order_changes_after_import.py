"""The order import for every channel: cancelled orders are not imported, and an order the
channel changes after its import (a revocation) is one item to act on, raised once."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

from jjdesk.events import EventBus
from jjdesk.flows.context import RunContext
from jjdesk.flows.order_import import import_orders
from jjdesk.profile import Profile
from jjdesk.store import Store
from tests.flows.test_order_exactly_once import GreedySink, MemorySource, _order


def _run(store: Store, source: MemorySource, sink: GreedySink, dry_run: bool = False) -> RunContext:
    run_id = store.runs.start("shop", "orders", "manual", dry_run=dry_run)
    ctx = RunContext(run_id, "shop", "orders", store, EventBus(), threading.Event(), dry_run)
    import_orders(ctx, source, sink, prefix="SHOP-")
    return ctx


def test_a_cancelled_order_is_not_imported(profile: Profile) -> None:
    store = Store(profile.db_path)
    source = MemorySource([replace(_order("1001"), cancelled=True), _order("1002")])
    sink = GreedySink()
    ctx = _run(store, source, sink)
    assert [ref for ref, _ in sink.created] == ["SHOP-1002"]
    assert ctx.counters.failed == 0 and store.ledger.get("shop", "1001") is None


def test_an_order_in_doubt_that_was_cancelled_meanwhile_is_let_go(profile: Profile) -> None:
    store = Store(profile.db_path)
    store.ledger.begin("shop", "1001", "SHOP-1001")  # died before the sink got it
    sink = GreedySink()
    _run(store, MemorySource([replace(_order("1001"), cancelled=True)]), sink)
    assert sink.created == [] and store.ledger.get("shop", "1001") is None


def test_a_change_after_import_is_raised_once_per_change(profile: Profile) -> None:
    store = Store(profile.db_path)
    original = _order("1001")
    source = MemorySource([original])
    sink = GreedySink()
    _run(store, source, sink)
    revoked = replace(
        original,
        updated_at=original.updated_at + timedelta(hours=1),
        cancelled=True,
        change_note="revoked at the channel",
    )
    source.orders[0] = revoked
    ctx = _run(store, source, sink)
    [error] = store.errors.for_run(ctx.run_id)
    assert (error.item_id, error.field, error.label) == ("1001", "order", "#1001")
    assert "revoked at the channel" in error.message and "Sink" in error.message
    assert len(sink.created) == 1  # never created again
    source.orders[0] = replace(revoked, updated_at=revoked.updated_at + timedelta(hours=1))
    assert _run(store, source, sink).counters.failed == 0  # the same change: not again
    later = revoked.updated_at + timedelta(hours=2)
    source.orders[0] = replace(revoked, updated_at=later, change_note="partly refunded")
    assert _run(store, source, sink).counters.failed == 1  # a new change: raised


def test_a_dry_run_shows_a_cancelled_order_as_skipped(profile: Profile) -> None:
    store = Store(profile.db_path)
    source = MemorySource([replace(_order("1001"), cancelled=True)])
    ctx = _run(store, source, GreedySink(), dry_run=True)
    assert ctx.planned == []
    assert ctx.skipped == ["order #1001 skipped: cancelled before import"]
