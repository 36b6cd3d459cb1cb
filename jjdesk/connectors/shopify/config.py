"""Connection settings for one Shopify shop; the API version is pinned here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jjdesk import i18n
from jjdesk.errors import ConfigFailure

API_VERSION = "2026-07"
"""The one Admin API version jjdesk speaks (quarterly releases, each supported ≥ 12 months)."""


@dataclass(frozen=True, slots=True)
class ShopifyConfig:
    """Where the shop is and how to log in.

    Either `access_token` (a legacy admin-created custom app) or `client_id` +
    `client_secret` (a Dev Dashboard app using the client-credentials grant) is needed.
    `base_url` overrides `https://{shop}.myshopify.com`, e.g. for the simulator.
    `publication_ids`: the sales channels products are published to (none chosen: the
    Online Store). `untaxed_rate`: the VAT an order without any tax line gets (None: 0 %).
    """

    shop: str
    access_token: str = field(default="", repr=False)
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    base_url: str = ""
    location_id: str = ""
    timeout: float = 30.0
    verify_tls: bool = True
    metafield_namespace: str = "jjdesk"
    metafield_key: str = "afterbuy_product_id"
    media_wait_seconds: float = 10.0
    orders_page_size: int = 4  # with 10 lines each, well below the 1,000 points per query
    order_lines_page_size: int = 10
    publication_ids: tuple[str, ...] = ()
    untaxed_rate: Decimal | None = Decimal("19")

    def __post_init__(self) -> None:
        shop = self.shop.strip().removesuffix("/").removeprefix("https://")
        shop = shop.removesuffix(".myshopify.com")
        object.__setattr__(self, "shop", shop)
        if not shop:
            raise ConfigFailure(i18n.text("config.invalid"), i18n.text("shopify.config.shop"))
        if not self.access_token and not (self.client_id and self.client_secret):
            raise ConfigFailure(
                i18n.text("config.invalid"), i18n.text("shopify.config.credentials")
            )

    @property
    def root(self) -> str:
        """Scheme and host of the shop (or of the simulator standing in for it)."""
        return (self.base_url or f"https://{self.shop}.myshopify.com").rstrip("/")

    @property
    def graphql_url(self) -> str:
        """The Admin GraphQL endpoint of the pinned version."""
        return f"{self.root}/admin/api/{API_VERSION}/graphql.json"

    @property
    def token_url(self) -> str:
        """Where the client-credentials grant is asked for a token."""
        return f"{self.root}/admin/oauth/access_token"

    @property
    def uses_client_credentials(self) -> bool:
        """True when tokens are fetched (and renewed) by jjdesk itself."""
        return not self.access_token

    def admin_order_url(self, legacy_id: str) -> str:
        """The merchant's link to an order in the Shopify admin."""
        return f"https://admin.shopify.com/store/{self.shop}/orders/{legacy_id}"
