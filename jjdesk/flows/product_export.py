"""Export products: source changes → level rules → channel payloads → only what changed.

Generic over `ProductSource` and `ProductChannel`: Shopify, idealo and Tradebyte differ
only in their connector's `build` and in their level rules.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from jjdesk.domain.levels import ExportAction, LevelRules, StockAction
from jjdesk.domain.models import ChannelPayload, Product, StockLevel
from jjdesk.domain.ports import ProductChannel, ProductSource
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.errors import ItemProblem
from jjdesk.flows.batching import report_outcomes
from jjdesk.flows.context import RunContext
from jjdesk.flows.stock_update import STOCK
from jjdesk.store.fingerprints import digest

PRODUCT = "product"
WATERMARK_OVERLAP = timedelta(minutes=2)
BATCH = 25


def export_products(
    ctx: RunContext,
    source: ProductSource,
    channel: ProductChannel,
    rules: LevelRules,
    *,
    full: bool = False,
) -> None:
    """Send every product changed since the last run whose payload differs from last time."""
    started = utcnow()
    since = None if full else _mark(ctx)
    pending: list[tuple[ChannelPayload, Product]] = []
    removals: list[str] = []
    for product in source.changed_products(since):
        ctx.check_cancel()
        ctx.read()
        action = rules.export_action(product.level)
        if action is ExportAction.SKIP:
            continue
        if action is ExportAction.REMOVE:
            removals.append(product.product_id)
            continue
        if action is ExportAction.CREATE_ONCE and _known(ctx, product.product_id):
            continue
        kept = _without_dropped_variants(product, rules)
        try:
            payloads = channel.build(kept, action)
        except ItemProblem as problem:
            ctx.item_failed(problem)
            continue
        pending.extend((p, kept) for p in payloads if _changed(ctx, p))
        if len(pending) >= BATCH:
            _send(ctx, channel, pending, rules)
            pending = []
        ctx.progress(ctx.counters.read)
    _send(ctx, channel, pending, rules)
    if not ctx.dry_run:
        for outcome in channel.verify():
            ctx.item_failed(
                ItemProblem(
                    PRODUCT, outcome.key, outcome.message, field=outcome.field, hint=outcome.hint
                )
            )
    remove_products(ctx, channel, [k for k in removals if _known(ctx, k)])
    if not ctx.dry_run:
        ctx.store.watermarks.set(ctx.integration, ctx.flow, started.isoformat())
    ctx.progress(ctx.counters.read, force=True)


def remove_products(ctx: RunContext, channel: ProductChannel, keys: list[str]) -> None:
    """Remove products from the channel and forget their fingerprints."""
    if not keys:
        return
    if ctx.dry_run:
        for key in keys:
            ctx.plan(f"remove {key}")
        return
    for key in report_outcomes(ctx, PRODUCT, channel.remove(keys)):
        ctx.store.fingerprints.delete(ctx.integration, PRODUCT, key)


def _mark(ctx: RunContext) -> datetime | None:
    stored = ctx.store.watermarks.get(ctx.integration, ctx.flow)
    moment = parse_iso(stored) if stored else None
    return moment - WATERMARK_OVERLAP if moment else None


def _known(ctx: RunContext, key: str) -> bool:
    """Whether the product was sent to this channel before."""
    return ctx.store.fingerprints.get(ctx.integration, PRODUCT, key) is not None


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


def _fingerprint(payload: ChannelPayload) -> str:
    return digest([payload.body, payload.status, payload.stock_only])


def _changed(ctx: RunContext, payload: ChannelPayload) -> bool:
    return ctx.store.fingerprints.get(ctx.integration, PRODUCT, payload.key) != _fingerprint(
        payload
    )


def _send(
    ctx: RunContext,
    channel: ProductChannel,
    batch: list[tuple[ChannelPayload, Product]],
    rules: LevelRules,
) -> None:
    if not batch:
        return
    if ctx.dry_run:
        for payload, _ in batch:
            ctx.plan(f"upsert {payload.key} ({payload.status})")
        return
    ctx.check_cancel()
    by_key = {payload.key: (payload, product) for payload, product in batch}
    new = {key for key in by_key if not _known(ctx, key)}
    written = report_outcomes(ctx, PRODUCT, channel.upsert([p for p, _ in batch]))
    ctx.store.fingerprints.set_many(
        ctx.integration, PRODUCT, {k: _fingerprint(by_key[k][0]) for k in written if k in by_key}
    )
    created = [by_key[k][1] for k in written if k in new]
    _initial_stock(ctx, channel, created, rules)


def _initial_stock(
    ctx: RunContext, channel: ProductChannel, products: list[Product], rules: LevelRules
) -> None:
    """A product just created gets its quantities at once, not at the next stock pass."""
    levels = {
        leaf.product_id: StockLevel(leaf.product_id, leaf.quantity or 0, leaf.level)
        for product in products
        for leaf in (product.variants or (product,))
        if rules.stock_action(leaf.level) is StockAction.UPDATE
    }
    if not levels:
        return
    done = [o.key for o in channel.set_stock(list(levels.values())) if o.ok]
    ctx.store.fingerprints.set_many(
        ctx.integration, STOCK, {k: str(levels[k].quantity) for k in done if k in levels}
    )
