"""Shopify connector: Admin GraphQL API (products, stock, orders, fulfilments)."""

from jjdesk.connectors.shopify import messages as messages
from jjdesk.connectors.shopify.channel import ShopifyChannel
from jjdesk.connectors.shopify.config import API_VERSION, ShopifyConfig

__all__ = ["API_VERSION", "ShopifyChannel", "ShopifyConfig"]
