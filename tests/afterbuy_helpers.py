"""Shared pieces of the Afterbuy tests: fixture folder, a running simulator, a fast client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from jjdesk.connectors.afterbuy import AfterbuyClient, AfterbuyConfig, ArticleIdentification
from jjdesk.connectors.http import HttpTransport, RetryPolicy
from jjdesk.domain.models import Address, Order, OrderLine
from jjdesk.sandbox.afterbuy import ABINTERFACE_PATH, SHOP_PATH, AfterbuySimulator
from jjdesk.sandbox.server import SimulatorServer

FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "afterbuy"
WUNDII = FIXTURES / "wundii-afterbuy-sdk" / "tests" / "Integration"
ELIXIR = FIXTURES / "angeldeejay-afterbuy-client" / "test" / "mock_data"


@dataclass
class Running:
    """A simulator on a loopback port and a real client pointed at it."""

    sim: AfterbuySimulator
    server: SimulatorServer
    client: AfterbuyClient


@contextmanager
def running(
    sim: AfterbuySimulator,
    *,
    identification: ArticleIdentification = ArticleIdentification.PRODUCT_ID,
    account_token: str = "account",
    page_size: int = 250,
) -> Iterator[Running]:
    """Serve `sim` and yield a client with quick retries (real HTTP, nothing patched)."""
    with SimulatorServer(sim) as server:
        transport = HttpTransport(
            "Afterbuy", timeout=5.0, retry=RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05)
        )
        config = AfterbuyConfig(
            partner_token="partner",
            account_token=account_token,
            api_url=server.base_url + ABINTERFACE_PATH,
            shop_url=server.base_url + SHOP_PATH,
            article_identification=identification,
            page_size=page_size,
        )
        client = AfterbuyClient(config, transport)
        try:
            yield Running(sim, server, client)
        finally:
            transport.close()


def make_order(channel_order_id: str = "1001", skus: tuple[str, ...] = ("10000001",)) -> Order:
    """A plausible channel order with personal data that must never leak into errors."""
    moment = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    billing = Address(
        first_name="Erika",
        last_name="Mustermann",
        street="Heidestraße 17",
        postal_code="51147",
        city="Köln",
        country_code="DE",
        email="erika@example.com",
    )
    return Order(
        channel="shopify",
        channel_order_id=channel_order_id,
        order_number=f"#{channel_order_id}",
        created_at=moment,
        updated_at=moment,
        billing=billing,
        shipping=Address(
            first_name="Max",
            last_name="Muster",
            street="Weg 1",
            city="Wien",
            postal_code="1010",
            country_code="AT",
        ),
        lines=tuple(
            OrderLine(
                sku=sku,
                title=f"Artikel {sku}",
                quantity=2,
                unit_price=Decimal("19.99"),
                tax_rate=Decimal("19"),
            )
            for sku in skus
        ),
        shipping_cost=Decimal("4.95"),
        shipping_method="DHL",
        payment_method="PayPal",
        paid=True,
        memo="Abholservice 12,00",
        channel_url=f"https://admin.shopify.com/store/x/orders/{channel_order_id}",
    )
