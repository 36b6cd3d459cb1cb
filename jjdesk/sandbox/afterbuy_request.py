"""The Afterbuy simulator's own strict reading of what it receives.

Independent of the connector on purpose: if both shared one codec, a bug in it would
pass every test. Requests are refused the way Afterbuy documents it: XML that does not
parse, a missing `AfterbuyGlobal` or a number that is none is error 2 ("Request XML
Parsefehler"), an unknown or malformed filter error 30 ("Kein gültiger Filter
angegeben."). The shop interface refuses an order without its required fields or with a
number or date in the wrong notation, and cuts over-long texts silently, as Afterbuy's
documented limits suggest it does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from lxml import etree

BERLIN = ZoneInfo("Europe/Berlin")
_STAMP = re.compile(r"(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d):(\d\d)")
_COMMA_NUMBER = re.compile(r"-?\d+(?:,\d+)?")
_INTEGER = re.compile(r"-?\d+")
# FilterName → the FilterValues it takes, per call (Afterbuy's docs; names case-insensitive)
_PRODUCT_FILTERS = {"productid", "anr", "ean", "level", "rangeid", "datefilter"}
_ORDER_FILTERS = {"orderid", "rangeid", "datefilter", "tag"}
_PRODUCT_DATES = {"moddate", "lastsale", "laststockchange"}
_ORDER_DATES = {
    "auctionenddate", "feedbackdate", "paydate", "shippingdate", "invoicedate", "moddate",
    "xmldate", "maildate", "reminderdate",
}  # fmt: skip
# shop interface: parameter → longest value Afterbuy keeps (longer ones are cut)
SHOP_LIMITS = {
    "kbenutzername": 50, "kfirma": 150, "kvorname": 150, "knachname": 150, "kstrasse": 150,
    "kstrasse2": 150, "kplz": 150, "kort": 150, "kbundesland": 150, "ktelefon": 150,
    "kemail": 150, "kfax": 50, "kland": 10, "klfirma": 255, "klvorname": 255,
    "klnachname": 255, "klstrasse": 255, "klstrasse2": 255, "klplz": 255, "klort": 50,
    "klland": 50, "kltelefon": 255, "vid": 40, "vmemo": 255, "kommentar": 255,
    "versandart": 150, "zahlart": 150, "soldcurrency": 3, "paymentstatus": 20,
    "paymenttransactionid": 25,
}  # fmt: skip
_POSITION_LIMITS = {"artikelname": 255, "artikellink": 255, "alternartikelnr1": 100}
_CHOICES = {
    "checkvid": {"0", "1"}, "setpay": {"0", "1"}, "nofeedback": {"0", "1", "2"},
    "lieferanschrift": {"0", "1"}, "artikelerkennung": {"0", "1", "2", "13"},
    "kundenerkennung": {"0", "1", "2"}, "noversandcalc": {"0", "1"},
}  # fmt: skip


class BadRequest(Exception):
    """A request Afterbuy would refuse; `code` is its error code (2 or 30)."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(text)
        self.code = code
        self.text = text


def parse_stamp(text: str) -> datetime:
    """Afterbuy's "dd.MM.yyyy HH:mm:ss", Berlin local time, as aware UTC; raises ValueError."""
    match = _STAMP.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    day, month, year, hour, minute, second = map(int, match.groups())
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN).astimezone(UTC)


def parse_amount(text: str) -> Decimal:
    """A decimal-comma number ("5,23", "19"); a point or grouping raises ValueError."""
    if not _COMMA_NUMBER.fullmatch(text.strip()):
        raise ValueError(text)
    return Decimal(text.strip().replace(",", "."))


@dataclass(frozen=True, slots=True)
class SimFilter:
    """One `<Filter>` of a DataFilter, values as sent."""

    name: str  # case-folded FilterName
    values: tuple[str, ...] = ()
    date_field: str = ""  # case-folded FilterValue of a DateFilter
    date_from: datetime | None = None
    date_to: datetime | None = None
    value_from: int = 0
    value_to: int = 0


