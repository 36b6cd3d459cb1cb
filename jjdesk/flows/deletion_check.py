"""Deletion check: products jjdesk sent that no longer exist in the source are removed."""

from __future__ import annotations

from jjdesk import i18n
from jjdesk.domain.ports import ProductChannel, ProductSource
from jjdesk.errors import SystemFailure
from jjdesk.flows.context import RunContext
from jjdesk.flows.product_export import PRODUCT, remove_products

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
    }
)


def check_deletions(ctx: RunContext, source: ProductSource, channel: ProductChannel) -> None:
    """Remove from the channel what the source no longer has (never on an empty answer)."""
    known = ctx.store.fingerprints.keys(ctx.integration, PRODUCT)
    existing = source.all_product_ids()
    ctx.read(len(existing))
    if known and not existing:
        raise SystemFailure(
            i18n.text("deletion.refused"),
            i18n.text("deletion.refused.msg", source=source.name.title(), known=len(known)),
        )
    gone = [key for key in known if key not in existing]
    remove_products(ctx, channel, gone)
    ctx.progress(len(known), len(known), force=True)
