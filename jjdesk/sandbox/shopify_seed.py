"""Plausible German Shopify orders for the demo and tests (seeded, so runs repeat).

Names and cities carry umlauts; about one order in five has no tax lines (the SPEC's
19 % rule), one in seven carries an SKU with letters (needs action in Afterbuy), and one
in four has a discount code. A seed describes the cart as the customer saw it; the
simulator works out allocations, taxes and totals from it as Shopify does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

FIRST_NAMES = (
    "Jürgen",
    "Müge",
    "Sören",
    "Käthe",
    "Björn",
    "Anna",
    "Lukas",
    "Zoë",
    "Jörg",
    "Maximilian",
)
LAST_NAMES = (
    "Müller",
    "Schröder",
    "Köhler",
    "Weiß",
    "Groß",
    "Schäfer",
    "Bäcker",
    "Hoffmann",
    "Krüger",
    "Yılmaz",
)
CITIES = (
    ("München", "80331"),
    ("Köln", "50667"),
    ("Düsseldorf", "40213"),
    ("Nürnberg", "90402"),
    ("Lübeck", "23552"),
    ("Görlitz", "02826"),
    ("Fürth", "90762"),
    ("Würzburg", "97070"),
)
STREETS = ("Hauptstraße", "Königsallee", "Mühlenweg", "Schloßstraße", "Bahnhofstraße", "Am Südring")
ARTICLES = (
    ("Wollmütze „Nordlicht“", Decimal("19.90")),
    ("Trinkflasche Edelstahl 0,75 l", Decimal("24.95")),
    ("Bürstenset für Küche", Decimal("12.50")),
    ("Gartenschürze Größe M", Decimal("34.00")),
    ("Teelichthalter Glas", Decimal("8.99")),
)
GATEWAYS = ("PayPal Express Checkout", "Klarna", "shopify_payments", "Vorkasse")


@dataclass(frozen=True, slots=True)
class SeedLine:
    """One line of a seeded order."""

    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    tax_rate: Decimal | None = Decimal("19")


@dataclass(frozen=True, slots=True)
class SeedDiscount:
    """A discount as the merchant set it up, before Shopify allocates it.

    `kind`: "code" (a discount code), "automatic" or "manual" (added by staff).
    `target`: "line" (the lines at `lines`, by index), "order" (every line, spread
    across them) or "shipping" (every shipping line). Either `percentage` or `amount`;
    an amount on lines is spread across them, or taken off every unit when `each`.
    """

    kind: str
    name: str
    target: str = "order"
    percentage: Decimal | None = None
    amount: Decimal | None = None
    lines: tuple[int, ...] = ()
    each: bool = False


@dataclass(frozen=True, slots=True)
class SeedShipping:
    """One shipping line with its price as the shop shows it (gross or net)."""

    title: str
    price: Decimal
    tax_rate: Decimal | None = Decimal("19")


@dataclass(frozen=True, slots=True)
class SeedOrder:
    """What `ShopifySimulator.add_order` needs to create an order."""

    first_name: str
    last_name: str
    street: str
    postal_code: str
    city: str
    lines: tuple[SeedLine, ...]
    created_at: datetime
    updated_at: datetime
    shipping_title: str = "DHL Paket"
    shipping_price: Decimal = Decimal("4.90")
    gateway: str = "PayPal Express Checkout"
    financial_status: str = "PAID"
    has_tax: bool = True
    test: bool = False
    country_code: str = "DE"
    note: str = ""
    email: str = field(default="kunde@example.invalid")
    taxes_included: bool = True  # prices as the shop shows them include VAT
    discounts: tuple[SeedDiscount, ...] = ()
    shipping_lines: tuple[SeedShipping, ...] | None = None  # None: one from the fields above


def german_orders(count: int, seed: int = 7, start: datetime | None = None) -> list[SeedOrder]:
    """`count` orders, one every few minutes after `start` (default: two days ago)."""
    rng = random.Random(seed)
    moment = start or datetime.now(UTC) - timedelta(days=2)
    orders: list[SeedOrder] = []
    for n in range(count):
        moment += timedelta(minutes=rng.randint(3, 40))
        has_tax = rng.random() >= 0.2
        lines = []
        for i in range(rng.randint(1, 3)):
            title, price = rng.choice(ARTICLES)
            sku = str(rng.randint(100000, 999999))
            if n % 7 == 3 and i == 0:
                sku = f"AB-{sku[:4]}"
            lines.append(
                SeedLine(sku, title, rng.randint(1, 3), price, Decimal("19") if has_tax else None)
            )
        city, postal = rng.choice(CITIES)
        discounts: tuple[SeedDiscount, ...] = ()
        if n % 4 == 1:
            discounts = (SeedDiscount("code", "WILLKOMMEN10", percentage=Decimal("10")),)
        orders.append(
            SeedOrder(
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                postal_code=postal,
                city=city,
                lines=tuple(lines),
                created_at=moment,
                updated_at=moment + timedelta(minutes=rng.randint(0, 5)),
                gateway=rng.choice(GATEWAYS),
                has_tax=has_tax,
                financial_status="PAID" if rng.random() < 0.85 else "PENDING",
                email=f"kunde{n}@example.invalid",
                discounts=discounts,
            )
        )
    return orders
