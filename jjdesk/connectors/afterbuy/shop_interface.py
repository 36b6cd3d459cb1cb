"""The shop interface (ShopInterfaceUTF8.aspx): form fields for a new order and its answer.

The reference jjdesk sends goes two ways: as `VID` with `CheckVID=1`, so Afterbuy itself
refuses a second copy (that "already recorded" answer carries the first order's id), and
as a marker line at the top of `VMemo`, which GetSoldItems returns as the order's `Memo`:
that is how `find_orders` recognises the order later, whatever Afterbuy does with VIDs.

Afterbuy's answers are sorted into what they mean for the order (see `ShopAnswer`), and
the buyer's personal data is scrubbed from every text Afterbuy sends back before it is
kept anywhere (`scrub`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from enum import Enum

from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.afterbuy import messages as _messages  # noqa: F401  (registers texts)
from jjdesk.connectors.afterbuy.config import ArticleIdentification
from jjdesk.connectors.afterbuy.formats import format_decimal_comma, format_german_local
from jjdesk.connectors.afterbuy.orders import reference_marker
from jjdesk.connectors.afterbuy.wire import child_text, children_named, find_child, parse_document
from jjdesk.domain.models import Address, Order, Retry
from jjdesk.domain.validation import text_problem
from jjdesk.errors import ItemProblem

VID_MAX = 40
VMEMO_MAX = 255
COMMENT_MAX = 255
TITLE_MAX = 255
TEXT_MAX = 150  # Versandart, Zahlart
USERNAME_MAX = 50
# Afterbuy's limits per address field (research: [ESCH] validator, [W] asserts). A longer
# name or street would be cut by Afterbuy without a word, so such an order is refused.
_BILLING_LIMIT = 150
_SHIPPING_LIMITS = {"city": 50}
_SHIPPING_LIMIT = 255
# Afterbuy's wording for a refusal that clears by itself: retried soon.
_PASSING = (
    "später erneut", "spaeter erneut", "try again later", "interner fehler", "internal error",
    "timeout", "time-out", "time out", "timed out", "zeitüberschreitung", "vorübergehend",
    "temporarily", "überlastet", "overloaded", "wartung", "maintenance", "unavailable",
)  # fmt: skip
# The plain-http answer, as a whole text (the sample has it in the error list): a refusal
# that merely contains "ssl" somewhere ("Kassler") is an ordinary refusal.
_PLAIN_HTTP = re.compile(r"\s*ssl[\s-]*(?:erforderlich|required)\W*", re.IGNORECASE)
# ISO 3166-1 alpha-2 → Afterbuy's licence-plate style code (official example: KLand=D).
_PLATE_CODES = {
    "DE": "D", "AT": "A", "CH": "CH", "NL": "NL", "BE": "B", "LU": "L", "FR": "F",
    "IT": "I", "ES": "E", "PT": "P", "GB": "GB", "IE": "IRL", "DK": "DK", "SE": "S",
    "NO": "N", "FI": "FIN", "PL": "PL", "CZ": "CZ", "SK": "SK", "HU": "H", "SI": "SLO",
    "HR": "HR", "GR": "GR", "RO": "RO", "BG": "BG", "EE": "EST", "LV": "LV", "LT": "LT",
    "MT": "M", "CY": "CY", "LI": "FL", "MC": "MC", "IS": "IS", "US": "USA", "CA": "CDN",
    "AU": "AUS", "JP": "J", "TR": "TR", "RU": "RUS", "UA": "UA", "RS": "SRB",
}  # fmt: skip
_PAYMENT_FUNCTIONS = {
    "vorkasse": 1, "überweisung": 1, "bank_transfer": 1, "bar": 2, "cash": 2,
    "nachnahme": 4, "cod": 4, "paypal": 5, "rechnung": 6, "invoice": 6,
    "lastschrift": 7, "bankeinzug": 7, "sofort": 12,
}  # fmt: skip


class Outcome(Enum):
    """What an answer of the shop interface means for the order."""

    CREATED = "created"  # success, with Afterbuy's order id
    DUPLICATE = "duplicate"  # CheckVID: recorded before, with that order's id
    REFUSED = "refused"  # Afterbuy's error list: nothing was created
    PLAIN_HTTP = "plain_http"  # "SSL erforderlich" (alone or as <error> root): not https
    UNREADABLE = "unreadable"  # empty, not XML, an HTML page: nobody knows


@dataclass(frozen=True, slots=True)
class ShopAnswer:
    """The shop interface's answer to `Action=new`."""

    outcome: Outcome
    order_id: str = ""
    errors: tuple[str, ...] = ()


