"""The access scopes jjdesk needs from the merchant's Shopify app, and what each is for.

A missing scope makes Shopify answer ACCESS_DENIED only when that part of jjdesk runs
(hours after setting up, for a shipping update); the connection test names them at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from jjdesk import i18n

REQUIRED = (
    "write_products",
    "write_inventory",
    "read_locations",
    "read_orders",
    "write_publications",
    "read_merchant_managed_fulfillment_orders",
    "write_merchant_managed_fulfillment_orders",
)


def missing_scopes(granted: Iterable[str]) -> list[str]:
    """The required scopes not granted; a write scope grants its read scope too."""
    have = set(granted)
    have |= {s.replace("write_", "read_", 1) for s in have if s.startswith("write_")}
    return [scope for scope in REQUIRED if scope not in have]


def describe(scopes: Iterable[str]) -> str:
    """ "write_publications (publish products in sales channels), …" in the current language."""
    return ", ".join(f"{s} ({i18n.text(f'shopify.scope.{s}')})" for s in scopes)
