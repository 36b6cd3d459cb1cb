"""Shopify global IDs (gid://shopify/Type/123) and the link kinds jjdesk remembers."""

from __future__ import annotations

LINK_PRODUCT = "product"  # Afterbuy ProductID of a parent/simple product → Product GID
LINK_INVENTORY_ITEM = "inventory_item"  # SKU (leaf ProductID) → InventoryItem GID
LINK_PRODUCT_SKUS = "product_skus"  # Afterbuy ProductID → its variants' SKUs, comma-joined


def gid(kind: str, legacy_id: str | int) -> str:
    """The global ID of a resource; passes a full GID through unchanged."""
    text = str(legacy_id)
    return text if text.startswith("gid://") else f"gid://shopify/{kind}/{text}"
