"""The mapper's words: field names for people, and errors that name field and source."""

from __future__ import annotations

from dataclasses import dataclass

from jjdesk import i18n

i18n.register(
    {
        "mapping.error": {
            "de": "Feld „{field}“, Quelle „{source}“: {message}",
            "en": "Field “{field}”, source “{source}”: {message}",
        },
        "mapping.error.line": {
            "de": "Feld „{field}“ (Position {line}), Quelle „{source}“: {message}",
            "en": "Field “{field}” (line {line}), source “{source}”: {message}",
        },
        "mapping.no_source": {"de": "(keine)", "en": "(none)"},
        "mapping.shape": {
            "de": "Die Zuordnung ist beschädigt (bei „{part}“); bitte im Zuordnungs-Editor "
            "neu speichern",
            "en": "The mapping is damaged (at “{part}”); please save it again in the mapping "
            "editor",
        },
        "mapping.missing_required": {
            "de": "Pflichtfeld ist nicht zugeordnet",
            "en": "required field is not mapped",
        },
        "mapping.empty_required": {
            "de": "Pflichtfeld ist in den Daten leer oder fehlt",
            "en": "required field is empty or absent in the data",
        },
        "mapping.unknown_field": {
            "de": "jjdesk kennt dieses Feld nicht",
            "en": "jjdesk does not know this field",
        },
        "mapping.unknown_kind": {
            "de": "unbekannte Art von Ausdruck „{kind}“; erlaubt: {kinds}",
            "en": "unknown kind of expression “{kind}”; allowed: {kinds}",
        },
        "mapping.bad_expression": {
            "de": "der Ausdruck ist ungültig ({detail})",
            "en": "the expression is invalid ({detail})",
        },
        "mapping.no_column": {
            "de": "die Spalte gibt es in den Daten nicht (vorhanden: {columns})",
            "en": "the data has no such column (present: {columns})",
        },
        "mapping.several_values": {
            "de": "der Ausdruck liefert {count} Werte statt einem",
            "en": "the expression yields {count} values instead of one",
        },
        "mapping.not_a_value": {
            "de": "der Ausdruck liefert eine Liste oder Gruppe statt eines Werts",
            "en": "the expression yields a list or group instead of a value",
        },
        "mapping.no_lines": {
            "de": "der Pfad zu den Positionen findet in dieser Bestellung keine",
            "en": "the path to the lines finds none in this order",
        },
        "mapping.lines_path": {
            "de": "braucht einen Pfad zu den Positionen (wiederholtes Element)",
            "en": "needs a path to the lines (the repeated item)",
        },
        "mapping.no_orders": {
            "de": "Der Pfad zu den Bestellungen findet in den Daten nichts",
            "en": "The path to the orders finds nothing in the data",
        },
        "mapping.unknown_transform": {
            "de": "unbekannte Umwandlung „{name}“; erlaubt: {names}",
            "en": "unknown transform “{name}”; allowed: {names}",
        },
        "mapping.transform_param": {
            "de": "Umwandlung „{name}“: {problem}",
            "en": "transform “{name}”: {problem}",
        },
        "mapping.param.format": {
            "de": "braucht ein Datumsformat wie %d.%m.%Y %H:%M",
            "en": "needs a date format such as %d.%m.%Y %H:%M",
        },
        "mapping.param.zone": {
            "de": "Zeitzone „{zone}“ ist unbekannt (z. B. Europe/Berlin)",
            "en": "time zone “{zone}” is unknown (e.g. Europe/Berlin)",
        },
        "mapping.param.value": {
            "de": "braucht einen Wert (Text)",
            "en": "needs a value (text)",
        },
        "mapping.param.table": {
            "de": "braucht eine Tabelle Quelle → Ziel (Text → Text)",
            "en": "needs a table source → target (text → text)",
        },
        "mapping.param.part": {
            "de": "braucht den Teil „street“ (Straße) oder „number“ (Hausnummer)",
            "en": "needs the part “street” or “number”",
        },
        "mapping.not_decimal_comma": {
            "de": "„{value}“ ist keine Zahl mit Dezimalkomma (z. B. 1.234,56)",
            "en": "“{value}” is no number with a decimal comma (e.g. 1.234,56)",
        },
        "mapping.not_number": {
            "de": "„{value}“ ist keine Zahl",
            "en": "“{value}” is not a number",
        },
        "mapping.not_whole": {
            "de": "„{value}“ ist keine ganze Zahl",
            "en": "“{value}” is not a whole number",
        },
        "mapping.not_date": {
            "de": "„{value}“ passt nicht zum Datumsformat „{format}“",
            "en": "“{value}” does not fit the date format “{format}”",
        },
        "mapping.not_iso_date": {
            "de": "„{value}“ ist kein Datum nach ISO 8601; für andere Formen die Umwandlung "
            "„Datumsformat“ wählen",
            "en": "“{value}” is no ISO 8601 date; choose the transform “date format” for other "
            "forms",
        },
        "mapping.not_flag": {
            "de": "„{value}“ ist kein Ja/Nein-Wert (1/0, true/false, ja/nein)",
            "en": "“{value}” is no yes/no value (1/0, true/false, yes/no)",
        },
        "mapping.lookup_miss": {
            "de": "„{value}“ steht nicht in der Nachschlagetabelle (vorhanden: {keys})",
            "en": "“{value}” is not in the lookup table (present: {keys})",
        },
        "mapping.value_hidden": {"de": "der Wert", "en": "the value"},
        "mapping.no_street_number": {
            "de": "in der Adresse ist keine Hausnummer zu erkennen",
            "en": "no house number can be found in the address",
        },
        "mapping.sku_letters": {
            "de": "die SKU „{sku}“ enthält Buchstaben oder Zeichen; Afterbuy erwartet die "
            "ProductID (nur Ziffern)",
            "en": "the SKU “{sku}” contains letters or signs; Afterbuy expects the ProductID "
            "(digits only)",
        },
        "mapping.hint": {
            "de": "Die Zuordnung im Zuordnungs-Editor prüfen oder die Bestellung im Shop "
            "korrigieren; jjdesk übernimmt sie danach beim nächsten Lauf.",
            "en": "Check the mapping in the mapping editor or correct the order in the shop; "
            "jjdesk imports it on the next run after that.",
        },
        # the order model's fields as the merchant reads them
        "mapping.field.order_number": {"de": "Bestellnummer", "en": "Order number"},
        "mapping.field.order_id": {
            "de": "Bestell-ID (wenn anders als die Nummer)",
            "en": "Order ID (if not the number)",
        },
        "mapping.field.created_at": {"de": "Bestelldatum", "en": "Order date"},
        "mapping.field.updated_at": {"de": "Änderungsdatum", "en": "Date changed"},
        "mapping.field.email": {"de": "E-Mail", "en": "E-mail"},
        "mapping.field.lines.sku": {"de": "Position: SKU", "en": "Line: SKU"},
        "mapping.field.lines.title": {"de": "Position: Name", "en": "Line: name"},
        "mapping.field.lines.quantity": {"de": "Position: Menge", "en": "Line: quantity"},
        "mapping.field.lines.unit_price": {
            "de": "Position: Stückpreis (brutto)",
            "en": "Line: unit price (gross)",
        },
        "mapping.field.lines.tax_rate": {"de": "Position: Steuersatz %", "en": "Line: tax rate %"},
        "mapping.field.lines.ean": {"de": "Position: EAN", "en": "Line: EAN"},
        "mapping.field.shipping_cost": {"de": "Versandkosten", "en": "Shipping cost"},
        "mapping.field.shipping_method": {"de": "Versandart", "en": "Shipping method"},
        "mapping.field.payment_method": {"de": "Zahlungsart", "en": "Payment method"},
        "mapping.field.paid": {"de": "Bezahlt", "en": "Paid"},
        "mapping.field.currency": {"de": "Währung", "en": "Currency"},
        "mapping.field.comment": {"de": "Kommentar des Kunden", "en": "Customer comment"},
        "mapping.address.billing": {"de": "Rechnung", "en": "Billing"},
        "mapping.address.shipping": {"de": "Lieferung", "en": "Delivery"},
        "mapping.part.first_name": {"de": "Vorname", "en": "first name"},
        "mapping.part.last_name": {"de": "Nachname", "en": "last name"},
        "mapping.part.company": {"de": "Firma", "en": "company"},
        "mapping.part.street": {"de": "Straße und Hausnummer", "en": "street and number"},
        "mapping.part.street2": {"de": "Adresszusatz", "en": "address line 2"},
        "mapping.part.postal_code": {"de": "PLZ", "en": "postal code"},
        "mapping.part.city": {"de": "Ort", "en": "city"},
        "mapping.part.state": {"de": "Bundesland", "en": "state"},
        "mapping.part.country_code": {"de": "Land (ISO-Code)", "en": "country (ISO code)"},
        "mapping.part.phone": {"de": "Telefon", "en": "phone"},
        "mapping.transform.trim": {"de": "Leerzeichen entfernen", "en": "trim"},
        "mapping.transform.upper": {"de": "Großbuchstaben", "en": "upper case"},
        "mapping.transform.decimal_comma": {
            "de": "Dezimalkomma → Zahl",
            "en": "decimal comma → number",
        },
        "mapping.transform.date": {"de": "Datumsformat", "en": "date format"},
        "mapping.transform.constant": {"de": "fester Wert", "en": "constant"},
        "mapping.transform.lookup": {"de": "Nachschlagetabelle", "en": "lookup table"},
        "mapping.transform.split_street": {
            "de": "„Straße Nr.“ teilen",
            "en": "split “street no.”",
        },
    }
)


