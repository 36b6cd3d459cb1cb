"""The Afterbuy simulator's product catalogue: seeded, lazy and editable.

Products are computed from (seed, ProductID) when asked for, so a 100,000-product
catalogue costs no memory until a page is rendered; edits made by tests (add, modify,
delete, level, stock) live in small overlays. IDs come in blocks of 20: the tail of each
block is a variation set (parent + children, 1–3 options), every tenth block starts with a
product set (bundle) of the next two products.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

FIRST_ID = 10_000_001
BLOCK = 20
BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)
OPTION_NAMES = ("Farbe", "Größe", "Material")
OPTION_VALUES = (
    ("Rot", "Blau", "Grün", "Schwarz", "Weiß", "Gelb", "Grau"),
    ("S", "M", "L", "XL", "XXL"),
    ("Baumwolle", "Leinen", "Wolle"),
)
NOUNS = ("Vase", "Tisch", "Stuhl", "Lampe", "Teppich", "Kissen", "Becher", "Jacke", "Schuh")
ADJECTIVES = ("schöne", "große", "kleine", "rote", "grüne", "edle", "günstige")
PRICE_NAMES = (
    "shopifyPrice",
    "shopifySalePrice",
    "idealoPrice",
    "idealoMinPrice",
    "tradebytePrice",
    "tradebyteUvp",
    "tradebytePriceOld",
)
FREE_VALUE4_OK = (
    "Delivery=Spedition;DeliveryCosts=4,95;PackagingUnit=1;MaxOrderProcessingTime=2;"
    "FreeReturnDays=30;QuantityPerOrder=nil;FulfillmentType=nil;"
)
FREE_VALUE4_BAD = (
    "Delivery=Zauberteppich;DeliveryCosts=4.95.1;PackagingUnit=x;MaxOrderProcessingTime=2;",
    "DeliveryCosts=4,95;FreeReturnDays=30",
)
CATALOG_TREE = (
    ("1000", "Wohnen", None),
    ("1100", "Möbel", "1000"),
    ("1110", "Tische", "1100"),
    ("1120", "Stühle", "1100"),
    ("1200", "Deko", "1000"),
    ("1210", "Vasen & Schalen", "1200"),
    ("2000", "Mode", None),
    ("2100", "Damen", "2000"),
    ("2110", "Schuhe", "2100"),
    ("2200", "Herren", "2000"),
    ("2210", "Jacken", "2200"),
)
LEAF_CATALOGS = ("1110", "1120", "1210", "2110", "2210")


@dataclass(slots=True)
class SimRelation:
    """A BaseProducts entry (parent → child with options, or child → its set)."""

    product_id: int
    set_type: int
    options: list[tuple[str, str]] = field(default_factory=list)
    position: int = 0
    quantity: int = 1


@dataclass(slots=True)
class SimProduct:
    """One product in wire form: simple elements as text, structures as lists."""

    product_id: int
    flag: int
    fields: dict[str, str]
    pictures: list[str] = field(default_factory=list)
    additional_prices: list[tuple[str, str]] = field(default_factory=list)
    catalogs: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str]] = field(default_factory=list)
    relations: list[SimRelation] = field(default_factory=list)

    @property
    def level(self) -> int:
        """The product's level (0 when the text is not a number)."""
        text = self.fields.get("Level", "0")
        return int(text) if text.lstrip("-").isdigit() else 0


