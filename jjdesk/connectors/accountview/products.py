"""AccountView's articles as jjdesk's products and stock (`ProductSource`).

Articles are one flat table; an article that names another as its main article
(`article.parent`) is a variant of it, with its option axis and value. Stock is
calculated per leaf from the stock fields the merchant's calculation needs (default:
available minus sales reservations); an article whose stock AccountView does not manage
is unlimited. Optional mapped fields the dictionary lacks are left out; the code, name
and price must exist.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum

from jjdesk import i18n
from jjdesk.connectors.accountview.client import AccountViewClient
from jjdesk.connectors.accountview.dictionary import BusinessObject, Dictionary
from jjdesk.connectors.accountview.fieldmap import of
from jjdesk.connectors.accountview.values import BadValue, flag, moment, number, text
from jjdesk.domain.models import (
    Catalog,
    OptionValue,
    Picture,
    Product,
    ProductKind,
    StockLevel,
    Unreadable,
)

i18n.register(
    {
        "av.article.unreadable": {
            "de": "Artikel nicht lesbar: Feld {field} hat den Wert „{value}“",
            "en": "Article not readable: field {field} has the value “{value}”",
        },
        "av.article.unreadable.hint": {
            "de": "Den Wert in AccountView korrigieren.",
            "en": "Correct the value in AccountView.",
        },
    }
)

REQUIRED = ("code", "name", "price")


class StockCalculation(Enum):
    """What the shop is told is in stock."""

    AVAILABLE_MINUS_RESERVED = "available_minus_reserved"
    ON_HAND = "on_hand"
    WITH_INCOMING = "with_incoming"


class AccountViewProducts:
    """`ProductSource` over the article business object."""

    name = "accountview"
    finds_by_name = False

    def __init__(
        self,
        client: AccountViewClient,
        dictionary: Dictionary,
        fields: dict[str, str],
        calculation: StockCalculation = StockCalculation.AVAILABLE_MINUS_RESERVED,
    ) -> None:
        self._client = client
        self._dictionary = dictionary
        self._article = of(fields, "article")
        self._stock = of(fields, "stock")
        self._calculation = calculation

    def changed_products(self, since: datetime | None) -> Iterator[Product | Unreadable]:
        """Groups (an article with its variants) of which any article changed since."""
        groups = self._groups()
        for rows in groups.values():
            if since is None or any(self._changed(r, since) for r in rows):
                yield self._product(rows)

    def products_by_id(self, product_ids: Sequence[str]) -> Iterator[Product | Unreadable]:
        groups = self._groups()
        for product_id in product_ids:
            if product_id in groups:
                yield self._product(groups[product_id])

    def find_products(self, text_: str) -> Iterator[Product | Unreadable]:
        wanted = text_.strip()
        for rows in self._groups().values():
            if any(wanted in (text(r, self._article["code"]), self._ean(r)) for r in rows):
                yield self._product(rows)

    def all_product_ids(self) -> set[str]:
        return set(self._groups())

    def stock_levels(self, since: datetime | None) -> Iterator[StockLevel | Unreadable]:
        """Every leaf's sellable quantity (AccountView keeps no stock-change moment)."""
        for rows in self._groups().values():
            for row in self._leaves(rows):
                code = text(row, self._article["code"])
                try:
                    yield self._level(row, code)
                except BadValue as bad:
                    yield self._unreadable(code, row, bad)

    def catalogs(self) -> list[Catalog]:
        names = sorted(
            {
                text(r, self._article["category"])
                for rows in self._groups().values()
                for r in rows
                if self._has("category") and text(r, self._article["category"])
            }
        )
        return [Catalog(name, name, None, (name,)) for name in names]

    def catalog_path(self, catalog_id: str) -> tuple[str, ...]:
        """Article groups are one level deep: the path is the group itself."""
        return (catalog_id,) if catalog_id else ()

    # --- inside ----------------------------------------------------------------------

    def _has(self, name: str) -> bool:
        field = self._article.get(name) or self._stock.get(name)
        return bool(field) and bool(self._object().table_of(str(field)))

    def _object(self) -> BusinessObject:
        return self._dictionary.object("article")

    def _groups(self) -> dict[str, list[dict[str, object]]]:
        """Article rows by group: a main article's code → it and its variants."""
        article = self._object()
        article.require([self._article[n] for n in REQUIRED])
        wanted = [
            f for f in (*self._article.values(), *self._stock.values()) if article.table_of(f)
        ]
        code = self._article["code"]
        table = article.table_of(code)
        groups: dict[str, list[dict[str, object]]] = {}
        parent = self._article.get("parent", "")
        for row in self._client.rows(article.code, table, sorted(set(wanted)), key=code):
            key = (text(row, parent) if parent and self._has("parent") else "") or text(row, code)
            groups.setdefault(key, []).append(row)
        return groups

    def _leaves(self, rows: list[dict[str, object]]) -> list[dict[str, object]]:
        children = self._children(rows)
        return children or rows

    def _children(self, rows: list[dict[str, object]]) -> list[dict[str, object]]:
        if not self._has("parent"):
            return []
        return [r for r in rows if text(r, self._article["parent"])]

    def _changed(self, row: dict[str, object], since: datetime) -> bool:
        if not self._has("changed"):
            return True
        try:
            changed = moment(row, self._article["changed"])
        except BadValue:
            return True
        return changed is None or changed >= since

    def _product(self, rows: list[dict[str, object]]) -> Product | Unreadable:
        children = self._children(rows)
        main = next(
            (r for r in rows if not self._has("parent") or not text(r, self._article["parent"])),
            None,
        )
        first = main or children[0]
        code = text(first, self._article["code"])
        if children:
            code = text(children[0], self._article["parent"])
        try:
            if not children:
                return self._simple(first)
            variants = tuple(self._simple(r, parent=code) for r in children)
            base = self._simple(first) if main else variants[0]
            return Product(
                product_id=code,
                name=base.name,
                kind=ProductKind.VARIATION_PARENT,
                description=base.description,
                short_description=base.short_description,
                article_number=code,
                catalog_ids=base.catalog_ids,
                pictures=base.pictures,
                selling_price=base.selling_price,
                tax_rate=base.tax_rate,
                variants=variants,
                modified_at=max((v.modified_at for v in variants if v.modified_at), default=None),
            )
        except BadValue as bad:
            return self._unreadable(code, first, bad)

    def _simple(self, row: dict[str, object], parent: str = "") -> Product:
        field = self._article
        code = text(row, field["code"])
        level = self._level(row, code)
        picture = text(row, field["picture"]) if self._has("picture") else ""
        category = text(row, field["category"]) if self._has("category") else ""
        options: tuple[OptionValue, ...] = ()
        if parent and self._has("option_name"):
            options = (
                OptionValue(text(row, field["option_name"]), text(row, field["option_value"])),
            )
        return Product(
            product_id=code,
            name=text(row, field["name"]),
            kind=ProductKind.VARIATION_CHILD if parent else ProductKind.SIMPLE,
            description=text(row, field["description"]) if self._has("description") else "",
            short_description=(
                text(row, field["short_description"]) if self._has("short_description") else ""
            ),
            article_number=code,
            ean=self._ean(row),
            catalog_ids=(category,) if category else (),
            pictures=(Picture(picture, 1),) if picture else (),
            quantity=None if level.unlimited else level.quantity,
            stock_managed=not level.unlimited,
            selling_price=number(row, field["price"]),
            tax_rate=number(row, field["tax_rate"]) if self._has("tax_rate") else None,
            weight_kg=number(row, field["weight"]) if self._has("weight") else None,
            modified_at=moment(row, field["changed"]) if self._has("changed") else None,
            parent_id=parent or None,
            options=options,
        )

    def _ean(self, row: dict[str, object]) -> str:
        return text(row, self._article["ean"]) if self._has("ean") else ""

    def _level(self, row: dict[str, object], code: str) -> StockLevel:
        stock = self._stock
        managed = flag(row, stock["managed"], empty=True) if self._has("managed") else True
        if not managed:
            return StockLevel(code, 0, unlimited=True)
        zero = Decimal("0")
        on_hand = number(row, stock["on_hand"], empty=zero) if self._has("on_hand") else zero
        quantity = on_hand or zero
        if self._calculation is not StockCalculation.ON_HAND and self._has("reserved"):
            quantity -= number(row, stock["reserved"], empty=zero) or zero
        if self._calculation is StockCalculation.WITH_INCOMING and self._has("incoming"):
            quantity += number(row, stock["incoming"], empty=zero) or zero
        if quantity != quantity.to_integral_value():
            raise BadValue(stock["on_hand"], quantity)
        return StockLevel(code, int(quantity))

    def _unreadable(self, code: str, row: dict[str, object], bad: BadValue) -> Unreadable:
        digest = hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()
        return Unreadable(
            "product",
            code or "?",
            i18n.text("av.article.unreadable", field=bad.field, value=bad.value),
            field=bad.field,
            hint=i18n.text("av.article.unreadable.hint"),
            label=code,
            digest=digest[:16],
        )
