"""Export products: source changes → level rules → channel payloads → only what changed.

Generic over `ProductSource` and `ProductChannel`: Shopify, idealo and Tradebyte differ
only in their connector's `build` and in their level rules.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from jjdesk.domain.levels import ExportAction, LevelRules
from jjdesk.domain.models import ChannelPayload, Product
from jjdesk.domain.ports import ProductChannel, ProductSource
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.errors import ItemProblem
from jjdesk.flows.batching import report_outcomes
from jjdesk.flows.context import RunContext
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
    pending: list[ChannelPayload] = []
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
        try:
            payloads = channel.build(_without_dropped_variants(product, rules), action)
        except ItemProblem as problem:
            ctx.item_failed(problem)
            continue
        pending.extend(p for p in payloads if _changed(ctx, p))
        if len(pending) >= BATCH:
            _send(ctx, channel, pending)
            pending = []
        ctx.progress(ctx.counters.read)
    _send(ctx, channel, pending)
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


def _send(ctx: RunContext, channel: ProductChannel, payloads: list[ChannelPayload]) -> None:
    if not payloads:
        return
    if ctx.dry_run:
        for payload in payloads:
            ctx.plan(f"upsert {payload.key} ({payload.status})")
        return
    ctx.check_cancel()
    by_key = {p.key: p for p in payloads}
    written = report_outcomes(ctx, PRODUCT, channel.upsert(payloads))
    ctx.store.fingerprints.set_many(
        ctx.integration, PRODUCT, {k: _fingerprint(by_key[k]) for k in written if k in by_key}
    )
