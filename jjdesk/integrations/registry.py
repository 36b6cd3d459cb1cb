"""Every integration and connection jjdesk ships."""

from __future__ import annotations

from jjdesk.integrations.base import ConnectionSpec, Integration


def all_integrations() -> list[Integration]:
    """The integrations, in the order the GUI lists them."""
    return []


def all_connections() -> list[ConnectionSpec]:
    """The external systems' connection forms."""
    return []
