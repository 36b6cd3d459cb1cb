"""Checks at the border: data that would be wrong in the target is an error on that item.

Run before any write, for every channel and sink: amounts and quantities, order lines,
addresses and countries, text lengths and encodings. Sink- or channel-specific limits
(Afterbuy's numeric ProductIDs, Shopify's three options) stay with their connectors.
Messages name the item and the field, never the value of a personal field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from jjdesk import i18n
from jjdesk.domain.models import Address, Order, Product, StockLevel
from jjdesk.domain.money import format_eur
from jjdesk.errors import ItemProblem

MAX_NAME = 255  # the longest order line or product name any target keeps
MAX_ADDRESS_FIELD = 150  # Afterbuy's limit, the strictest of the sinks
MAX_ORDER_LINES = 500

# ISO 3166-1 alpha-2, and XK (Kosovo), which carriers and shops use
COUNTRIES = frozenset(
    [
        "AD",
        "AE",
        "AF",
        "AG",
        "AI",
        "AL",
        "AM",
        "AO",
        "AQ",
        "AR",
        "AS",
        "AT",
        "AU",
        "AW",
        "AX",
        "AZ",
        "BA",
        "BB",
        "BD",
        "BE",
        "BF",
        "BG",
        "BH",
        "BI",
        "BJ",
        "BL",
        "BM",
        "BN",
        "BO",
        "BQ",
        "BR",
        "BS",
        "BT",
        "BV",
        "BW",
        "BY",
        "BZ",
        "CA",
        "CC",
        "CD",
        "CF",
        "CG",
        "CH",
        "CI",
        "CK",
        "CL",
        "CM",
        "CN",
        "CO",
        "CR",
        "CU",
        "CV",
        "CW",
        "CX",
        "CY",
        "CZ",
        "DE",
        "DJ",
        "DK",
        "DM",
        "DO",
        "DZ",
        "EC",
        "EE",
        "EG",
        "EH",
        "ER",
        "ES",
        "ET",
        "FI",
        "FJ",
        "FK",
        "FM",
        "FO",
        "FR",
        "GA",
        "GB",
        "GD",
        "GE",
        "GF",
        "GG",
        "GH",
        "GI",
        "GL",
        "GM",
        "GN",
        "GP",
        "GQ",
        "GR",
        "GS",
        "GT",
        "GU",
        "GW",
        "GY",
        "HK",
        "HM",
        "HN",
        "HR",
        "HT",
        "HU",
        "ID",
        "IE",
        "IL",
        "IM",
        "IN",
        "IO",
        "IQ",
        "IR",
        "IS",
        "IT",
        "JE",
        "JM",
        "JO",
        "JP",
        "KE",
        "KG",
        "KH",
        "KI",
        "KM",
        "KN",
        "KP",
        "KR",
        "KW",
        "KY",
        "KZ",
        "LA",
        "LB",
        "LC",
        "LI",
        "LK",
        "LR",
        "LS",
        "LT",
        "LU",
        "LV",
        "LY",
        "MA",
        "MC",
        "MD",
        "ME",
        "MF",
        "MG",
        "MH",
        "MK",
        "ML",
        "MM",
        "MN",
        "MO",
        "MP",
        "MQ",
        "MR",
        "MS",
        "MT",
        "MU",
        "MV",
        "MW",
        "MX",
        "MY",
        "MZ",
        "NA",
        "NC",
        "NE",
        "NF",
        "NG",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NU",
        "NZ",
        "OM",
        "PA",
        "PE",
        "PF",
        "PG",
        "PH",
        "PK",
        "PL",
        "PM",
        "PN",
        "PR",
        "PS",
        "PT",
        "PW",
        "PY",
        "QA",
        "RE",
        "RO",
        "RS",
        "RU",
        "RW",
        "SA",
        "SB",
        "SC",
        "SD",
        "SE",
        "SG",
        "SH",
        "SI",
        "SJ",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SR",
        "SS",
        "ST",
        "SV",
        "SX",
        "SY",
        "SZ",
        "TC",
        "TD",
        "TF",
        "TG",
        "TH",
        "TJ",
        "TK",
        "TL",
        "TM",
        "TN",
        "TO",
        "TR",
        "TT",
        "TV",
        "TW",
        "TZ",
        "UA",
        "UG",
        "UM",
        "US",
        "UY",
        "UZ",
        "VA",
        "VC",
        "VE",
        "VG",
        "VI",
        "VN",
        "VU",
        "WF",
        "WS",
        "XK",
        "YE",
        "YT",
        "ZA",
        "ZM",
        "ZW",
    ]
)

# UTF-8 read as Latin-1/Windows-1252: "Ã¼" for "ü", "â‚¬" for "€", "Ã" before a
# continuation character. Real German text never contains these pairs.
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf¡-¿]|Â[\u00a0-\u00bf]|â€|â‚¬|\ufffd")
# an HTML script element: a description is shown to every buyer, and a shop would run it
_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)

i18n.register(
    {
        "check.garbled": {
            "de": "{what} enthält verstümmelte Zeichen (falsche Zeichenkodierung, z. B. „Ã¼“ "
            "statt „ü“)",
            "en": "{what} contains garbled characters (a wrong character encoding, e.g. "
            "“Ã¼” for “ü”)",
        },
        "check.garbled.hint": {
            "de": "Text in der Quelle mit richtigen Umlauten neu eingeben.",
            "en": "Enter the text again with proper umlauts in the source.",
        },
        "check.control": {
            "de": "{what} enthält unsichtbare Steuerzeichen",
            "en": "{what} contains invisible control characters",
        },
        "check.too_long": {
            "de": "{what} ist {length} Zeichen lang; erlaubt sind höchstens {limit}",
            "en": "{what} is {length} characters long; at most {limit} are allowed",
        },
        "check.shorten.hint": {
            "de": "In der Quelle kürzen.",
            "en": "Shorten it in the source.",
        },
        "check.script": {
            "de": "{what} enthält ein <script>-Element; Shops zeigen die Beschreibung jedem "
            "Käufer und würden es ausführen",
            "en": "{what} contains a <script> element; shops show the description to every "
            "buyer and would run it",
        },
        "check.script.hint": {
            "de": "Das <script>-Element in der Quelle aus der Beschreibung entfernen.",
            "en": "Remove the <script> element from the description in the source.",
        },
        "check.negative_stock": {
            "de": "Der Bestand {quantity} ist negativ; übertragen wird nur ein Bestand ab 0",
            "en": "The stock {quantity} is negative; only a stock from 0 up is sent",
        },
        "check.negative_stock.hint": {
            "de": "Den Bestand in der Quelle korrigieren (Inventur).",
            "en": "Correct the stock in the source (stocktaking).",
        },
        "check.product.no_name": {
            "de": "Der Artikel hat keinen Namen",
            "en": "The product has no name",
        },
        "check.product.no_name.hint": {
            "de": "Einen Artikelnamen in der Quelle eintragen.",
            "en": "Enter a product name in the source.",
        },
        "check.negative_price": {
            "de": "{what} ist negativ ({value})",
            "en": "{what} is negative ({value})",
        },
        "check.fix_price.hint": {
            "de": "Den Preis in der Quelle korrigieren.",
            "en": "Correct the price in the source.",
        },
        "check.order.no_lines": {
            "de": "Die Bestellung hat keine Positionen",
            "en": "The order has no lines",
        },
        "check.order.too_many_lines": {
            "de": "Die Bestellung hat {count} Positionen; höchstens {limit} werden übernommen",
            "en": "The order has {count} lines; at most {limit} can be imported",
        },
        "check.order.quantity": {
            "de": "Position {line} (SKU {sku}): Menge {quantity} ist keine positive ganze Zahl",
            "en": "Line {line} (SKU {sku}): quantity {quantity} is not a positive whole number",
        },
        "check.order.price": {
            "de": "Position {line} (SKU {sku}): der Preis {price} ist negativ",
            "en": "Line {line} (SKU {sku}): the price {price} is negative",
        },
        "check.order.no_sku": {
            "de": "Position {line} hat keine SKU / Artikelnummer",
            "en": "Line {line} has no SKU / article number",
        },
        "check.order.shipping": {
            "de": "Die Versandkosten {amount} sind negativ",
            "en": "The shipping cost {amount} is negative",
        },
        "check.order.total": {
            "de": "Positionen und Versand ergeben {positions}, der Kunde zahlt laut Kanal "
            "{total}: die Bestellung enthält Beträge, die jjdesk nicht übernehmen kann "
            "(z. B. Trinkgeld, Zölle)",
            "en": "Lines and shipping come to {positions}, the channel says the customer "
            "pays {total}: the order holds amounts jjdesk cannot carry over (a tip, "
            "duties)",
        },
        "check.order.no_address": {
            "de": "Die Bestellung hat keine Rechnungs- oder Lieferadresse",
            "en": "The order has no billing or shipping address",
        },
        "check.order.address_incomplete": {
            "de": "{address}: es fehlt {missing}",
            "en": "{address}: {missing} missing",
        },
        "check.order.country": {
            "de": "{address}: Ländercode „{code}“ ist kein gültiger ISO-Code",
            "en": "{address}: country code “{code}” is not a valid ISO code",
        },
        "check.order.hint": {
            "de": "Die Bestellung im Verkaufskanal korrigieren; jjdesk übernimmt sie danach "
            "beim nächsten Lauf.",
            "en": "Correct the order in the sales channel; jjdesk imports it on the next run "
            "after that.",
        },
        "what.name": {"de": "Der Name", "en": "The name"},
        "what.description": {"de": "Die Beschreibung", "en": "The description"},
        "what.brand": {"de": "Die Marke", "en": "The brand"},
        "what.option": {"de": "Die Variantenangabe", "en": "The variant option"},
        "what.keyword": {"de": "Ein Stichwort", "en": "A keyword"},
        "what.price": {"de": "Der Preis", "en": "The price"},
        "what.line_title": {"de": "Der Name von Position {line}", "en": "The name of line {line}"},
        "what.billing": {"de": "Rechnungsadresse", "en": "Billing address"},
        "what.shipping": {"de": "Lieferadresse", "en": "Shipping address"},
        "what.address_field": {"de": "{address} ({field})", "en": "{address} ({field})"},
        "field.last_name": {"de": "Nachname oder Firma", "en": "last name or company"},
        "field.street": {"de": "Straße", "en": "street"},
        "field.postal_code": {"de": "PLZ", "en": "postal code"},
        "field.city": {"de": "Ort", "en": "city"},
        "field.country_code": {"de": "Land", "en": "country"},
        "field.first_name": {"de": "Vorname", "en": "first name"},
        "field.company": {"de": "Firma", "en": "company"},
        "field.street2": {"de": "Adresszusatz", "en": "address line 2"},
        "field.state": {"de": "Bundesland", "en": "state"},
        "field.phone": {"de": "Telefon", "en": "phone"},
        "field.email": {"de": "E-Mail", "en": "e-mail"},
    }
)


def text_problem(value: str, what: str, limit: int | None = None) -> tuple[str, str] | None:
    """(message, hint) when a text is garbled, carries control characters or is too long."""
    if _MOJIBAKE.search(value):
        return i18n.text("check.garbled", what=what), i18n.text("check.garbled.hint")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in value):
        return i18n.text("check.control", what=what), i18n.text("check.shorten.hint")
    if limit is not None and len(value) > limit:
        return (
            i18n.text("check.too_long", what=what, length=len(value), limit=limit),
            i18n.text("check.shorten.hint"),
        )
    return None


def product_problems(product: Product) -> list[ItemProblem]:
    """Problems any channel would have with a product (and its variants)."""
    problems: list[ItemProblem] = []
    for item in (product, *product.variants):
        for field, message, hint in _product_checks(item, is_variant=item is not product):
            problems.append(
                ItemProblem("product", item.product_id, message, field=field, hint=hint)
            )
    return problems


def _product_checks(product: Product, *, is_variant: bool) -> Iterator[tuple[str, str, str]]:
    if not product.name.strip() and not is_variant:
        yield (
            "name",
            i18n.text("check.product.no_name"),
            i18n.text("check.product.no_name.hint"),
        )
    texts: list[tuple[str, str, int | None]] = [
        ("name", product.name, MAX_NAME),
        ("description", product.description, None),
        ("brand", product.brand, None),
        *(("keywords", k, None) for k in product.keywords),
        *(("options", o.value, None) for o in product.options),
        *(("options", o.name, None) for o in product.options),
    ]
    for field, value, limit in texts:
        what = i18n.text(f"what.{_WHAT.get(field, field)}")
        found = text_problem(value, what, limit)
        if found:
            yield field, *found
    if _SCRIPT.search(product.description):
        yield (
            "description",
            i18n.text("check.script", what=i18n.text("what.description")),
            i18n.text("check.script.hint"),
        )
    prices = [("price", product.selling_price), *product.additional_prices]
    for name, price in prices:
        if price is not None and price < 0:
            what = i18n.text("what.price") if name == "price" else name
            yield (
                name,
                i18n.text("check.negative_price", what=what, value=_money(price)),
                i18n.text("check.fix_price.hint"),
            )


_WHAT = {"keywords": "keyword", "options": "option"}


def _money(value: Decimal) -> str:
    """An amount as the merchant reads it in the current language."""
    return format_eur(value, i18n.language())


def stock_problem(level: StockLevel, kind: str = "stock") -> ItemProblem | None:
    """A quantity no channel should be sent (negative: oversold or mistyped in the source)."""
    if level.unlimited or level.quantity >= 0:
        return None
    return ItemProblem(
        kind,
        level.product_id,
        i18n.text("check.negative_stock", quantity=level.quantity),
        field="stock",
        hint=i18n.text("check.negative_stock.hint"),
    )


def order_problems(order: Order) -> list[ItemProblem]:
    """Problems any sink would have with an order; an empty list means it may be written."""
    messages: list[tuple[str, str]] = []
    if not order.lines:
        messages.append(("lines", i18n.text("check.order.no_lines")))
    if len(order.lines) > MAX_ORDER_LINES:
        messages.append(
            (
                "lines",
                i18n.text(
                    "check.order.too_many_lines", count=len(order.lines), limit=MAX_ORDER_LINES
                ),
            )
        )
    for number, line in enumerate(order.lines, start=1):
        sku = line.sku or "?"
        if not line.sku.strip():
            messages.append(("sku", i18n.text("check.order.no_sku", line=number)))
        if not isinstance(line.quantity, int) or line.quantity <= 0:
            messages.append(
                (
                    "quantity",
                    i18n.text("check.order.quantity", line=number, sku=sku, quantity=line.quantity),
                )
            )
        if not isinstance(line.unit_price, Decimal) or line.unit_price < 0:
            shown = _money(line.unit_price) if isinstance(line.unit_price, Decimal) else "?"
            price = i18n.text("check.order.price", line=number, sku=sku, price=shown)
            messages.append(("price", price))
        found = text_problem(line.title, i18n.text("what.line_title", line=number), MAX_NAME)
        if found:
            messages.append(("title", found[0]))
    if order.shipping_cost < 0:
        amount = _money(order.shipping_cost)
        messages.append(("shipping", i18n.text("check.order.shipping", amount=amount)))
    # totals are compared only when every line is sound: a bad line already says what to fix
    if not messages and order.total is not None and order.sum_of_positions != order.total:
        messages.append(
            (
                "total",
                i18n.text(
                    "check.order.total",
                    positions=_money(order.sum_of_positions),
                    total=_money(order.total),
                ),
            )
        )
    messages.extend(_address_messages(order))
    return [
        ItemProblem(
            "order",
            order.channel_order_id,
            message,
            field=field,
            hint=i18n.text("check.order.hint"),
            label=order.order_number,
        )
        for field, message in messages
    ]


_REQUIRED = ("street", "postal_code", "city", "country_code")
_PERSONAL = (
    "first_name",
    "last_name",
    "company",
    "street",
    "street2",
    "postal_code",
    "city",
    "state",
    "phone",
    "email",
)


def _address_messages(order: Order) -> Iterator[tuple[str, str]]:
    addresses = [("billing", order.billing), ("shipping", order.shipping)]
    present = [(n, a) for n, a in addresses if a is not None and _has_address(a)]
    if not present:
        yield "address", i18n.text("check.order.no_address")
        return
    for name, address in present:
        label = i18n.text(f"what.{name}")
        missing = [f for f in _REQUIRED if not getattr(address, f).strip()]
        if not (address.last_name.strip() or address.company.strip()):
            missing.insert(0, "last_name")
        if missing:
            yield (
                "address",
                i18n.text(
                    "check.order.address_incomplete",
                    address=label,
                    missing=", ".join(i18n.text(f"field.{f}") for f in missing),
                ),
            )
        code = address.country_code.strip().upper()
        if code and code not in COUNTRIES:
            yield "country", i18n.text("check.order.country", address=label, code=code[:8])
        for field in _PERSONAL:
            value = getattr(address, field)
            what = i18n.text("what.address_field", address=label, field=i18n.text(f"field.{field}"))
            found = text_problem(value, what, MAX_ADDRESS_FIELD)
            if found:
                yield "address", found[0]


def _has_address(address: Address) -> bool:
    """Whether an address carries anything to ship to (an e-mail alone is no address)."""
    return any(
        getattr(address, f).strip()
        for f in ("last_name", "company", "street", "postal_code", "city")
    )
