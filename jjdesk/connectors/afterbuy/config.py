"""Settings of one Afterbuy connection; tokens come from the keyring, never from files."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

API_URL = "https://api.afterbuy.de/afterbuy/ABInterface.aspx"
SHOP_URL = "https://api.afterbuy.de/afterbuy/ShopInterfaceUTF8.aspx"


class ArticleIdentification(IntEnum):
    """How the shop interface matches an order line to an Afterbuy product (`Artikelerkennung`).

    PRODUCT_ID is the default: jjdesk sends the Afterbuy ProductID, so stock is lowered.
    The others let Afterbuy identify the article itself, when the integration enables it.
    """

    PRODUCT_ID = 0
    ARTICLE_NUMBER = 1
    EAN = 13


@dataclass(frozen=True, slots=True)
class AfterbuyConfig:
    """Where and as whom to talk to Afterbuy, and how patiently."""

    partner_token: str = field(repr=False)
    account_token: str = field(repr=False)
    api_url: str = API_URL
    shop_url: str = SHOP_URL
    article_identification: ArticleIdentification = ArticleIdentification.PRODUCT_ID
    customer_identification: int = 1  # Kundenerkennung: 1 = by e-mail address
    timeout: float = 60.0
    page_size: int = 250