def afterbuy_country(iso_code: str) -> str:
    """Afterbuy's country code for an ISO code; unknown codes are passed on as they are."""
    code = iso_code.strip().upper()
    return _PLATE_CODES.get(code, code)


def check_skus(order: Order, identification: ArticleIdentification) -> None:
    """Refuse, before any call, an order whose SKU cannot be a ProductID."""
    if identification is not ArticleIdentification.PRODUCT_ID:
        return
    for line in order.lines:
        if not line.sku.strip().isdigit():
            raise ItemProblem(
                "order",
                order.channel_order_id,
                i18n.text("afterbuy.order.sku_not_numeric", sku=line.sku),
                field="sku",
                hint=i18n.text("afterbuy.order.sku_not_numeric.hint"),
            )


def check_fits(order: Order, reference: str) -> None:
    """Refuse, before any call, what Afterbuy would cut without a word.

    Names, addresses, e-mail and phone over Afterbuy's limits (150 for the buyer, 255 and
    50 for the city of the delivery address), a reference that cannot be a VID, a currency
    that is no code. Texts where cutting is harmless (article titles, shipping and payment
    method, comments) are cut in `order_form` instead.
    """
    if not 0 < len(reference) <= VID_MAX or any(c.isspace() for c in reference):
        _refuse(order, "order_number", i18n.text("afterbuy.order.reference", reference=reference))
    if not re.fullmatch(r"[A-Za-z]{3}", order.currency.strip()):
        _refuse(order, "currency", i18n.text("afterbuy.order.currency", currency=order.currency))
    for name, address in (("billing", order.billing), ("shipping", order.shipping)):
        if address is None:
            continue
        label = i18n.text(f"what.{name}")
        for item in fields(Address):
            if item.name == "country_code":
                continue
            limit = _BILLING_LIMIT
            if name == "shipping":
                limit = _SHIPPING_LIMITS.get(item.name, _SHIPPING_LIMIT)
            what = i18n.text(
                "what.address_field", address=label, field=i18n.text(f"field.{item.name}")
            )
            found = text_problem(getattr(address, item.name), what, limit)
            if found:
                _refuse(order, "address", found[0], found[1])


def _refuse(order: Order, field: str, message: str, hint: str = "") -> None:
    raise ItemProblem(
        "order",
        order.channel_order_id,
        message,
        field=field,
        hint=hint or i18n.text("afterbuy.order.fix.hint"),
        label=order.order_number,
    )


def order_form(
    order: Order,
    reference: str,
    partner_token: str,
    account_token: str,
    identification: ArticleIdentification,
    customer_identification: int,
) -> dict[str, str]:
    """The form fields of `Action=new` for one order (prices with a decimal comma)."""
    form: dict[str, str] = {
        "Action": "new",
        "PartnerToken": partner_token,
        "UserToken": account_token,
        "Kbenutzername": f"{order.channel}_{order.channel_order_id}"[:USERNAME_MAX],
        "Kundenerkennung": str(customer_identification),
        "Artikelerkennung": str(int(identification)),
        "VID": reference,
        "CheckVID": "1",
        "NoFeedback": "0",  # sets the feedback date, so GetSoldItems can see the order
        "NoVersandCalc": "1",  # the channel's shipping cost, not Afterbuy's calculation
        "Bestandart": "shop",
        "SoldCurrency": order.currency.strip().upper(),
        "BuyDate": format_german_local(order.created_at),
        "Versandkosten": format_decimal_comma(order.shipping_cost),
        "Versandart": _cut(order.shipping_method, TEXT_MAX),
        "Zahlart": _cut(order.payment_method, TEXT_MAX),
        "SetPay": "1" if order.paid else "0",
        "PosAnz": str(len(order.lines)),
    }
    function = _PAYMENT_FUNCTIONS.get(order.payment_method.strip().casefold())
    if function is not None:
        form["ZFunktionsID"] = str(function)
    form.update(_address("K", order.billing))
    form["Kemail"] = order.billing.email
    if order.shipping is not None and order.shipping != order.billing:
        form["Lieferanschrift"] = "1"
        form.update(_address("KL", order.shipping))
    memo, comment = _memo(order, reference)
    form["VMemo"] = memo
    if comment:
        form["Kommentar"] = comment
    for n, line in enumerate(order.lines, start=1):
        form[f"Artikelnr_{n}"] = line.sku.strip()
        if identification is ArticleIdentification.EAN and line.ean:
            form[f"Artikelnr_{n}"] = line.ean
        form[f"Artikelname_{n}"] = _cut(line.title, TITLE_MAX)
        form[f"ArtikelEpreis_{n}"] = format_decimal_comma(line.unit_price)
        form[f"ArtikelMenge_{n}"] = str(line.quantity)
        if line.tax_rate is not None:
            form[f"ArtikelMwSt_{n}"] = format_decimal_comma(line.tax_rate)
    return {k: v for k, v in form.items() if v != ""}


