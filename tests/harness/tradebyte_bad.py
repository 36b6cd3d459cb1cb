"""The Tradebyte entry's bad inputs: Afterbuy products Tradebyte's feed cannot carry,
order files and orders TB.One exports that cannot be imported as they are, a customer's
cancellation — each one clear error on that item (German and English) while the rest
goes through.

`{item}` and the other placeholders are filled with what `plant` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from jjdesk.sandbox.tradebyte_orders import order_list
from tests.harness.catalogue import product_with as product
from tests.harness.registry import BadInput, Planted, World


def _world(world: World) -> Any:
    from tests.harness.tradebyte import TradebyteWorld

    assert isinstance(world, TradebyteWorld)
    return world


# ---- products -------------------------------------------------------------------------


# ---- order files ----------------------------------------------------------------------


def order_file(edit: Callable[[bytes], bytes], **changes: Any) -> Callable[[World], Planted]:
    """An order of one good article, TB.One's file of it edited by `edit` (the order's
    fields changed by `changes` first: `ship_country`, `price`, `sku`, `total`)."""

    def plant(world: World) -> Planted:
        w = _world(world)
        sku = changes.get("sku") or w.sellable()[0]
        order = w.tradebyte.new_order([sku])
        item = order.items[0]
        if "price" in changes:
            item.price = Decimal(changes["price"])
        if "ship_country" in changes:
            order.ship_to.country = changes["ship_country"]
        if "total" in changes:
            order.total_override = Decimal(changes["total"])
        name = w.tradebyte.put_file(
            f"ORDERS_20261201_0900{order.tb_id % 100:02d}.xml", edit(order_list([order]))
        )
        return {"item": str(order.tb_id), "container": name, "sku": sku}

    return plant


def _same(data: bytes) -> bytes:
    return data


def _quantity(text: str) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        return data.replace(b"<QUANTITY>1</QUANTITY>", f"<QUANTITY>{text}</QUANTITY>".encode())

    return edit


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def file_item(plant: Callable[[World], Planted]) -> Callable[[World], Planted]:
    """The same, with the file's name as the item the message names."""

    def planted(world: World) -> Planted:
        names = dict(plant(world))
        return {"item": names["container"]}

    return planted


def cancelled(world: World) -> Planted:
    """A customer cancels an item of an order jjdesk imported (a CUST_CANCEL message)."""
    w = _world(world)
    order = w.tradebyte.new_order([w.sellable()[0]])
    w.export([order])
    w.app.run_once("tradebyte", "orders")
    w.tradebyte.cancel_item(order, order.items[0])
    with w.tradebyte.state.lock:
        message = max(w.tradebyte.state.messages)
    return {"item": str(message), "sku": order.items[0].sku}


_WAITS_DE = "„{field}“ hat den Wert „{value}“, den jjdesk nicht lesen kann"
_WAITS_EN = "“{field}” has the value “{value}”, which jjdesk cannot read"


def _unreadable(case: str, field: str, value: str) -> BadInput:
    return BadInput(
        case,
        "orders",
        order_file(_quantity(value)),
        _WAITS_DE.format(field=field, value=value),
        _WAITS_EN.format(field=field, value=value),
        field,
    )


def web_page_for_ship(world: World) -> Planted:
    """Over REST: an imported order shipped in Afterbuy whose SHIP messages meet a
    proxy's login page (HTTP 200, HTML) instead of Tradebyte."""
    w = _world(world)
    rest = w.use_rest()
    order = w.tb_order()
    w.app.run_once("tradebyte", "orders")
    [ab] = [o for o in w.afterbuy.list_orders() if o.vid == f"TRADEBYTE-{order.tb_id}"]
    w.afterbuy.set_tracking(str(ab.order_id), "00340434161234", "DHL")
    rest.answer_web_page_next("messages")
    return {"item": str(order.tb_id)}


