"""The Shopify entry's bad inputs: Afterbuy products, Shopify orders, answers and settings
that must each end in one clear error on that item (German and English) while the rest
goes through.

`{item}` and the other placeholders are filled with what `plant` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from jjdesk.sandbox.shopify_seed import SeedLine, german_orders
from tests.harness.catalogue import product_with as product
from tests.harness.registry import CONFIG, BadInput, Planted, World


def _world(world: World) -> Any:
    from tests.harness.shopify import ShopifyWorld

    assert isinstance(world, ShopifyWorld)
    return world


# ---- products -------------------------------------------------------------------------


def picture(url: str) -> Callable[[World], Planted]:
    """A simple product whose only image link is `url`."""

    def plant(world: World) -> Planted:
        w = _world(world)
        pid = w.afterbuy.add_product(Name="Vase", SellingPrice="9,90", Quantity="2", Level="0")
        sim = w.afterbuy.product(pid)
        sim.pictures = [url]
        w.afterbuy.modify_product(pid)
        return {"item": pid, "url": url}

    return plant


def prices(*entries: tuple[str, str]) -> Callable[[World], Planted]:
    """A simple product with additional prices (shopifyPrice, shopifySalePrice)."""

    def plant(world: World) -> Planted:
        w = _world(world)
        pid = w.afterbuy.add_product(Name="Becher", SellingPrice="5,00", Quantity="1", Level="0")
        sim = w.afterbuy.product(pid)
        sim.additional_prices = list(entries)
        w.afterbuy.modify_product(pid)
        return {"item": pid}

    return plant


def broken(field: str, raw_byte: bool) -> Callable[[World], Planted]:
    """A product with a character in `field` that makes Afterbuy's XML unreadable."""

    def plant(world: World) -> Planted:
        w = _world(world)
        pid = w.afterbuy.add_product(Name="Lampe", SellingPrice="9,90", Quantity="2", Level="0")
        w.afterbuy.break_product(pid, field, raw_byte=raw_byte)
        return {"item": pid}

    return plant


def variation(
    combos: list[list[tuple[str, str]]], *, price: bool = True, count: int = 0
) -> Callable[[World], Planted]:
    """A variation set with one child per option list (or `count` generated children)."""

    def plant(world: World) -> Planted:
        w = _world(world)
        options = combos or [[("Nummer", str(n))] for n in range(count)]
        parent, kids = w.afterbuy.add_variation_set(options)
        w.afterbuy.modify_product(parent, Name="Shirt Basic", Level="0")
        if price:
            for kid in kids:
                w.afterbuy.modify_product(kid, SellingPrice="19,90", Quantity="3")
        names = {"item": parent, "count": str(len(kids))}
        names.update({f"child{n}": kid for n, kid in enumerate(kids[:3], start=1)})
        return names

    return plant


def refused_by_shopify(kind: str) -> Callable[[World], Planted]:
    """A valid product Shopify refuses every time (a userError or an internal error)."""

    def plant(world: World) -> Planted:
        w = _world(world)
        pid = w.afterbuy.add_product(Name="Kissen", SellingPrice="9,90", Quantity="2", Level="0")
        w.shopify.state.fail_item(pid, kind, times=20)
        return {"item": pid}

    return plant


def stock_refused(world: World) -> Planted:
    """A product whose quantity Shopify refuses (after it was exported)."""
    w = _world(world)
    pid = w.afterbuy.add_product(Name="Teppich", SellingPrice="9,90", Quantity="2", Level="0")
    w.shopify.state.fail_item(pid, "stock", times=20)
    return {"item": pid}


# ---- orders ---------------------------------------------------------------------------


