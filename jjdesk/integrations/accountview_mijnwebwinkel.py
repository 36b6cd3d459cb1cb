"""AccountView ↔ MijnWebwinkel: stock, products (categories, images) out; orders in.

The first integration whose hub is not Afterbuy: AccountView is both the product source
and the order sink, MijnWebwinkel both the product channel and the order source. The
flows are the generic ones. No level rules: every article transfers. AccountView's
sign-in is the merchant's consent in the browser (OAuth2 code flow); its rotating
refresh token lives in the keyring and is written back whenever AccountView hands out
a new one. The order statuses to import are ticked from the store's own list.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta

from jjdesk import i18n
from jjdesk.connectors.accountview import (
    AccountViewClient,
    AccountViewOrders,
    AccountViewProducts,
    Dictionary,
    SinkSettings,
    StockCalculation,
)
from jjdesk.connectors.accountview.client import API_URL as AV_URL
from jjdesk.connectors.accountview.client import SYSTEM as AV_SYSTEM
from jjdesk.connectors.accountview.fieldmap import DEFAULT, merged
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.mijnwebwinkel import (
    API_URL as MWW_URL,
)
from jjdesk.connectors.mijnwebwinkel import (
    MwwArticles,
    MwwClient,
    MwwConfig,
    MwwOrders,
    order_statuses,
)
from jjdesk.connectors.mijnwebwinkel.articles import CREATE_ONLY_FIELDS, ArticleSettings
from jjdesk.connectors.oauth import ClientIdentity, RefreshToken
from jjdesk.connectors.oauth_consent import consent
from jjdesk.errors import ConfigFailure
from jjdesk.flows.context import RunContext
from jjdesk.flows.order_import import import_orders
from jjdesk.flows.product_export import export_products
from jjdesk.flows.stock_update import update_stock
from jjdesk.integrations.base import (
    ConnectionSpec,
    FieldSpec,
    FlowSpec,
    Integration,
    OptionSpec,
    Services,
    connection_timeout,
    list_of,
    table_of,
    timeout_field,
)

KEY = "avmww"
AV = "accountview"
MWW = "mijnwebwinkel"

i18n.register(
    {
        "field.av.base_url": {"de": "API-Adresse", "en": "API address"},
        "field.av.authorize_url": {
            "de": "Anmeldeseite (leer: die der API-Adresse)",
            "en": "Sign-in page (empty: the API address's)",
        },
        "field.av.client_id": {"de": "API-Schlüssel (Client-ID)", "en": "API key (client ID)"},
        "field.av.client_id.help": {
            "de": "Auf accountview.net unter Ontwikkelaar → Applicatie toevoegen; als "
            "Weiterleitungsadresse http://127.0.0.1 eintragen.",
            "en": "On accountview.net under Ontwikkelaar → Applicatie toevoegen; enter "
            "http://127.0.0.1 as the redirect address.",
        },
        "field.av.client_secret": {"de": "API-Geheimnis", "en": "API secret"},
        "field.av.company": {
            "de": "Ondernemingscode (Verwaltung)",
            "en": "Ondernemingscode (company code)",
        },
        "field.av.refresh_token": {
            "de": "Anmeldung (über „Anmelden…“)",
            "en": "Sign-in (via “Sign in…”)",
        },
        "field.mww.base_url": {"de": "API-Adresse", "en": "API address"},
        "field.mww.token": {"de": "Shop-Token", "en": "Store token"},
        "field.mww.token.help": {
            "de": "Im Shop unter Instellingen → API → Nieuwe token toevoegen.",
            "en": "In the shop under Instellingen → API → Nieuwe token toevoegen.",
        },
        "field.mww.partner_token": {"de": "Partner-Token", "en": "Partner token"},
        "flow.avmww.products": {"de": "Artikel", "en": "Articles"},
        "option.avmww.statuses": {
            "de": "Bestellungen mit diesem Status importieren",
            "en": "Import orders with these statuses",
        },
        "option.avmww.done_status": {
            "de": "Status nach dem Import (Nummer; 0 = unverändert)",
            "en": "Status after the import (number; 0 = unchanged)",
        },
        "option.avmww.test_orders": {"de": "Testbestellungen (T-)", "en": "Test orders (T-)"},
        "choice.avmww.tests_off": {"de": "nicht importieren", "en": "do not import"},
        "choice.avmww.tests_on": {"de": "importieren", "en": "import"},
        "option.avmww.document": {
            "de": "In AccountView anlegen als",
            "en": "Create in AccountView as",
        },
        "choice.avmww.order": {"de": "Verkaufsauftrag", "en": "sales order"},
        "choice.avmww.invoice": {"de": "Rechnung", "en": "invoice"},
        "option.avmww.default_debtor": {
            "de": "Standard-Debitor für alle Bestellungen (0 = je Kunde)",
            "en": "Default debtor for every order (0 = one per customer)",
        },
        "option.avmww.payment_methods": {
            "de": "Zahlungsart je MijnWebwinkel-Zahlungsmethode",
            "en": "Payment method per MijnWebwinkel payment method",
        },
        "option.avmww.payment_terms": {
            "de": "Zahlungsbedingung je MijnWebwinkel-Zahlungsmethode",
            "en": "Payment terms per MijnWebwinkel payment method",
        },
        "column.avmww.shop_method": {"de": "MijnWebwinkel-Methode", "en": "MijnWebwinkel method"},
        "column.avmww.av_code": {"de": "AccountView-Code", "en": "AccountView code"},
        "option.avmww.stock": {"de": "Bestand an den Shop", "en": "Stock sent to the shop"},
        "choice.avmww.available_minus_reserved": {
            "de": "verfügbar abzüglich Verkaufsreservierungen",
            "en": "available minus sales reservations",
        },
        "choice.avmww.on_hand": {"de": "physischer Bestand", "en": "stock on hand"},
        "choice.avmww.with_incoming": {
            "de": "verfügbar abzüglich Reservierungen plus bestellte Ware",
            "en": "available minus reservations plus goods on order",
        },
        "option.avmww.create_only": {
            "de": "Nur beim Anlegen senden (im Shop gepflegte Felder bleiben)",
            "en": "Send only when creating (fields edited in the shop stay)",
        },
        "choice.avmww.field.name": {"de": "Name", "en": "Name"},
        "choice.avmww.field.description": {"de": "Beschreibung", "en": "Description"},
        "choice.avmww.field.price": {"de": "Preis", "en": "Price"},
        "choice.avmww.field.categories": {"de": "Kategorien", "en": "Categories"},
        "choice.avmww.field.images": {"de": "Bilder", "en": "Images"},
        "choice.avmww.field.extra": {"de": "EAN/Barcode", "en": "EAN/barcode"},
        "option.avmww.prices": {"de": "Preise in AccountView", "en": "Prices in AccountView"},
        "choice.avmww.prices_net": {
            "de": "ohne MwSt. (jjdesk rechnet sie für den Shop hinzu)",
            "en": "without VAT (jjdesk adds it for the shop)",
        },
        "choice.avmww.prices_gross": {"de": "mit MwSt.", "en": "with VAT"},
        "option.avmww.variant_lists": {
            "de": "Artikelliste je Variantenachse",
            "en": "Article list per variant axis",
        },
        "column.avmww.axis": {"de": "Achse (z. B. Maat)", "en": "Axis (e.g. Maat)"},
        "column.avmww.list_id": {"de": "Listen-Nr. im Shop", "en": "List no. in the shop"},
        "option.avmww.fields": {
            "de": "Feldzuordnung (abweichend vom Standard)",
            "en": "Field mapping (where it differs from the default)",
        },
        "column.avmww.target": {"de": "jjdesk-Feld", "en": "jjdesk field"},
        "column.avmww.av_field": {"de": "AccountView-Feld", "en": "AccountView field"},
        "option.avmww.objects": {
            "de": "Geschäftsobjekt-Codes (leer = automatisch finden)",
            "en": "Business object codes (empty = find automatically)",
        },
        "column.avmww.role": {
            "de": "Rolle (article, order, invoice, debtor, contact)",
            "en": "Role (article, order, invoice, debtor, contact)",
        },
        "column.avmww.code": {"de": "Code", "en": "Code"},
        "avmww.test.av": {
            "de": "AccountView, Verwaltung {company}: {objects} Geschäftsobjekte",
            "en": "AccountView, company {company}: {objects} business objects",
        },
        "avmww.test.mww": {
            "de": "MijnWebwinkel: {statuses} Bestellstatus",
            "en": "MijnWebwinkel: {statuses} order statuses",
        },
        "avmww.bad_mapping": {
            "de": "Feldzuordnung: unbekanntes jjdesk-Feld",
            "en": "Field mapping: unknown jjdesk field",
        },
        "avmww.bad_mapping.msg": {
            "de": "Die Zuordnung nennt {targets}; jjdesk kennt: {known}.",
            "en": "The mapping names {targets}; jjdesk knows: {known}.",
        },
        "avmww.signed_in": {
            "de": "AccountView-Anmeldung gespeichert",
            "en": "AccountView sign-in saved",
        },
    }
)


def _statuses(services: Services) -> list[tuple[str, str]]:
    client = mww_client(services)
    try:
        return order_statuses(client)
    finally:
        client.close()


def _fields(_services: Services) -> list[tuple[str, str]]:
    return [(name, i18n.text(f"choice.avmww.field.{name}")) for name in CREATE_ONLY_FIELDS]


STATUSES = OptionSpec("order_statuses", "option.avmww.statuses", "[]", live_choices=_statuses)
DONE_STATUS = OptionSpec(
    "done_status", "option.avmww.done_status", "0", whole_number=True, minimum=0, maximum=10**6
)
TEST_ORDERS = OptionSpec(
    "test_orders",
    "option.avmww.test_orders",
    "avmww.tests_off",
    choices=("avmww.tests_off", "avmww.tests_on"),
)
DOCUMENT = OptionSpec(
    "document", "option.avmww.document", "avmww.order", choices=("avmww.order", "avmww.invoice")
)
DEFAULT_DEBTOR = OptionSpec(
    "default_debtor",
    "option.avmww.default_debtor",
    "0",
    whole_number=True,
    minimum=0,
    maximum=2_000_000_000,  # the settings form's number field holds 32 bits
)
PAYMENT_METHODS = OptionSpec(
    "payment_methods",
    "option.avmww.payment_methods",
    "{}",
    table_columns=("column.avmww.shop_method", "column.avmww.av_code"),
)
PAYMENT_TERMS = OptionSpec(
    "payment_terms",
    "option.avmww.payment_terms",
    "{}",
    table_columns=("column.avmww.shop_method", "column.avmww.av_code"),
)
STOCK = OptionSpec(
    "stock_calculation",
    "option.avmww.stock",
    "avmww.available_minus_reserved",
    choices=tuple(f"avmww.{c.value}" for c in StockCalculation),
)
CREATE_ONLY = OptionSpec(
    "create_only", "option.avmww.create_only", '["description"]', live_choices=_fields
)
PRICES = OptionSpec(
    "prices",
    "option.avmww.prices",
    "avmww.prices_net",
    choices=("avmww.prices_net", "avmww.prices_gross"),
)
VARIANT_LISTS = OptionSpec(
    "variant_lists",
    "option.avmww.variant_lists",
    "{}",
    table_columns=("column.avmww.axis", "column.avmww.list_id"),
)
FIELDS = OptionSpec(
    "field_mapping",
    "option.avmww.fields",
    "{}",
    table_columns=("column.avmww.target", "column.avmww.av_field"),
)
OBJECTS = OptionSpec(
    "business_objects",
    "option.avmww.objects",
    "{}",
    table_columns=("column.avmww.role", "column.avmww.code"),
)


# --- connections -----------------------------------------------------------------------


def _identity(services: Services) -> ClientIdentity:
    base = (services.setting(AV, "base_url").strip() or AV_URL).rstrip("/")
    return ClientIdentity(
        token_url=f"{base}/token",
        client_id=services.setting(AV, "client_id").strip(),
        client_secret=services.secret(AV, "client_secret"),
        auth_method="client_secret_post",
        scope="*",
    )


def av_client(services: Services, ctx: RunContext | None = None) -> AccountViewClient:
    """AccountView with the stored sign-in; a rotated refresh token goes to the keyring."""
    timeout = connection_timeout(services, AV, 60)
    transport = HttpTransport(AV_SYSTEM, timeout=timeout, cancel=ctx.cancel if ctx else None)
    tokens = RefreshToken(
        _identity(services),
        transport,
        AV_SYSTEM,
        AV,
        refresh_token=lambda: services.optional_secret(AV, "refresh_token"),
        rotated=lambda new: services.store_secret(AV, "refresh_token", new),
    )
    base = services.setting(AV, "base_url").strip() or AV_URL
    return AccountViewClient(base, services.setting(AV, "company").strip(), tokens, transport)


def mww_client(services: Services, ctx: RunContext | None = None) -> MwwClient:
    """MijnWebwinkel with the store's and jjdesk's tokens."""
    timeout = connection_timeout(services, MWW, 60)
    config = MwwConfig(
        token=services.secret(MWW, "token"),
        partner_token=services.secret(MWW, "partner_token"),
        base_url=services.setting(MWW, "base_url").strip() or MWW_URL,
    )
    transport = HttpTransport("MijnWebwinkel", timeout=timeout, cancel=ctx.cancel if ctx else None)
    return MwwClient(config, transport)


def _sign_in(services: Services) -> str:
    """The merchant's consent in the browser; the refresh token goes to the keyring."""
    identity = _identity(services)
    base = (services.setting(AV, "base_url").strip() or AV_URL).rstrip("/")
    page = services.setting(AV, "authorize_url").strip() or f"{base}/authorize"
    transport = HttpTransport(AV_SYSTEM, timeout=60)
    try:
        token = consent(page, identity, transport, AV_SYSTEM, AV)
    finally:
        transport.close()
    services.store_secret(AV, "refresh_token", str(token.get("refresh_token") or ""))
    return i18n.text("avmww.signed_in")


