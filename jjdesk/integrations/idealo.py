"""Afterbuy ↔ idealo: offers, stock, checkout orders, shipping, deletions (SPEC intervals).

Offers and stock feed idealo's price comparison and are on by default. idealo closed
"Direktkauf" at the end of 2022; order import and shipping update serve idealo's
checkout where a merchant still has it, so they are switched off until the merchant
switches them on in Settings (they need the Merchant Order API credentials).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from jjdesk import i18n
from jjdesk.connectors.afterbuy import AfterbuyClient
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.idealo import IdealoChannel, IdealoConfig, IdealoOrders
from jjdesk.connectors.idealo.carriers import DEFAULT_TABLE, CarrierTable
from jjdesk.connectors.idealo.config import (
    DEFAULT_CONCURRENCY,
    MAX_CONCURRENCY,
    OFFER_TOKEN_URL,
    OFFER_URL,
    ORDER_URL,
)
from jjdesk.domain.idealo_fields import CARRIERS
from jjdesk.domain.levels import IDEALO_DEFAULT
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.flows.context import RunContext
from jjdesk.flows.deletion_check import check_deletions
from jjdesk.flows.order_import import import_orders
from jjdesk.flows.product_export import export_products
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
    table_of,
    timeout_field,
)

KEY = "idealo"
TIMESTAMPS_EVERY = timedelta(hours=24)
TIMESTAMPS_KEY = "integration.idealo.timestamps_refreshed"
DEFAULT_TIMEOUT = 30

i18n.register(
    {
        "flow.idealo.products": {"de": "Angebote", "en": "Offers"},
        "flow.idealo.stock": {"de": "Bestand", "en": "Stock"},
        "flow.idealo.orders": {
            "de": "Bestellimport (nur mit idealo Checkout und Zugang zur Bestell-API MOA 2.0)",
            "en": "Order import (only with idealo checkout and access to the MOA 2.0 order API)",
        },
        "flow.idealo.shipping": {
            "de": "Versandmeldung (nur mit idealo Checkout und Zugang zur Bestell-API MOA 2.0)",
            "en": "Shipping update (only with idealo checkout and access to the MOA 2.0 order API)",
        },
        "flow.idealo.deletions": {"de": "Löschprüfung", "en": "Deletion check"},
        "field.idealo.offer_client_id": {
            "de": "Client-ID der Angebots-API (PWS 2.0)",
            "en": "Client ID of the offer API (PWS 2.0)",
        },
        "field.idealo.offer_client_secret": {
            "de": "Client-Secret der Angebots-API",
            "en": "Client secret of the offer API",
        },
        "field.idealo.product_url": {
            "de": "Adresse Ihrer Artikelseiten ({sku} = ProductID)",
            "en": "Address of your product pages ({sku} = ProductID)",
        },
        "field.idealo.shop_id": {
            "de": "Shop-ID (leer = aus der Anmeldung)",
            "en": "Shop ID (empty = from signing in)",
        },
        "field.idealo.order_client_id": {
            "de": "Client-ID der Bestell-API (MOA 2.0, nur mit idealo Checkout)",
            "en": "Client ID of the order API (MOA 2.0, only with idealo checkout)",
        },
        "field.idealo.order_client_secret": {
            "de": "Client-Secret der Bestell-API",
            "en": "Client secret of the order API",
        },
        "field.idealo.offer_api_url": {
            "de": "Adresse der Angebots-API",
            "en": "Offer API address",
        },
        "field.idealo.offer_token_url": {
            "de": "Anmeldeadresse der Angebots-API",
            "en": "Offer API sign-in address",
        },
        "field.idealo.order_api_url": {
            "de": "Adresse der Bestell-API",
            "en": "Order API address",
        },
        "field.idealo.order_token_url": {
            "de": "Anmeldeadresse der Bestell-API (leer = Standard)",
            "en": "Order API sign-in address (empty = standard)",
        },
        "option.idealo.concurrency": {
            "de": "Gleichzeitige Anfragen an idealo",
            "en": "Simultaneous requests to idealo",
        },
        "option.idealo.checkout": {
            "de": "Angebote bei idealo",
            "en": "Offers at idealo",
        },
        "choice.idealo_price_comparison": {
            "de": "nur Preisvergleich",
            "en": "price comparison only",
        },
        "choice.idealo_checkout": {
            "de": "Preisvergleich und idealo Checkout",
            "en": "price comparison and idealo checkout",
        },
        "option.idealo.carriers": {
            "de": "Versandarten: Afterbuy-Versandart → idealo-Versanddienstleister",
            "en": "Shipping methods: Afterbuy shipping method → idealo carrier",
        },
        "option.idealo.carriers.method": {
            "de": "Afterbuy-Versandart",
            "en": "Afterbuy shipping method",
        },
        "option.idealo.carriers.carrier": {
            "de": "idealo-Versanddienstleister",
            "en": "idealo carrier",
        },
        "option.idealo.done_tag": {
            "de": "Afterbuy-Tag nach Versandmeldung",
            "en": "Afterbuy tag after the shipping update",
        },
        "option.idealo.keep_days": {
            "de": "Bestell-IDs aufbewahren (Tage)",
            "en": "Keep order IDs (days)",
        },
        "option.idealo.deletion_share": {
            "de": "Höchstens so viel Prozent ohne Bestätigung löschen",
            "en": "Delete at most this percentage without confirmation",
        },
    }
)

CONCURRENCY = OptionSpec(
    "concurrency",
    "option.idealo.concurrency",
    str(DEFAULT_CONCURRENCY),
    whole_number=True,
    minimum=1,
    maximum=MAX_CONCURRENCY,
)
CHECKOUT = OptionSpec(
    "checkout",
    "option.idealo.checkout",
    "idealo_price_comparison",
    choices=("idealo_price_comparison", "idealo_checkout"),
)
CARRIER_TABLE = OptionSpec(
    "carriers",
    "option.idealo.carriers",
    json.dumps(DEFAULT_TABLE, ensure_ascii=False, sort_keys=True),
    table_columns=("option.idealo.carriers.method", "option.idealo.carriers.carrier"),
    table_values=CARRIERS,
)
DONE_TAG = OptionSpec("done_tag", "option.idealo.done_tag", "idealo abgeschlossen")
KEEP_DAYS = OptionSpec(
    "keep_days", "option.idealo.keep_days", "730", whole_number=True, minimum=1, maximum=3650
)
DELETION_SHARE = OptionSpec(
    "deletion_share",
    "option.idealo.deletion_share",
    "10",
    whole_number=True,
    minimum=1,
    maximum=100,
)


def idealo_config(services: Services) -> IdealoConfig:
    """The shop as the merchant entered it (connection form and options)."""
    concurrency = DEFAULT_CONCURRENCY
    checkout = False
    if services.integration:
        concurrency = int(services.option(CONCURRENCY.name))
        checkout = services.option(CHECKOUT.name) == "idealo_checkout"
    return IdealoConfig(
        offer_client_id=services.secret(KEY, "offer_client_id"),
        offer_client_secret=services.secret(KEY, "offer_client_secret"),
        product_url=services.setting(KEY, "product_url"),
        order_client_id=services.optional_secret(KEY, "order_client_id"),
        order_client_secret=services.optional_secret(KEY, "order_client_secret"),
        shop_id=services.setting(KEY, "shop_id"),
        offer_url=services.setting(KEY, "offer_api_url"),
        offer_token_url=services.setting(KEY, "offer_token_url"),
        order_url=services.setting(KEY, "order_api_url"),
        order_token_url=services.setting(KEY, "order_token_url"),
        checkout=checkout,
        concurrency=concurrency,
        timeout=connection_timeout(services, KEY, DEFAULT_TIMEOUT),
    )


@contextmanager
def _offers(services: Services, ctx: RunContext) -> Iterator[tuple[AfterbuyClient, IdealoChannel]]:
    """Afterbuy and the idealo channel of one run, closed when it ends.

    The channel reads Afterbuy's catalogue tree (for `categoryPath`) only when a product
    with a catalogue comes by, once per run.
    """
    transport = HttpTransport("Afterbuy", timeout=afterbuy_timeout(services), cancel=ctx.cancel)
    afterbuy = afterbuy_client(services, ctx, transport)

    def category_paths() -> dict[str, tuple[str, ...]]:
        return {c.catalog_id: c.path for c in afterbuy.catalogs()}

    channel = IdealoChannel(
        idealo_config(services),
        services.store.links(KEY),
        category_paths=category_paths,
        cancel=ctx.cancel,
    )
    try:
        yield afterbuy, channel
    finally:
        channel.close()
        transport.close()


@contextmanager
def _orders(services: Services, ctx: RunContext) -> Iterator[tuple[AfterbuyClient, IdealoOrders]]:
    """Afterbuy and idealo's order API of one run, closed when it ends."""
    transport = HttpTransport("Afterbuy", timeout=afterbuy_timeout(services), cancel=ctx.cancel)
    carriers = CarrierTable(table_of(services.option(CARRIER_TABLE.name)))
    orders = IdealoOrders(idealo_config(services), carriers, cancel=ctx.cancel)
    try:
        yield afterbuy_client(services, ctx, transport), orders
    finally:
        orders.close()
        transport.close()


