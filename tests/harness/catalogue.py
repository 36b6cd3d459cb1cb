"""The Afterbuy catalogue of a harness world: the products every entry seeds and changes.

Every integration sells Afterbuy's products, so the seeded simple products and variation
sets, the edits and stock changes of a live day, which of them a channel sells and the
good products next to a bad input live once here; an entry's world inherits this and
adds what its channel needs on the products (`simple_fields`, `child_fields`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Container, Mapping
from decimal import Decimal
from typing import ClassVar

from jjdesk.app import App
from jjdesk.domain.levels import ExportAction
from jjdesk.sandbox.afterbuy import AfterbuySimulator
from tests.harness.afterbuy_side import AfterbuyFaults, amount, comma
from tests.harness.registry import Planted, Size, World

PRODUCT_FLOWS = ("products", "stock", "deletions")  # the flows that meet products


class CatalogueWorld:
    """The Afterbuy side of a world: seeded products, their changes, their faults."""

    key: ClassVar[str]
    # the level actions under which a customer can buy a product in the channel
    sold: ClassVar[tuple[ExportAction, ...]] = (ExportAction.TRANSFER,)
    simple_fields: ClassVar[Mapping[str, str]] = {}  # what the channel needs on a product
    child_fields: ClassVar[Mapping[str, str]] = {}  # … and on each variant
    sizes: ClassVar[tuple[str, ...]] = ("S", "M", "L", "XL")

    def __init__(self, afterbuy: AfterbuySimulator, app: App) -> None:
        self.afterbuy = afterbuy
        self.app = app
        self.simple: list[str] = []  # seeded simple products
        self.sets: dict[str, list[str]] = {}  # seeded parent → children
        self.afterbuy_faults = AfterbuyFaults(afterbuy)
        self.broken = self.afterbuy_faults.broken  # product → its name before a fault broke it
        # sellable SKUs of a catalogue the simulator generated itself (benchmarks)
        self.generated: list[str] = []

    def seed_products(self, rng: random.Random, size: Size) -> None:
        """`size.products` SKUs, a share `size.variation_share` of them in variation sets."""
        set_count = round(size.products * size.variation_share / size.children)
        for _ in range(size.products - set_count * size.children):
            self.add_simple(rng)
        for _ in range(set_count):
            self.add_set(rng, size.children)

    def add_simple(self, rng: random.Random, **fields: str) -> str:
        """A valid simple product; about one in ten is a draft (level 10)."""
        values = {
            "Name": f"Wollmütze Nordlicht {len(self.simple) + 1}",
            "SellingPrice": comma(Decimal(rng.randint(199, 9999)) / 100),
            "TaxRate": "19",
            "Quantity": str(rng.randint(0, 40)),
            "Stock": "1",
            "Level": "10" if rng.random() < 0.1 else "0",
            **self.simple_fields,
        }
        values.update(fields)
        pid = self.afterbuy.add_product(**values)
        self.simple.append(pid)
        return pid

    def add_set(self, rng: random.Random, children: int) -> str:
        """A valid variation set (Farbe × Größe) with price and stock on every child."""
        colours = ("Rot", "Blau", "Grün", "Schwarz")
        combos = [[("Farbe", c), ("Größe", s)] for c in colours for s in self.sizes][:children]
        parent, kids = self.afterbuy.add_variation_set(combos)
        for child in kids:
            self.afterbuy.modify_product(
                child,
                SellingPrice=comma(Decimal(rng.randint(999, 4999)) / 100),
                TaxRate="19",
                Quantity=str(rng.randint(0, 30)),
                **self.child_fields,
            )
        self.afterbuy.modify_product(parent, Name=f"Shirt Basic {len(self.sets) + 1}")
        self.sets[parent] = kids
        return parent

    def tops(self) -> list[str]:
        """Seeded top-level products (simple ones and set parents) that still exist."""
        return [p for p in [*self.simple, *self.sets] if self.afterbuy.product(p) is not None]

    def leaves(self) -> list[str]:
        """Seeded SKUs that still exist (else the generated catalogue's sellable ones)."""
        kids = [c for children in self.sets.values() for c in children]
        seeded = [p for p in [*self.simple, *kids] if self.afterbuy.product(p) is not None]
        return seeded or self.generated

    def sellable(self) -> list[str]:
        """SKUs a customer can buy in the channel (transferred, existing)."""
        if self.generated and not self.simple:
            return self.generated
        rules = self.app.level_rules(self.key)
        found = [
            pid
            for pid in self.leaves()
            if (product := self.afterbuy.product(pid)) is not None
            and rules.export_action(product.level) in self.sold
        ]
        return found or self.leaves()

    def edit(self, rng: random.Random, keep: Container[str] = ()) -> None:
        """Two edits in Afterbuy: a new name or a new price (on every variant of a set);
        products the item faults hold (`keep`, the broken ones) are left alone."""
        tops = self.tops()
        for pid in rng.sample(tops, min(2, len(tops))):
            if pid in self.broken or pid in keep:
                continue
            if rng.random() < 0.5:
                self.afterbuy.modify_product(pid, Name=f"Neu {rng.randint(1, 999)} {pid}")
            else:
                price = comma(Decimal(rng.randint(199, 9999)) / 100)
                for leaf in self.sets.get(pid, [pid]):
                    if self.afterbuy.product(leaf) is not None:
                        self.afterbuy.modify_product(leaf, SellingPrice=price)
                self.afterbuy.modify_product(pid)

    def victim(self, rng: random.Random, keep: Container[str] = ()) -> str | None:
        """Now and then (three days in ten) a simple product to delete or switch off."""
        if rng.random() < 0.3 and len(self.simple) > 4:
            pid = rng.choice(self.simple)
            if self.afterbuy.product(pid) is not None and pid not in self.broken:
                return None if pid in keep else pid
        return None

    def price_of(self, sku: str) -> Decimal:
        """What the customer pays for an SKU now (the Afterbuy selling price)."""
        product = self.afterbuy.product(sku)
        text = product.fields.get("SellingPrice", "") if product is not None else ""
        return amount(text) if text else Decimal("9.99")

    def change_stock(self, rng: random.Random) -> tuple[str, int]:
        """A sale in the shop around the corner: one SKU's quantity changes in Afterbuy."""
        sku = rng.choice(self.leaves())
        product = self.afterbuy.product(sku)
        assert product is not None
        current = int(product.fields.get("Quantity") or 0)
        quantity = (current + rng.randint(1, 20)) % 50
        self.afterbuy.set_quantity(sku, quantity)
        return sku, quantity

    def good_products(
        self, flow: str, shown: Callable[[str], bool], stocked: Callable[[str, int], bool]
    ) -> Callable[[], list[str]]:
        """Two good products next to a bad input; the check lists those the channel does
        not show (`shown`), or for the stock flow does not show with their quantity."""
        rng = random.Random(5)
        pids = [self.add_simple(rng, Level="0") for _ in range(2)]

        def missing() -> list[str]:
            found = []
            for pid in pids:
                product = self.afterbuy.product(pid)
                assert product is not None
                quantity = int(product.fields["Quantity"])
                if not (stocked(pid, quantity) if flow == "stock" else shown(pid)):
                    found.append(pid)
            return found

        return missing

    def good_orders(
        self, new_order: Callable[[], str], arrived: Callable[[str], bool]
    ) -> Callable[[], list[str]]:
        """Two good channel orders next to a bad input; the check lists those not in
        Afterbuy."""
        self.add_simple(random.Random(5), Level="0")
        refs = [new_order() for _ in range(2)]
        return lambda: [ref for ref in refs if not arrived(ref)]


def product_with(**fields: str) -> Callable[[World], Planted]:
    """A bad input's planter: a simple product with these Afterbuy fields (the rest as
    the channel takes it); its item is its ProductID."""

    def plant(world: World) -> Planted:
        assert isinstance(world, CatalogueWorld)
        pid = world.add_simple(random.Random(3), **{"Level": "0", "Quantity": "4", **fields})
        return {"item": fields.get("ProductID", pid)}

    return plant
