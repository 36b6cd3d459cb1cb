"""The shop interface (ShopInterfaceUTF8.aspx): form fields for a new order and its answer.

Afterbuy refuses a second order with the same `VID` when `CheckVID=1`; that "already
recorded" answer carries the existing order id and counts as success, which makes
`create_order` safe to repeat after a crash.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from jjdesk import i18n
from jjdesk.connectors.afterbuy import messages as _messages  # noqa: F401  (registers texts)
from jjdesk.connectors.afterbuy.config import ArticleIdentification
from jjdesk.connectors.afterbuy.errors import AfterbuyProtocolError
from jjdesk.connectors.afterbuy.formats import format_decimal_comma, format_german_local
from jjdesk.connectors.afterbuy.wire import child_text, children_named, find_child, parse_document
from jjdesk.domain.models import Address, Order
from jjdesk.errors import ItemProblem

VMEMO_MAX = 255
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


@dataclass(frozen=True, slots=True)
class ShopAnswer:
    """The shop interface's answer to `Action=new`."""

    success: bool
    order_id: str
    duplicate: bool
    errors: tuple[str, ...]


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
        "Kbenutzername": f"{order.channel}_{order.channel_order_id}"[:50],
        "Kundenerkennung": str(customer_identification),
        "Artikelerkennung": str(int(identification)),
        "VID": reference[:40],
        "CheckVID": "1",
        "NoFeedback": "0",  # sets the feedback date, so GetSoldItems can see the order
        "NoVersandCalc": "1",  # the channel's shipping cost, not Afterbuy's calculation
        "Bestandart": "shop",
        "SoldCurrency": order.currency[:3],
        "BuyDate": format_german_local(order.created_at),
        "Versandkosten": format_decimal_comma(order.shipping_cost),
        "Versandart": order.shipping_method,
        "Zahlart": order.payment_method,
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
    memo, comment = _memo(order)
    form["VMemo"] = memo
    if comment:
        form["Kommentar"] = comment
    for n, line in enumerate(order.lines, start=1):
        form[f"Artikelnr_{n}"] = line.sku.strip()
        if identification is ArticleIdentification.EAN and line.ean:
            form[f"Artikelnr_{n}"] = line.ean
        form[f"Artikelname_{n}"] = line.title[:255]
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


def _memo(order: Order) -> tuple[str, str]:
    """VMemo gets the channel link and the memo; what does not fit goes to Kommentar."""
    memo = "\n".join(part for part in (order.channel_url, order.memo) if part)
    comment = order.customer_note
    if len(memo) > VMEMO_MAX:
        comment = "\n".join(part for part in (comment, order.memo) if part)
        memo = memo[: VMEMO_MAX - 1] + "…"
    return memo, comment


def parse_shop_answer(data: bytes) -> ShopAnswer:
    """Read the `<result>` answer, including the duplicate refusal with its OrderID."""
    try:
        root = parse_document(data)
    except etree.XMLSyntaxError as exc:
        raise AfterbuyProtocolError("ShopInterface") from exc
    if root.tag.casefold() == "error":  # e.g. plain http: <error>SSL erforderlich</error>
        return ShopAnswer(False, "", False, ((root.text or "").strip(),))
    errorlist = find_child(root, "errorlist")
    errors = tuple(t for e in children_named(errorlist, "error") if (t := (e.text or "").strip()))
    success = child_text(root, "success") == "1"
    if success:
        return ShopAnswer(True, child_text(find_child(root, "data"), "AID"), False, errors)
    existing = child_text(errorlist, "OrderID") or child_text(errorlist, "AID")
    return ShopAnswer(bool(existing), existing, bool(existing), errors)


def scrub(text: str, order: Order) -> str:
    """Remove the buyer's personal data from a text Afterbuy sent back (error messages)."""
    for address in (order.billing, order.shipping):
        if address is None:
            continue
        for value in (
            address.first_name, address.last_name, address.company, address.street,
            address.street2, address.city, address.email, address.phone, address.postal_code,
        ):  # fmt: skip
            if len(value.strip()) >= 3:
                text = text.replace(value.strip(), "…")
    return text