def _test_av(services: Services) -> str:
    client = av_client(services)
    try:
        objects = client.get("accountviewsystembusinessobjects")
        count = len(objects) if isinstance(objects, list) else 0
        return i18n.text("avmww.test.av", company=client.company, objects=count)
    finally:
        client.close()


def _test_mww(services: Services) -> str:
    return i18n.text("avmww.test.mww", statuses=len(_statuses(services)))


AV_CONNECTION = ConnectionSpec(
    key=AV,
    title="AccountView",
    fields=(
        FieldSpec("base_url", "field.av.base_url", default=AV_URL, optional=True),
        FieldSpec("authorize_url", "field.av.authorize_url", optional=True),
        FieldSpec("client_id", "field.av.client_id"),
        FieldSpec("client_secret", "field.av.client_secret", secret=True),
        FieldSpec("company", "field.av.company"),
        FieldSpec("refresh_token", "field.av.refresh_token", secret=True, optional=True),
        timeout_field(60),
    ),
    test=_test_av,
    authorize=_sign_in,
)

MWW_CONNECTION = ConnectionSpec(
    key=MWW,
    title="MijnWebwinkel",
    fields=(
        FieldSpec("base_url", "field.mww.base_url", default=MWW_URL, optional=True),
        FieldSpec("token", "field.mww.token", secret=True),
        FieldSpec("partner_token", "field.mww.partner_token", secret=True),
        timeout_field(60),
    ),
    test=_test_mww,
)