def order(
    *,
    sku: str | None = None,
    quantity: int = 1,
    price: str = "19.90",
    title: str = "Wollmütze",
    country: str = "DE",
    address: bool = True,
    first_name: str = "",
    fault: str = "",
    minutes_ago: int = 0,
) -> Callable[[World], Planted]:
    """A Shopify order with one line, changed in the ways given."""

    def plant(world: World) -> Planted:
        w = _world(world)
        line_sku = sku if sku is not None else w.sellable()[0]
        [seed] = german_orders(1, seed=4242)
        now = datetime.now(UTC) - timedelta(minutes=minutes_ago)
        seed = replace(
            seed,
            lines=(SeedLine(line_sku, title, quantity, Decimal("19.90"), Decimal("19")),),
            created_at=now,
            updated_at=now,
            country_code=country,
            financial_status="PAID",
            first_name=first_name or seed.first_name,
        )
        legacy = w.shopify.add_order(replace(seed, lines=(replace(seed.lines[0], quantity=1),)))
        rec = w.shopify.state.orders[int(legacy)]
        for line in rec.money.lines:
            if price != "19.90":
                bag = {"amount": price, "currencyCode": "EUR"}
                line.answered["originalUnitPriceSet"] = {"shopMoney": bag, "presentmentMoney": bag}
            if quantity != 1:
                line.answered.update(quantity=max(quantity, 1), currentQuantity=quantity)
        if not address:
            rec.data["billingAddress"] = None
            rec.data["shippingAddress"] = None
        if fault:
            w.shopify.state.fail_item(legacy, fault, times=20)
        return {"item": legacy, "name": str(rec.data["name"]), "sku": line_sku}

    return plant


def afterbuy_answers(kind: str) -> Callable[[World], Planted]:
    """A valid order, the first of the run, whose creation Afterbuy answers badly."""

    def plant(world: World) -> Planted:
        w = _world(world)
        names = order(minutes_ago=5)(world)
        if kind == "proxy":
            w.afterbuy.answer_proxy_page_next()
        elif kind == "truncated":
            w.afterbuy.answer_shop_next(b"<result><success>1</success><data><AID>4")
        elif kind == "refusal":
            w.afterbuy.refuse_next_orders("Artikel 10000001 ist gesperrt")
        return names

    return plant


def _toml(text: str) -> Callable[[World], Planted]:
    return lambda world: {"toml": text}


_GOOD_LINES = "[integrations.shopify.options]\ndone_tag = 'Versendet'\n"
_SECONDS_DE = "muss eine ganze Zahl Sekunden von 60 (1 Minute) bis 604800 (7 Tage) sein"
_SECONDS_EN = "must be a whole number of seconds from 60 (1 minute) to 604800 (7 days)"
_SECRET_DE = (
    "ist ein Geheimnis und wird nie aus Dateien übernommen; tragen Sie es in jjdesk unter "
    "„Verbindungen“ ein (es bleibt im Schlüsselbund des Systems)"
)
_SECRET_EN = (
    "is a secret and never taken from a file; enter it in jjdesk under “Connections” (it "
    "stays in the system's keyring)"
)
_SETTINGS = (
    (
        "a switch as text",
        _GOOD_LINES + "[integrations.shopify]\nenabled = 'ja'\n",
        "Zeile 4, integrations.shopify.enabled: muss true oder false sein (ohne Anführungszeichen)",
        "line 4, integrations.shopify.enabled: must be true or false (without quotes)",
    ),
    (
        "an interval as text",
        _GOOD_LINES + "[integrations.shopify.intervals_seconds]\norders = 'fünf Minuten'\n",
        f"Zeile 4, integrations.shopify.intervals_seconds.orders: {_SECONDS_DE}",
        f"line 4, integrations.shopify.intervals_seconds.orders: {_SECONDS_EN}",
    ),
    (
        "an interval below one minute",
        _GOOD_LINES + "[integrations.shopify.intervals_seconds]\nstock = 30\n",
        f"Zeile 4, integrations.shopify.intervals_seconds.stock: {_SECONDS_DE}",
        f"line 4, integrations.shopify.intervals_seconds.stock: {_SECONDS_EN}",
    ),
    (
        "an interval above seven days",
        _GOOD_LINES + "[integrations.shopify.intervals_seconds]\ndeletions = 700000\n",
        f"Zeile 4, integrations.shopify.intervals_seconds.deletions: {_SECONDS_DE}",
        f"line 4, integrations.shopify.intervals_seconds.deletions: {_SECONDS_EN}",
    ),
    (
        "a secret (Shopify access token)",
        _GOOD_LINES + "[connections.shopify]\naccess_token = 'shpat_123'\n",
        f"Zeile 4, connections.shopify.access_token: {_SECRET_DE}",
        f"line 4, connections.shopify.access_token: {_SECRET_EN}",
    ),
    (
        "a secret (Afterbuy account token)",
        _GOOD_LINES + "[connections.afterbuy]\naccount_token = 'geheim'\n",
        f"Zeile 4, connections.afterbuy.account_token: {_SECRET_DE}",
        f"line 4, connections.afterbuy.account_token: {_SECRET_EN}",
    ),
    (
        "a time limit that is no number",
        _GOOD_LINES + "[connections.afterbuy]\ntimeout_seconds = 'lang'\n",
        "Zeile 4, connections.afterbuy.timeout_seconds: „Zeitlimit je Anfrage (Sekunden)“: "
        "bitte eine ganze Zahl von 1 bis 600 eingeben",
        "line 4, connections.afterbuy.timeout_seconds: “Time limit per request (seconds)”: "
        "please enter a whole number from 1 to 600",
    ),
    (
        "keeping days out of range",
        "[integrations.shopify.options]\ndone_tag = 'Versendet'\nkeep_days = 0\n",
        "Zeile 3, integrations.shopify.options.keep_days: Bitte eine ganze Zahl von 1 bis "
        "3650 eingeben",
        "line 3, integrations.shopify.options.keep_days: Please enter a whole number from 1 "
        "to 3650",
    ),
)


