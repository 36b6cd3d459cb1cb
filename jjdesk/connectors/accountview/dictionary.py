"""Discovery: which business objects and tables this AccountView has, and their fields.

`accountviewsystembusinessobjects` lists the business objects (code, Dutch description,
whether inserts are allowed); `accountviewfields?BusinessObject=` lists each one's
fields with their table (`DBF_NAME`) and type. jjdesk finds the articles, sales orders
and invoices by their description unless the merchant names the codes, and checks that
every field its mapping uses exists, so a mismatch is one clear message naming the
fields instead of a refusal per order.
"""

from __future__ import annotations

from dataclasses import dataclass

from jjdesk import i18n
from jjdesk.connectors.accountview.client import AccountViewClient
from jjdesk.errors import ConfigFailure

i18n.register(
    {
        "av.no_object": {
            "de": "AccountView: kein Geschäftsobjekt für {role} gefunden",
            "en": "AccountView: no business object found for {role}",
        },
        "av.no_object.msg": {
            "de": "Keines der Geschäftsobjekte dieser Verwaltung passt zu {role}. Bitte den "
            "Code in den Einstellungen eintragen.",
            "en": "None of this company's business objects fits {role}. Please enter its "
            "code in the settings.",
        },
        "av.missing_fields": {
            "de": "AccountView: Felder fehlen in {object}",
            "en": "AccountView: fields missing in {object}",
        },
        "av.missing_fields.msg": {
            "de": "Die Feldzuordnung nennt Felder, die {object} nicht hat: {fields}. Bitte die "
            "Zuordnung in den Einstellungen anpassen.",
            "en": "The field mapping names fields {object} does not have: {fields}. Please "
            "adjust the mapping in the settings.",
        },
        "av.role.article": {"de": "Artikel", "en": "articles"},
        "av.role.debtor": {"de": "Debitoren", "en": "debtors"},
        "av.role.contact": {"de": "Kontaktpersonen", "en": "contact persons"},
        "av.role.order": {"de": "Verkaufsaufträge", "en": "sales orders"},
        "av.role.invoice": {"de": "Verkaufsrechnungen", "en": "sales invoices"},
    }
)

# role → (a code AccountView ships with, how its Dutch description begins)
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "debtor": ("AR1", ("debiteur",)),
    "contact": ("CON", ("contactperso",)),
    "article": ("", ("artikelen", "artikel ")),
    "order": ("", ("verkooporder",)),
    "invoice": ("", ("verkoopfactu", "facturen")),
}


@dataclass(frozen=True)
class BusinessObject:
    """A business object with its tables' fields (table → field → type)."""

    code: str
    tables: dict[str, dict[str, str]]

    def table_of(self, field_name: str) -> str:
        """The table holding a field ("" when none does)."""
        return next((t for t, f in self.tables.items() if field_name in f), "")

    def field_type(self, table: str, field_name: str) -> str:
        return self.tables.get(table, {}).get(field_name, "C")

    def require(self, names: list[str]) -> None:
        """A `ConfigFailure` naming every mapped field this object lacks."""
        missing = sorted({n for n in names if not self.table_of(n)})
        if missing:
            raise ConfigFailure(
                i18n.text("av.missing_fields", object=self.code),
                i18n.text("av.missing_fields.msg", object=self.code, fields=", ".join(missing)),
            )


class Dictionary:
    """The business objects of one company, read once per run when first needed."""

    def __init__(self, client: AccountViewClient, codes: dict[str, str]) -> None:
        self._client = client
        self._codes = {role: code.strip().upper() for role, code in codes.items() if code.strip()}
        self._objects: list[dict[str, object]] | None = None
        self._found: dict[str, BusinessObject] = {}

    def object(self, role: str) -> BusinessObject:
        """The business object for a role, with its fields."""
        if role not in self._found:
            code = self._codes.get(role) or self._discover(role)
            rows = self._client.get("accountviewfields", {"BusinessObject": code})
            tables: dict[str, dict[str, str]] = {}
            for row in rows if isinstance(rows, list) else []:
                table = str(row.get("DBF_NAME", "")).upper()
                name = str(row.get("FIELD_NAME", "")).upper()
                if table and name:
                    tables.setdefault(table, {})[name] = str(row.get("FIELD_TYPE") or "C")
            self._found[role] = BusinessObject(code, tables)
        return self._found[role]

    def _discover(self, role: str) -> str:
        if self._objects is None:
            answer = self._client.get("accountviewsystembusinessobjects")
            self._objects = (
                [o for o in answer if isinstance(o, dict)] if isinstance(answer, list) else []
            )
        known, words = ROLES[role]
        codes = {str(o.get("Code", "")).upper(): o for o in self._objects}
        if known and known in codes:
            return known
        for entry in self._objects:
            description = str(entry.get("Description", "")).casefold()
            if description.startswith(words) and entry.get("InsertAllowed", True):
                return str(entry.get("Code", "")).upper()
        name = i18n.text(f"av.role.{role}")
        raise ConfigFailure(
            i18n.text("av.no_object", role=name), i18n.text("av.no_object.msg", role=name)
        )
