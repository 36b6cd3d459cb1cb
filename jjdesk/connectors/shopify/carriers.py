"""Afterbuy shipping methods → the carrier names Shopify recognises (exact spelling matters).

With a recognised name Shopify builds the tracking link itself; for any other carrier
the connector sends the tracking URL instead.
"""

from __future__ import annotations

_BY_KEYWORD: tuple[tuple[str, str], ...] = (
    # checked in order: the more specific names first
    ("dhl express", "DHL Express"),
    ("dhl ecommerce", "DHL eCommerce"),
    ("deutsche post", "Deutsche Post (DE)"),
    ("warenpost", "Deutsche Post (DE)"),
    ("dhl", "DHL"),
    ("dpd", "DPD"),
    ("gls", "GLS"),
    ("hermes", "Hermes"),
    ("ups", "UPS"),
    ("fedex", "FedEx"),
    ("tnt", "TNT"),
)


def shopify_carrier(shipping_method: str) -> str | None:
    """Shopify's carrier name for an Afterbuy shipping method, or None when unknown."""
    words = " ".join(shipping_method.casefold().replace("-", " ").replace("_", " ").split())
    padded = f" {words} "
    for keyword, carrier in _BY_KEYWORD:
        if f" {keyword} " in padded:
            return carrier
    return None
