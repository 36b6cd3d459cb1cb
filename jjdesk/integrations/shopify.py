"""Afterbuy ↔ Shopify: products, stock, orders, shipping, deletions (SPEC intervals)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from jjdesk import i18n
from jjdesk.connectors.afterbuy import AfterbuyClient
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.shopify import ShopifyChannel, ShopifyConfig
from jjdesk.domain.levels import SHOPIFY_DEFAULT
from jjdesk.flows.context import RunContext
from jjdesk.flows.deletion_check import check_deletions
from jjdesk.flows.order_import import import_orders
from jjdesk.flows.product_export import export_products
from jjdesk.flows.product_search import ProductSearch, search_products
from jjdesk.flows.shipping_update import update_shipping
from jjdesk.flows.stock_update import update_stock
from jjdesk.integrations.afterbuy_link import ARTICLE_IDENTIFICATION, afterbuy_client
from jjdesk.integrations.base import (
    ConnectionSpec,
    FieldSpec,
    FlowSpec,
    Integration,
    OptionSpec,
    Services,
)

KEY = "shopify"

i18n.register(
    {
        "flow.products": {"de": "Produkte", "en": "Products"},
        "flow.stock": {"de": "Bestand", "en": "Stock"},
        "flow.orders": {"de": "Bestellimport", "en": "Order import"},
        "flow.shipping": {"de": "Versandmeldung", "en": "Shipping update"},
        "flow.deletions": {"de": "Löschprüfung", "en": "Deletion check"},
        "field.shopify.shop": {
            "de": "Shop (name.myshopify.com)",
            "en": "Shop (name.myshopify.com)",
        },
        "field.shopify.base_url": {
            "de": "Abweichende Adresse (nur für Tests)",
            "en": "Other address (testing only)",
        },
        "field.shopify.access_token": {
            "de": "Admin-API-Zugriffstoken",
            "en": "Admin API access token",
        },
        "field.shopify.access_token.help": {
            "de": "In Shopify unter Einstellungen → Apps → App entwickeln: eine App mit "
            "Admin-API-Zugriff anlegen und installieren, dann das Token (shpat_…) kopieren.",
            "en": "In Shopify under Settings → Apps → Develop apps: create and install an app "
            "with Admin API access, then copy its token (shpat_…).",
        },
        "field.shopify.shop.help": {
            "de": "Der Name vor .myshopify.com, zu sehen in der Adresszeile Ihres Shop-Admins.",
            "en": "The name before .myshopify.com, shown in your shop admin's address bar.",
        },
        "field.shopify.client_id": {"de": "Client-ID", "en": "Client ID"},
        "field.shopify.client_secret": {"de": "Client-Secret", "en": "Client secret"},
        "field.shopify.location_id": {
            "de": "Lagerort-ID (leer = erster aktiver)",
            "en": "Location ID (empty = first active)",
        },
        "option.done_tag": {
            "de": "Afterbuy-Tag nach Versandmeldung",
            "en": "Afterbuy tag after the shipping update",
        },
        "option.keep_days": {
            "de": "Bestell-IDs aufbewahren (Tage)",
            "en": "Keep order IDs (days)",
        },
        "shopify.test.ok": {"de": "Shop „{shop}“", "en": "shop “{shop}”"},
    }
)

i18n.register(
    {
        "option.deletion_share": {
            "de": "Höchstens so viel Prozent ohne Bestätigung löschen",
            "en": "Delete at most this percentage without confirmation",
        },
    }
)

DONE_TAG = OptionSpec("done_tag", "option.done_tag", "Shopify abgeschlossen")
KEEP_DAYS = OptionSpec(
    "keep_days", "option.keep_days", "30", whole_number=True, minimum=1, maximum=3650
)
DELETION_SHARE = OptionSpec(
    "deletion_share", "option.deletion_share", "10", whole_number=True, minimum=1, maximum=100
)


def shopify_channel(
    services: Services, ctx: RunContext | None = None, transport: HttpTransport | None = None
) -> ShopifyChannel:
    """A channel from the stored connection; with a run, cancellable and named in Shopify."""
    access_token = services.optional_secret(KEY, "access_token")
    config = ShopifyConfig(
        shop=services.setting(KEY, "shop"),
        access_token=access_token,
        client_id="" if access_token else services.optional_secret(KEY, "client_id"),
        client_secret="" if access_token else services.optional_secret(KEY, "client_secret"),
        base_url=services.setting(KEY, "base_url"),
        location_id=services.setting(KEY, "location_id"),
    )
    links = services.store.links(KEY)
    if ctx is None:
        return ShopifyChannel(config, links, transport=transport)
    return ShopifyChannel(
        config,
        links,
        transport=transport,
        reference_uri=f"jjdesk://run/{ctx.run_id}",
        cancel=ctx.cancel,
    )


@contextmanager
def _systems(
    services: Services, ctx: RunContext
) -> Iterator[tuple[AfterbuyClient, ShopifyChannel]]:
    """Both connectors of one run, sharing its cancel switch, closed when it ends."""
    afterbuy_transport = HttpTransport("Afterbuy", timeout=60, cancel=ctx.cancel)
    shopify_transport = HttpTransport("Shopify", timeout=30, cancel=ctx.cancel)
    try:
        yield (
            afterbuy_client(services, ctx, afterbuy_transport),
            shopify_channel(services, ctx, shopify_transport),
        )
    finally:
        afterbuy_transport.close()
        shopify_transport.close()


def _products(services: Services, ctx: RunContext) -> None:
    with _systems(services, ctx) as (afterbuy, shopify):
        export_products(ctx, afterbuy, shopify, services.level_rules())


def _stock(services: Services, ctx: RunContext) -> None:
    with _systems(services, ctx) as (afterbuy, shopify):
        update_stock(ctx, afterbuy, shopify, services.level_rules())


def _orders(services: Services, ctx: RunContext) -> None:
    with _systems(services, ctx) as (afterbuy, shopify):
        import_orders(ctx, shopify, afterbuy, prefix=SHOPIFY.order_prefix)


def _shipping(services: Services, ctx: RunContext) -> None:
    with _systems(services, ctx) as (afterbuy, shopify):
        update_shipping(
            ctx,
            shopify,
            afterbuy,
            done_tag=services.option(DONE_TAG.name),
            keep=timedelta(days=int(services.option(KEEP_DAYS.name))),
        )


def _deletions(services: Services, ctx: RunContext) -> None:
    share = int(services.option(DELETION_SHARE.name)) / 100
    with _systems(services, ctx) as (afterbuy, shopify):
        check_deletions(ctx, afterbuy, shopify, max_share=share)


def _find_products(services: Services, text: str) -> ProductSearch:
    """Afterbuy looks up IDs, EANs and article numbers; Shopify's titles give names."""
    afterbuy = afterbuy_client(services)
    shopify = shopify_channel(services)
    try:
        return search_products(afterbuy, text, shopify)
    finally:
        afterbuy.close()
        shopify.close()


