"""Afterbuy's shipping method → idealo's carrier, through the merchant's table.

The table (Settings, "Afterbuy shipping method → idealo carrier") is asked first; a
method that already names a carrier ("DHL", "Deutsche Post", "dhl express") needs no row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from jjdesk.domain.idealo_fields import CARRIERS

DEFAULT_TABLE = {
    "DHL Paket": "DHL",
    "DHL Express": "DHL_EXPRESS",
    "Deutsche Post": "DEUTSCHE_POST",
    "Warenpost": "DEUTSCHE_POST",
    "Hermes": "HERMES",
    "DPD": "DPD",
    "GLS": "GLS",
    "UPS": "UPS",
    "Spedition": "SPEDITION",
}
_SEPARATORS = re.compile(r"[\s\-./]+")


class CarrierTable:
    """Finds the idealo carrier for a shipping method; None when there is none."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self._table = {k.strip().casefold(): v for k, v in table.items() if k.strip()}

    def carrier(self, shipping_method: str) -> str | None:
        """The carrier code idealo accepts for this method, if any."""
        method = shipping_method.strip()
        if not method:
            return None
        mapped = self._table.get(method.casefold())
        if mapped in CARRIERS:
            return mapped
        code = _SEPARATORS.sub("_", method).upper()
        return code if code in CARRIERS else None
