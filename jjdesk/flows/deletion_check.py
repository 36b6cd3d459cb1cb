"""Deletion check: products jjdesk sent that no longer exist in the source are removed.

Only from a complete and consistent ID list (the source pages by ID range), and every
candidate is read once more by ID before it goes: a product that shows up again is
kept. More than the merchant's share (default 10 %) of what jjdesk sent is never removed
without the merchant's confirmation: the run holds, says so, and removes exactly that
set once it has been confirmed.
"""

from __future__ import annotations

import json

from jjdesk import i18n
from jjdesk.domain.digests import digest
from jjdesk.domain.models import Unreadable
from jjdesk.domain.ports import ProductChannel, ProductSource
from jjdesk.errors import SystemFailure
from jjdesk.flows.context import RunContext
from jjdesk.flows.product_export import PRODUCT, remove_products
from jjdesk.store import Store

DEFAULT_MAX_SHARE = 0.10

i18n.register(
    {
        "deletion.refused": {
            "de": "Löschprüfung ausgesetzt",
            "en": "Deletion check held back",
        },
        "deletion.refused.msg": {
            "de": "{source} meldet keine Produkte, jjdesk kennt aber {known}. Aus Sicherheit "
            "wird nichts gelöscht; prüfen Sie die Verbindung zu {source}.",
            "en": "{source} reports no products, but jjdesk knows {known}. For safety nothing "
            "is deleted; check the connection to {source}.",
        },
        "deletion.held": {
            "de": "Löschen wartet auf Ihre Bestätigung",
            "en": "Deletion waits for your confirmation",
        },
        "deletion.held.msg": {
            "de": "{count} von {known} Produkten ({share} %) fehlen in {source} und würden "
            "entfernt – mehr als die eingestellten {limit} %. Prüfen Sie {source}; wenn das "
            "so gewollt ist, bestätigen Sie das Löschen in jjdesk („Löschen bestätigen“ oder "
            "`jjdesk deletions approve {integration}`).",
            "en": "{count} of {known} products ({share} %) are missing in {source} and would "
            "be removed – more than the {limit} % set. Check {source}; if it is meant so, "
            "confirm the deletion in jjdesk (“Confirm deletion” or "
            "`jjdesk deletions approve {integration}`).",
        },
    }
)


def held_key(integration: str) -> str:
    """Settings key of a deletion set waiting for confirmation (JSON: digest, counts, keys)."""
    return f"integration.{integration}.deletions.held"


def approved_key(integration: str) -> str:
    """Settings key of the digest of the deletion set the merchant confirmed."""
    return f"integration.{integration}.deletions.approved"


def held_deletion(store: Store, integration: str) -> dict[str, object] | None:
    """The deletion waiting for confirmation, if any: {"digest", "count", "known", "keys"}."""
    raw = store.settings.get(held_key(integration))
    return json.loads(raw) if raw else None


def approve_held(store: Store, integration: str) -> int:
    """Confirm the held deletion (the next run removes exactly that set); returns its size."""
    held = held_deletion(store, integration)
    if held is None:
        return 0
    store.settings.set(approved_key(integration), str(held["digest"]))
    count = held["count"]
    return count if isinstance(count, int) else 0


def check_deletions(
    ctx: RunContext,
    source: ProductSource,
    channel: ProductChannel,
    *,
    max_share: float = DEFAULT_MAX_SHARE,
) -> None:
    """Remove from the channel what the source no longer has (never on an empty answer)."""
    sent = ctx.store.fingerprints.sources(ctx.integration, PRODUCT)
    if not sent:
        return
    existing = source.all_product_ids()
    ctx.read(len(existing))
    if not existing:
        raise SystemFailure(
            i18n.text("deletion.refused"),
            i18n.text("deletion.refused.msg", source=source.name.title(), known=len(sent)),
        )
    candidates = sorted(key for key in sent if key not in existing)
    if candidates:
        candidates = _confirmed_gone(ctx, source, candidates)
    ctx.progress(len(sent), len(sent), force=True)
    if not candidates:
        _clear(ctx)
        return
    if len(candidates) > max_share * len(sent) and not _approved(ctx, candidates):
        _hold(ctx, source, candidates, len(sent), max_share)
    _clear(ctx)
    remove_products(ctx, channel, {key: sent[key] for key in candidates})


def _confirmed_gone(ctx: RunContext, source: ProductSource, candidates: list[str]) -> list[str]:
    """The candidates that a second read by ID still does not find."""
    found: set[str] = set()
    for item in source.products_by_id(candidates):
        ctx.check_cancel()
        if isinstance(item, Unreadable):
            found.add(item.key)
            continue
        found.add(item.product_id)
        found.update(v.product_id for v in item.variants)
    return [key for key in candidates if key not in found]


def _set_digest(candidates: list[str]) -> str:
    return digest(sorted(candidates))


def _approved(ctx: RunContext, candidates: list[str]) -> bool:
    approved = ctx.store.settings.get(approved_key(ctx.integration))
    return approved is not None and approved == _set_digest(candidates)


def _hold(
    ctx: RunContext, source: ProductSource, candidates: list[str], known: int, max_share: float
) -> None:
    if not ctx.dry_run:
        held = {
            "digest": _set_digest(candidates),
            "count": len(candidates),
            "known": known,
            "keys": candidates[:200],
        }
        ctx.store.settings.set(held_key(ctx.integration), json.dumps(held))
    raise SystemFailure(
        i18n.text("deletion.held"),
        i18n.text(
            "deletion.held.msg",
            count=len(candidates),
            known=known,
            share=round(100 * len(candidates) / known),
            limit=round(100 * max_share),
            source=source.name.title(),
            integration=ctx.integration,
        ),
    )


def _clear(ctx: RunContext) -> None:
    if not ctx.dry_run:
        ctx.store.settings.delete(held_key(ctx.integration))
        ctx.store.settings.delete(approved_key(ctx.integration))