class SimCatalog:
    """The seeded catalogue with test overlays; not thread-safe (the simulator locks)."""

    def __init__(self, seed: int = 1, count: int = 1000, variation_share: float = 0.3) -> None:
        self.seed = seed
        self.count = count
        set_size = round(BLOCK * variation_share)
        self.set_size = set_size if set_size >= 2 else 0
        self._edits: dict[int, SimProduct] = {}
        self._deleted: set[int] = set()
        self._mod: dict[int, datetime] = {}
        self._stock_change: dict[int, datetime] = {}
        self._next_id = FIRST_ID + count

    # ---- lookup ----------------------------------------------------------------------

    def ids(self) -> Iterator[int]:
        """Every existing ProductID in ascending order."""
        for pid in range(FIRST_ID, self._next_id):
            if pid not in self._deleted and (pid < FIRST_ID + self.count or pid in self._edits):
                yield pid

    def exists(self, pid: int) -> bool:
        """Whether the ProductID exists now."""
        if pid in self._deleted:
            return False
        return FIRST_ID <= pid < FIRST_ID + self.count or pid in self._edits

    def get(self, pid: int) -> SimProduct | None:
        """The product, with edits applied; None when unknown or deleted."""
        if not self.exists(pid):
            return None
        edited = self._edits.get(pid)
        return edited if edited is not None else self._generate(pid)

    def mod_date(self, pid: int) -> datetime:
        """When the product last changed (base products: a fixed date per ID)."""
        return self._mod.get(pid) or BASE_TIME + timedelta(minutes=pid - FIRST_ID)

    def stock_date(self, pid: int) -> datetime:
        """When the product's stock last changed."""
        return self._stock_change.get(pid) or self.mod_date(pid)

    def with_field(self, name: str, value: str) -> list[int]:
        """IDs whose wire field `name` ("EAN", "Anr") equals `value`, ascending.

        Base products derive both from their ID, so the candidate is computed, not
        searched; edits are checked as they stand (an edit may change either field).
        """
        candidates = set(self._edits)
        if name == "EAN" and value.startswith("40") and value[2:].isdigit():
            candidates.add(int(value[2:]))
        elif name == "Anr" and value.isdigit():
            candidates.add(int(value) - 1000 + FIRST_ID)
        found = []
        for pid in sorted(candidates):
            product = self.get(pid)
            if product is not None and _same(name, product.fields.get(name, ""), value):
                found.append(pid)
        return found

    def level_of(self, pid: int) -> int:
        """The level without rendering the whole product (filters over 100,000 IDs)."""
        edited = self._edits.get(pid)
        return edited.level if edited is not None else _base_level(self.seed, pid)

    # ---- edits -----------------------------------------------------------------------

    def add(self, product: SimProduct | None = None, **fields: str) -> int:
        """A new simple product (or the given one with a fresh ID); returns its ID."""
        pid = self._next_id
        self._next_id += 1
        if product is None:
            product = SimProduct(pid, 0, {"Name": f"Neuer Artikel {pid}", "Level": "0"})
        product.product_id = pid
        product.fields["ProductID"] = str(pid)
        product.fields.update(fields)
        self._edits[pid] = product
        self.touch(pid)
        return pid

    def modify(self, pid: int, **fields: str) -> SimProduct:
        """Change wire fields (e.g. SellingPrice="abc") and bump the ModDate."""
        product = self.get(pid)
        if product is None:
            raise KeyError(pid)
        product.fields.update({k: str(v) for k, v in fields.items()})
        self._edits[pid] = product
        self.touch(pid)
        if "Quantity" in fields:
            self._stock_change[pid] = self._mod[pid]
        return product

    def delete(self, pid: int) -> None:
        """Remove a product (its set keeps listing it, as Afterbuy may)."""
        self._deleted.add(pid)
        self._edits.pop(pid, None)

    def touch(self, pid: int) -> None:
        """Mark the product as changed now."""
        self._mod[pid] = datetime.now(UTC)

    # ---- generation --------------------------------------------------------------------

    def _role(self, pid: int) -> tuple[str, int, int]:
        """(role, block start id, position) for a base product."""
        index = pid - FIRST_ID
        block, position = divmod(index, BLOCK)
        start = FIRST_ID + block * BLOCK
        set_start = BLOCK - self.set_size
        if self.set_size and position >= set_start and start + BLOCK <= FIRST_ID + self.count:
            return ("parent" if position == set_start else "child", start, position)
        if block % 10 == 0 and position < 3 and start + 3 <= FIRST_ID + self.count:
            return ("bundle" if position == 0 else "component", start, position)
        return ("simple", start, position)

    def _generate(self, pid: int) -> SimProduct:
        rng = random.Random(self.seed * 1_000_003 + pid)
        role, start, position = self._role(pid)
        price = rng.randint(199, 49999)
        name = f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} {pid}"
        if rng.random() < 0.05:
            name += " & Co <Sonder>"
        ean = f"40{pid:011d}"
        fields = {
            "ProductID": str(pid),
            "Anr": str(pid - FIRST_ID + 1000),
            "EAN": ean,
            "Name": name,
            "ModDate": "",
            "BaseProductFlag": "",
            "ShortDescription": f"Kurzbeschreibung {name}",
            "Description": f"<p>Beschreibung für {name}: schön &amp; praktisch.</p>",
            "Keywords": ", ".join(rng.sample(NOUNS, 2)),
            "Quantity": str(rng.randint(0, 200)),
            "Stock": "1",
            "UnitOfQuantity": "Stk",
            "SellingPrice": _comma(price),
            "BuyingPrice": _comma(price * 6 // 10),
            "Level": str(_base_level(self.seed, pid)),
            "TaxRate": rng.choice(("19", "19", "7")),
            "Weight": _comma(rng.randint(10, 5000)),
            "ManufacturerStandardProductIDType": "EAN",
            "ManufacturerStandardProductIDValue": ean,
            "ProductBrand": rng.choice(("Afterbuy", "Müller & Söhne", "Nordlicht")),
            "CountryOfOrigin": "DE",
            "ShippingGroup": rng.choice(("Paket", "Spedition")),
            "FreeValue4": FREE_VALUE4_OK if rng.random() > 0.1 else rng.choice(FREE_VALUE4_BAD),
            "FreeValue5": "",
            "DeliveryTime": rng.choice(("1-3 Tage", "3-5 Tage")),
            "ManufacturerPartNumber": f"MPN-{pid}",
            "Condition": "1",
        }
        pictures = [
            f"https://bilder.example.com/images/{pid}_{n}.jpg" for n in range(rng.randint(1, 3))
        ]
        roll = rng.random()
        if roll < 0.02:
            pictures[0] = "https://bilder.example.com"  # no path
        elif roll < 0.04:
            pictures[0] = f"https://bilder.example.com/images/Größe_{pid}.jpg"  # umlaut
        product = SimProduct(
            pid,
            0,
            fields,
            pictures=pictures,
            additional_prices=_additional_prices(rng, price),
            catalogs=[rng.choice(LEAF_CATALOGS)],
            attributes=[("Pflegehinweis", "Nicht waschen")],
        )
        self._link(product, role, start, position)
        product.fields["BaseProductFlag"] = str(product.flag) if product.flag else ""
        return product

    def _link(self, product: SimProduct, role: str, start: int, position: int) -> None:
        set_start = start + BLOCK - self.set_size
        options = 1 + (start // BLOCK) % 3
        if self.set_size - 1 > len(OPTION_VALUES[0]):
            options = max(options, 2)  # one axis alone would repeat a value
        if role == "parent":
            product.flag = 1
            product.fields["Name"] = f"Variationsartikel {product.product_id}"
            for k, child in enumerate(range(set_start + 1, start + BLOCK)):
                product.relations.append(
                    SimRelation(child, 1, _option_values(options, k), position=k + 1)
                )
        elif role == "child":
            product.flag = 3
            product.relations.append(SimRelation(set_start, 1))
            product.pictures = product.pictures[:1]
        elif role == "bundle":
            product.flag = 2
            product.fields["Name"] = f"Set {product.product_id}"
            product.relations = [SimRelation(start + 1, 2, quantity=1), SimRelation(start + 2, 2)]
        elif role == "component":
            product.flag = 3
            product.relations.append(SimRelation(start, 2))


def _option_values(count: int, k: int) -> list[tuple[str, str]]:
    values = [(OPTION_NAMES[0], OPTION_VALUES[0][k % len(OPTION_VALUES[0])])]
    for j in range(1, count):
        pool = OPTION_VALUES[j]
        values.append((OPTION_NAMES[j], pool[(k + j) % len(pool)]))
    return values


def _additional_prices(rng: random.Random, price: int) -> list[tuple[str, str]]:
    prices = [
        ("shopifyPrice", _comma(price)),
        ("idealoPrice", _comma(price - 50 if price > 100 else price)),
        ("idealoMinPrice", _comma(price * 9 // 10)),
        ("tradebytePrice", _comma(price)),
        ("tradebyteUvp", _comma(price * 12 // 10)),
        ("tradebytePriceOld", _comma(price * 11 // 10)),
    ]
    if rng.random() < 0.3:
        prices.insert(1, ("shopifySalePrice", _comma(price * 8 // 10)))
    return prices


def _base_level(seed: int, pid: int) -> int:
    """Mostly transferable levels, some special ones (9–15); cheap and deterministic."""
    h = (pid * 2654435761 + seed * 40503) & 0xFFFFFFFF
    bucket = h % 100
    return bucket % 9 if bucket < 85 else 9 + (bucket - 85) % 7


def _same(name: str, stored: str, wanted: str) -> bool:
    """A field compared as Afterbuy would: Anr as a number ("12" = "12,0"), EAN as text."""
    if name != "Anr":
        return stored.strip() == wanted.strip()
    try:
        return Decimal(stored.replace(",", ".")) == Decimal(wanted.replace(",", "."))
    except ArithmeticError:
        return False


def _comma(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"
