"""Export products: source changes and owed retries → level rules → payloads → only what changed.

Generic over `ProductSource` and `ProductChannel`: Shopify, idealo and Tradebyte differ
only in their connector's `build`, its traits and their level rules. The export works on
what the channel receives: a Shopify product (parent with variants) or an idealo offer /
Tradebyte row (one child). A key sent before for a source product that its payloads no
longer contain is removed from the channel. What failed stays in the retry queue under
its source product and is read again by ID when due, so the watermark may move on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from jjdesk import i18n
from jjdesk.domain.digests import digest
from jjdesk.domain.levels import ExportAction, LevelRules, StockAction
from jjdesk.domain.models import (
    ChannelPayload,
    ItemOutcome,
    Product,
    Retry,
    StockLevel,
    Unreadable,
)
from jjdesk.domain.ports import ProductChannel, ProductSource
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.domain.validation import product_problems, stock_problem
from jjdesk.errors import ItemProblem
from jjdesk.flows.context import Examined, PlanAction, PlannedWrite, RunContext
from jjdesk.flows.stock_update import STOCK

PRODUCT = "product"
WATERMARK_OVERLAP = timedelta(minutes=2)

i18n.register(
    {
        "export.no_answer": {
            "de": "Der Kanal hat zu diesem Artikel nicht geantwortet; er wird erneut gesendet",
            "en": "The channel did not answer for this product; it is sent again",
        },
    }
)


def export_products(
    ctx: RunContext,
    source: ProductSource,
    channel: ProductChannel,
    rules: LevelRules,
    *,
    full: bool = False,
    stock_flow: str = "stock",
    rebuild: bool = False,
) -> None:
    """Send every changed or owed product whose payloads differ from what was last sent.

    A run with a `scope` (one product's preview or "send now") examines only those
    products, says what it found for each (`ctx.examined`) and leaves the watermark.

    `rebuild` is for a committing channel that starts from nothing and holds, after its
    commit, exactly what it was given in this run (a feed file written whole): every
    product is read, every payload built goes to the channel, changed or not (only the
    changed ones count as written), and fingerprints of keys the new whole no longer
    holds are forgotten once it is committed.
    """
    started = utcnow()
    since = None if full or rebuild else _mark(ctx)
    export = _Export(ctx, channel, rules, stock_flow, rebuild=rebuild and channel.traits.commits)
    items = (
        _products_to_examine(ctx, source, since)
        if ctx.scope is None
        else source.products_by_id(sorted(ctx.scope))
    )
    for item in items:
        ctx.check_cancel()
        ctx.read()
        if isinstance(item, Unreadable):
            ctx.unreadable(item)
        else:
            export.examine(item)
        ctx.progress(ctx.counters.read)
    export.flush()
    export.finish()
    if not ctx.dry_run and ctx.scope is None:
        ctx.store.watermarks.set(ctx.integration, ctx.flow, started.isoformat())
    ctx.progress(ctx.counters.read, force=True)


def remove_products(ctx: RunContext, channel: ProductChannel, sources: dict[str, set[str]]) -> None:
    """Remove the given keys (grouped by source product) and forget their fingerprints.

    A committing channel is committed here, and a key is forgotten only once the commit
    took it.
    """
    keys = sorted({key for group in sources.values() for key in group})
    if not keys:
        return
    if ctx.dry_run:
        source_of = {key: src for src, group in sources.items() for key in group}
        for key in keys:
            ctx.plan(PlannedWrite(PlanAction.REMOVE, PRODUCT, key, source=source_of[key]))
        return
    removed, failed = _stage_removals(ctx, channel, sources)
    if channel.traits.commits:
        failed |= _commit_failures(ctx, channel, removed, failed)
    _forget_removed(ctx, removed, failed)
    ctx.settle(PRODUCT, {src for src in sources if src not in failed})


def _stage_removals(
    ctx: RunContext, channel: ProductChannel, sources: dict[str, set[str]]
) -> tuple[dict[str, str], set[str]]:
    """Ask the channel to remove the keys: (removed key → source, sources that failed)."""
    keys = sorted({key for group in sources.values() for key in group})
    source_of = {key: src for src, group in sources.items() for key in group}
    removed: dict[str, str] = {}
    failed: set[str] = set()
    for outcome in channel.remove(keys):
        if outcome.skipped:
            continue
        src = source_of.get(outcome.key, outcome.key)
        if outcome.ok:
            ctx.written()
            removed[outcome.key] = src
        else:
            failed.add(src)
            ctx.item_failed(_problem(outcome), key=src)
    return removed, failed


def _commit_failures(
    ctx: RunContext,
    channel: ProductChannel,
    staged: dict[str, str],
    reported: set[str] | frozenset[str] = frozenset(),
) -> set[str]:
    """Commit; the sources (of `staged`: key → source) whose keys did not take.

    Each failing source is recorded once (`reported`: sources already recorded).
    """
    failed: set[str] = set()
    for outcome in channel.commit():
        if outcome.ok or outcome.skipped:
            continue
        source = staged.get(outcome.key, outcome.key)
        if source not in failed and source not in reported:
            ctx.item_failed(_problem(outcome), key=source)
        failed.add(source)
    return failed


def _forget_removed(ctx: RunContext, removed: dict[str, str], failed: set[str]) -> None:
    gone = [key for key, src in removed.items() if src not in failed]
    if gone:
        ctx.store.fingerprints.delete_many(ctx.integration, PRODUCT, gone)


def _products_to_examine(
    ctx: RunContext, source: ProductSource, since: datetime | None
) -> Iterator[Product | Unreadable]:
    """The changed products, then the owed ones that are due and did not change meanwhile."""
    due = [item.key for item in ctx.store.owed.due(ctx.integration, ctx.flow, PRODUCT)]
    seen: set[str] = set()
    for item in source.changed_products(since):
        seen.add(item.key if isinstance(item, Unreadable) else item.product_id)
        yield item
    rest = [key for key in due if key not in seen]
    if rest:
        found: set[str] = set()
        for item in source.products_by_id(rest):
            found.add(item.key if isinstance(item, Unreadable) else item.product_id)
            yield item
        # owed products that are gone from the source are the deletion check's business
        ctx.settle(PRODUCT, [key for key in rest if key not in found])


@dataclass
class _Pending:
    """Payloads of one source product waiting for the next batch."""

    product: Product
    payloads: list[ChannelPayload]
    fingerprints: dict[str, str]  # of the changed payloads only
    new: bool
    known: set[str] = field(default_factory=set)  # keys sent before (an update, not a create)


@dataclass
class _Export:
    """One run's export state: the batch being filled, removals, writes awaiting commit."""

    ctx: RunContext
    channel: ProductChannel
    rules: LevelRules
    stock_flow: str
    rebuild: bool = False
    pending: list[_Pending] = field(default_factory=list)
    removals: dict[str, set[str]] = field(default_factory=dict)
    staged: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (digest, source)
    accepted: set[str] = field(default_factory=set)  # sources the commit settles
    held: set[str] = field(default_factory=set)  # keys the rebuilt whole holds, changed or not

    def examine(self, product: Product) -> None:
        ctx = self.ctx
        action = self.rules.export_action(product.level)
        problems = product_problems(product)
        if problems:
            self._examined(product, action)
            for problem in problems:
                ctx.item_failed(problem, digest=_product_digest(product), key=product.product_id)
            return
        if action is ExportAction.SKIP and self.channel.traits.snapshot:
            action = ExportAction.REMOVE  # a snapshot keeps only what it is given
        sent = self._sent_keys(product.product_id)
        settled_early = action in (ExportAction.SKIP, ExportAction.REMOVE) or (
            action is ExportAction.CREATE_ONCE and bool(sent) and not self.rebuild
        )
        if settled_early:
            self._examined(product, action, {key: True for key in sent})
        if action is ExportAction.SKIP:
            ctx.settle(PRODUCT, [product.product_id])
            return
        if action is ExportAction.REMOVE:
            if sent:
                self.removals[product.product_id] = sent
            else:
                ctx.settle(PRODUCT, [product.product_id])
            return
        if action is ExportAction.CREATE_ONCE and sent and not self.rebuild:
            ctx.settle(PRODUCT, [product.product_id])
            return
        kept = _without_dropped_variants(product, self.rules)
        try:
            payloads = self.channel.build(kept, action)
        except ItemProblem as problem:
            self._examined(product, action)
            ctx.item_failed(problem, digest=_product_digest(product), key=product.product_id)
            return
        payloads = [replace(p, source_id=product.product_id) for p in payloads]
        # a child whose level says skip is left as it is, like a skipped product: a channel
        # that sells children alone keeps its offer (Shopify's keys are parents: no effect);
        # a snapshot holds only what it is given, so there the child leaves
        kept_alone = (
            set() if self.channel.traits.snapshot else _skipped_children(product, self.rules)
        )
        gone = sent - {p.key for p in payloads} - kept_alone
        if gone:
            self.removals[product.product_id] = gone
        known = ctx.store.fingerprints.get_many(ctx.integration, PRODUCT, [p.key for p in payloads])
        changed = [p for p in payloads if known.get(p.key) != _fingerprint(p)]
        same = {p.key: known.get(p.key) == _fingerprint(p) for p in payloads}
        self._examined(product, action, same)
        if action is ExportAction.CREATE_ONCE and sent:
            # a rebuild must hand over the whole product, but only new keys count as
            # changed: a key created before keeps its fingerprint (only stock follows)
            changed = [p for p in changed if p.key not in known]
        if not changed and not self.rebuild:
            if not gone:
                ctx.settle(PRODUCT, [product.product_id])
            return
        self.pending.append(
            _Pending(
                kept,
                payloads if self.rebuild else changed,
                {p.key: _fingerprint(p) for p in changed},
                not sent,
                set(known),
            )
        )
        if sum(len(p.payloads) for p in self.pending) >= self.channel.traits.batch_size:
            self.flush()

    def flush(self) -> None:
        """Send the batch; a source product's payloads always travel together."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        ctx = self.ctx
        if ctx.dry_run:
            for entry in batch:
                for payload in entry.payloads:
                    if payload.key not in entry.fingerprints:
                        continue  # handed over unchanged (a rebuild): nothing new is written
                    ctx.plan(
                        PlannedWrite(
                            PlanAction.UPDATE if payload.key in entry.known else PlanAction.CREATE,
                            PRODUCT,
                            payload.key,
                            label=entry.product.name,
                            status=payload.status,
                            body=payload.body,
                            source=entry.product.product_id,
                        )
                    )
            return
        ctx.check_cancel()
        outcomes = {o.key: o for o in self.channel.upsert([p for e in batch for p in e.payloads])}
        created: list[Product] = []
        done: dict[str, str] = {}
        sources: dict[str, str] = {}
        for entry in batch:
            source_id = entry.product.product_id
            failures = [
                outcome
                for payload in entry.payloads
                if not (outcome := outcomes.get(payload.key, _missing(payload.key))).ok
                and not outcome.skipped
            ]
            for payload in entry.payloads:
                answer = outcomes.get(payload.key)
                if answer is None or not answer.ok:
                    continue
                self.held.add(payload.key)
                if payload.key in entry.fingerprints:
                    ctx.written()
                    done[payload.key] = entry.fingerprints[payload.key]
                    sources[payload.key] = source_id
                if answer.message:  # written, with something the merchant should fix
                    ctx.item_warning(_problem(answer))
            for outcome in failures:
                ctx.item_failed(
                    _problem(outcome), digest=entry.fingerprints.get(outcome.key, ""), key=source_id
                )
            if not failures:
                if self.channel.traits.commits:
                    self.accepted.add(source_id)
                else:
                    ctx.settle(PRODUCT, [source_id])
            if entry.new and not failures:
                created.append(entry.product)
        if self.channel.traits.commits:
            self.staged.update({k: (v, sources[k]) for k, v in done.items()})
        else:
            ctx.store.fingerprints.set_many(ctx.integration, PRODUCT, done, sources)
        self._initial_stock(created)

    def finish(self) -> None:
        """After the writes: the channel's late findings, the removals, the commit."""
        ctx = self.ctx
        if not ctx.dry_run:
            for outcome in self.channel.verify():
                # written, but the channel failed on it afterwards (an image it could not
                # fetch): forget the fingerprint so that the retry sends it again
                source = self._source_of(outcome.key)
                ctx.store.fingerprints.delete(ctx.integration, PRODUCT, outcome.key)
                self.staged.pop(outcome.key, None)
                ctx.item_failed(_problem(outcome), key=source)
        if self.channel.traits.commits and not ctx.dry_run:
            self._commit()
        else:
            remove_products(ctx, self.channel, self.removals)

    def _commit(self) -> None:
        """Removals and upserts take effect together; only then do fingerprints count."""
        ctx = self.ctx
        removed, failed = _stage_removals(ctx, self.channel, self.removals)
        self.held -= set(removed)
        staged_sources = {k: v[1] for k, v in self.staged.items()}
        failed |= _commit_failures(ctx, self.channel, {**staged_sources, **removed}, failed)
        good = {k: v for k, v in self.staged.items() if v[1] not in failed}
        ctx.store.fingerprints.set_many(
            ctx.integration,
            PRODUCT,
            {k: v[0] for k, v in good.items()},
            {k: v[1] for k, v in good.items()},
        )
        _forget_removed(ctx, removed, failed)
        ctx.settle(PRODUCT, (self.accepted | set(self.removals)) - failed)
        if self.rebuild and not failed:
            # the whole now holds exactly `held`: what it held before and not now is gone
            known = set(ctx.store.fingerprints.keys(ctx.integration, PRODUCT))
            ctx.store.fingerprints.delete_many(ctx.integration, PRODUCT, sorted(known - self.held))
        self.staged.clear()
        self.accepted.clear()

    def _examined(
        self, product: Product, action: ExportAction, keys: dict[str, bool] | None = None
    ) -> None:
        self.ctx.examine(
            Examined(
                product.product_id,
                product.name,
                product.level,
                action.value,
                tuple(sorted((keys or {}).items())),
                product.ean,
            )
        )

    def _source_of(self, key: str) -> str:
        staged = self.staged.get(key)
        if staged is not None:
            return staged[1]
        sources = self.ctx.store.fingerprints.sources_of_keys(self.ctx.integration, PRODUCT, [key])
        return sources.get(key, key)

    def _sent_keys(self, source_id: str) -> set[str]:
        found = self.ctx.store.fingerprints.keys_of_sources(
            self.ctx.integration, PRODUCT, [source_id]
        )
        return found.get(source_id, set())

    def _initial_stock(self, products: list[Product]) -> None:
        """A product just created gets its quantities at once, not at the next stock pass.

        A quantity that does not go through is owed to the stock flow, which sends it
        on its next run even if the source reports no stock change for it.
        """
        ctx = self.ctx
        levels = {
            leaf.product_id: StockLevel(
                leaf.product_id, leaf.quantity or 0, leaf.level, unlimited=not leaf.stock_managed
            )
            for product in products
            for leaf in (product.variants or (product,))
            if self.rules.stock_action(leaf.level) is StockAction.UPDATE
        }
        # a quantity no channel should get is the stock flow's to report
        levels = {k: v for k, v in levels.items() if stock_problem(v) is None}
        if not levels:
            return
        done: dict[str, str] = {}
        for outcome in self.channel.set_stock(list(levels.values())):
            level = levels.get(outcome.key)
            if level is None or outcome.skipped:
                continue
            if outcome.ok:
                done[outcome.key] = level.digest
            else:
                ctx.store.owed.owe(
                    ctx.integration,
                    self.stock_flow,
                    STOCK,
                    outcome.key,
                    retry=outcome.retry,
                    digest=level.digest,
                    field=outcome.field,
                    message=outcome.message,
                )
        if not self.channel.traits.commits:
            ctx.store.fingerprints.set_many(ctx.integration, STOCK, done)


def _mark(ctx: RunContext) -> datetime | None:
    stored = ctx.store.watermarks.get(ctx.integration, ctx.flow)
    moment = parse_iso(stored) if stored else None
    return moment - WATERMARK_OVERLAP if moment else None


def _without_dropped_variants(product: Product, rules: LevelRules) -> Product:
    """A variant whose own level says skip or remove leaves its parent's variant list."""
    if not product.variants:
        return product
    kept = tuple(
        v
        for v in product.variants
        if rules.export_action(v.level) not in (ExportAction.SKIP, ExportAction.REMOVE)
    )
    return product if len(kept) == len(product.variants) else replace(product, variants=kept)


def _skipped_children(product: Product, rules: LevelRules) -> set[str]:
    """IDs of the variants whose own level says skip."""
    return {
        v.product_id for v in product.variants if rules.export_action(v.level) is ExportAction.SKIP
    }


def _fingerprint(payload: ChannelPayload) -> str:
    return digest([payload.body, payload.status, payload.stock_only])


def _product_digest(product: Product) -> str:
    """Identifies the source data that failed, so a change of it starts a fresh attempt."""
    return digest(repr(product))


def _missing(key: str) -> ItemOutcome:
    """A payload the channel did not answer for: it must be sent again."""
    return ItemOutcome(key, False, message=i18n.text("export.no_answer"), retry=Retry.SOON)


def _problem(outcome: ItemOutcome) -> ItemProblem:
    return ItemProblem(
        PRODUCT,
        outcome.key,
        outcome.message,
        field=outcome.field,
        hint=outcome.hint,
        retry=outcome.retry,
    )
