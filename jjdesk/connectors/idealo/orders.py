"""idealo orders as an `OrderSource`: new orders in, merchant order number, fulfilment out.

New orders are the ones idealo lists as `status=PROCESSING&acknowledged=false`: an order
stays there until jjdesk has set the merchant order number (the Afterbuy order id), so
nothing is missed while jjdesk was off, and the ledger keeps the repeats out. Each
listing is read to its end before any order is handed on, because acknowledging orders
takes them out of the listing and would shift the pages still to come. Revocations of
the last `REVOCATION_DAYS` are read as well and come with a note for the merchant.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport, RetryPolicy
from jjdesk.connectors.idealo import messages as _messages  # noqa: F401  (registers texts)
from jjdesk.connectors.idealo.carriers import CarrierTable
from jjdesk.connectors.idealo.config import IdealoConfig
from jjdesk.connectors.idealo.messages import ORDER_SYSTEM
from jjdesk.connectors.idealo.order_api import OrderApi
from jjdesk.connectors.idealo.order_codec import (
    REVOCATION_STATES,
    REVOKED,
    OrderDecodeError,
    to_order,
)
from jjdesk.connectors.idealo.wire import refusal
from jjdesk.domain.digests import digest
from jjdesk.domain.idealo_fields import CARRIERS
from jjdesk.domain.models import Order, Retry, ShipmentInfo, Unreadable
from jjdesk.domain.timestamps import to_iso
from jjdesk.errors import ItemProblem, NetworkFailure, OutcomeUnknown

ORDER = "order"
REVOCATION_DAYS = 90
COMPLETED = "COMPLETED"
_CODES = re.compile(r"[\s,;]+")


class IdealoOrders:
    """One idealo shop's checkout orders (MOA 2.0)."""

    name = "idealo"

    def __init__(
        self,
        config: IdealoConfig,
        carriers: CarrierTable,
        *,
        cancel: threading.Event | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._transport = HttpTransport(
            ORDER_SYSTEM, timeout=config.timeout, retry=retry, cancel=cancel
        )
        self.api = OrderApi(config, self._transport)
        self.carriers = carriers

    def close(self) -> None:
        """Release the connection pool."""
        self._transport.close()

    def test_connection(self) -> str:
        """The shop id the order API answers for."""
        return self.api.shop_id()

    # -- OrderSource ---------------------------------------------------------------------

    def orders_since(self, since: datetime | None) -> Iterator[Order | Unreadable]:
        """Unacknowledged new orders, then revocations of the last 90 days before `since`."""
        new = list(self.api.orders({"status": "PROCESSING", "acknowledged": "false"}))
        params = {"status": ",".join(REVOCATION_STATES)}
        if since is not None:
            params["from"] = to_iso(since - timedelta(days=REVOCATION_DAYS))
        revoked = list(self.api.orders(params))
        seen: set[str] = set()
        for raw in [*new, *revoked]:
            key = str(raw.get("idealoOrderId") or "")
            if key and key in seen:
                continue
            seen.add(key)
            yield _decoded(raw)

    def acknowledge(self, channel_order_id: str, sink_order_id: str) -> None:
        """Set the merchant order number (the Afterbuy order id); setting it again is harmless."""
        with _passing(channel_order_id, "merchantOrderNumber"):
            response = self.api.send(
                "POST",
                f"/orders/{channel_order_id}/merchant-order-number",
                {"merchantOrderNumber": sink_order_id},
            )
        if response.status_code not in (200, 201, 204):
            raise _problem(channel_order_id, response, "merchantOrderNumber")

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        """Carrier and tracking codes (`POST …/fulfillment`); idealo completes the order.

        Tracking codes add up at idealo when sent twice, so the request is not repeated
        blindly: an order that already carries them is left alone, and a lost answer is
        resolved by reading the order again.
        """
        carrier = self.carriers.carrier(shipment.shipping_method)
        if carrier is None:
            raise ItemProblem(
                ORDER,
                channel_order_id,
                i18n.text(
                    "idealo.carrier.unknown",
                    method=shipment.shipping_method,
                    allowed=", ".join(CARRIERS),
                ),
                field="shipping_method",
                hint=i18n.text("idealo.carrier.unknown.hint"),
                retry=Retry.LATER,
            )
        codes = [c for c in _CODES.split(shipment.tracking_number.strip()) if c]
        with _passing(channel_order_id, "tracking"):
            self._fulfil(channel_order_id, carrier, codes)

    def _fulfil(self, channel_order_id: str, carrier: str, codes: list[str]) -> None:
        current = self._order(channel_order_id)
        if str(current.get("status") or "").upper() == REVOKED:
            raise ItemProblem(
                ORDER,
                channel_order_id,
                i18n.text("idealo.shipping.revoked"),
                field="status",
                hint=i18n.text("idealo.shipping.revoked.hint"),
                retry=Retry.LATER,
            )
        if _carries(current, codes):
            return
        body = {"carrier": carrier, "trackingCode": codes}
        try:
            response = self.api.send(
                "POST", f"/orders/{channel_order_id}/fulfillment", body, idempotent=False
            )
        except OutcomeUnknown:
            if _carries(self._order(channel_order_id), codes):
                return
            raise
        if response.status_code not in (200, 201, 204):
            raise _problem(channel_order_id, response, "tracking")

    def _order(self, order_id: str) -> Mapping[str, Any]:
        response = self.api.order(order_id)
        if response.status_code == 404:
            raise ItemProblem(
                ORDER,
                order_id,
                i18n.text("idealo.order.not_found"),
                field="order",
                retry=Retry.LATER,
            )
        data = self.api.expect(response)
        return data if isinstance(data, Mapping) else {}


@contextmanager
def _passing(order_id: str, field: str) -> Iterator[None]:
    """idealo not answering this request properly fails this order's step, not the run."""
    try:
        yield
    except NetworkFailure as exc:  # credentials and settings still fail the run
        raise ItemProblem(
            ORDER, order_id, exc.message, field=field, retry=Retry.SOON, label=order_id
        ) from exc


def _decoded(raw: Mapping[str, Any]) -> Order | Unreadable:
    key = str(raw.get("idealoOrderId") or "?")
    try:
        return to_order(raw)
    except OrderDecodeError as exc:
        return Unreadable(
            ORDER,
            key,
            i18n.text("idealo.order.unreadable", field=exc.field, value=exc.value),
            field=exc.field,
            hint=i18n.text("idealo.order.unreadable.hint"),
            label=key,
            digest=digest([key, raw.get("updated"), exc.field, exc.value]),
        )


def _carries(order: Mapping[str, Any], codes: list[str]) -> bool:
    """Whether idealo already completed the order with these tracking codes."""
    if str(order.get("status") or "").upper() != COMPLETED:
        return False
    fulfillment = order.get("fulfillment")
    tracking = fulfillment.get("tracking") if isinstance(fulfillment, Mapping) else None
    known = {str(t.get("code") or "") for t in tracking or [] if isinstance(t, Mapping)}
    return all(code in known for code in codes)


def _problem(order_id: str, response: httpx.Response, field: str) -> ItemProblem:
    """An answer that refused the request, as a problem with the order (retried later)."""
    if response.status_code == 404:
        return ItemProblem(
            ORDER, order_id, i18n.text("idealo.order.not_found"), field="order", retry=Retry.LATER
        )
    found = refusal(response)
    text = found.text() or i18n.text("idealo.http_error", status=response.status_code)
    if found.reason and found.reason not in text:
        text = f"{text} ({found.reason})"
    passing = response.status_code >= 500 or response.status_code == 429
    return ItemProblem(
        ORDER,
        order_id,
        i18n.text("idealo.order.refused", text=text),
        field=found.field_names or field,
        hint=i18n.text("idealo.order.refused.hint"),
        retry=Retry.SOON if passing else Retry.LATER,
        label=order_id,
    )
