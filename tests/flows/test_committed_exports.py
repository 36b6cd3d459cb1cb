"""The generic product export with a channel that commits a whole file (Tradebyte's feed,
a custom shop's file): removals ride the same commit, nothing counts before it took, a
rebuild hands over the whole, and a snapshot keeps nothing its level rules skip."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import pytest

from jjdesk.domain.levels import TRADEBYTE_DEFAULT, ExportAction
from jjdesk.domain.models import (
    Catalog,
    ChannelPayload,
    ChannelTraits,
    ItemOutcome,
    Product,
    ProductKind,
    StockLevel,
    Unreadable,
)
from jjdesk.errors import ItemProblem, NetworkFailure
from jjdesk.events import EventBus
from jjdesk.flows.context import RunContext
from jjdesk.flows.deletion_check import check_deletions
from jjdesk.flows.product_export import export_products
from jjdesk.profile import Profile
from jjdesk.store import Store

FILE_TRAITS = ChannelTraits(commits=True, snapshot=True)


@dataclass
class FileChannel:
    """A whole file rewritten at commit; `broken` makes the next commit fail."""

    files: list[dict[str, dict[str, object]]] = field(default_factory=list)
    upserted: list[str] = field(default_factory=list)
    broken: bool = False
    name: str = "file"
    traits: ChannelTraits = field(
        default_factory=lambda: ChannelTraits(commits=True, snapshot=True)
    )
    _base: dict[str, dict[str, object]] = field(default_factory=dict)
    _staged: dict[str, dict[str, object]] = field(default_factory=dict)
    _removed: set[str] = field(default_factory=set)

    def start(self, rebuild: bool) -> None:
        self._base = {} if rebuild or not self.files else dict(self.files[-1])

    def build(self, product: Product, action: ExportAction) -> list[ChannelPayload]:
        leaves = product.variants if product.kind is ProductKind.VARIATION_PARENT else (product,)
        return [ChannelPayload(leaf.product_id, {"name": leaf.name}) for leaf in leaves]

    def upsert(self, payloads: Sequence[ChannelPayload]) -> list[ItemOutcome]:
        for payload in payloads:
            self._staged[payload.key] = dict(payload.body)
            self.upserted.append(payload.key)
        return [ItemOutcome(p.key, True) for p in payloads]

    def verify(self) -> list[ItemOutcome]:
        return []

    def remove(self, keys: Sequence[str]) -> list[ItemOutcome]:
        self._removed.update(keys)
        return [ItemOutcome(k, True) for k in keys]

    def set_stock(self, levels: Sequence[StockLevel]) -> list[ItemOutcome]:
        return [ItemOutcome(lv.product_id, False, skipped=True) for lv in levels]

    def commit(self) -> list[ItemOutcome]:
        if self.broken:
            self._staged, self._removed = {}, set()
            raise NetworkFailure.unreachable("File", "disk gone")
        whole = {k: v for k, v in self._base.items() if k not in self._removed}
        whole.update(self._staged)
        self.files.append(whole)
        self._base, self._staged, self._removed = whole, {}, set()
        return []


@dataclass
class Catalogue:
    """Products by ID; `changed` is what the next delta read reports."""

    products: dict[str, Product] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    name: str = "source"

    def put(self, product: Product) -> None:
        self.products[product.product_id] = product
        self.changed.add(product.product_id)

    def changed_products(self, since: datetime | None) -> Iterator[Product | Unreadable]:
        chosen = self.products if since is None else self.changed
        for key in sorted(chosen):
            if key in self.products:
                yield self.products[key]
        self.changed = set()

    def products_by_id(self, product_ids: Sequence[str]) -> Iterator[Product | Unreadable]:
        return iter([self.products[k] for k in product_ids if k in self.products])

    def all_product_ids(self) -> set[str]:
        return set(self.products) | {
            v.product_id for p in self.products.values() for v in p.variants
        }

    def stock_levels(self, since: datetime | None) -> Iterator[StockLevel | Unreadable]:
        return iter(())

    def catalogs(self) -> list[Catalog]:
        return []


def _set(parent: str, *children: tuple[str, int | None]) -> Product:
    return Product(
        parent,
        f"Set {parent}",
        kind=ProductKind.VARIATION_PARENT,
        variants=tuple(
            Product(c, f"Kind {c}", kind=ProductKind.VARIATION_CHILD, level=lv, parent_id=parent)
            for c, lv in children
        ),
    )


@pytest.fixture
def store(profile: Profile) -> Store:
    return Store(profile.db_path)


def _run(
    store: Store, source: Catalogue, channel: FileChannel, *, rebuild: bool = False
) -> RunContext:
    run_id = store.runs.start("file", "products", "manual")
    ctx = RunContext(run_id, "file", "products", store, EventBus(), threading.Event())
    channel.start(rebuild)
    export_products(ctx, source, channel, TRADEBYTE_DEFAULT, rebuild=rebuild)
    return ctx


def _sent(store: Store) -> set[str]:
    return set(store.fingerprints.keys("file", "product"))


def test_a_dropped_child_leaves_in_the_same_commit_and_counts_only_after_it(
    store: Store,
) -> None:
    source, channel = Catalogue(), FileChannel()
    source.put(_set("1", ("11", 0), ("12", 0)))
    _run(store, source, channel)
    assert set(channel.files[-1]) == {"11", "12"} and _sent(store) == {"11", "12"}

    source.put(_set("1", ("11", 0), ("12", 11)))  # the child goes to level 11
    channel.broken = True
    with pytest.raises(NetworkFailure):
        _run(store, source, channel)
    assert _sent(store) == {"11", "12"}  # nothing counted: the file was not written
    channel.broken = False
    source.changed.add("1")  # the next run reads it again (the watermark did not move)
    _run(store, source, channel)
    assert set(channel.files[-1]) == {"11"} and _sent(store) == {"11"}
    assert len(channel.files) == 2  # the removal went out with that commit, not after it


def test_a_snapshot_keeps_nothing_its_level_rules_skip(store: Store) -> None:
    source, channel = Catalogue(), FileChannel()
    source.put(Product("5", "Einfach"))
    _run(store, source, channel)
    source.put(replace(source.products["5"], level=12))  # skip: untouched in a shop,
    _run(store, source, channel)  # but a feed file holds only what it is given
    assert channel.files[-1] == {} and _sent(store) == set()


def test_a_rebuild_hands_over_the_whole_and_forgets_what_it_no_longer_holds(
    store: Store,
) -> None:
    source, channel = Catalogue(), FileChannel()
    for key in ("1", "2", "3"):
        source.put(Product(key, f"Artikel {key}"))
    _run(store, source, channel)
    del source.products["3"]  # deleted without a change the delta could see
    channel.upserted.clear()
    ctx = _run(store, source, channel, rebuild=True)
    assert sorted(channel.upserted) == ["1", "2"]  # unchanged, but part of the whole
    assert ctx.counters.written == 0  # nothing changed for the channel
    assert channel.files[-1] == {"1": {"name": "Artikel 1"}, "2": {"name": "Artikel 2"}}
    assert _sent(store) == {"1", "2"}


def test_the_deletion_check_commits_what_it_removes(store: Store) -> None:
    source, channel = Catalogue(), FileChannel()
    for key in [str(n) for n in range(20)]:
        source.put(Product(key, f"Artikel {key}"))
    _run(store, source, channel)
    del source.products["7"]
    run_id = store.runs.start("file", "deletions", "manual")
    ctx = RunContext(run_id, "file", "deletions", store, EventBus(), threading.Event())
    check_deletions(ctx, source, channel)
    assert "7" not in channel.files[-1] and "7" not in _sent(store)


def test_a_notice_is_an_error_row_with_nothing_owed(store: Store) -> None:
    run_id = store.runs.start("file", "messages", "manual")
    ctx = RunContext(run_id, "file", "messages", store, EventBus(), threading.Event())
    ctx.needs_attention(ItemProblem("message", "77", "Der Kunde hat 1 × 1001 storniert"))
    [error] = store.errors.for_run(run_id)
    assert (error.item_id, error.message) == ("77", "Der Kunde hat 1 × 1001 storniert")
    assert ctx.counters.failed == 1 and store.owed.all("file") == []
