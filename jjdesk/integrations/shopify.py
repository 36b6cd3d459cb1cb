"""Afterbuy ↔ Shopify: products, stock, orders, shipping, deletions (SPEC intervals)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

from jjdesk import i18n
from jjdesk.connectors.afterbuy import AfterbuyClient
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.shopify import ShopifyChannel, ShopifyConfig
from jjdesk.connectors.shopify.order_codec import DEFAULT_TAX_RATE
from jjdesk.connectors.shopify.scopes import describe
from jjdesk.domain.levels import SHOPIFY_DEFAULT
from jjdesk.flows.context import RunContext
from jjdesk.flows.deletion_check import check_deletions
from jjdesk.flows.order_import import import_orders
from jjdesk.flows.product_export import export_products
from jjdesk.flows.product_search import ProductSearch, search_products
from jjdesk.flows.shipping_update import update_shipping
from jjdesk.flows.stock_update import update_stock
from jjdesk.integrations.afterbuy_link import (
    ARTICLE_IDENTIFICATION,
    afterbuy_client,
    afterbuy_timeout,
)
from jjdesk.integrations.base import (
    ConnectionSpec,
    FieldSpec,
    FlowSpec,
    Integration,
    OptionSpec,
    Services,
    connection_timeout,
    list_of,
    timeout_field,
)

KEY = "shopify"
DEFAULT_TIMEOUT = 30

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
        "shopify.test.scopes_missing": {
            "de": "Shop „{shop}“ – der App fehlen Berechtigungen: {scopes}. Erteilen Sie sie "
            "in Shopify, sonst schlagen diese Teile fehl.",
            "en": "shop “{shop}” – the app lacks access scopes: {scopes}. Grant them in "
            "Shopify, or these parts will fail.",
        },
        "shopify.option.sales_channels": {
            "de": "Artikel veröffentlichen in (leer = Onlineshop)",
            "en": "Publish products in (empty = Online Store)",
        },
        "shopify.option.test_orders": {"de": "Testbestellungen", "en": "Test orders"},
        "choice.test_orders_skip": {"de": "nicht importieren", "en": "do not import"},
        "choice.test_orders_import": {"de": "importieren", "en": "import"},
        "shopify.option.untaxed_orders": {
            "de": "Bestellungen ohne Mehrwertsteuer",
            "en": "Orders without VAT",
        },
        "choice.untaxed_add_19": {
            "de": "mit 19 % MwSt. übernehmen",
            "en": "import with 19 % VAT",
        },
        "choice.untaxed_keep": {
            "de": "steuerfrei übernehmen (0 %)",
            "en": "import tax-free (0 %)",
        },
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
TEST_ORDERS = OptionSpec(
    "test_orders",
    "shopify.option.test_orders",
    "test_orders_skip",
    choices=("test_orders_skip", "test_orders_import"),
)
UNTAXED_ORDERS = OptionSpec(
    "untaxed_orders",
    "shopify.option.untaxed_orders",
    "untaxed_add_19",
    choices=("untaxed_add_19", "untaxed_keep"),
)
PUBLISHED_TO = "published_to"  # link kind: the sales channels the last full export used


def _sales_channel_choices(services: Services) -> list[tuple[str, str]]:
    channel = shopify_channel(services)
    try:
        return channel.sales_channels.choices()
    finally:
        channel.close()


SALES_CHANNELS = OptionSpec(
    "sales_channels",
    "shopify.option.sales_channels",
    "[]",
    live_choices=_sales_channel_choices,
)


def _untaxed_rate(services: Services) -> Decimal | None:
    if not services.integration:
        return DEFAULT_TAX_RATE
    return DEFAULT_TAX_RATE if services.option(UNTAXED_ORDERS.name) == "untaxed_add_19" else None


def _publication_ids(services: Services) -> tuple[str, ...]:
    if not services.integration:
        return ()
    return tuple(list_of(services.option(SALES_CHANNELS.name)))


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
        timeout=connection_timeout(services, KEY, DEFAULT_TIMEOUT),
        publication_ids=_publication_ids(services),
        untaxed_rate=_untaxed_rate(services),
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
    afterbuy_transport = HttpTransport(
        "Afterbuy", timeout=afterbuy_timeout(services), cancel=ctx.cancel
    )
    shopify_transport = HttpTransport(
        "Shopify", timeout=connection_timeout(services, KEY, DEFAULT_TIMEOUT), cancel=ctx.cancel
    )
    try:
        yield (
            afterbuy_client(services, ctx, afterbuy_transport),
            shopify_channel(services, ctx, shopify_transport),
        )
    finally:
        afterbuy_transport.close()
        shopify_transport.close()


def _products(services: Services, ctx: RunContext) -> None:
    """Changed products; every product once the sales channels to publish in changed
    (also the first time: products jjdesk created before it published are made visible)."""
    links = services.store.links(KEY)
    chosen = ",".join(sorted(_publication_ids(services))) or "online_store"
    full = links.get(PUBLISHED_TO, "sales_channels") != chosen
    with _systems(services, ctx) as (afterbuy, shopify):
        export_products(ctx, afterbuy, shopify, services.level_rules(), full=full)
    if full and not ctx.dry_run:
        links.put(PUBLISHED_TO, "sales_channels", chosen)


def _stock(services: Services, ctx: RunContext) -> None:
    with _systems(services, ctx) as (afterbuy, shopify):
        update_stock(ctx, afterbuy, shopify, services.level_rules())


def _orders(services: Services, ctx: RunContext) -> None:
    with _systems(services, ctx) as (afterbuy, shopify):
        import_orders(
            ctx,
            shopify,
            afterbuy,
            prefix=SHOPIFY.order_prefix,
            import_test_orders=services.option(TEST_ORDERS.name) == "test_orders_import",
            channel_title="Shopify",
            sink_title="Afterbuy",
        )


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
    """The shop's name, and the access scopes jjdesk needs that the app lacks."""
    channel = shopify_channel(services)
    try:
        shop = channel.test_connection()
        missing = channel.missing_scopes()
    finally:
        channel.close()
    if missing:
        return i18n.text("shopify.test.scopes_missing", shop=shop, scopes=describe(missing))
    return i18n.text("shopify.test.ok", shop=shop)


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
        timeout_field(DEFAULT_TIMEOUT),
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
    options=(
        DONE_TAG,
        KEEP_DAYS,
        DELETION_SHARE,
        ARTICLE_IDENTIFICATION,
        SALES_CHANNELS,
        TEST_ORDERS,
        UNTAXED_ORDERS,
    ),
    order_prefix="SHOPIFY-",
    find_products=_find_products,
)