def _products(services: Services, ctx: RunContext) -> None:
    with _offers(services, ctx) as (afterbuy, idealo):
        export_products(ctx, afterbuy, idealo, services.level_rules())
        _refresh_timestamps(services, ctx, idealo)


def _refresh_timestamps(services: Services, ctx: RunContext, idealo: IdealoChannel) -> None:
    """Once a day, idealo's import time of every offer becomes now.

    An unchanged product costs no write, so without this an offer that stays the same
    for long would carry an old import time at idealo (`PUT /shop/{id}/offer`).
    """
    if ctx.dry_run:
        return
    settings = services.store.settings
    last = parse_iso(settings.get(TIMESTAMPS_KEY))
    now = utcnow()
    if last is not None and now - last < TIMESTAMPS_EVERY:
        return
    idealo.refresh_timestamps()
    settings.set(TIMESTAMPS_KEY, now.isoformat())


def _stock(services: Services, ctx: RunContext) -> None:
    with _offers(services, ctx) as (afterbuy, idealo):
        update_stock(ctx, afterbuy, idealo, services.level_rules())


def _import(services: Services, ctx: RunContext) -> None:
    with _orders(services, ctx) as (afterbuy, idealo):
        import_orders(
            ctx,
            idealo,
            afterbuy,
            prefix=IDEALO.order_prefix,
            channel_title="idealo",
            sink_title="Afterbuy",
        )


