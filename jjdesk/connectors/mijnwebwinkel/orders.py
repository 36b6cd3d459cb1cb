"""Orders from MijnWebwinkel: only the statuses the merchant chose, test orders on request.

Each chosen status is read in full (pages of 100 by offset) before any order is handed
on: the acknowledgement may move an order to another status, which would shift the
offsets of the pages still to come and skip orders. The statuses themselves come from
the store (`/orderstatuses`); their ids are the store's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from jjdesk.connectors.mijnwebwinkel.client import MwwClient
from jjdesk.connectors.mijnwebwinkel.order_codec import parse_order, store_time
from jjdesk.domain.models import Order, ShipmentInfo, Unreadable


def order_statuses(client: MwwClient) -> list[tuple[str, str]]:
    """The store's order statuses as (id, description), for the merchant to tick."""
    answer = client.call("GET", "orderstatuses")
    return [
        (str(s["status"]), str(s.get("description") or s["status"]))
        for s in answer
        if not s.get("credit_order")
    ]


class MwwOrders:
    """`OrderSource`: orders in the chosen statuses changed since a moment."""

    name = "mijnwebwinkel"

    def __init__(
        self,
        client: MwwClient,
        statuses: list[str],
        *,
        include_tests: bool = False,
        done_status: str = "",
    ) -> None:
        self._client = client
        self._statuses = [s for s in statuses if s.isdigit()]
        self._include_tests = include_tests
        self._done_status = done_status

    def orders_since(self, since: datetime | None) -> Iterator[Order | Unreadable]:
        """Orders that reached a chosen status since `since`, each once per run."""
        seen: set[str] = set()
        for status in self._statuses:
            params: dict[str, str | int] = {"status_id": int(status), "ordering": "asc"}
            if since is not None:
                params["status_changed_start_date"] = store_time(since)
            if self._include_tests:
                params["test"] = "true"
            batch: list[dict[str, Any]] = list(self._client.pages("orders", params))
            for data in batch:
                number = str(data.get("number", ""))
                if number in seen:
                    continue
                seen.add(number)
                yield parse_order(data)

    def acknowledge(self, channel_order_id: str, sink_order_id: str) -> None:
        """Move the order to the merchant's "imported" status, when one is chosen."""
        if not self._done_status.isdigit():
            return
        self._client.call(
            "PATCH",
            f"orders/{channel_order_id}",
            body={"status": int(self._done_status)},
            item=("order", channel_order_id),
        )

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        """The API has no tracking field; a shipped order keeps its status as it is."""
