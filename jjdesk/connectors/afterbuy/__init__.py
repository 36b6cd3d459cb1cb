"""Afterbuy connector: XML API (products, catalogues, orders) and the shop interface."""

from jjdesk.connectors.afterbuy.client import AfterbuyClient
from jjdesk.connectors.afterbuy.config import AfterbuyConfig, ArticleIdentification
from jjdesk.connectors.afterbuy.errors import AfterbuyCallError, AfterbuyProtocolError
from jjdesk.connectors.afterbuy.orders import SoldLine, SoldOrder

__all__ = [
    "AfterbuyCallError",
    "AfterbuyClient",
    "AfterbuyConfig",
    "AfterbuyProtocolError",
    "ArticleIdentification",
    "SoldLine",
    "SoldOrder",
]