def field_label(target: str) -> str:
    """An order field as the merchant reads it ("Rechnung: PLZ")."""
    group, _, part = target.partition(".")
    if group in ("billing", "shipping") and part:
        return f"{i18n.text(f'mapping.address.{group}')}: {i18n.text(f'mapping.part.{part}')}"
    found = i18n.text(f"mapping.field.{target}")
    return target if found == f"mapping.field.{target}" else found


@dataclass(frozen=True, slots=True)
class MappingError:
    """One thing wrong: the mapped field, the source expression, what is wrong (in words).

    `line` is the order line (from 1) for a line field. `text` is the sentence the
    editor, the Errors tab and `config import` show; it never carries a personal value.
    """

    target: str
    source: str
    message: str
    line: int | None = None

    @property
    def text(self) -> str:
        """The whole sentence."""
        source = self.source or i18n.text("mapping.no_source")
        if self.line is not None:
            return i18n.text(
                "mapping.error.line",
                field=field_label(self.target),
                line=self.line,
                source=source,
                message=self.message,
            )
        return i18n.text(
            "mapping.error", field=field_label(self.target), source=source, message=self.message
        )

    @property
    def field(self) -> str:
        """The field as the Errors tab's field column shows it ("lines.sku")."""
        return self.target


def shape_error(part: object) -> ValueError:
    """The saved form is not what `Mapping.to_data` writes."""
    return ValueError(i18n.text("mapping.shape", part=part))
