"""The Afterbuy connection every Afterbuy-based integration shares."""

from __future__ import annotations

from jjdesk import i18n
from jjdesk.connectors.afterbuy import AfterbuyClient, AfterbuyConfig
from jjdesk.connectors.afterbuy.config import API_URL, SHOP_URL, ArticleIdentification
from jjdesk.connectors.http import HttpTransport
from jjdesk.flows.context import RunContext
from jjdesk.integrations.base import (
    ConnectionSpec,
    FieldSpec,
    OptionSpec,
    Services,
    connection_timeout,
    timeout_field,
)

i18n.register(
    {
        "field.afterbuy.api_url": {"de": "XML-API-Adresse", "en": "XML API address"},
        "field.afterbuy.shop_url": {
            "de": "Shop-Schnittstelle-Adresse",
            "en": "Shop interface address",
        },
        "field.afterbuy.partner_token": {"de": "Partner-Token", "en": "Partner token"},
        "field.afterbuy.account_token": {"de": "Account-Token", "en": "Account token"},
        "field.afterbuy.partner_token.help": {
            "de": "Das Partner-Token erhalten Sie von Afterbuy, wenn die Schnittstelle für "
            "Ihren Zugang freigeschaltet wird (Afterbuy-Support oder Ihr Dienstleister).",
            "en": "Afterbuy gives you the partner token when the interface is enabled for "
            "your account (Afterbuy support or your service provider).",
        },
        "field.afterbuy.account_token.help": {
            "de": "In Afterbuy unter Einstellungen → Zugangsdaten/API: das Account-Token "
            "Ihres Afterbuy-Kontos.",
            "en": "In Afterbuy under Settings → credentials/API: your Afterbuy account's "
            "account token.",
        },
        "option.article_identification": {
            "de": "Artikel in Bestellungen erkennen über",
            "en": "Match order lines by",
        },
        "choice.product_id": {"de": "Afterbuy-ProductID (SKU)", "en": "Afterbuy ProductID (SKU)"},
        "choice.article_number": {
            "de": "Artikelnummer (Afterbuy erkennt selbst)",
            "en": "Article number (Afterbuy matches itself)",
        },
        "choice.ean": {
            "de": "EAN (Afterbuy erkennt selbst)",
            "en": "EAN (Afterbuy matches itself)",
        },
        "afterbuy.test.ok": {
            "de": "Afterbuy-Zeit {time}",
            "en": "Afterbuy time {time}",
        },
    }
)

ARTICLE_IDENTIFICATION = OptionSpec(
    "article_identification",
    "option.article_identification",
    "product_id",
    choices=("product_id", "article_number", "ean"),
)
_IDENTIFICATIONS = {
    "product_id": ArticleIdentification.PRODUCT_ID,
    "article_number": ArticleIdentification.ARTICLE_NUMBER,
    "ean": ArticleIdentification.EAN,
}
DEFAULT_TIMEOUT = 60


def afterbuy_timeout(services: Services) -> float:
    """How long one Afterbuy request may take (the connection's time limit)."""
    return connection_timeout(services, "afterbuy", DEFAULT_TIMEOUT)


def afterbuy_client(
    services: Services, ctx: RunContext | None = None, transport: HttpTransport | None = None
) -> AfterbuyClient:
    """A client from the stored connection; with a run, the run's Cancel also ends the
    waits between retries of a transport the client makes itself."""
    identification = ArticleIdentification.PRODUCT_ID
    if services.integration:
        choice = services.option(ARTICLE_IDENTIFICATION.name)
        identification = _IDENTIFICATIONS.get(choice, ArticleIdentification.PRODUCT_ID)
    config = AfterbuyConfig(
        partner_token=services.secret("afterbuy", "partner_token"),
        account_token=services.secret("afterbuy", "account_token"),
        api_url=services.setting("afterbuy", "api_url"),
        shop_url=services.setting("afterbuy", "shop_url"),
        article_identification=identification,
        timeout=afterbuy_timeout(services),
    )
    return AfterbuyClient(config, transport, cancel=ctx.cancel if ctx else None)


def _test(services: Services) -> str:
    client = afterbuy_client(services)
    try:
        moment = client.test_connection()
    finally:
        client.close()
    return i18n.text("afterbuy.test.ok", time=moment.astimezone().strftime("%d.%m.%Y %H:%M"))


AFTERBUY = ConnectionSpec(
    key="afterbuy",
    title="Afterbuy",
    fields=(
        FieldSpec("api_url", "field.afterbuy.api_url", default=API_URL),
        FieldSpec("shop_url", "field.afterbuy.shop_url", default=SHOP_URL),
        FieldSpec("partner_token", "field.afterbuy.partner_token", secret=True),
        FieldSpec("account_token", "field.afterbuy.account_token", secret=True),
        timeout_field(DEFAULT_TIMEOUT),
    ),
    test=_test,
)
