"""Afterbuy connector: XML API (products, catalogues, orders) and the shop interface."""

from jjdesk.connectors.afterbuy.client import AfterbuyClient
from jjdesk.connectors.afterbuy.config import AfterbuyConfig, ArticleIdentification
from jjdesk.connectors.afterbuy.errors import (
    AfterbuyCallError,
    AfterbuyProtocolError,
    AfterbuyWarning,
)
from jjdesk.connectors.afterbuy.orders import SoldLine, SoldOrder
from jjdesk.connectors.afterbuy.products import ProductParseProblem

__all__ = [
    "AfterbuyCallError",
    "AfterbuyClient",
    "AfterbuyConfig",
    "AfterbuyProtocolError",
    "AfterbuyWarning",
    "ArticleIdentification",
    "ProductParseProblem",
    "SoldLine",
    "SoldOrder",
]
