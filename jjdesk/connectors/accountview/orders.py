"""Shop orders into AccountView as sales orders or invoices (`OrderSink`).

AccountView refuses no duplicate by itself, so the only guard is jjdesk's look-up of the
field that holds the shop's order number (`document.reference`). Before an order is
written, every article is checked to exist (a missing one makes the order need action,
naming the SKU), then the customer is found by e-mail and updated, or created: a
company name makes a company debtor with the buyer as its contact person, otherwise a
person debtor; a default debtor, when the merchant names one, takes every order. The
payment method and terms are mapped from the shop's payment method. What AccountView
says about a refusal is scrubbed of the buyer's personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from jjdesk import i18n
from jjdesk.connectors.accountview.client import AccountViewClient, Filter, Row
from jjdesk.connectors.accountview.dictionary import BusinessObject, Dictionary
from jjdesk.connectors.accountview.fieldmap import of
from jjdesk.connectors.accountview.values import text
from jjdesk.connectors.privacy import scrub
from jjdesk.domain.models import Address, Order, Retry, ShipmentInfo
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import ItemProblem, OutcomeUnknown

CENT = Decimal("0.01")
FIRST_DEBTOR = 10000
LOCAL = ZoneInfo("Europe/Amsterdam")  # AccountView is Dutch bookkeeping

i18n.register(
    {
        "av.order.missing_article": {
            "de": "Artikel fehlt in AccountView: {skus}",
            "en": "Article missing in AccountView: {skus}",
        },
        "av.order.missing_article.hint": {
            "de": "Den Artikel in AccountView anlegen (oder die SKU im Shop korrigieren); "
            "jjdesk versucht die Bestellung dann erneut.",
            "en": "Create the article in AccountView (or correct the SKU in the shop); jjdesk "
            "then tries the order again.",
        },
        "av.order.no_debtor": {
            "de": "Die Bestellung hat keine E-Mail-Adresse, über die jjdesk den Debitor findet.",
            "en": "The order has no e-mail address by which jjdesk finds the debtor.",
        },
        "av.order.no_debtor.hint": {
            "de": "In den Einstellungen einen Standard-Debitor eintragen.",
            "en": "Enter a default debtor in the settings.",
        },
        "av.order.debtor_number": {
            "de": "AccountView vergibt Debitorennummern, die jjdesk nicht fortzählen kann "
            "(„{number}“).",
            "en": "AccountView's debtor numbers cannot be counted on by jjdesk (“{number}”).",
        },
        "av.order.debtor_unknown": {
            "de": "Der Debitor wurde vielleicht angelegt, die Antwort ging verloren; der "
            "nächste Lauf findet ihn über die E-Mail-Adresse.",
            "en": "The debtor may have been created and the answer lost; the next run finds "
            "it by the e-mail address.",
        },
    }
)


@dataclass(frozen=True)
class SinkSettings:
    """The merchant's choices for writing orders."""

    document: str = "order"  # "order" or "invoice": the role of the business object
    default_debtor: str = ""
    # shop method → AV code; an unmapped method leaves the field to the debtor's default
    payment_methods: dict[str, str] = field(default_factory=dict)
    payment_terms: dict[str, str] = field(default_factory=dict)  # shop method → AV terms
    add_tax: bool = True  # lines go in net of tax (AccountView's prices are net)