CASES: tuple[BadInput, ...] = (
    BadInput(
        "price “abc”",
        "products",
        product(SellingPrice="abc"),
        "Das Feld „SellingPrice“ hat einen ungültigen Wert: „abc“.",
        "The field “SellingPrice” has an invalid value: “abc”.",
        "SellingPrice",
    ),
    BadInput(
        "an empty name",
        "products",
        product(Name=""),
        "Der Artikel hat keinen Namen",
        "The product has no name",
        "name",
    ),
    BadInput(
        "an EAN of five digits",
        "products",
        product(EAN="12345"),
        "EAN „12345“ hat nicht 13 Ziffern (Tradebyte verlangt eine EAN-13)",
        "EAN “12345” does not have 13 digits (Tradebyte requires an EAN-13)",
        "ean",
    ),
    BadInput(
        "an EAN that is not text of digits",
        "products",
        product(EAN="EAN-4006381"),
        "EAN „EAN-4006381“ hat nicht 13 Ziffern (Tradebyte verlangt eine EAN-13)",
        "EAN “EAN-4006381” does not have 13 digits (Tradebyte requires an EAN-13)",
        "ean",
    ),
    BadInput(
        "a negative stock",
        "stock",
        product(Quantity="-3"),
        "Der Bestand -3 ist negativ; übertragen wird nur ein Bestand ab 0",
        "The stock -3 is negative; only a stock from 0 up is sent",
        "stock",
    ),
    BadInput(
        "a broken TB.Order XML file",
        "orders",
        file_item(order_file(_truncated)),
        "Die Bestelldatei ist nicht lesbar und liegt jetzt im Ordner „out/error“: Die Datei "
        "ist kein lesbares XML (Premature end of data in tag EMAIL line 25, line 25, column 29)",
        "The order file cannot be read and now lies in the folder “out/error”: The file is no "
        "readable XML (Premature end of data in tag EMAIL line 25, line 25, column 29)",
        "file",
    ),
    _unreadable("an order line with quantity “drei”", "QUANTITY", "drei"),
    _unreadable("an order line with quantity 0", "QUANTITY", "0"),
    _unreadable("an order line with a negative quantity", "QUANTITY", "-2"),
    BadInput(
        "an unknown article in an order (letters in its number)",
        "orders",
        order_file(_same, sku="AB-4711"),
        "Die Artikelnummer (SKU) „AB-4711“ enthält nicht nur Ziffern und passt daher zu keiner "
        "Afterbuy-ProductID.",
        "The article number (SKU) “AB-4711” is not all digits, so it cannot match an Afterbuy "
        "ProductID.",
        "sku",
    ),
    BadInput(
        "a negative price in an order",
        "orders",
        order_file(_same, price="-19.90"),
        "Position 1 (SKU {sku}): der Preis -19,90 € ist negativ",
        "Line 1 (SKU {sku}): the price -€19.90 is negative",
        "price",
    ),
    BadInput(
        "a total that does not add up",
        "orders",
        order_file(_same, total="99.00"),
        "Die Positionen ergeben 19,90 €, TOTAL_ITEM_AMOUNT sagt 99,00 €",
        "The lines add up to €19.90, TOTAL_ITEM_AMOUNT says €99.00",
        "TOTAL_ITEM_AMOUNT",
    ),
    BadInput(
        "an unknown country",
        "orders",
        order_file(_same, ship_country="XY"),
        "Lieferadresse: Ländercode „XY“ ist kein gültiger ISO-Code",
        "Shipping address: country code “XY” is not a valid ISO code",
        "country",
    ),
    BadInput(
        "an HTML page answered by the REST API",
        "shipping",
        web_page_for_ship,
        "Statt Daten kam eine Webseite zurück (HTTP 200, z. B. die Anmeldeseite eines "
        "Proxys); die Anfrage hat Tradebyte wohl nicht erreicht. jjdesk versucht es beim "
        "nächsten Lauf erneut.",
        "A web page came back instead of data (HTTP 200, e.g. a proxy's login page); the "
        "request probably did not reach Tradebyte. jjdesk tries again on the next run.",
        "tracking",
    ),
    BadInput(
        "a customer's cancellation",
        "messages",
        cancelled,
        "Der Kunde hat 1 × {sku} storniert",
        "The customer cancelled 1 × {sku}",
        "CUST_CANCEL",
    ),
)
