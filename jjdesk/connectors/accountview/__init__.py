"""AccountView.Net API v3: articles and stock out, debtors and sales documents in."""

from jjdesk.connectors.accountview.client import API_URL, AccountViewClient
from jjdesk.connectors.accountview.dictionary import Dictionary
from jjdesk.connectors.accountview.orders import AccountViewOrders, SinkSettings
from jjdesk.connectors.accountview.products import AccountViewProducts, StockCalculation

__all__ = [
    "API_URL",
    "AccountViewClient",
    "AccountViewOrders",
    "AccountViewProducts",
    "Dictionary",
    "SinkSettings",
    "StockCalculation",
]