# --- the run's systems -----------------------------------------------------------------


@dataclass
class _Systems:
    products: AccountViewProducts
    sink: AccountViewOrders
    articles: MwwArticles
    orders: MwwOrders


@contextmanager
def _systems(services: Services, ctx: RunContext) -> Iterator[_Systems]:
    with ExitStack() as stack:
        av = av_client(services, ctx)
        stack.callback(av.close)
        mww = mww_client(services, ctx)
        stack.callback(mww.close)
        dictionary = Dictionary(av, table_of(services.option(OBJECTS.name)))
        fields = _fields_mapped(services)
        calculation = StockCalculation(services.option(STOCK.name).removeprefix("avmww."))
        products = AccountViewProducts(av, dictionary, fields, calculation)
        net = services.option(PRICES.name) == "avmww.prices_net"
        lists = {
            axis: int(number)
            for axis, number in table_of(services.option(VARIANT_LISTS.name)).items()
            if number.isdigit()
        }
        articles = MwwArticles(
            mww,
            services.store.links(KEY),
            ArticleSettings(frozenset(list_of(services.option(CREATE_ONLY.name))), net, lists),
            products.catalog_path,
        )
        debtor = services.option(DEFAULT_DEBTOR.name)
        sink = AccountViewOrders(
            av,
            dictionary,
            fields,
            SinkSettings(
                document=services.option(DOCUMENT.name).removeprefix("avmww."),
                default_debtor="" if debtor == "0" else debtor,
                payment_methods=table_of(services.option(PAYMENT_METHODS.name)),
                payment_terms=table_of(services.option(PAYMENT_TERMS.name)),
                add_tax=net,
            ),
        )
        done = services.option(DONE_STATUS.name)
        orders = MwwOrders(
            mww,
            list_of(services.option(STATUSES.name)),
            include_tests=_tests_wanted(services),
            done_status="" if done == "0" else done,
        )
        yield _Systems(products, sink, articles, orders)