def _test(services: Services) -> str:
    channel = shopify_channel(services)
    try:
        return i18n.text("shopify.test.ok", shop=channel.test_connection())
    finally:
        channel.close()


SHOPIFY_CONNECTION = ConnectionSpec(
    key=KEY,
    title="Shopify",
    fields=(
        FieldSpec("shop", "field.shopify.shop"),
        FieldSpec("access_token", "field.shopify.access_token", secret=True, optional=True),
        FieldSpec("client_id", "field.shopify.client_id", secret=True, optional=True),
        FieldSpec("client_secret", "field.shopify.client_secret", secret=True, optional=True),
        FieldSpec("location_id", "field.shopify.location_id", optional=True),
        FieldSpec("base_url", "field.shopify.base_url", optional=True),
    ),
    test=_test,
)

SHOPIFY = Integration(
    key=KEY,
    title="Shopify",
    connections=("afterbuy", KEY),
    flows=(
        FlowSpec("products", "flow.products", timedelta(minutes=15), _products),
        FlowSpec("stock", "flow.stock", timedelta(minutes=5), _stock),
        FlowSpec("orders", "flow.orders", timedelta(minutes=5), _orders),
        FlowSpec("shipping", "flow.shipping", timedelta(minutes=30), _shipping),
        FlowSpec("deletions", "flow.deletions", timedelta(hours=6), _deletions),
    ),
    default_levels=SHOPIFY_DEFAULT,
    options=(DONE_TAG, KEEP_DAYS, DELETION_SHARE, ARTICLE_IDENTIFICATION),
    order_prefix="SHOPIFY-",
    find_products=_find_products,
)