def _address(prefix: str, address: Address) -> dict[str, str]:
    phone_key = "Ktelefon" if prefix == "K" else "KLTelefon"
    return {
        f"{prefix}Firma": address.company,
        f"{prefix}Vorname": address.first_name,
        f"{prefix}Nachname": address.last_name,
        f"{prefix}Strasse": address.street,
        f"{prefix}Strasse2": address.street2,
        f"{prefix}PLZ": address.postal_code,
        f"{prefix}Ort": address.city,
        f"{prefix}Bundesland": address.state,
        f"{prefix}Land": afterbuy_country(address.country_code),
        phone_key: address.phone,
    }


def _memo(order: Order, reference: str) -> tuple[str, str]:
    """VMemo: the reference marker first, then link and memo; what does not fit goes to
    Kommentar. The marker is never cut: `find_orders` depends on it."""
    marker = reference_marker(reference)
    memo = "\n".join(part for part in (marker, order.channel_url, order.memo) if part)
    comment = order.customer_note
    if len(memo) > VMEMO_MAX:
        comment = "\n".join(part for part in (comment, order.memo) if part)
        memo = _cut("\n".join(part for part in (marker, order.channel_url) if part), VMEMO_MAX)
    return memo, _cut(comment, COMMENT_MAX)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_shop_answer(data: bytes, content_type: str = "") -> ShopAnswer:
    """Read the answer to `Action=new`: created, duplicate, refused, plain http or unreadable."""
    head = data.lstrip()[:100].lower()
    if not head or "html" in content_type.casefold() or head.startswith((b"<!doctype", b"<html")):
        return ShopAnswer(Outcome.UNREADABLE)
    try:
        root = parse_document(data)
    except etree.XMLSyntaxError:
        return ShopAnswer(Outcome.UNREADABLE)
    tag = root.tag.casefold() if isinstance(root.tag, str) else ""
    if tag == "error":  # a bare <error> document: Afterbuy's answer to plain http
        return ShopAnswer(Outcome.PLAIN_HTTP, errors=((root.text or "").strip(),))
    errorlist = find_child(root, "errorlist")
    if find_child(root, "success") is None and errorlist is None:  # not the `<result>` shape
        return ShopAnswer(Outcome.UNREADABLE)
    errors = tuple(t for e in children_named(errorlist, "error") if (t := (e.text or "").strip()))
    success = child_text(root, "success")
    if success == "1":
        order_id = child_text(find_child(root, "data"), "AID")
        return ShopAnswer(Outcome.CREATED if order_id else Outcome.UNREADABLE, order_id, errors)
    existing = child_text(errorlist, "OrderID") or child_text(errorlist, "AID")
    if existing:
        return ShopAnswer(Outcome.DUPLICATE, existing, errors)
    if success != "0":
        return ShopAnswer(Outcome.UNREADABLE)
    if errors and all(_PLAIN_HTTP.fullmatch(e) for e in errors):
        return ShopAnswer(Outcome.PLAIN_HTTP, errors=errors)
    return ShopAnswer(Outcome.REFUSED, errors=errors)


def refusal(order: Order, text: str) -> ItemProblem:
    """The item problem for a refusal whose (scrubbed) words are `text`."""
    passing = any(phrase in text.casefold() for phrase in _PASSING)
    key = "afterbuy.order.passing" if passing else "afterbuy.order.refused"
    return ItemProblem(
        "order",
        order.channel_order_id,
        i18n.text(key, text=text),
        field="order",
        hint=i18n.text(f"{key}.hint"),
        retry=Retry.SOON if passing else Retry.LATER,
        label=order.order_number,
    )
