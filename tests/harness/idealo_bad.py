"""The idealo entry's bad inputs: Afterbuy products idealo cannot take as offers, idealo
checkout orders that cannot be imported as they are, answers idealo refuses, tracking
idealo has no carrier for — each one clear error on that item (German and English) while
the rest goes through.

`{item}` and the other placeholders are filled with what `plant` returns.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tests.harness.catalogue import product_with as product
from tests.harness.registry import BadInput, Planted, World


def _world(world: World) -> Any:
    from tests.harness.idealo import IdealoWorld

    assert isinstance(world, IdealoWorld)
    return world


# ---- products -------------------------------------------------------------------------


def picture(url: str) -> Callable[[World], Planted]:
    """A product whose only image link is `url`."""

    def plant(world: World) -> Planted:
        w = _world(world)
        pid = w.add_simple(random.Random(3), Level="0")
        w.afterbuy.product(pid).pictures = [url]
        w.afterbuy.modify_product(pid)
        return {"item": pid, "url": url}

    return plant


# ---- orders ---------------------------------------------------------------------------


def order(**answered: Any) -> Callable[[World], Planted]:
    """A checkout order of one good offer whose MOA answer is changed: top-level fields
    (`billingAddress=None`), `line_<field>` on its line, `country` of the delivery address."""

    def plant(world: World) -> Planted:
        w = _world(world)
        sku = w.sellable()[0]
        order_id = w.idealo.orders.add(
            [(sku, "Wollmütze", Decimal("19.90"), 1)], created=datetime.now(UTC)
        )
        sim = w.idealo.orders.get(order_id)
        plain = sim.render

        def render() -> dict[str, Any]:
            body = plain()
            for name, value in answered.items():
                if name.startswith("line_"):
                    body["lineItems"][0][name[5:]] = value
                elif name == "country":
                    body["shippingAddress"]["countryCode"] = value
                else:
                    body[name] = value
            return body

        sim.render = render  # the simulator answers the order this way from now on
        return {"item": order_id, "sku": sku}

    return plant


def revoked_after_import(world: World) -> Planted:
    """An order jjdesk imported that the customer then revokes in full."""
    w = _world(world)
    order_id = order()(world)["item"]
    w.app.run_once("idealo", "orders")
    w.idealo.orders.revoke(order_id, reason="CUSTOMER_REVOKE")
    return {"item": order_id}


def shipped_with(carrier: str) -> Callable[[World], Planted]:
    """An imported order the merchant ships in Afterbuy with a method idealo cannot map."""

    def plant(world: World) -> Planted:
        w = _world(world)
        order_id = order()(world)["item"]
        w.app.run_once("idealo", "orders")
        [ab] = [o for o in w.afterbuy.list_orders() if o.vid == f"IDEALO-{order_id}"]
        w.afterbuy.set_tracking(str(ab.order_id), "X-4711", carrier)
        return {"item": order_id}

    return plant


_UNREADABLE_DE = "Die idealo-Bestellung ist nicht lesbar: „{field}“ hat den Wert „{value}“."
_UNREADABLE_EN = "The idealo order cannot be read: “{field}” has the value “{value}”."
_CARRIERS = (
    "DEUTSCHE_POST, DHL, DHL_EXPRESS, DHL_GO_GREEN, DHL_PACKSTATION, DOWNLOAD, DPD, FEDEX, "
    "GERMAN_EXPRESS_LOGISTICS, GLS, GLS_THINK_GREEN, HERMES, PICK_POINT, SPEDITION, TNT, "
    "TRANS_O_FLEX, UPS"
)


def _unreadable(case: str, field: str, value: str, **answered: Any) -> BadInput:
    return BadInput(
        case,
        "orders",
        order(**answered),
        _UNREADABLE_DE.format(field=field, value=value),
        _UNREADABLE_EN.format(field=field, value=value),
        field,
    )


CASES: tuple[BadInput, ...] = (
    BadInput(
        "an SKU that cannot travel in a URL path",
        "products",
        product(ProductID="MÜTZE/ROT;1"),
        "Die SKU „{item}“ kann nicht in idealos Adresse stehen (erlaubt sind Buchstaben, "
        "Ziffern und - . _ ~; nicht / ; \\ % ? # oder Leerzeichen).",
        "The SKU “{item}” cannot travel in idealo's address (letters, digits and "
        "- . _ ~ are allowed; not / ; \\ % ? # or spaces).",
        "sku",
    ),
    BadInput(
        "no delivery time",
        "products",
        product(DeliveryTime=""),
        "Der Artikel hat keine Lieferzeit; idealo zeigt sie bei jedem Angebot.",
        "The product has no delivery time; idealo shows it with every offer.",
        "DeliveryTime",
    ),
    BadInput(
        "free field 4 without delivery costs",
        "products",
        product(FreeValue4="Delivery=DHL;PackagingUnit=1;"),
        "Freifeld 4: „DeliveryCosts“ fehlt, ist aber Pflicht. Erlaubt: ein Betrag mit "
        "Dezimalkomma, z. B. 6,90.",
        "Free field 4: “DeliveryCosts” is missing but required. Allowed: an amount with a "
        "decimal comma, e.g. 6,90.",
        "FreeValue4 (DeliveryCosts)",
    ),
    BadInput(
        "price “abc”",
        "products",
        product(SellingPrice="abc"),
        "Das Feld „SellingPrice“ hat einen ungültigen Wert: „abc“.",
        "The field “SellingPrice” has an invalid value: “abc”.",
        "SellingPrice",
    ),
    BadInput(
        "fieldErrors from the offer API: an image link without a scheme",
        "products",
        picture("bilder.example.com/ohne-schema.jpg"),
        "idealo lehnt das Angebot ab: imageUrls[0]: must be a valid URL",
        "idealo refuses the offer: imageUrls[0]: must be a valid URL",
        "imageUrls[0]",
    ),
    _unreadable("price “abc” in an order", "lineItems[0].price", "abc", line_price="abc"),
    _unreadable("negative price in an order", "lineItems[0].price", "-19.90", line_price="-19.90"),
    _unreadable("quantity 0 in an order", "lineItems[0].quantity", "0", line_quantity=0),
    _unreadable("a missing address", "billingAddress", "", billingAddress=None),
    BadInput(
        "an unknown country",
        "orders",
        order(country="XY"),
        "Lieferadresse: Ländercode „XY“ ist kein gültiger ISO-Code",
        "Shipping address: country code “XY” is not a valid ISO code",
        "country",
    ),
    BadInput(
        "a revocation after the import",
        "orders",
        revoked_after_import,
        "In idealo nach dem Import geändert: storniert, bei idealo vollständig widerrufen – "
        "bitte in Afterbuy prüfen; jjdesk legt die Bestellung nicht neu an",
        "Changed in idealo after import: cancelled, fully revoked at idealo – check it in "
        "Afterbuy; jjdesk does not create it again",
        "order",
    ),
    BadInput(
        "a shipping method idealo has no carrier for",
        "shipping",
        shipped_with("Lastenrad"),
        f"Die Versandart „Lastenrad“ ist keinem idealo-Versanddienstleister zugeordnet. "
        f"Erlaubt: {_CARRIERS}.",
        f"The shipping method “Lastenrad” is mapped to no idealo carrier. Allowed: {_CARRIERS}.",
        "shipping_method",
    ),
)