def _shipping(services: Services, ctx: RunContext) -> None:
    with _orders(services, ctx) as (afterbuy, idealo):
        update_shipping(
            ctx,
            idealo,
            afterbuy,
            done_tag=services.option(DONE_TAG.name),
            keep=timedelta(days=int(services.option(KEEP_DAYS.name))),
        )


def _deletions(services: Services, ctx: RunContext) -> None:
    share = int(services.option(DELETION_SHARE.name)) / 100
    with _offers(services, ctx) as (afterbuy, idealo):
        check_deletions(ctx, afterbuy, idealo, max_share=share)


def _test(services: Services) -> str:
    config = idealo_config(services)
    channel = IdealoChannel(config, services.store.links(KEY))
    try:
        answer = i18n.text("idealo.test.ok", shop=channel.test_connection())
    finally:
        channel.close()
    if config.has_order_client:
        orders = IdealoOrders(config, CarrierTable({}))
        try:
            answer += ", " + i18n.text("idealo.test.orders_ok", shop=orders.test_connection())
        finally:
            orders.close()
    return answer


IDEALO_CONNECTION = ConnectionSpec(
    key=KEY,
    title="idealo",
    fields=(
        FieldSpec("offer_client_id", "field.idealo.offer_client_id", secret=True),
        FieldSpec("offer_client_secret", "field.idealo.offer_client_secret", secret=True),
        FieldSpec("product_url", "field.idealo.product_url"),
        FieldSpec("shop_id", "field.idealo.shop_id", optional=True),
        FieldSpec("order_client_id", "field.idealo.order_client_id", secret=True, optional=True),
        FieldSpec(
            "order_client_secret", "field.idealo.order_client_secret", secret=True, optional=True
        ),
        FieldSpec("offer_api_url", "field.idealo.offer_api_url", default=OFFER_URL, optional=True),
        FieldSpec(
            "offer_token_url",
            "field.idealo.offer_token_url",
            default=OFFER_TOKEN_URL,
            optional=True,
        ),
        FieldSpec("order_api_url", "field.idealo.order_api_url", default=ORDER_URL, optional=True),
        FieldSpec("order_token_url", "field.idealo.order_token_url", optional=True),
        timeout_field(DEFAULT_TIMEOUT),
    ),
    test=_test,
)

IDEALO = Integration(
    key=KEY,
    title="idealo",
    connections=("afterbuy", KEY),
    flows=(
        FlowSpec("products", "flow.idealo.products", timedelta(minutes=15), _products),
        FlowSpec("stock", "flow.idealo.stock", timedelta(minutes=2), _stock),
        FlowSpec(
            "orders",
            "flow.idealo.orders",
            timedelta(minutes=5),
            _import,
            enabled_by_default=False,
        ),
        FlowSpec(
            "shipping",
            "flow.idealo.shipping",
            timedelta(minutes=30),
            _shipping,
            enabled_by_default=False,
        ),
        FlowSpec("deletions", "flow.idealo.deletions", timedelta(hours=6), _deletions),
    ),
    default_levels=IDEALO_DEFAULT,
    options=(
        CHECKOUT,
        CONCURRENCY,
        CARRIER_TABLE,
        DONE_TAG,
        KEEP_DAYS,
        DELETION_SHARE,
        ARTICLE_IDENTIFICATION,
    ),
    order_prefix="IDEALO-",
)