@dataclass(frozen=True, slots=True)
class ApiRequest:
    """An XML API request that passed the checks."""

    call: str
    partner_token: str
    account_token: str
    detail_level: int
    language: str
    root: etree._Element
    filters: tuple[SimFilter, ...] = ()

    def number(self, tag: str, default: int) -> int:
        """An integer element of the call (MaxShopItems, PageNumber, …)."""
        found = self.root.find(tag)
        if found is None or not (found.text or "").strip():
            return default
        return _integer(found.text or "", tag)

    def flag(self, tag: str) -> bool:
        """A 0/1 element of the call."""
        return self.number(tag, 0) == 1


def parse_api_request(raw: bytes) -> ApiRequest:
    """Read and check an ABInterface request; raises `BadRequest`."""
    try:
        raw.decode("utf-8")  # "All requests must be UTF-8 encoded"
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except (UnicodeDecodeError, etree.XMLSyntaxError) as exc:
        raise BadRequest(2, "Request XML Parsefehler") from exc
    glob = root.find("AfterbuyGlobal")
    if root.tag != "Request" or glob is None:
        raise BadRequest(2, "Request XML Parsefehler: AfterbuyGlobal fehlt")
    call = _text(glob, "CallName")
    detail = _text(glob, "DetailLevel")
    request = ApiRequest(
        call=call,
        partner_token=_text(glob, "PartnerToken"),
        account_token=_text(glob, "AccountToken"),
        detail_level=_integer(detail, "DetailLevel") if detail else 0,
        language="en" if _text(glob, "ErrorLanguage").upper() == "EN" else "de",
        root=root,
    )
    allowed = {"GetShopProducts": _PRODUCT_FILTERS, "GetSoldItems": _ORDER_FILTERS}.get(call)
    nodes = root.findall("DataFilter/Filter")
    if allowed is None:
        return request
    dates = _PRODUCT_DATES if call == "GetShopProducts" else _ORDER_DATES
    return replace(request, filters=tuple(_filter(node, allowed, dates) for node in nodes))


def _filter(node: etree._Element, allowed: set[str], dates: set[str]) -> SimFilter:
    name = _text(node, "FilterName").casefold()
    values = node.find("FilterValues")
    if name not in allowed or values is None:
        raise BadRequest(30, "Kein gültiger Filter angegeben.")
    texts = tuple((v.text or "").strip() for v in values.iterfind("FilterValue"))
    try:
        if name == "datefilter":
            field_name = texts[0].casefold() if texts else ""
            if field_name not in dates:
                raise ValueError(field_name)
            date_from, date_to = _text(values, "DateFrom"), _text(values, "DateTo")
            return SimFilter(
                name,
                date_field=field_name,
                date_from=parse_stamp(date_from) if date_from else None,
                date_to=parse_stamp(date_to) if date_to else None,
            )
        if name == "rangeid":
            low, high = _text(values, "ValueFrom") or "0", _text(values, "ValueTo") or "0"
            return SimFilter(name, value_from=_plain(low), value_to=_plain(high))
        if name == "level":
            low, high = _text(values, "LevelFrom") or "0", _text(values, "LevelTo") or "0"
            return SimFilter(name, value_from=_plain(low), value_to=_plain(high))
        if name in ("productid", "orderid") and not all(v.isdigit() for v in texts):
            raise ValueError(texts)
        if name == "anr":  # "Anr Float": a number, in Afterbuy's decimal comma
            for value in texts:
                parse_amount(value)
        if name in ("anr", "ean") and not texts:
            raise ValueError(name)
    except ValueError as exc:
        raise BadRequest(30, "Kein gültiger Filter angegeben.") from exc
    return SimFilter(name, values=texts)


@dataclass(frozen=True, slots=True)
class ShopPosition:
    """One order position as the shop interface takes it."""

    article: str
    title: str
    quantity: int
    price: Decimal
    tax_rate: str


@dataclass(frozen=True, slots=True)
class ShopOrder:
    """An `Action=new` that passed the checks; `form` holds every value as Afterbuy keeps it."""

    form: dict[str, str]
    positions: tuple[ShopPosition, ...]
    vid: str
    check_vid: bool
    bought_at: datetime | None
    shipping_cost: str
    cut: tuple[str, ...] = field(default=())  # parameters Afterbuy shortened


