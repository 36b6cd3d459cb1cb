"""Put variation sets together: a parent comes out only with its children attached.

Children may arrive before or after their parent, on another page, or not at all in a
changed-since window. Complete sets leave at once; whatever is still open at the end of
the stream is fetched by ProductID in as few follow-up calls as possible. So a full read
(parents and children all in the pages) costs no follow-up call, and memory holds only the
sets that are still open, never the catalogue. A product that could not be read comes out
as the `Unreadable` it is; the children of an unreadable variation set are held back with
it (they would otherwise reach the channel as products of their own), and come with the
set once it reads again.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence

from jjdesk.connectors.afterbuy.products import FLAG_CHILD, FLAG_VARIATION_PARENT, ParsedProduct
from jjdesk.domain.models import Product, ProductKind, Unreadable

log = logging.getLogger(__name__)

Fetch = Callable[[Sequence[str]], Iterable[ParsedProduct | Unreadable]]
_FOLLOW_UP_ROUNDS = 3


@dataclasses.dataclass(slots=True)
class _OpenSet:
    parent: ParsedProduct
    missing: set[str]


class VariationAssembler:
    """Feed parsed products in stream order; take finished domain products out.

    `fetch` reads products by ID (the caller batches and paginates).
    """

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self._seen: set[str] = set()
        self._failed: set[str] = set()
        self._unreadable: set[str] = set()
        self._open: dict[str, _OpenSet] = {}  # parent id → set waiting for children
        self._waiting: dict[str, ParsedProduct] = {}  # child id → child waiting for its set
        self._emitted_parents: dict[str, frozenset[str]] = {}

    def feed(self, item: ParsedProduct | Unreadable) -> Iterator[Product | Unreadable]:
        """Take one item from the stream; yields whatever it completes."""
        if isinstance(item, Unreadable):
            if item.key in self._seen:
                return
            self._seen.add(item.key)
            self._failed.add(item.key)
            self._unreadable.add(item.key)
            yield item
            yield from self._child_gone(item.key)
            return
        if item.product_id in self._seen:
            return
        self._seen.add(item.product_id)
        if item.flag == FLAG_VARIATION_PARENT:
            yield from self._parent(item)
        elif item.flag == FLAG_CHILD and item.variation_parent_ids():
            yield from self._child(item)
        else:
            yield item.product

    def finish(self) -> Iterator[Product | Unreadable]:
        """Fetch what open sets still miss (batched by the caller), then flush everything."""
        for _round in range(_FOLLOW_UP_ROUNDS):
            for parent_id, open_set in list(self._open.items()):
                open_set.missing -= self._seen  # seen elsewhere, e.g. as a plain product
                if not open_set.missing:
                    del self._open[parent_id]
                    yield self._complete(open_set.parent)
            wanted = sorted(
                (
                    {c for s in self._open.values() for c in s.missing}
                    | {p for c in self._waiting.values() for p in c.variation_parent_ids()}
                )
                - self._seen
            )
            if not wanted:
                break
            for item in self._fetch(wanted):
                yield from self.feed(item)
            for missing_id in wanted:
                if missing_id not in self._seen:  # deleted in Afterbuy or not visible
                    self._seen.add(missing_id)
                    self._failed.add(missing_id)
                    yield from self._child_gone(missing_id)
            yield from self._settle_orphans()
        for open_set in list(self._open.values()):
            yield self._complete(open_set.parent)
        self._open.clear()
        for child in self._waiting.values():
            if not self._held(child):
                yield _standalone(child)
        self._waiting.clear()

    def _parent(self, parent: ParsedProduct) -> Iterator[Product]:
        child_ids = {r.product_id for r in parent.relations}
        missing = {c for c in child_ids if c not in self._waiting and c not in self._failed}
        if missing:
            self._open[parent.product_id] = _OpenSet(parent, missing)
        else:
            yield self._complete(parent)

    def _child(self, child: ParsedProduct) -> Iterator[Product]:
        for parent_id in child.variation_parent_ids():
            open_set = self._open.get(parent_id)
            if open_set is not None and child.product_id in open_set.missing:
                self._waiting[child.product_id] = child
                open_set.missing.discard(child.product_id)
                if not open_set.missing:
                    del self._open[parent_id]
                    yield self._complete(open_set.parent)
                return
            if parent_id in self._emitted_parents:
                if child.product_id not in self._emitted_parents[parent_id]:
                    yield _standalone(child)  # the set does not list it: not really a variant
                return
        if all(p in self._seen for p in child.variation_parent_ids()):
            if not self._held(child):
                yield _standalone(child)  # its sets are bundles or gone, not variation sets
            return
        self._waiting[child.product_id] = child

    def _child_gone(self, child_id: str) -> Iterator[Product]:
        for parent_id, open_set in list(self._open.items()):
            if child_id in open_set.missing:
                open_set.missing.discard(child_id)
                if not open_set.missing:
                    del self._open[parent_id]
                    yield self._complete(open_set.parent)

    def _settle_orphans(self) -> Iterator[Product]:
        """Children whose sets turned out to be no variation set, or to be gone."""
        for child_id, child in list(self._waiting.items()):
            parents = child.variation_parent_ids()
            if all(p in self._seen and p not in self._open for p in parents):
                del self._waiting[child_id]
                if not self._held(child):
                    yield _standalone(child)

    def _held(self, child: ParsedProduct) -> bool:
        """A child of a variation set that could not be read waits with its set."""
        held = any(p in self._unreadable for p in child.variation_parent_ids())
        if held:
            log.info("product %s waits for its unreadable variation set", child.product_id)
        return held

    def _complete(self, parent: ParsedProduct) -> Product:
        variants: list[tuple[int, int, Product]] = []
        for index, relation in enumerate(parent.relations):
            child = self._waiting.pop(relation.product_id, None)
            if child is None:
                continue
            variant = dataclasses.replace(
                child.product,
                kind=ProductKind.VARIATION_CHILD,
                parent_id=parent.product_id,
                options=relation.options,
            )
            variants.append((relation.position, index, variant))
        variants.sort(key=lambda v: (v[0], v[1]))
        self._emitted_parents[parent.product_id] = frozenset(r.product_id for r in parent.relations)
        return dataclasses.replace(parent.product, variants=tuple(v[2] for v in variants))


def _standalone(child: ParsedProduct) -> Product:
    log.info("product %s is marked as a set child but no variation set claims it", child.product_id)
    return child.product