def _fields_mapped(services: Services) -> dict[str, str]:
    """The field mapping: the default with the merchant's entries."""
    try:
        return merged(table_of(services.option(FIELDS.name)))
    except ValueError as exc:
        raise ConfigFailure(
            i18n.text("avmww.bad_mapping"),
            i18n.text("avmww.bad_mapping.msg", targets=str(exc), known=", ".join(DEFAULT)),
        ) from exc


def _tests_wanted(services: Services) -> bool:
    return services.option(TEST_ORDERS.name) == "avmww.tests_on"


# --- flows -----------------------------------------------------------------------------


def _products(services: Services, ctx: RunContext) -> None:
    """Articles created or updated in the shop, matched by SKU/EAN."""
    with _systems(services, ctx) as systems:
        export_products(ctx, systems.products, systems.articles, services.level_rules())


def _stock(services: Services, ctx: RunContext) -> None:
    """Quantities per article and variant (unmanaged stock: unlimited in the shop)."""
    with _systems(services, ctx) as systems:
        update_stock(ctx, systems.products, systems.articles, services.level_rules())


def _orders(services: Services, ctx: RunContext) -> None:
    """Orders of the chosen statuses into AccountView, exactly once."""
    with _systems(services, ctx) as systems:
        import_orders(
            ctx,
            systems.orders,
            systems.sink,
            prefix=AVMWW.order_prefix,
            import_test_orders=_tests_wanted(services),
            channel_title="MijnWebwinkel",
            sink_title="AccountView",
        )


AVMWW = Integration(
    key=KEY,
    title="AccountView ↔ MijnWebwinkel",
    connections=(AV, MWW),
    flows=(
        FlowSpec("products", "flow.avmww.products", timedelta(minutes=15), _products),
        FlowSpec("stock", "flow.stock", timedelta(minutes=5), _stock),
        FlowSpec("orders", "flow.orders", timedelta(minutes=5), _orders),
    ),
    default_levels=None,
    options=(
        STATUSES,
        DONE_STATUS,
        TEST_ORDERS,
        DOCUMENT,
        DEFAULT_DEBTOR,
        PAYMENT_METHODS,
        PAYMENT_TERMS,
        STOCK,
        CREATE_ONLY,
        PRICES,
        VARIANT_LISTS,
        FIELDS,
        OBJECTS,
    ),
    order_prefix="MWW-",
)