class AccountViewOrders:
    """`OrderSink`: debtors, contacts, sales documents."""

    name = "accountview"

    def __init__(
        self,
        client: AccountViewClient,
        dictionary: Dictionary,
        fields: dict[str, str],
        settings: SinkSettings,
    ) -> None:
        self._client = client
        self._dictionary = dictionary
        self._fields = fields
        self._settings = settings
        self._doc = of(fields, "document")
        self._line = of(fields, "line")
        self._debtor = of(fields, "debtor")
        self._contact = of(fields, "contact")
        self._highest: int | None = None  # the highest debtor number seen in this run

    # --- OrderSink --------------------------------------------------------------------

    def find_orders(self, references: Sequence[str], since: datetime) -> dict[str, str]:
        """Documents by the shop's order number (`since` does not narrow it: a document
        dated by the shop's order date may predate jjdesk's attempt)."""
        if not references:
            return {}
        document = self._document()
        reference = self._doc["reference"]
        table = document.table_of(reference)
        number = self._doc["number"]
        found: dict[str, str] = {}
        for chunk in _chunks(list(references), 50):
            for row in self._client.rows(
                document.code,
                table,
                [number, reference],
                [Filter.equal(f"{table}.{reference}", *chunk)],
                key=number,
            ):
                ref = text(row, reference)
                if ref in chunk and ref not in found:
                    found[ref] = text(row, number) or ref
        return found

    def create_order(self, order: Order, reference: str) -> str:
        """Articles checked, debtor found or made, then the document (not safe to repeat)."""
        self._check_articles(order)
        debtor = self._settings.default_debtor.strip() or self._debtor_for(order)
        document = self._document()
        header, lines = self._document_rows(document, order, reference, debtor)
        try:
            self._client.post(
                document.code,
                header,
                [lines],
                book_date=order.created_at,
                item=("order", order.channel_order_id),
            )
        except ItemProblem as problem:
            raise _scrubbed(problem, order) from None
        found = self.find_orders([reference], order.created_at)
        return found.get(reference, reference)

    def shipments(self, sink_order_ids: Iterable[str]) -> dict[str, ShipmentInfo]:
        """AccountView keeps no tracking data for the shop: nothing to report."""
        return {}

    def tag_done(self, sink_order_ids: Sequence[str], tag: str) -> None:
        """AccountView's documents carry no tags."""

    # --- articles --------------------------------------------------------------------

    def _check_articles(self, order: Order) -> None:
        article = self._dictionary.object("article")
        code = self._fields["article.code"]
        table = article.table_of(code)
        wanted = sorted({line.sku for line in order.lines if line.sku})
        known: set[str] = set()
        for chunk in _chunks(wanted, 50):
            rows = self._client.rows(
                article.code, table, [code], [Filter.equal(f"{table}.{code}", *chunk)], key=code
            )
            known.update(text(r, code) for r in rows)
        missing = [sku for sku in wanted if sku not in known]
        if any(not line.sku for line in order.lines):
            missing.append("—")
        if missing:
            raise ItemProblem(
                "order",
                order.channel_order_id,
                i18n.text("av.order.missing_article", skus=", ".join(missing)),
                field="lines.sku",
                hint=i18n.text("av.order.missing_article.hint"),
                retry=Retry.LATER,
                label=order.order_number,
            )

    # --- debtors ---------------------------------------------------------------------

    def _debtor_for(self, order: Order) -> str:
        email = order.billing.email.strip()
        if not email:
            raise ItemProblem(
                "order",
                order.channel_order_id,
                i18n.text("av.order.no_debtor"),
                field="billing.email",
                hint=i18n.text("av.order.no_debtor.hint"),
                label=order.order_number,
            )
        debtors = self._dictionary.object("debtor")
        table = debtors.table_of(self._debtor["email"])
        number = self._debtor["number"]
        existing = [
            text(r, number)
            for r in self._client.rows(
                debtors.code,
                table,
                [number, self._debtor["email"]],
                [Filter.equal(f"{table}.{self._debtor['email']}", email)],
                key=number,
            )
            if text(r, self._debtor["email"]).casefold() == email.casefold()
        ]
        debtor = existing[0] if existing else self._next_debtor(debtors, table)
        self._write_debtor(debtors, table, debtor, order)
        if order.billing.company.strip():
            self._contact_person(debtor, order)
        return debtor

    def _next_debtor(self, debtors: BusinessObject, table: str) -> str:
        """A free debtor number: the highest one read once per run, then counted on and
        checked to be free (someone may create debtors in AccountView meanwhile)."""
        number = self._debtor["number"]
        if self._highest is None:
            highest = FIRST_DEBTOR - 1
            for row in self._client.rows(debtors.code, table, [number], key=number):
                value = text(row, number)
                if value.isdigit():
                    highest = max(highest, int(value))
            self._highest = highest
        while True:
            self._highest += 1
            candidate = str(self._highest)
            taken = self._client.rows(
                debtors.code,
                table,
                [number],
                [Filter.equal(f"{table}.{number}", candidate)],
                key=number,
            )
            if not any(text(r, number) == candidate for r in taken):
                return candidate

    def _write_debtor(self, debtors: BusinessObject, table: str, debtor: str, order: Order) -> None:
        billing = order.billing
        company = billing.company.strip()
        person = " ".join(p for p in (billing.first_name, billing.last_name) if p).strip()
        name = company or person
        values = {
            "number": debtor,
            "name": name[:50],
            "search_code": _search_code(name),
            "is_company": bool(company),
            "street": billing.street,
            "postal_code": billing.postal_code,
            "city": billing.city,
            "country": billing.country_code,
            "email": billing.email,
            "phone": billing.phone,
        }
        row = _row(debtors, table, {self._debtor[k]: v for k, v in values.items()})
        self._post_customer(debtors.code, row, order)

    def _contact_person(self, debtor: str, order: Order) -> None:
        contacts = self._dictionary.object("contact")
        email_field = self._contact["email"]
        table = contacts.table_of(email_field)
        link = self._contact["debtor"]
        email = order.billing.email.strip()
        rows = self._client.rows(
            contacts.code,
            table,
            [link, email_field],
            [Filter.equal(f"{table}.{link}", debtor)],
            key=link,
        )
        if any(text(r, email_field).casefold() == email.casefold() for r in rows):
            return
        billing = order.billing
        name = " ".join(p for p in (billing.first_name, billing.last_name) if p).strip()
        values: dict[str, object] = {
            link: debtor,
            self._contact["name"]: name[:50],
            email_field: email,
        }
        self._post_customer(contacts.code, _row(contacts, table, values), order)

    def _post_customer(self, code: str, row: Row, order: Order) -> None:
        try:
            self._client.post(code, row, book_date=utcnow(), item=("order", order.channel_order_id))
        except ItemProblem as problem:
            raise _scrubbed(problem, order) from None
        except OutcomeUnknown as exc:
            # no document went out: the order is not in doubt, the next run finds the
            # debtor by its e-mail address
            raise ItemProblem(
                "order",
                order.channel_order_id,
                i18n.text("av.order.debtor_unknown"),
                field="customer",
                retry=Retry.SOON,
                label=order.order_number,
            ) from exc

    # --- documents -------------------------------------------------------------------

    def _document(self) -> BusinessObject:
        document = self._dictionary.object(self._settings.document)
        document.require(
            [v for k, v in self._doc.items() if k in ("number", "reference", "debtor")]
        )
        document.require([self._line["article"], self._line["quantity"], self._line["price"]])
        return document

    def _document_rows(
        self, document: BusinessObject, order: Order, reference: str, debtor: str
    ) -> tuple[Row, Row]:
        doc = self._doc
        method = order.payment_method
        delivery = order.shipping or order.billing
        header_values: dict[str, object] = {
            doc["reference"]: reference,
            doc["debtor"]: debtor,
            # AccountView keeps local dates: an order at 00:30 in Amsterdam on 1 January
            # belongs to the new year's first period, not to 31 December (UTC)
            doc["date"]: order.created_at.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M:%S"),
            doc["payment_method"]: self._settings.payment_methods.get(method, ""),
            doc["payment_terms"]: self._settings.payment_terms.get(method, ""),
            doc["costs"]: str(self._net(order.shipping_cost, _main_rate(order))),
            doc["delivery_name"]: _name(delivery),
            doc["delivery_street"]: delivery.street,
            doc["delivery_postal_code"]: delivery.postal_code,
            doc["delivery_city"]: delivery.city,
            doc["delivery_country"]: delivery.country_code,
        }
        header_table = document.table_of(doc["reference"])
        line_table = next(
            (
                t
                for t, f in document.tables.items()
                if t != header_table and self._line["article"] in f
            ),
            header_table,
        )
        header_values = {
            k: v for k, v in header_values.items() if k in document.tables[header_table]
        }
        header = _row(document, header_table, {"RowId": "1", **header_values})
        line_fields = ["RowId", "HeaderId"] + [
            self._line[k] for k in ("article", "description", "quantity", "price", "tax_rate")
        ]
        line_fields = [
            f for f in line_fields if f in ("RowId", "HeaderId") or f in document.tables[line_table]
        ]
        rows = []
        for number, line in enumerate(order.lines, start=1):
            values = {
                "RowId": str(number),
                "HeaderId": "1",
                self._line["article"]: line.sku,
                self._line["description"]: line.title[:60],
                self._line["quantity"]: line.quantity,
                self._line["price"]: str(self._net(line.unit_price, line.tax_rate)),
                self._line["tax_rate"]: str(line.tax_rate or Decimal("0")),
            }
            rows.append(tuple(values[f] for f in line_fields))
        lines = Row(
            line_table,
            tuple((f, document.field_type(line_table, f)) for f in line_fields),
            tuple(rows),
        )
        return header, lines

    def _net(self, gross: Decimal, rate: Decimal | None) -> Decimal:
        if self._settings.add_tax and rate:
            gross = gross / (1 + rate / 100)
        return gross.quantize(CENT, rounding=ROUND_HALF_UP)


def _row(obj: BusinessObject, table: str, values: dict[str, object]) -> Row:
    """One positional row of the fields the table has (RowId/HeaderId always)."""
    kept = {
        k: v
        for k, v in values.items()
        if k in ("RowId", "HeaderId") or k in obj.tables.get(table, {})
    }
    return Row(
        table,
        tuple((name, obj.field_type(table, name)) for name in kept),
        (tuple(kept.values()),),
    )


def _name(address: Address) -> str:
    person = " ".join(p for p in (address.first_name, address.last_name) if p)
    return (address.company or person).strip()[:50]


def _search_code(name: str) -> str:
    letters = "".join(c for c in name.upper() if c.isalnum())
    return letters[:10] or "WEBSHOP"


def _main_rate(order: Order) -> Decimal | None:
    rates = [line.tax_rate for line in order.lines if line.tax_rate is not None]
    return max(rates) if rates else None


def _chunks(values: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _scrubbed(problem: ItemProblem, order: Order) -> ItemProblem:
    problem.message = scrub(problem.message, order)
    problem.item_id = order.channel_order_id
    problem.label = order.order_number
    return problem
