"""Where idealo's two APIs live and how jjdesk talks to them (every address configurable)."""

from __future__ import annotations

from dataclasses import dataclass, field

OFFER_URL = "https://import.idealo.com"
OFFER_TOKEN_URL = "https://api.idealo.com/mer/businessaccount/api/v1/oauth/token"
ORDER_URL = "https://orders.idealo.com"
ORDER_TOKEN_PATH = "/api/v2/oauth/token"
DEFAULT_CONCURRENCY = 8
MAX_CONCURRENCY = 32


@dataclass(frozen=True)
class IdealoConfig:
    """One idealo shop: offer API (PWS 2.0) and, optionally, order API (MOA 2.0) clients.

    `shop_id` may stay empty: both token answers name the shop. `product_url` is the
    address of a product page in the merchant's own shop, `{sku}` standing for the
    ProductID; idealo links its price comparison there.
    """

    offer_client_id: str
    offer_client_secret: str = field(repr=False)
    product_url: str = ""
    order_client_id: str = ""
    order_client_secret: str = field(default="", repr=False)
    shop_id: str = ""
    offer_url: str = OFFER_URL
    offer_token_url: str = OFFER_TOKEN_URL
    order_url: str = ORDER_URL
    order_token_url: str = ""  # empty: the order API's own /api/v2/oauth/token
    checkout: bool = False  # offers take part in idealo's checkout (Direktkauf)
    concurrency: int = DEFAULT_CONCURRENCY
    timeout: float = 30.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "offer_url", (self.offer_url or OFFER_URL).rstrip("/"))
        object.__setattr__(self, "offer_token_url", self.offer_token_url or OFFER_TOKEN_URL)
        object.__setattr__(self, "order_url", (self.order_url or ORDER_URL).rstrip("/"))
        object.__setattr__(self, "concurrency", max(1, min(MAX_CONCURRENCY, int(self.concurrency))))

    @property
    def order_token_endpoint(self) -> str:
        """The MOA token endpoint (configured, or under the order API's address)."""
        return self.order_token_url or f"{self.order_url}{ORDER_TOKEN_PATH}"

    @property
    def has_order_client(self) -> bool:
        """Whether credentials for the order API were entered."""
        return bool(self.order_client_id and self.order_client_secret)