def shop_form(query: dict[str, list[str]], body: bytes) -> dict[str, str]:
    """The parameters of a shop interface call, names case-folded; raises `BadRequest`."""
    form = {k.casefold(): v[0] for k, v in query.items()}
    if body:
        try:  # ShopInterfaceUTF8.aspx: percent-encoded UTF-8
            text = body.decode("utf-8")
            parsed = parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            raise BadRequest(2, "Ungültige Zeichenkodierung (UTF-8 erwartet).") from exc
        form.update({k.casefold(): v[0] for k, v in parsed.items()})
    return form


def parse_new_order(form: dict[str, str]) -> ShopOrder:
    """Check an `Action=new` form; raises `BadRequest` with the text Afterbuy would answer."""
    for key, allowed in _CHOICES.items():
        if form.get(key, "") not in allowed | {""}:
            raise BadRequest(2, f"Ungültiger Wert für {key}.")
    for key in ("kbenutzername", "kland", "posanz"):
        if not form.get(key, "").strip():
            raise BadRequest(2, f"Pflichtfeld fehlt: {key}.")
    count = _integer(form["posanz"], "PosAnz")
    if count < 1:
        raise BadRequest(2, "PosAnz muss mindestens 1 sein.")
    by_product_id = form.get("artikelerkennung", "0") in ("", "0")
    kept = dict(form)
    cut = [key for key, limit in SHOP_LIMITS.items() if len(form.get(key, "")) > limit]
    for key in cut:
        kept[key] = form[key][: SHOP_LIMITS[key]]
    positions = []
    for n in range(1, count + 1):
        for key, limit in _POSITION_LIMITS.items():
            if len(form.get(f"{key}_{n}", "")) > limit:
                kept[f"{key}_{n}"] = form[f"{key}_{n}"][:limit]
                cut.append(f"{key}_{n}")
        positions.append(_position(kept, n, by_product_id))
    bought = form.get("buydate", "")
    try:
        bought_at = parse_stamp(bought) if bought else None
        shipping = form.get("versandkosten", "") or "0"
        parse_amount(shipping)
    except ValueError as exc:
        raise BadRequest(2, "Ungültiges Datum oder ungültiger Betrag.") from exc
    return ShopOrder(
        form=kept,
        positions=tuple(positions),
        vid=kept.get("vid", ""),
        check_vid=form.get("checkvid") == "1",
        bought_at=bought_at,
        shipping_cost=shipping,
        cut=tuple(cut),
    )


def _position(form: dict[str, str], n: int, by_product_id: bool) -> ShopPosition:
    article = form.get(f"artikelnr_{n}", "").strip()
    title = form.get(f"artikelname_{n}", "")
    if not article or not title:
        raise BadRequest(2, f"Pflichtfeld fehlt: Artikelnr_{n} oder Artikelname_{n}.")
    if by_product_id and not article.isdigit():
        raise BadRequest(2, f"Artikelnr_{n} ist keine ProductID.")
    try:
        price = parse_amount(form.get(f"artikelepreis_{n}", ""))
        tax = form.get(f"artikelmwst_{n}", "")
        if tax:
            parse_amount(tax)
        quantity = _plain(form.get(f"artikelmenge_{n}", ""))
    except ValueError as exc:
        raise BadRequest(2, f"Ungültiger Preis, Steuersatz oder Menge in Position {n}.") from exc
    if quantity < 1:
        raise BadRequest(2, f"Ungültige Menge in Position {n}.")
    return ShopPosition(article, title, quantity, price, tax)


def _integer(text: str, what: str) -> int:
    try:
        return _plain(text)
    except ValueError as exc:
        raise BadRequest(2, f"Request XML Parsefehler: {what}") from exc


def _plain(text: str) -> int:
    if not _INTEGER.fullmatch(text.strip()):
        raise ValueError(text)
    return int(text)


def _text(node: etree._Element | None, tag: str) -> str:
    found = None if node is None else node.find(tag)
    return (found.text or "").strip() if found is not None else ""
