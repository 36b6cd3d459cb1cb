"""jjdesk: keeps an ERP (Afterbuy, AccountView) and its sales channels in sync from the desktop."""

__version__ = "0.1.0"