# ---- the table ------------------------------------------------------------------------

_READ_DE = (
    "Das Feld „{field}“ dieses Artikels enthält ein Zeichen, das Afterbuys Antwort unlesbar "
    "macht (ein Steuerzeichen oder eine ungültige Zeichenkodierung)."
)
_READ_EN = (
    "The field “{field}” of this product contains a character that makes Afterbuy's answer "
    "unreadable (a control character or an invalid encoding)."
)


def _unreadable(field: str, raw_byte: bool) -> BadInput:
    kind = "byte 0xFF" if raw_byte else "vertical tab"
    return BadInput(
        f"malformed XML: {kind} in {field}",
        "products",
        broken(field, raw_byte),
        _READ_DE.format(field=field),
        _READ_EN.format(field=field),
        field,
    )


def _invalid(field: str, value: str, flow: str = "products") -> BadInput:
    return BadInput(
        f"{field} “{value}”",
        flow,
        product(**{field: value}),
        f"Das Feld „{field}“ hat einen ungültigen Wert: „{value}“.",
        f"The field “{field}” has an invalid value: “{value}”.",
        field,
    )


def _image(case: str, url: str, de: str, en: str) -> BadInput:
    return BadInput(
        f"image link {case}",
        "products",
        picture(url),
        f"Ungültige Bild-URL „{{url}}“: {de}",
        f"Invalid image URL “{{url}}”: {en}",
        "images",
    )


_NON_ASCII_DE = "enthält Umlaute, Leerzeichen oder Sonderzeichen ({chars})"
_NON_ASCII_EN = "contains umlauts, spaces or special characters ({chars})"

