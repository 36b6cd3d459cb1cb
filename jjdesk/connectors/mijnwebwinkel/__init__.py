"""MijnWebwinkel (MyOnlineStore public API v1): articles, categories, stock, orders."""

from jjdesk.connectors.mijnwebwinkel.articles import MwwArticles
from jjdesk.connectors.mijnwebwinkel.client import API_URL, MwwClient, MwwConfig
from jjdesk.connectors.mijnwebwinkel.orders import MwwOrders, order_statuses

__all__ = ["API_URL", "MwwArticles", "MwwClient", "MwwConfig", "MwwOrders", "order_statuses"]
