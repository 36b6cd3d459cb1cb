"""An AccountView.Net API v3 simulator: dictionaries, positional rows, OAuth2 code flow.

Serves, for `SimulatorServer`, under `/api/v3/`:
- `GET authorize` (the merchant's consent, given at once: a redirect with a code and
  the state) and `POST token` (authorization code or refresh token; every refresh hands
  out a new refresh token and retires the old one, unless `rotate` is off);
- `GET companies`, `GET accountviewsystembusinessobjects`, `GET accountviewfields`;
- `GET accountviewdata` with `Fields`, `Filter…1..n` (Equal, GreaterThanOrEqual, lists
  of values), `SortFields`, `PageSize` and `LastKey` paging; answers `{TABLE: [rows]}`;
- `POST accountviewdata`: a table definition and positional rows (header + details).
  Debtors are updated by their number; documents are inserted — with NO duplicate
  protection, as AccountView, so a second POST of an order makes a second document.
Every data call needs the bearer token and `X-Company`.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

from jjdesk.sandbox.server import SimRequest, SimResponse

_JSON = "application/json; charset=utf-8"

# business object → (description, insert allowed, {table: {field: (type, mandatory,
# Dutch description)}})
_C, _N, _L, _T, _M = "C", "N", "L", "T", "M"
CONTACT_FIELDS = {
    "SUB_NR": (_C, True, "Debiteurnummer"),
    "ACCT_NAME": (_C, True, "Bedrijfsnaam"),
    "SRC_CODE": (_C, True, "Zoekcode"),
    "IS_COMP": (_L, False, "Bedrijf"),
    "ADDRESS1": (_C, False, "Adres"),
    "POST_CODE": (_C, False, "Postcode"),
    "CITY": (_C, False, "Plaats"),
    "CNT_CODE": (_C, False, "Landcode"),
    "MAIL_BUS": (_C, False, "E-mailadres"),
    "TEL_BUS": (_C, False, "Telefoon"),
    "CNG_DATE": (_T, False, "Wijzigingsdatum"),
}
ARTICLE_FIELDS = {
    "ART_CODE": (_C, True, "Artikelcode"),
    "ART_DESC1": (_C, True, "Omschrijving"),
    "ART_DESC2": (_C, False, "Omschrijving 2"),
    "ART_MEMO": (_M, False, "Uitgebreide omschrijving"),
    "EAN_CODE": (_C, False, "EAN-code"),
    "SALE_PRICE": (_N, False, "Verkoopprijs"),
    "VAT_PCT": (_N, False, "Btw-percentage"),
    "WEIGHT": (_N, False, "Gewicht"),
    "ART_GRP": (_C, False, "Artikelgroep"),
    "PICT_URL": (_C, False, "Afbeelding"),
    "MAIN_ART": (_C, False, "Hoofdartikel"),
    "VAR_AXIS": (_C, False, "Variantkenmerk"),
    "VAR_VALUE": (_C, False, "Variantwaarde"),
    "STOCK": (_N, False, "Voorraad"),
    "RES_SALE": (_N, False, "Gereserveerd verkoop"),
    "ORD_PURCH": (_N, False, "Besteld inkoop"),
    "STOCK_MAN": (_L, False, "Voorraadbeheer"),
    "CNG_DATE": (_T, False, "Wijzigingsdatum"),
}
HEADER_FIELDS = {
    "DOC_NR": (_C, False, "Documentnummer"),
    "CUST_REF": (_C, False, "Referentie debiteur"),
    "SUB_NR": (_C, True, "Debiteurnummer"),
    "DOC_DATE": (_T, False, "Datum"),
    "PAY_MTH": (_C, False, "Betaalwijze"),
    "PAY_COND": (_C, False, "Betalingsconditie"),
    "SHIP_COST": (_N, False, "Verzendkosten"),
    "DLV_NAME": (_C, False, "Naam afleveradres"),
    "DLV_ADDR": (_C, False, "Afleveradres"),
    "DLV_PC": (_C, False, "Postcode afleveradres"),
    "DLV_CITY": (_C, False, "Plaats afleveradres"),
    "DLV_CNT": (_C, False, "Land afleveradres"),
}
LINE_FIELDS = {
    "ART_CODE": (_C, True, "Artikelcode"),
    "LINE_DESC": (_C, False, "Omschrijving"),
    "QTY": (_N, True, "Aantal"),
    "PRICE": (_N, False, "Prijs"),
    "VAT_PCT": (_N, False, "Btw-percentage"),
}
OBJECTS: dict[str, tuple[str, bool, dict[str, dict[str, tuple[str, bool, str]]]]] = {
    "GL1": ("Grootboekrekeningen", True, {"LEDGER": {"ACCT_NR": (_C, True, "Rekening")}}),
    "AP1": ("Crediteuren", True, {"CONTACT": CONTACT_FIELDS}),
    "AR1": ("Debiteuren", True, {"CONTACT": CONTACT_FIELDS}),
    "CON": (
        "Contactpersonen",
        True,
        {
            "CONT_PRS": {
                "SUB_NR": (_C, True, "Debiteurnummer"),
                "CONT_NAME": (_C, True, "Naam"),
                "MAIL_BUS": (_C, False, "E-mailadres"),
            }
        },
    ),
    "AGR": ("Artikelgroepen", True, {"ART_GRP": {"GRP_CODE": (_C, True, "Groep")}}),
    "ART": ("Artikelen", True, {"ARTICLE": ARTICLE_FIELDS}),
    "SO1": ("Verkooporders", True, {"SO_HDR": HEADER_FIELDS, "SO_LINE": LINE_FIELDS}),
    "SI1": ("Verkoopfacturen", True, {"SI_HDR": HEADER_FIELDS, "SI_LINE": LINE_FIELDS}),
}
KEYS = {
    "CONTACT": "SUB_NR",
    "CONT_PRS": "_ROW",
    "ARTICLE": "ART_CODE",
    "SO_HDR": "DOC_NR",
    "SI_HDR": "DOC_NR",
}
HEADERS = {"SO_HDR": "SO_LINE", "SI_HDR": "SI_LINE"}


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str


@dataclass
class AccountViewState:
    """Tables by name (a debtor table per business object), rows as field → value."""

    tables: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)

    def rows(self, business_object: str, table: str) -> list[dict[str, Any]]:
        return self.tables.setdefault((business_object, table), [])


class AccountViewSimulator:
    """One company of one AccountView.Net account, for one registered application."""

    name = "accountview"

    def __init__(
        self,
        *,
        client_id: str = "jjdesk-app",
        client_secret: str = "app-secret",
        company: str = "DEMO01",
        rotate: bool = True,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.company = company
        self.rotate = rotate
        self.state = AccountViewState()
        self.refresh_tokens: set[str] = set()
        self.access_tokens: set[str] = set()
        self.retired: set[str] = set()
        self.requests: deque[SimRequest] = deque(maxlen=5000)
        self.refusals: list[str] = []  # the next document POSTs are refused in these words
        self._codes: dict[str, _Grant] = {}
        # a rotated refresh token is retired once its successor (or an access token handed
        # out with it) is used, so that a token answer lost on the way is not fatal
        self._succeeds: dict[str, str] = {}
        self._lock = threading.RLock()
        self._numbers = itertools.count(20260001)
        self._rows = itertools.count(1)

    # --- for tests and the demo ------------------------------------------------------

    def issue_refresh_token(self) -> str:
        """A refresh token as if the merchant had signed in once."""
        with self._lock:
            token = secrets.token_urlsafe(24)
            self.refresh_tokens.add(token)
            return token

    def add_article(self, code: str, name: str, price: str, **fields: Any) -> None:
        """An article in AccountView (fields by AccountView name: STOCK, RES_SALE …)."""
        with self._lock:
            row: dict[str, Any] = {
                "ART_CODE": code,
                "ART_DESC1": name,
                "SALE_PRICE": float(price),
                "VAT_PCT": 21.0,
                "STOCK": 10.0,
                "RES_SALE": 0.0,
                "ORD_PURCH": 0.0,
                "STOCK_MAN": True,
                "CNG_DATE": "2026-01-01T00:00:00",
            }
            row.update(fields)
            rows = self.state.rows("ART", "ARTICLE")
            rows[:] = [r for r in rows if r["ART_CODE"] != code] + [row]

    def update_article(self, code: str, **fields: Any) -> None:
        with self._lock:
            row = next(r for r in self.state.rows("ART", "ARTICLE") if r["ART_CODE"] == code)
            row.update(fields)

    def add_debtor(self, number: str, name: str, email: str, *, company: bool = False) -> None:
        with self._lock:
            self.state.rows("AR1", "CONTACT").append(
                {
                    "SUB_NR": number,
                    "ACCT_NAME": name,
                    "SRC_CODE": name.upper()[:10],
                    "MAIL_BUS": email,
                    "IS_COMP": company,
                }
            )

    def expire_credentials(self) -> None:
        """Every access token runs out (the next call answers 401)."""
        with self._lock:
            self.access_tokens.clear()

    def _used(self, token: str) -> None:
        old = self._succeeds.pop(token, None)
        if old is not None and old in self.refresh_tokens:
            self.refresh_tokens.discard(old)
            self.retired.add(old)

    def refuse_next_documents(self, *messages: str) -> None:
        """AccountView refuses the next documents, in words that may repeat the buyer's."""
        with self._lock:
            self.refusals.extend(messages)

    def debtors(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(r) for r in self.state.rows("AR1", "CONTACT")]

    def contacts(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(r) for r in self.state.rows("CON", "CONT_PRS")]

    def documents(self, business_object: str = "SO1") -> list[dict[str, Any]]:
        """Document headers, each with its `lines`."""
        header_table = next(t for t in OBJECTS[business_object][2] if t in HEADERS)
        with self._lock:
            headers = [dict(r) for r in self.state.rows(business_object, header_table)]
            lines = self.state.rows(business_object, HEADERS[header_table])
            for header in headers:
                header["lines"] = [dict(line) for line in lines if line["_DOC"] == header["DOC_NR"]]
            return headers

    # --- the API ---------------------------------------------------------------------

    def handle(self, request: SimRequest) -> SimResponse:
        with self._lock:
            self.requests.append(request)
            path = request.path.rstrip("/")
            if not path.startswith("/api/v3/"):
                return _json(404, {"Message": "Not found"})
            route = path.removeprefix("/api/v3/").lower()
            if route == "authorize" and request.method == "GET":
                return self._authorize(request)
            if route == "token" and request.method == "POST":
                return self._token(request)
            auth = request.header("Authorization")
            if not auth.startswith("Bearer ") or auth[7:] not in self.access_tokens:
                return _json(401, {"Message": "Authorization has been denied for this request."})
            self._used(auth[7:])
            if route != "companies" and request.header("X-Company") != self.company:
                return _json(403, {"Message": "Unknown company"})
            query = {k: v[-1] for k, v in request.query.items()}
            try:
                match request.method, route:
                    case "GET", "companies":
                        return _json(200, [{"CompanyId": self.company, "Name": "Demo BV"}])
                    case "GET", "accountviewsystembusinessobjects":
                        return _json(
                            200,
                            [
                                {
                                    "Code": code,
                                    "Description": d,
                                    "InsertAllowed": ins,
                                    "UpdateAllowed": ins,
                                    "DeleteAllowed": False,
                                }
                                for code, (d, ins, _) in OBJECTS.items()
                            ],
                        )
                    case "GET", "accountviewfields":
                        return self._fields(query.get("BusinessObject", ""))
                    case "GET", "accountviewdata":
                        return self._read(query)
                    case "POST", "accountviewdata":
                        return self._write(json.loads(request.body or b"{}"))
            except (KeyError, ValueError, TypeError, IndexError) as exc:
                return _json(400, {"Message": f"Ongeldig verzoek ({type(exc).__name__})"})
            return _json(404, {"Message": "Not found"})

    def _authorize(self, request: SimRequest) -> SimResponse:
        query = {k: v[-1] for k, v in request.query.items()}
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return _json(400, {"error": "invalid_request"})
        code = secrets.token_urlsafe(16)
        self._codes[code] = _Grant(query["client_id"], query.get("redirect_uri", ""))
        answer = urlencode({"code": code, "state": query.get("state", "")})
        target = f"{query.get('redirect_uri', '')}?{answer}"
        return SimResponse(302, b"", "text/plain", {"Location": target})

    def _token(self, request: SimRequest) -> SimResponse:
        form = {k: v[-1] for k, v in parse_qs(request.body.decode()).items()}
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return _json(401, {"error": "invalid_client"})
        grant = form.get("grant_type")
        if grant == "authorization_code":
            issued = self._codes.pop(form.get("code", ""), None)
            if issued is None or issued.redirect_uri != form.get("redirect_uri"):
                return _json(400, {"error": "invalid_grant"})
            refresh = secrets.token_urlsafe(24)
        elif grant == "refresh_token":
            old = form.get("refresh_token", "")
            if old not in self.refresh_tokens:
                return _json(400, {"error": "invalid_grant"})
            self._used(old)
            refresh = old
            if self.rotate:
                refresh = secrets.token_urlsafe(24)
                self._succeeds[refresh] = old
        else:
            return _json(400, {"error": "unsupported_grant_type"})
        self.refresh_tokens.add(refresh)
        access = secrets.token_urlsafe(24)
        self.access_tokens.add(access)
        if refresh in self._succeeds:
            self._succeeds[access] = self._succeeds[refresh]
        return _json(
            200,
            {
                "access_token": access,
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token": refresh,
            },
        )

    def _fields(self, code: str) -> SimResponse:
        found = OBJECTS.get(code.upper())
        if found is None:
            return _json(400, {"Message": f"Onbekend bedrijfsobject {code}"})
        rows = []
        for number, (table, fields) in enumerate(found[2].items()):
            for offset, (name, (kind, mandatory, description)) in enumerate(fields.items()):
                rows.append(
                    {
                        "FLD_DESC": description,
                        "FIELD_NAME": name,
                        "DBF_NAME": table,
                        "FIELD_LEN": 40,
                        "FIELD_TYPE": kind,
                        "INP_MAND": mandatory,
                        "DCT_FLD_Id": number * 1000 + offset,
                    }
                )
        return _json(200, rows)

    def _read(self, query: dict[str, str]) -> SimResponse:
        code = query["BusinessObject"].upper()
        tables = OBJECTS[code][2]
        wanted = [f.strip().upper() for f in query.get("Fields", "").split(",") if f.strip()]
        table = wanted[0].split(".", 1)[0] if wanted else next(iter(tables))
        if table not in tables:
            return _json(400, {"Message": f"Onbekende tabel {table}"})
        names = [w.split(".", 1)[1] for w in wanted if "." in w]
        for name in names:
            if name not in tables[table]:
                return _json(400, {"Message": f"Onbekend veld {name}"})
        rows = list(self.state.rows(code, table))
        number = 1
        while f"FilterControlSource{number}" in query:
            source = query[f"FilterControlSource{number}"].upper().split(".", 1)[-1]
            values = query.get(f"FilterValue{number}", "")
            options = (
                values.split(",")
                if query.get(f"FilterIsListOfValues{number}") == "true"
                else [values]
            )
            operator = query.get(f"FilterOperator{number}", "Equal")
            if operator == "Equal":
                folded = {o.casefold() for o in options}
                rows = [r for r in rows if str(r.get(source, "")).casefold() in folded]
            elif operator == "GreaterThanOrEqual":
                rows = [r for r in rows if str(r.get(source, "")) >= options[0]]
            else:
                return _json(400, {"Message": f"Onbekende operator {operator}"})
            number += 1
        sort = query.get("SortFields", "").upper().split(".", 1)[-1] or KEYS.get(table, "")
        rows.sort(key=lambda r: _sortable(r.get(sort)))
        if query.get("SortOrder", "ASC").upper() == "DESC":
            rows.reverse()
        last = query.get("LastKey") or query.get("lastKey")
        if last:
            rows = [r for r in rows if _sortable(r.get(sort)) > _sortable(last)]
        size = int(query.get("PageSize", "100"))
        page = rows[:size]
        return _json(200, {table: [{n: r.get(n) for n in (names or tables[table])} for r in page]})

    def _write(self, body: dict[str, Any]) -> SimResponse:
        code = str(body["BusinessObject"]).upper()
        tables = OBJECTS[code][2]
        definition = body["Table"]["Definition"]
        header_table = str(definition["Name"]).upper()
        header_rows = [_values(definition, r) for r in body["TableData"]["Data"]["Rows"]]
        details = []
        for number, detail in enumerate(body["Table"].get("DetailDefinitions") or []):
            rows = body["TableData"].get("DetailData", [])[number]["Rows"]
            details.append((str(detail["Name"]).upper(), [_values(detail, r) for r in rows]))
        for table, rows in [(header_table, header_rows), *details]:
            if table not in tables:
                return _json(400, {"Message": f"Tabel {table} hoort niet bij {code}"})
            for row in rows:
                for name in row:
                    if name not in tables[table] and name not in ("RowId", "HeaderId"):
                        return _json(400, {"Message": f"Onbekend veld {name} in {table}"})
                for name, (_, mandatory, description) in tables[table].items():
                    if mandatory and not str(row.get(name, "")).strip() and name != KEYS.get(table):
                        return _json(400, {"Message": f"Veld {description} is verplicht"})
        if header_table in HEADERS and self.refusals:
            return _json(400, {"Message": self.refusals.pop(0)})
        articles = {r["ART_CODE"] for r in self.state.rows("ART", "ARTICLE")}
        for _table, rows in details:
            for row in rows:
                if "ART_CODE" in row and row["ART_CODE"] not in articles:
                    return _json(400, {"Message": f"Artikel {row['ART_CODE']} bestaat niet"})
        numbers = []
        for row in header_rows:
            numbers.append(self._store(code, header_table, row, details))
        return _json(200, {"Result": "OK", "Keys": numbers})

    def _store(
        self,
        code: str,
        table: str,
        row: dict[str, Any],
        details: list[tuple[str, list[dict[str, Any]]]],
    ) -> str:
        stored = self.state.rows(code, table)
        key = KEYS.get(table, "_ROW")
        if table == "CONTACT":
            existing = next((r for r in stored if r["SUB_NR"] == row["SUB_NR"]), None)
            if existing is not None:  # a known debtor number: an update
                existing.update({k: v for k, v in row.items() if k != "RowId"})
                return str(row["SUB_NR"])
        clean = {k: v for k, v in row.items() if k not in ("RowId", "HeaderId")}
        if key == "DOC_NR" and not clean.get("DOC_NR"):
            clean["DOC_NR"] = str(next(self._numbers))
        if key == "_ROW":
            clean["_ROW"] = str(next(self._rows))
        stored.append(clean)
        for detail_table, rows in details:
            lines = self.state.rows(code, detail_table)
            for line in rows:
                if line.get("HeaderId") == row.get("RowId"):
                    kept = {k: v for k, v in line.items() if k not in ("RowId", "HeaderId")}
                    lines.append({**kept, "_DOC": clean.get("DOC_NR", "")})
        return str(clean.get(key, ""))


def _values(definition: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    names = [str(f["Name"]) for f in definition["Fields"]]
    values = row["Values"]
    if len(values) != len(names):
        raise ValueError("values do not match the definition")
    return {
        n if n in ("RowId", "HeaderId") else n.upper(): v
        for n, v in zip(names, values, strict=True)
    }


def _sortable(value: object) -> tuple[int, float, str]:
    text = "" if value is None else str(value)
    try:
        return (0, float(text), "")
    except ValueError:
        return (1, 0.0, text)


def _json(status: int, body: object) -> SimResponse:
    return SimResponse(status, json.dumps(body).encode(), _JSON)
