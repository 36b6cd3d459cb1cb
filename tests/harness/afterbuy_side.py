"""The Afterbuy side every harness entry shares: its connection, its item faults, the
orders and tracking a channel's orders leave in it, and its daily budget.

Every integration syncs a channel with Afterbuy, so these live once here rather than in
each entry (`duplicates --change` keeps it that way).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from decimal import Decimal

from jjdesk.app import App
from jjdesk.sandbox.afterbuy import AfterbuySimulator
from jjdesk.sandbox.demo_world import CARRIERS, DemoWorld
from jjdesk.sandbox.server import FaultKind
from tests.harness.registry import Budget, FaultTarget, Tally

TRANSPORT_FAULTS = (
    FaultKind.HTTP_429,
    FaultKind.HTTP_500,
    FaultKind.SLOW,
    FaultKind.DROP,
    FaultKind.LOSE_ANSWER,
)
AFTERBUY_BUDGET = Budget("Afterbuy", "calls", 50_000, "calls a day (Afterbuy's limit per account)")


def comma(value: Decimal) -> str:
    """An amount as Afterbuy writes it (decimal comma)."""
    return f"{value:.2f}".replace(".", ",")


def amount(text: str) -> Decimal:
    """An Afterbuy amount ("1.234,50" or "19.90") as a Decimal."""
    return Decimal(text.replace(".", "").replace(",", ".")) if "," in text else Decimal(text)


def timeout_text(seconds: float) -> str:
    """A connection's time limit field from the harness's client time limit."""
    return str(max(1, round(seconds)))


def connect_afterbuy(app: App, demo: DemoWorld, timeout: float) -> None:
    """The Afterbuy connection against the demo world's simulator."""
    app.save_connection(
        "afterbuy",
        {
            "api_url": demo.afterbuy_api_url,
            "shop_url": demo.afterbuy_shop_url,
            "partner_token": demo.afterbuy.partner_token,
            "account_token": demo.afterbuy.account_token,
            "timeout_seconds": timeout_text(timeout),
        },
    )


def afterbuy_target(demo: DemoWorld) -> FaultTarget:
    """Afterbuy's two interfaces: every transport fault but an expiring token (it has none)."""
    return FaultTarget("Afterbuy", demo.afterbuy_faults, TRANSPORT_FAULTS)


def ship(afterbuy: AfterbuySimulator, prefix: str, rng: random.Random) -> int:
    """The merchant enters tracking in Afterbuy for most orders of this channel."""
    shipped = 0
    for order in afterbuy.list_orders():
        if order.vid.startswith(prefix) and not order.parcel_labels and rng.random() < 0.7:
            number = f"00340434{order.order_id:010d}"
            afterbuy.set_tracking(str(order.order_id), number, rng.choice(CARRIERS))
            shipped += 1
    return shipped


def orders_by_vid(afterbuy: AfterbuySimulator) -> dict[str, list[object]]:
    """Afterbuy's orders by the channel reference jjdesk wrote (VID)."""
    found: dict[str, list[object]] = {}
    for order in afterbuy.list_orders():
        found.setdefault(order.vid, []).append(order)
    return found


def same_order(want: Mapping[str, int], total: Decimal, ab: object) -> bool:
    """Quantities per ProductID and the total the customer pays, to the cent.

    An Afterbuy position may be split in two one cent apart (amounts that do not divide
    by the quantity), so quantities are compared per article and money as the total.
    """
    got: dict[str, int] = {}
    paid = amount(str(getattr(ab, "shipping_cost", "0")))
    for position in getattr(ab, "positions", []):
        got[str(position.article)] = got.get(str(position.article), 0) + int(position.quantity)
        paid += Decimal(position.price) * int(position.quantity)
    return dict(want) == got and paid == total


def count_order(orders: Tally, found: list[object], matches: bool) -> object | None:
    """One channel order against its Afterbuy copies; the copy when exactly one is there."""
    orders.expected += 1
    if not found:
        orders.lost += 1
        return None
    if len(found) > 1:
        orders.duplicated += 1
        return None
    if matches:
        orders.arrived += 1
    else:
        orders.stale += 1
    return found[0]


class AfterbuyFaults:
    """Afterbuy's own item faults: a refused order, a proxy's login page, a truncated
    answer, a wrong encoding, a product whose text breaks the XML (repaired later), a
    product deleted between two pages of a read."""

    def __init__(self, afterbuy: AfterbuySimulator) -> None:
        self.afterbuy = afterbuy
        self.broken: dict[str, str] = {}  # product → its name before a fault broke it

    def plant(self, rng: random.Random, simple: Iterable[str]) -> list[str]:
        """Plant them (the product faults on one of `simple`); their names."""
        afterbuy = self.afterbuy
        afterbuy.refuse_next_orders()
        afterbuy.answer_proxy_page_next()
        afterbuy.corrupt_next()
        done = ["afterbuy:refusal", "afterbuy:proxy_page", "afterbuy:truncated_xml"]
        if rng.random() < 0.5:
            afterbuy.declare_encoding("ISO-8859-1")
            done.append("afterbuy:wrong_encoding")
        fine = [p for p in simple if p not in self.broken and afterbuy.product(p)]
        if fine and rng.random() < 0.5:
            victim = rng.choice(fine)
            product = afterbuy.product(victim)
            assert product is not None
            self.broken[victim] = product.fields["Name"]
            afterbuy.break_product(victim, raw_byte=rng.random() < 0.5)
            done.append("afterbuy:broken_product")
        if fine and rng.random() < 0.3:
            afterbuy.delete_after_page(rng.choice(fine))
            done.append("afterbuy:deleted_between_pages")
        return done

    def repair(self) -> None:
        """The merchant corrects the names that broke the XML; encodings are declared right."""
        for pid, name in self.broken.items():
            if self.afterbuy.product(pid) is not None:
                self.afterbuy.modify_product(pid, Name=name)
        self.broken.clear()
        self.afterbuy.declare_encoding("utf-8")
