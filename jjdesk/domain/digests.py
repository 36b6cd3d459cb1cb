"""Stable hashes of data: fingerprints of what was sent, and of items that failed."""

from __future__ import annotations

import hashlib
import json


def digest(data: object) -> str:
    """A stable hash of JSON-able data (keys sorted, Decimals and dates as text)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
