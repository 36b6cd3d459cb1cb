"""Articles in MijnWebwinkel: created or updated by SKU/EAN, with categories, images,
variants and per-variant stock.

One AccountView article (or variant group) is one shop article. It is found by its link
(kept after jjdesk created or found it) or, the first time, by SKU or EAN among the
shop's articles, so articles the merchant made by hand are updated, not doubled.
Fields the merchant marks "only on create" go out with the POST that creates the article
and never with a PATCH, so texts enriched in the shop stay. Categories are created
before the articles that use them. Variants are combinations of options of the shop's
article lists (which the API cannot create: the merchant names one per option axis);
missing option values are added to the list. `stock: null` is unlimited stock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jjdesk import i18n
from jjdesk.connectors.mijnwebwinkel.client import MwwClient
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import (
    ChannelPayload,
    ChannelTraits,
    ItemOutcome,
    Product,
    ProductKind,
    Retry,
    StockLevel,
)
from jjdesk.domain.ports import IdLinks
from jjdesk.errors import ItemProblem, OutcomeUnknown

ARTICLE = "article"  # link kind: source key → shop article id
VARIANT = "variant"  # link kind: variant child key → "<article id>:<variant id>"
CATEGORY = "category"  # link kind: category path "A > B" → shop category id
CREATE_ONLY_FIELDS = ("name", "description", "price", "categories", "images", "extra")
CENT = Decimal("0.01")

i18n.register(
    {
        "mww.no_name": {"de": "Der Artikel hat keinen Namen.", "en": "The article has no name."},
        "mww.no_name.hint": {
            "de": "In AccountView eine Artikelbeschreibung eintragen.",
            "en": "Enter an article description in AccountView.",
        },
        "mww.no_price": {"de": "Der Artikel hat keinen Preis.", "en": "The article has no price."},
        "mww.no_price.hint": {
            "de": "In AccountView einen Verkaufspreis eintragen.",
            "en": "Enter a selling price in AccountView.",
        },
        "mww.no_list": {
            "de": "Für die Variantenachse „{axis}“ ist keine MijnWebwinkel-Artikelliste "
            "eingetragen.",
            "en": "No MijnWebwinkel article list is set for the variant axis “{axis}”.",
        },
        "mww.no_list.hint": {
            "de": "In MijnWebwinkel eine Liste „{axis}“ anlegen und ihre Nummer in den "
            "Einstellungen unter „Artikelliste je Variantenachse“ eintragen.",
            "en": "Create a list “{axis}” in MijnWebwinkel and enter its number in the "
            "settings under “Article list per variant axis”.",
        },
        "mww.unknown_outcome": {
            "de": "Die Antwort von MijnWebwinkel ging verloren; der nächste Lauf sucht den "
            "Artikel über seine SKU, statt ihn doppelt anzulegen.",
            "en": "MijnWebwinkel's answer was lost; the next run looks for the article by "
            "its SKU instead of creating it twice.",
        },
    }
)


@dataclass(frozen=True)
class ArticleSettings:
    """How AccountView's articles become shop articles (the merchant's choices)."""

    create_only: frozenset[str] = frozenset({"description"})
    add_tax: bool = True  # AccountView keeps net prices; the shop shows gross ones
    variant_lists: dict[str, int] = field(default_factory=dict)  # option axis → list id


class MwwArticles:
    """`ProductChannel` for MijnWebwinkel; call it from one thread."""

    name = "mijnwebwinkel"
    traits = ChannelTraits(batch_size=10, stock_batch_size=50)

    def __init__(
        self,
        client: MwwClient,
        links: IdLinks,
        settings: ArticleSettings,
        catalog_path: Callable[[str], tuple[str, ...]],
    ) -> None:
        self._client = client
        self._links = links
        self._settings = settings
        self._catalog_path = catalog_path
        self._index: dict[str, int] | None = None  # SKU and EAN → article id
        self._categories: dict[str, int] | None = None  # "A > B" → category id

    # --- ProductChannel --------------------------------------------------------------

    def build(self, product: Product, action: ExportAction) -> list[ChannelPayload]:
        """The article body (without stock: that is the stock flow's)."""
        if not product.name.strip():
            raise _problem(product, "name", "mww.no_name")
        if product.selling_price is None:
            raise _problem(product, "price", "mww.no_price")
        body: dict[str, object] = {
            "name": product.name.strip(),
            "sku": product.article_number or product.product_id,
            "description": product.description or product.short_description,
            "taxable": product.tax_rate is None or product.tax_rate > 0,
            "price": {"default": str(self._price(product.selling_price, product.tax_rate))},
            "extra": {"invisible": {"barcode": product.ean}} if product.ean else {},
            "categories": [
                " > ".join(path)
                for path in (self._catalog_path(c) for c in product.catalog_ids)
                if path
            ],
            "images": [p.url for p in sorted(product.pictures, key=lambda p: p.position)],
        }
        if product.kind is ProductKind.VARIATION_PARENT:
            body["variants"] = [self._variant_body(product, child) for child in product.variants]
        status = "active" if action is not ExportAction.SKIP else "inactive"
        return [ChannelPayload(product.product_id, body, status=status)]

    def upsert(self, payloads: Sequence[ChannelPayload]) -> list[ItemOutcome]:
        """Create or update each article; a failure is that article's alone."""
        outcomes = []
        for payload in payloads:
            try:
                outcomes.append(self._upsert(payload))
            except ItemProblem as problem:
                outcomes.append(_failed(payload.key, problem))
            except OutcomeUnknown:
                self._index = None
                outcomes.append(
                    ItemOutcome(
                        payload.key,
                        False,
                        field="article",
                        message=i18n.text("mww.unknown_outcome"),
                        retry=Retry.SOON,
                    )
                )
        return outcomes

    def set_stock(self, levels: Sequence[StockLevel]) -> list[ItemOutcome]:
        """Quantities of simple articles and of variants; unknown ones are skipped."""
        outcomes: list[ItemOutcome] = []
        variants: dict[int, list[tuple[StockLevel, int]]] = {}
        for level in levels:
            linked = self._links.get(VARIANT, level.product_id)
            if linked:
                article_id, variant_id = (int(part) for part in linked.split(":", 1))
                variants.setdefault(article_id, []).append((level, variant_id))
                continue
            simple = self._article_id(level.product_id, "", "")
            if simple is None:
                outcomes.append(ItemOutcome(level.product_id, False, skipped=True))
                continue
            outcomes.append(self._stock(level.product_id, simple, {"stock": _stock(level)}))
        for article_id, group in variants.items():
            body: dict[str, object] = {
                "variants": [{"id": vid, "stock": _stock(lv)} for lv, vid in group]
            }
            first = self._stock(group[0][0].product_id, article_id, body)
            outcomes += [
                ItemOutcome(lv.product_id, first.ok, message=first.message, retry=first.retry)
                for lv, _ in group
            ]
        return outcomes

    def commit(self) -> list[ItemOutcome]:
        """Writes take effect at once."""
        return []

    def verify(self) -> list[ItemOutcome]:
        """The shop processes nothing later."""
        return []

    def remove(self, keys: Sequence[str]) -> list[ItemOutcome]:
        """Delete articles jjdesk linked; unknown keys count as removed."""
        outcomes = []
        for key in keys:
            article_id = self._links.get(ARTICLE, key)
            try:
                if article_id:
                    self._client.call("DELETE", f"articles/{article_id}", item=("article", key))
                self._links.delete(ARTICLE, key)
                outcomes.append(ItemOutcome(key, True))
            except ItemProblem as problem:
                outcomes.append(_failed(key, problem))
        return outcomes

    # --- inside ----------------------------------------------------------------------

    def _upsert(self, payload: ChannelPayload) -> ItemOutcome:
        body = dict(payload.body)
        variants = body.pop("variants", None)
        paths = body.pop("categories", [])
        images = body.pop("images", [])
        assert isinstance(paths, list) and isinstance(images, list)
        body["categories"] = [
            {"category_id": self._category(str(path)), "is_main": i == 0}
            for i, path in enumerate(paths)
        ]
        body["images"] = [{"url": str(url), "position": i + 1} for i, url in enumerate(images)]
        if not body["extra"]:
            del body["extra"]
        extra = payload.body.get("extra") or {}
        barcode = (
            str(extra.get("invisible", {}).get("barcode", "")) if isinstance(extra, dict) else ""
        )
        article_id = self._article_id(payload.key, str(body["sku"]), barcode)
        item = ("article", payload.key)
        if article_id is None:
            answer = self._client.call("POST", "articles", body=body, idempotent=False, item=item)
            article_id = int(answer["id"])
        else:
            for name in self._settings.create_only:
                body.pop(name, None)
            answer = self._client.call("PATCH", f"articles/{article_id}", body=body, item=item)
        self._links.put(ARTICLE, payload.key, str(article_id))
        if self._index is not None:
            self._index[str(body.get("sku") or payload.body["sku"])] = article_id
        if isinstance(variants, list) and variants:
            self._variants(payload.key, article_id, variants, answer)
        return ItemOutcome(payload.key, True, remote_id=str(article_id))

    def _variants(
        self, key: str, article_id: int, wanted: list[Any], article: dict[str, Any]
    ) -> None:
        """Attach the lists, add missing option values, then set the combinations."""
        item = ("article", key)
        list_ids = sorted({int(opt["list_id"]) for v in wanted for opt in v["options"]})
        self._client.call("POST", f"articlelists/{article_id}", body=list_ids, item=item)
        option_ids: dict[tuple[int, str], int] = {}
        for list_id in list_ids:
            known = self._client.call("GET", f"articlelists/{list_id}", item=item)
            names = {str(o["name"]): int(o["id"]) for o in known.get("options", [])}
            missing = sorted(
                {
                    str(opt["name"])
                    for v in wanted
                    for opt in v["options"]
                    if int(opt["list_id"]) == list_id and str(opt["name"]) not in names
                }
            )
            if missing:
                grown = self._client.call(
                    "POST",
                    f"articlelistoptions/{list_id}",
                    body=[{"name": name} for name in missing],
                    idempotent=False,
                    item=item,
                )
                names = {str(o["name"]): int(o["id"]) for o in grown.get("options", [])}
            option_ids.update({(list_id, name): oid for name, oid in names.items()})
        existing = {_combination(v): int(v["id"]) for v in article.get("variants") or []}
        body_variants = []
        for variant in wanted:
            options = [
                {
                    "list_id": int(opt["list_id"]),
                    "option_id": option_ids[(int(opt["list_id"]), str(opt["name"]))],
                    "name": str(opt["name"]),
                }
                for opt in variant["options"]
            ]
            entry: dict[str, object] = {"options": options}
            known_id = existing.get(_combination({"options": options}))
            if known_id is not None:
                entry["id"] = known_id
            body_variants.append(entry)
        answer = self._client.call(
            "PATCH", f"articles/{article_id}", body={"variants": body_variants}, item=item
        )
        made = {_combination(v): int(v["id"]) for v in answer.get("variants") or []}
        for variant, sent in zip(wanted, body_variants, strict=True):
            variant_id = made.get(_combination(sent))
            if variant_id is not None:
                self._links.put(VARIANT, str(variant["key"]), f"{article_id}:{variant_id}")

    def _variant_body(self, parent: Product, child: Product) -> dict[str, object]:
        options = []
        for option in child.options:
            list_id = self._settings.variant_lists.get(option.name)
            if list_id is None:
                raise ItemProblem(
                    "product",
                    parent.product_id,
                    i18n.text("mww.no_list", axis=option.name),
                    field="variants",
                    hint=i18n.text("mww.no_list.hint", axis=option.name),
                    label=parent.article_number or parent.product_id,
                )
            options.append({"list_id": list_id, "name": option.value})
        return {"key": child.product_id, "options": options}

    def _price(self, price: Decimal, rate: Decimal | None) -> Decimal:
        if self._settings.add_tax and rate:
            price = price * (1 + rate / 100)
        return price.quantize(CENT, rounding=ROUND_HALF_UP)

    def _article_id(self, key: str, sku: str, ean: str) -> int | None:
        linked = self._links.get(ARTICLE, key)
        if linked:
            return int(linked)
        index = self._load_index()
        for wanted in (sku or key, ean):
            if wanted and wanted in index:
                return index[wanted]
        return None

    def _load_index(self) -> dict[str, int]:
        """SKU and EAN of every article in the shop, read once per run when needed."""
        if self._index is None:
            index: dict[str, int] = {}
            for article in self._client.pages("articles"):
                barcode = ((article.get("extra") or {}).get("invisible") or {}).get("barcode")
                for value in (article.get("sku"), barcode):
                    if value:
                        index.setdefault(str(value), int(article["id"]))
            self._index = index
        return self._index

    def _category(self, path: str) -> int:
        """The category of a path, created (parents first) when the shop lacks it."""
        known = self._load_categories()
        if path in known:
            return known[path]
        parts = [p.strip() for p in path.split(">")]
        parent: int | None = None
        for depth in range(1, len(parts) + 1):
            sub = " > ".join(parts[:depth])
            if sub not in known:
                body: dict[str, object] = {"title": parts[depth - 1]}
                if parent is not None:
                    body["parent_category_id"] = parent
                answer = self._client.call("POST", "categories", body=body, item=("category", sub))
                known[sub] = int(answer["id"])
                self._links.put(CATEGORY, sub, str(known[sub]))
            parent = known[sub]
        assert parent is not None
        return parent

    def _load_categories(self) -> dict[str, int]:
        if self._categories is None:
            rows = {int(c["id"]): c for c in self._client.pages("categories")}
            paths: dict[str, int] = {}
            for category_id in rows:
                names, seen, current = [], set(), rows.get(category_id)
                while current is not None and int(current["id"]) not in seen:
                    seen.add(int(current["id"]))
                    names.append(str(current.get("title", "")))
                    current = rows.get(int(current.get("parent_category_id") or 0))
                paths[" > ".join(reversed(names))] = category_id
            self._categories = paths
        return self._categories

    def _stock(self, key: str, article_id: int, body: dict[str, object]) -> ItemOutcome:
        try:
            self._client.call("PATCH", f"articles/{article_id}", body=body, item=("stock", key))
        except ItemProblem as problem:
            return _failed(key, problem)
        return ItemOutcome(key, True, remote_id=str(article_id))


def _stock(level: StockLevel) -> int | None:
    """The shop's stock value: null is unlimited."""
    return None if level.unlimited else level.quantity


def _combination(variant: dict[str, Any]) -> frozenset[tuple[int, int]]:
    return frozenset(
        (int(o.get("list_id") or 0), int(o.get("option_id") or 0))
        for o in variant.get("options") or []
    )


def _problem(product: Product, field_name: str, key: str) -> ItemProblem:
    return ItemProblem(
        "product",
        product.product_id,
        i18n.text(key),
        field=field_name,
        hint=i18n.text(f"{key}.hint"),
        label=product.article_number or product.product_id,
    )


def _failed(key: str, problem: ItemProblem) -> ItemOutcome:
    return ItemOutcome(
        key,
        False,
        field=problem.field,
        message=problem.message,
        hint=problem.hint,
        retry=problem.retry,
    )