CASES: tuple[BadInput, ...] = (
    # malformed and truncated XML from Afterbuy
    _unreadable("Name", False),
    _unreadable("Name", True),
    _unreadable("Description", False),
    _unreadable("Description", True),
    _unreadable("Keywords", False),
    _unreadable("ProductBrand", True),
    BadInput(
        "control character in a name",
        "products",
        product(Name="Mütze\x07Nordlicht"),
        _READ_DE.format(field="Name"),
        _READ_EN.format(field="Name"),
        "Name",
    ),
    # values that do not parse
    _invalid("SellingPrice", "abc"),
    _invalid("SellingPrice", "12,3,4"),
    _invalid("SellingPrice", "--5"),
    _invalid("Quantity", "viele"),
    _invalid("Quantity", "3,5"),
    _invalid("Quantity", "viele", flow="stock"),
    _invalid("Weight", "schwer"),
    _invalid("Level", "hoch"),
    _invalid("TaxRate", "neunzehn"),
    BadInput(
        "additional price shopifyPrice “abc”",
        "products",
        prices(("shopifyPrice", "abc")),
        "Das Feld „AdditionalPrice shopifyPrice“ hat einen ungültigen Wert: „abc“.",
        "The field “AdditionalPrice shopifyPrice” has an invalid value: “abc”.",
        "AdditionalPrice shopifyPrice",
    ),
    # names and texts
    BadInput(
        "empty name",
        "products",
        product(Name=""),
        "Der Artikel hat keinen Namen",
        "The product has no name",
        "name",
    ),
    BadInput(
        "name of blanks",
        "products",
        product(Name="   "),
        "Der Artikel hat keinen Namen",
        "The product has no name",
        "name",
    ),
    BadInput(
        "300-character name",
        "products",
        product(Name="Wollmütze " + "x" * 290),
        "Der Name ist 300 Zeichen lang; erlaubt sind höchstens 255",
        "The name is 300 characters long; at most 255 are allowed",
        "name",
    ),
    BadInput(
        "garbled umlauts in a name",
        "products",
        product(Name="WollmÃ¼tze"),
        "Der Name enthält verstümmelte Zeichen (falsche Zeichenkodierung, z. B. „Ã¼“ statt „ü“)",
        "The name contains garbled characters (a wrong character encoding, e.g. “Ã¼” for “ü”)",
        "name",
    ),
    BadInput(
        "garbled euro sign in a description",
        "products",
        product(Description="<p>Nur 5 â‚¬</p>"),
        "Die Beschreibung enthält verstümmelte Zeichen (falsche Zeichenkodierung, z. B. „Ã¼“ "
        "statt „ü“)",
        "The description contains garbled characters (a wrong character encoding, e.g. “Ã¼” "
        "for “ü”)",
        "description",
    ),
    BadInput(
        "script tag in a description",
        "products",
        product(Description="<p>Warm</p><script>alert('x')</script>"),
        "Die Beschreibung enthält ein <script>-Element; Shops zeigen die Beschreibung jedem "
        "Käufer und würden es ausführen",
        "The description contains a <script> element; shops show the description to every "
        "buyer and would run it",
        "description",
    ),
    BadInput(
        "script tag in upper case with attributes",
        "products",
        product(Description='<P>Warm</P><SCRIPT src="https://x.example/t.js"></SCRIPT>'),
        "Die Beschreibung enthält ein <script>-Element; Shops zeigen die Beschreibung jedem "
        "Käufer und würden es ausführen",
        "The description contains a <script> element; shops show the description to every "
        "buyer and would run it",
        "description",
    ),
    # prices
    BadInput(
        "negative price",
        "products",
        product(SellingPrice="-5,00"),
        "Der Preis ist negativ (-5,00 €)",
        "The price is negative (-€5.00)",
        "price",
    ),
    BadInput(
        "negative sale price",
        "products",
        prices(("shopifyPrice", "9,90"), ("shopifySalePrice", "-1,50")),
        "shopifySalePrice ist negativ (-1,50 €)",
        "shopifySalePrice is negative (-€1.50)",
        "shopifySalePrice",
    ),
    # stock
    BadInput(
        "negative stock",
        "stock",
        product(Quantity="-3"),
        "Der Bestand -3 ist negativ; übertragen wird nur ein Bestand ab 0",
        "The stock -3 is negative; only a stock from 0 up is sent",
        "stock",
    ),
    BadInput(
        "quantity Shopify refuses",
        "stock",
        stock_refused,
        "Shopify lehnt ab: The quantity can't be higher than 1,000,000,000.",
        "Shopify refuses: The quantity can't be higher than 1,000,000,000.",
        "quantities[0].quantity",
    ),
    # variation sets
    BadInput(
        "four variant options",
        "products",
        variation(
            [
                [("Farbe", "Rot"), ("Größe", "M"), ("Material", "Wolle"), ("Muster", "Uni")],
                [("Farbe", "Blau"), ("Größe", "M"), ("Material", "Wolle"), ("Muster", "Uni")],
            ]
        ),
        "Die Variante hat 4 Merkmale (Farbe, Größe, Material, Muster); Shopify erlaubt "
        "höchstens 3.",
        "The variation has 4 options (Farbe, Größe, Material, Muster); Shopify allows at most 3.",
        "options",
    ),
    BadInput(
        "2,049 variants",
        "products",
        variation([], count=2049),
        "Die Variante hat 2049 Kinder; Shopify erlaubt höchstens 2048.",
        "The variation has 2049 children; Shopify allows at most 2048.",
        "variants",
    ),
    BadInput(
        "duplicate option combinations",
        "products",
        variation([[("Farbe", "Rot")], [("Farbe", "Rot")]]),
        "Die Kinder {child1} und {child2} haben dieselben Merkmalswerte (Rot).",
        "Children {child1} and {child2} have the same option values (Rot).",
        "options",
    ),
    BadInput(
        "duplicate option combinations differing in case",
        "products",
        variation([[("Farbe", "Rot"), ("Größe", "M")], [("Farbe", "ROT"), ("Größe", "m")]]),
        "Die Kinder {child1} und {child2} haben dieselben Merkmalswerte (ROT / m).",
        "Children {child1} and {child2} have the same option values (ROT / m).",
        "options",
    ),
    BadInput(
        "a child without a value for an option",
        "products",
        variation([[("Farbe", "Rot")], [("Größe", "M")]]),
        "Dem Kind {child1} fehlt ein Wert für das Merkmal „Größe“.",
        "Child {child1} has no value for the option “Größe”.",
        "options",
    ),
    BadInput(
        "children without a price",
        "products",
        variation([[("Farbe", "Rot")], [("Farbe", "Blau")]], price=False),
        "Für {child1} ist kein Preis gesetzt (Verkaufspreis oder shopifyPrice).",
        "{child1} has no price (selling price or shopifyPrice).",
        "price",
    ),
    # image links
    _image(
        "with a space",
        "https://bilder.example.com/images/rote vase.jpg",
        _NON_ASCII_DE.format(chars="' '"),
        _NON_ASCII_EN.format(chars="' '"),
    ),
    _image(
        "with umlauts",
        "https://bilder.example.com/images/Größe.jpg",
        _NON_ASCII_DE.format(chars="'ß' 'ö'"),
        _NON_ASCII_EN.format(chars="'ß' 'ö'"),
    ),
    _image(
        "with umlauts and a space",
        "https://bilder.example.com/images/Mütze rot.jpg",
        _NON_ASCII_DE.format(chars="' ' 'ü'"),
        _NON_ASCII_EN.format(chars="' ' 'ü'"),
    ),
    _image(
        "without a scheme",
        "bilder.example.com/images/vase.jpg",
        "keine http- oder https-Adresse",
        "not an http or https address",
    ),
    _image(
        "with an ftp scheme",
        "ftp://bilder.example.com/images/vase.jpg",
        "keine http- oder https-Adresse",
        "not an http or https address",
    ),
    _image(
        "without a path",
        "https://bilder.example.com",
        "kein Pfad zur Bilddatei",
        "no path to the image file",
    ),
    _image(
        "without a host",
        "https:///images/vase.jpg",
        "kein Servername",
        "no host name",
    ),
    # Shopify refusing one product
    BadInput(
        "Shopify refuses the product (userError)",
        "products",
        refused_by_shopify("user_error"),
        "Shopify lehnt ab: Handle has already been taken",
        "Shopify refuses: Handle has already been taken",
        "handle",
    ),
    BadInput(
        "GraphQL errors without data for one product",
        "products",
        refused_by_shopify("internal"),
        "Shopify meldet einen Fehler (INTERNAL_SERVER_ERROR): Internal error. Looks like "
        "something went wrong on our end.",
        "Shopify reports an error (INTERNAL_SERVER_ERROR): Internal error. Looks like "
        "something went wrong on our end.",
    ),
    # orders
    BadInput(
        "SKU with letters",
        "orders",
        order(sku="AB-1234"),
        "Die Artikelnummer (SKU) „AB-1234“ enthält nicht nur Ziffern und passt daher zu "
        "keiner Afterbuy-ProductID.",
        "The article number (SKU) “AB-1234” is not all digits, so it cannot match an "
        "Afterbuy ProductID.",
        "sku",
    ),
    BadInput(
        "empty SKU",
        "orders",
        order(sku=""),
        "Position 1 hat keine SKU / Artikelnummer",
        "Line 1 has no SKU / article number",
        "sku",
    ),
    BadInput(
        # Shopify: a line whose current quantity is 0 was removed by an edit; an order with
        # nothing left standing has no lines
        "quantity 0",
        "orders",
        order(quantity=0),
        "Die Bestellung hat keine Positionen",
        "The order has no lines",
        "lines",
    ),
    BadInput(
        "negative quantity",
        "orders",
        order(quantity=-2),
        "Die Bestellung ist nicht lesbar: lineItems[1].currentQuantity = „-2“",
        "The order cannot be read: lineItems[1].currentQuantity = “-2”",
        "lineItems[1].currentQuantity",
    ),
    BadInput(
        "negative price in an order",
        "orders",
        order(price="-19.90"),
        "Position 1 (SKU {sku}): der Preis -19,90 € ist negativ",
        "Line 1 (SKU {sku}): the price -€19.90 is negative",
        "price",
    ),
    BadInput(
        "non-numeric price in an order",
        "orders",
        order(price="abc"),
        "Die Bestellung ist nicht lesbar: lineItems[1].price = „abc“",
        "The order cannot be read: lineItems[1].price = “abc”",
        "lineItems[1].price",
    ),
    BadInput(
        "missing address",
        "orders",
        order(address=False),
        "Die Bestellung hat keine Rechnungs- oder Lieferadresse",
        "The order has no billing or shipping address",
        "address",
    ),
    BadInput(
        # Shopify's CountryCode is an enum: an unknown code spoils the field, not the order
        "unknown country code",
        "orders",
        order(country="XY"),
        "Shopify konnte die Bestellung nicht vollständig liefern (Enum 'CountryCode' cannot "
        "represent value: 'XY')",
        "Shopify could not deliver the order completely (Enum 'CountryCode' cannot represent "
        "value: 'XY')",
        "order",
    ),
    BadInput(
        "300-character line name",
        "orders",
        order(title="Wollmütze " + "x" * 290),
        "Der Name von Position 1 ist 300 Zeichen lang; erlaubt sind höchstens 255",
        "The name of line 1 is 300 characters long; at most 255 are allowed",
        "title",
    ),
    BadInput(
        "control character in a line name",
        "orders",
        order(title="Woll\x00mütze"),
        "Der Name von Position 1 enthält unsichtbare Steuerzeichen",
        "The name of line 1 contains invisible control characters",
        "title",
    ),
    BadInput(
        "GraphQL errors with data (one field of one order)",
        "orders",
        order(fault="order_field"),
        "Shopify konnte die Bestellung nicht vollständig liefern (Internal error. Looks like "
        "something went wrong on our end.)",
        "Shopify could not deliver the order completely (Internal error. Looks like something "
        "went wrong on our end.)",
        "order",
    ),
    BadInput(
        "GraphQL errors without data (the whole page)",
        "orders",
        order(fault="order_node"),
        "Shopify konnte die Bestellung nicht vollständig liefern (Internal error. Looks like "
        "something went wrong on our end.)",
        "Shopify could not deliver the order completely (Internal error. Looks like something "
        "went wrong on our end.)",
        "order",
    ),
    BadInput(
        "HTML page with status 200 from Afterbuy (a proxy's login page)",
        "orders",
        afterbuy_answers("proxy"),
        "Afterbuy hat keine lesbare Antwort geschickt (leer oder eine Webseite statt einer "
        "Antwort der Shop-Schnittstelle); die Bestellung ist dort nicht angelegt.",
        "Afterbuy sent no readable answer (empty, or a web page instead of the shop "
        "interface's answer); the order was not created there.",
        "order",
    ),
    BadInput(
        "truncated XML from Afterbuy's shop interface",
        "orders",
        afterbuy_answers("truncated"),
        "Afterbuy hat keine lesbare Antwort geschickt (leer oder eine Webseite statt einer "
        "Antwort der Shop-Schnittstelle); die Bestellung ist dort nicht angelegt.",
        "Afterbuy sent no readable answer (empty, or a web page instead of the shop "
        "interface's answer); the order was not created there.",
        "order",
    ),
    BadInput(
        "Afterbuy refuses the order",
        "orders",
        afterbuy_answers("refusal"),
        "Afterbuy hat die Bestellung abgelehnt: Artikel 10000001 ist gesperrt",
        "Afterbuy refused the order: Artikel 10000001 ist gesperrt",
        "order",
    ),
    # settings files: the bad line among good ones
    *(
        BadInput(f"settings file: {case}", CONFIG, _toml(text), de, en)
        for case, text, de, en in _SETTINGS
    ),
    # accepted as they are: no error, and the item arrives intact
    BadInput("emoji in a product name", "products", product(Name="Mütze 🧢 Nordlicht"), "", ""),
    BadInput(
        "a 1 MB description",
        "products",
        product(Description="<p>" + "Wolle " * 174_763 + "</p>"),
        "",
        "",
    ),
    BadInput("emoji in a buyer's name", "orders", order(first_name="Zoë 🌻"), "", ""),
)
