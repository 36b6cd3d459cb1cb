"""Every integration and connection jjdesk ships."""

from __future__ import annotations

from jjdesk.integrations.accountview_mijnwebwinkel import AV_CONNECTION, AVMWW, MWW_CONNECTION
from jjdesk.integrations.afterbuy_link import AFTERBUY
from jjdesk.integrations.base import ConnectionSpec, Integration, IntegrationFamily
from jjdesk.integrations.custom_shop import CUSTOM_SHOPS
from jjdesk.integrations.idealo import IDEALO, IDEALO_CONNECTION
from jjdesk.integrations.shopify import SHOPIFY, SHOPIFY_CONNECTION
from jjdesk.integrations.tradebyte import REST_CONNECTION, SFTP_CONNECTION, TRADEBYTE


def all_integrations() -> list[Integration]:
    """The integrations, in the order the GUI lists them."""
    return [SHOPIFY, IDEALO, TRADEBYTE, AVMWW]


def all_connections() -> list[ConnectionSpec]:
    """The external systems' connection forms."""
    return [
        AFTERBUY,
        SHOPIFY_CONNECTION,
        IDEALO_CONNECTION,
        SFTP_CONNECTION,
        REST_CONNECTION,
        AV_CONNECTION,
        MWW_CONNECTION,
    ]


def all_families() -> list[IntegrationFamily]:
    """Integrations the merchant adds, several of a kind (custom shops)."""
    return [CUSTOM_SHOPS]
