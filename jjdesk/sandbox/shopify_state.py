"""The simulated shop's data and the GraphQL resolvers over it (products, stock, orders).

Views are plain dicts; fields that take arguments are callables, which graphql-core's
default resolver calls with the arguments. Behaviour follows Shopify's documentation:
productSet replaces the variant list and upserts by identifier, inventorySetQuantities
needs @idempotent and changeFromQuantity, fulfilment closes the fulfilment order.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo
from graphql.execution.values import get_directive_values

from jjdesk.sandbox.shopify_orders import FulfillmentOrderRec, OrderRec
from jjdesk.sandbox.shopify_publications import Publications

MAX_OPTIONS = 3
MAX_VARIANTS = 2048
MAX_QUANTITY = 1_000_000_000
MAX_TITLE = 255

View = dict[str, Any]


def now_iso() -> str:
    """The current time the way Shopify writes DateTime."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(slots=True)
class InventoryItemRec:
    id: str
    sku: str
    tracked: bool = True
    requires_shipping: bool = True
    weight: tuple[float, str] | None = None


@dataclass(slots=True)
class VariantRec:
    id: str
    sku: str
    price: str
    compare_at: str | None
    barcode: str | None
    options: list[tuple[str, str]]
    item: InventoryItemRec


@dataclass(slots=True)
class MediaRec:
    id: str
    url: str
    alt: str
    ready_at: float
    fails: bool

    def status(self) -> str:
        if time.monotonic() < self.ready_at:
            return "PROCESSING"
        return "FAILED" if self.fails else "READY"


@dataclass(slots=True)
class ProductRec:
    id: str
    legacy: int
    title: str = ""
    handle: str = ""
    description_html: str = ""
    vendor: str = ""
    tags: list[str] = field(default_factory=list)
    status: str = "ACTIVE"
    options: list[tuple[str, list[str]]] = field(default_factory=list)
    variants: list[VariantRec] = field(default_factory=list)
    media: list[MediaRec] = field(default_factory=list)
    metafields: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    published: dict[str, str] = field(default_factory=dict)  # publication GID → since


def _cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def _uncursor(text: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(text.encode()))
    except ValueError as exc:
        raise GraphQLError("Invalid cursor for current pagination sort.") from exc


def connection(
    items: Sequence[Any], args: Mapping[str, Any], key: Callable[[int, Any], Any] | None = None
) -> View:
    """A Relay connection page; cursors hold the sort key of their item."""
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise GraphQLError("you must provide one of first or last")
    keyed = [((key(i, item) if key else i), item) for i, item in enumerate(items)]
    if args.get("after") is not None:
        after = _uncursor(args["after"])
        keyed = [(k, it) for k, it in keyed if _gt(k, after)]
    if args.get("before") is not None:
        before = _uncursor(args["before"])
        keyed = [(k, it) for k, it in keyed if _gt(before, k)]
    has_next = has_prev = False
    if first is not None:
        has_next = len(keyed) > first
        keyed = keyed[:first]
    elif last is not None:
        has_prev = len(keyed) > last
        keyed = keyed[-last:] if last else []
    edges = [{"cursor": _cursor(k), "node": it} for k, it in keyed]
    return {
        "edges": edges,
        "nodes": [e["node"] for e in edges],
        "pageInfo": {
            "hasNextPage": has_next,
            "hasPreviousPage": has_prev or args.get("after") is not None,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


def _gt(a: Any, b: Any) -> bool:
    return bool(a > b) if type(a) is type(b) else str(a) > str(b)


_QUERY_TERM = re.compile(r"(updated_at|created_at):(>=|<=|>|<)?'?([^'\s]+)'?")


def order_filter(query: str | None) -> Callable[[Mapping[str, Any]], bool]:
    """Shopify search syntax, the part jjdesk uses: updated_at/created_at comparisons."""
    checks: list[Callable[[Mapping[str, Any]], bool]] = []
    for fieldname, op, value in _QUERY_TERM.findall(query or ""):
        key = "updatedAt" if fieldname == "updated_at" else "createdAt"
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as exc:
            raise GraphQLError(f"Invalid search value: {value}") from exc
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)

        def check(
            order: Mapping[str, Any], key: str = key, op: str = op, m: datetime = moment
        ) -> bool:
            seen = datetime.fromisoformat(str(order[key]).replace("Z", "+00:00"))
            return {
                ">": seen > m,
                ">=": seen >= m,
                "<": seen < m,
                "<=": seen <= m,
                "": seen == m,
            }[op]

        checks.append(check)
    return lambda order: all(c(order) for c in checks)


_SEARCH_TERM = re.compile(r"""(?:(\w+):)?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|(?:[^\s\\]|\\.)+)""")
_WORD = re.compile(r"\w+")


def product_filter(query: str | None) -> Callable[[str], bool]:
    """Shopify search syntax on product titles, the part jjdesk uses: `title:<value>` and
    bare words (the default search, which covers the title), AND between terms; a value
    ending in an unescaped `*` is a prefix, quotes make a phrase, `\\` escapes.

    Matching is by words, case-insensitive: `title:woll*` finds "Wollmütze Nordlicht",
    `title:mütze*` does not. As on Shopify, a term on a field Shopify does not know makes
    it ignore the whole query, so every product is returned.
    """
    terms: list[tuple[list[str], bool]] = []
    for field_name, raw in _SEARCH_TERM.findall(query or ""):
        if raw in ("AND", "OR") and not field_name:
            continue
        if field_name and field_name not in _PRODUCT_FIELDS:
            return lambda title: True
        if field_name and field_name != "title":
            continue  # a field the simulator does not model: no narrowing
        prefix = raw.endswith("*") and not raw.endswith("\\*")
        value = raw[:-1] if prefix else raw
        if value[:1] in "'\"" and value[-1:] == value[:1] and len(value) > 1:
            value = value[1:-1]
        words = _WORD.findall(re.sub(r"\\(.)", r"\1", value).casefold())
        if words:
            terms.append((words, prefix))

    def keep(title: str) -> bool:
        have = _WORD.findall(title.casefold())
        for words, prefix in terms:
            *whole, last = words
            if any(w not in have for w in whole):
                return False
            if not any(h.startswith(last) if prefix else h == last for h in have):
                return False
        return True

    return keep


# the product search fields Shopify documents (queries/products, 2026-07)
_PRODUCT_FIELDS = frozenset(
    {
        "default", "barcode", "bundles", "category_id", "combined_listing_role",
        "created_at", "delivery_profile_id", "error_feedback", "gift_card",
        "has_only_composites", "has_only_default_variant", "has_variant_with_components",
        "id", "inventory_total", "is_price_reduced", "out_of_stock_somewhere",
        "price", "product_configuration_owner", "product_publication_status",
        "product_type", "publication_ids", "publishable_status", "published_at",
        "published_status", "sku", "status", "tag", "tag_not", "title",
        "updated_at", "variant_id", "variant_title", "vendor",
    }
)  # fmt: skip


class ShopState:
    """Everything the simulated shop holds; callers serialise access with their lock."""

    def __init__(self, shop_name: str, media_seconds: float) -> None:
        self.shop_name = shop_name
        self.media_seconds = media_seconds
        self._ids = itertools.count(1001)
        self.locations: list[View] = []
        self.products: dict[str, ProductRec] = {}
        self.items: dict[str, InventoryItemRec] = {}
        self.levels: dict[tuple[str, str], dict[str, int]] = {}
        self.orders: dict[int, OrderRec] = {}
        self.idempotency: dict[str, Any] = {}
        self.adjustments: list[View] = []
        self.definitions: dict[tuple[str, str, str], View] = {}
        self.item_faults: dict[str, list[str]] = {}
        self.publications = Publications(self.next_id)
        self.add_location("Lager Berlin")

    def fail_item(self, key: str, kind: str, times: int = 1) -> None:
        """The next `times` writes or reads of one item fail, as Shopify lets single items fail.

        `key` is a product's customId value (productSet), or an order's numeric id.
        kinds: "internal" (productSet answers INTERNAL_SERVER_ERROR for that product),
        "user_error" (a userError that clears after `times` attempts), "order_field" (a
        nullable field of that order errors: the order arrives with a field error),
        "order_node" (a non-null field errors: Shopify nulls the whole answer), "stock"
        (inventorySetQuantities refuses that SKU's quantity; `key` is the SKU).
        """
        self.item_faults.setdefault(key, []).extend([kind] * times)

    def _take_fault(self, key: str, kinds: tuple[str, ...]) -> str | None:
        waiting = self.item_faults.get(key)
        if waiting and waiting[0] in kinds:
            return waiting.pop(0)
        return None

    def next_id(self) -> int:
        """A new numeric id, unique across resource types like Shopify's."""
        return next(self._ids)

    def add_location(self, name: str, active: bool = True) -> str:
        """Add a location; returns its GID."""
        legacy = self.next_id()
        gid = f"gid://shopify/Location/{legacy}"
        self.locations.append(
            {"id": gid, "name": name, "isActive": active, "legacyResourceId": legacy}
        )
        return gid

    # -- views ------------------------------------------------------------------------

    def location_view(self, gid: str) -> View | None:
        return next((loc for loc in self.locations if loc["id"] == gid), None)

    def item_view(self, item: InventoryItemRec, variant: View | None = None) -> View:
        def levels(info: GraphQLResolveInfo, **args: Any) -> View:
            found = [
                self.level_view(item, loc)
                for loc in self.locations
                if (item.id, loc["id"]) in self.levels
            ]
            return connection(found, args)

        def level(info: GraphQLResolveInfo, locationId: str, **_: Any) -> View | None:
            loc = self.location_view(locationId)
            if loc is None or (item.id, loc["id"]) not in self.levels:
                return None
            return self.level_view(item, loc)

        weight = {"value": item.weight[0], "unit": item.weight[1]} if item.weight else None
        return {
            "id": item.id,
            "sku": item.sku,
            "tracked": item.tracked,
            "requiresShipping": item.requires_shipping,
            "measurement": {
                "id": item.id.replace("InventoryItem", "InventoryItemMeasurement"),
                "weight": weight,
            },
            "inventoryLevels": levels,
            "inventoryLevel": level,
        }

    def level_view(self, item: InventoryItemRec, location: View) -> View:
        quantities = self.levels[(item.id, location["id"])]

        def named(info: GraphQLResolveInfo, names: list[str]) -> list[View]:
            return [
                {
                    "id": f"{item.id}/{n}",
                    "name": n,
                    "quantity": quantities.get(n, 0),
                    "updatedAt": None,
                }
                for n in names
            ]

        return {
            "id": f"gid://shopify/InventoryLevel/{location['legacyResourceId']}"
            f"?inventory_item_id={item.id.rsplit('/', 1)[-1]}",
            "item": lambda info: self.item_view(item),
            "location": location,
            "quantities": named,
        }

    def product_view(self, rec: ProductRec) -> View:
        def variants(info: GraphQLResolveInfo, **args: Any) -> View:
            return connection([self.variant_view(rec, v) for v in rec.variants], args)

        def media(info: GraphQLResolveInfo, **args: Any) -> View:
            return connection([self.media_view(m) for m in rec.media], args)

        def metafield(
            info: GraphQLResolveInfo, key: str, namespace: str | None = None
        ) -> View | None:
            found = rec.metafields.get((namespace or "", key))
            if found is None:
                return None
            return {
                "id": f"{rec.id}/mf/{key}",
                "namespace": namespace or "",
                "key": key,
                "value": found[0],
                "type": found[1],
            }

        def options(info: GraphQLResolveInfo, first: int | None = None) -> list[View]:
            return [
                {
                    "id": f"{rec.id}/opt/{i}",
                    "name": name,
                    "position": i,
                    "optionValues": [{"id": f"{rec.id}/opt/{i}/{v}", "name": v} for v in values],
                }
                for i, (name, values) in enumerate(rec.options[: first or None], start=1)
            ]

        on_publication, resource_publications = self.publications.resource_views(
            rec.published, connection
        )
        return {
            "id": rec.id,
            "legacyResourceId": rec.legacy,
            "publishedOnPublication": on_publication,
            "resourcePublications": resource_publications,
            "title": rec.title,
            "handle": rec.handle,
            "descriptionHtml": rec.description_html,
            "vendor": rec.vendor,
            "tags": list(rec.tags),
            "status": rec.status,
            "options": options,
            "metafield": metafield,
            "variants": variants,
            "media": media,
        }

    def variant_view(self, product: ProductRec, v: VariantRec) -> View:
        return {
            "id": v.id,
            "sku": v.sku,
            "barcode": v.barcode,
            "price": v.price,
            "compareAtPrice": v.compare_at,
            "selectedOptions": [{"name": n, "value": val} for n, val in v.options],
            "inventoryItem": lambda info: self.item_view(v.item),
            "product": lambda info: self.product_view(product),
        }

    @staticmethod
    def media_view(m: MediaRec) -> View:
        status = m.status()
        errors = []
        if status == "FAILED":
            errors = [
                {
                    "code": "IMAGE_DOWNLOAD_FAILURE",
                    "details": None,
                    "message": "Image could not be downloaded",
                }
            ]
        return {
            "__typename": "MediaImage",
            "id": m.id,
            "alt": m.alt,
            "mediaContentType": "IMAGE",
            "status": status,
            "mediaErrors": errors,
            "originalSource": {"url": m.url, "fileSize": None},
        }

    def order_view(self, rec: OrderRec) -> View:
        view = rec.view(connection)
        fault = self._take_fault(str(rec.legacy), ("order_field", "order_node"))
        if fault is not None:

            def broken(info: GraphQLResolveInfo, **args: Any) -> View:
                raise GraphQLError("Internal error. Looks like something went wrong on our end.")

            view["shippingAddress" if fault == "order_field" else "lineItems"] = broken
        return view

    # -- lookups ----------------------------------------------------------------------

    def find_product(self, identifier: Mapping[str, Any] | None) -> ProductRec | None:
        """A product by id, handle or customId (the unique metafield value)."""
        if not identifier:
            return None
        if identifier.get("id"):
            return self.products.get(identifier["id"])
        if identifier.get("handle"):
            return next(
                (p for p in self.products.values() if p.handle == identifier["handle"]), None
            )
        custom = identifier.get("customId")
        if custom:
            key = (custom.get("namespace") or "", custom["key"])
            return next(
                (
                    p
                    for p in self.products.values()
                    if p.metafields.get(key, ("",))[0] == custom["value"]
                ),
                None,
            )
        return None

    # -- mutations --------------------------------------------------------------------

    # -- metafield definitions ----------------------------------------------------------

    @staticmethod
    def _definition_key(data: Mapping[str, Any]) -> tuple[str, str, str]:
        return (str(data["ownerType"]), str(data.get("namespace") or "app"), str(data["key"]))

    def metafield_definition(
        self, info: GraphQLResolveInfo, identifier: dict[str, Any] | None = None
    ) -> View | None:
        """A definition by owner type, namespace and key."""
        return self.definitions.get(self._definition_key(identifier)) if identifier else None

    def metafield_definition_create(
        self, info: GraphQLResolveInfo, definition: dict[str, Any]
    ) -> View:
        """Create a definition; the same owner type, namespace and key twice is TAKEN."""
        key = self._definition_key(definition)
        if key in self.definitions:
            error = _err(["definition", "key"], "TAKEN", "Key is in use for Product metafields.")
            return {"createdDefinition": None, "userErrors": [error]}
        unique = bool(
            ((definition.get("capabilities") or {}).get("uniqueValues") or {}).get("enabled")
        )
        created: View = {
            "id": f"gid://shopify/MetafieldDefinition/{self.next_id()}",
            "name": definition["name"],
            "namespace": key[1],
            "key": key[2],
            "ownerType": key[0],
            "capabilities": {"uniqueValues": {"eligible": True, "enabled": unique}},
        }
        self.definitions[key] = created
        return {"createdDefinition": created, "userErrors": []}

    def metafield_definition_update(
        self, info: GraphQLResolveInfo, definition: dict[str, Any]
    ) -> View:
        """Switch capabilities of an existing definition."""
        found = self.definitions.get(self._definition_key(definition))
        if found is None:
            error = _err(["definition"], "NOT_FOUND", "Definition not found.")
            return {"updatedDefinition": None, "userErrors": [error]}
        wanted = (definition.get("capabilities") or {}).get("uniqueValues")
        if wanted is not None:
            found["capabilities"]["uniqueValues"]["enabled"] = bool(wanted.get("enabled"))
        return {"updatedDefinition": found, "userErrors": []}

    def _custom_id_problem(
        self, input: Mapping[str, Any], custom: Mapping[str, Any]
    ) -> View | None:
        """customId needs a unique-values definition, and metafields must carry its value."""
        key = ("PRODUCT", str(custom.get("namespace") or "app"), str(custom["key"]))
        definition = self.definitions.get(key)
        if definition is None or not definition["capabilities"]["uniqueValues"]["enabled"]:
            return _err(
                ["identifier", "customId"],
                "NOT_FOUND",
                "Metafield definition with unique values not found for the custom id.",
            )
        for metafield in input.get("metafields") or []:
            same = (metafield.get("namespace") or "app", metafield.get("key")) == key[1:]
            if same and metafield.get("value") != custom["value"]:
                return _err(
                    ["input", "metafields"],
                    "METAFIELD_MISMATCH",
                    "The input argument `metafields` (if present) must contain the "
                    "`customId` value.",
                )
        return None

    def product_set(self, info: GraphQLResolveInfo, input: dict[str, Any], **args: Any) -> View:
        identifier = args.get("identifier")
        custom = (identifier or {}).get("customId")
        fault = self._take_fault(str((custom or {}).get("value")), ("internal", "user_error"))
        if fault == "internal":
            raise GraphQLError(
                "Internal error. Looks like something went wrong on our end.",
                extensions={"code": "INTERNAL_SERVER_ERROR"},
            )
        if fault == "user_error":
            return _payload(
                None,
                [_err(["input", "handle"], "HANDLE_NOT_UNIQUE", "Handle has already been taken")],
            )
        if custom:
            problem = self._custom_id_problem(input, custom)
            if problem is not None:
                return _payload(None, [problem])
        if identifier and input.get("id"):
            return _payload(
                None,
                [
                    _err(
                        ["input"],
                        "ID_NOT_ALLOWED",
                        "The id field is not allowed if identifier is provided.",
                    )
                ],
            )
        errors = _validate_product(input)
        if errors:
            return _payload(None, errors)
        rec = self.find_product(identifier) if identifier else None
        if rec is None and input.get("id"):
            rec = self.products.get(input["id"])
            if rec is None:
                return _payload(
                    None,
                    [_err(["input", "id"], "PRODUCT_DOES_NOT_EXIST", "Product does not exist")],
                )
        if rec is None:
            if not input.get("title"):
                return _payload(
                    None, [_err(["input", "title"], "INVALID_PRODUCT", "Title can't be blank")]
                )
            legacy = self.next_id()
            rec = ProductRec(id=f"gid://shopify/Product/{legacy}", legacy=legacy)
            self.products[rec.id] = rec
        self._apply_product(rec, input)
        return _payload(self.product_view(rec), [])

    def _apply_product(self, rec: ProductRec, data: Mapping[str, Any]) -> None:
        simple = {
            "title": "title",
            "descriptionHtml": "description_html",
            "vendor": "vendor",
            "status": "status",
        }
        for key, attr in simple.items():
            if key in data and data[key] is not None:
                setattr(rec, attr, data[key])
        if "tags" in data and data["tags"] is not None:
            rec.tags = list(dict.fromkeys(data["tags"]))
        if data.get("handle"):
            rec.handle = data["handle"]
        elif not rec.handle:
            rec.handle = self._unique_handle(rec.title)
        for mf in data.get("metafields") or []:
            rec.metafields[(mf.get("namespace") or "", mf["key"])] = (
                mf.get("value") or "",
                mf.get("type") or "single_line_text_field",
            )
        if data.get("productOptions") is not None:
            rec.options = [
                (o["name"], [v["name"] for v in o.get("values") or []])
                for o in data["productOptions"]
            ]
        if data.get("variants") is not None:
            self._replace_variants(rec, data["variants"])
        elif not rec.variants:
            rec.options = rec.options or [("Title", ["Default Title"])]
            self._replace_variants(
                rec,
                [
                    {
                        "optionValues": [{"optionName": "Title", "name": "Default Title"}],
                        "price": "0.00",
                    }
                ],
            )
        if data.get("files") is not None:
            self._replace_media(rec, data["files"])

    def _unique_handle(self, title: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "product"
        handles = {p.handle for p in self.products.values()}
        handle, n = base, 1
        while handle in handles:
            handle = f"{base}-{n}"
            n += 1
        return handle

    def _replace_variants(self, rec: ProductRec, inputs: Sequence[Mapping[str, Any]]) -> None:
        old_by_sku = {v.sku: v for v in rec.variants if v.sku}
        old_by_id = {v.id: v for v in rec.variants}
        old_by_opts = {tuple(v.options): v for v in rec.variants}
        kept: list[VariantRec] = []
        for data in inputs:
            opts = [(o.get("optionName") or "", o.get("name") or "") for o in data["optionValues"]]
            sku = data.get("sku") or ""
            existing = (
                old_by_id.get(data.get("id") or "")
                or old_by_sku.get(sku)
                or old_by_opts.get(tuple(opts))
            )
            if existing is None or existing in kept:
                legacy = self.next_id()
                item = InventoryItemRec(id=f"gid://shopify/InventoryItem/{legacy}", sku=sku)
                self.items[item.id] = item
                first_location = next((loc for loc in self.locations if loc["isActive"]), None)
                if first_location is not None:
                    self.levels[(item.id, first_location["id"])] = {"available": 0, "on_hand": 0}
                existing = VariantRec(
                    f"gid://shopify/ProductVariant/{legacy}", sku, "0.00", None, None, opts, item
                )
            existing.sku = sku
            existing.options = opts
            if data.get("price") is not None:
                existing.price = str(Decimal(str(data["price"])).quantize(Decimal("0.01")))
            if "compareAtPrice" in data:
                value = data["compareAtPrice"]
                existing.compare_at = (
                    str(Decimal(str(value)).quantize(Decimal("0.01")))
                    if value is not None
                    else None
                )
            if "barcode" in data:
                existing.barcode = data["barcode"]
            inv = data.get("inventoryItem") or {}
            existing.item.sku = sku
            if inv.get("tracked") is not None:
                existing.item.tracked = inv["tracked"]
            if inv.get("requiresShipping") is not None:
                existing.item.requires_shipping = inv["requiresShipping"]
            weight = (inv.get("measurement") or {}).get("weight")
            if weight:
                existing.item.weight = (float(weight["value"]), weight["unit"])
            kept.append(existing)
        for gone in rec.variants:
            if gone not in kept:
                self.items.pop(gone.item.id, None)
                for key in [k for k in self.levels if k[0] == gone.item.id]:
                    del self.levels[key]
        rec.variants = kept

    def _replace_media(self, rec: ProductRec, files: Sequence[Mapping[str, Any]]) -> None:
        old = {m.url: m for m in rec.media}
        media: list[MediaRec] = []
        for f in files:
            url = f.get("originalSource") or ""
            existing = old.get(url)
            if existing is None:
                legacy = self.next_id()
                fails = (
                    "broken" in url
                    or not url.startswith(("http://", "https://"))
                    or ".invalid" in url
                )
                existing = MediaRec(
                    f"gid://shopify/MediaImage/{legacy}",
                    url,
                    f.get("alt") or "",
                    time.monotonic() + self.media_seconds,
                    fails,
                )
            media.append(existing)
        rec.media = media

    def product_delete(self, info: GraphQLResolveInfo, input: dict[str, Any], **_: Any) -> View:
        rec = self.products.pop(input["id"], None)
        shop = {"name": self.shop_name, "myshopifyDomain": f"{self.shop_name}.myshopify.com"}
        if rec is None:
            return {
                "deletedProductId": None,
                "shop": shop,
                "userErrors": [{"field": ["id"], "message": "Product does not exist"}],
            }
        for v in rec.variants:
            self.items.pop(v.item.id, None)
            for key in [k for k in self.levels if k[0] == v.item.id]:
                del self.levels[key]
        return {"deletedProductId": rec.id, "shop": shop, "userErrors": []}

    def publishable_change(
        self, info: GraphQLResolveInfo, id: str, input: list[dict[str, Any]], *, publish: bool
    ) -> View:
        """publishablePublish / publishableUnpublish of a product."""
        rec = self.products.get(id)
        shop = {"name": self.shop_name, "myshopifyDomain": f"{self.shop_name}.myshopify.com"}
        return self.publications.change(
            rec.published if rec else None, input, publish=publish, now=now_iso(), shop=shop
        )

    def inventory_set(self, info: GraphQLResolveInfo, input: dict[str, Any]) -> View:
        node = info.field_nodes[0]
        directive = info.schema.get_directive("idempotent")
        values = get_directive_values(directive, node, info.variable_values) if directive else None
        if not values:
            raise GraphQLError(
                "The @idempotent directive is required for this mutation but was not provided.",
                extensions={"code": "BAD_REQUEST"},
            )
        key = str(values["key"]).strip()
        if not key:
            raise GraphQLError(
                "The idempotency key cannot be blank.", extensions={"code": "BAD_REQUEST"}
            )
        for q in input["quantities"]:
            if "changeFromQuantity" not in q:
                raise GraphQLError(
                    "InventoryQuantityInput must include the following argument: "
                    "changeFromQuantity.",
                    extensions={"code": "INVALID_FIELD_ARGUMENTS"},
                )
        if key in self.idempotency:
            return self.idempotency[key]
        errors = self._inventory_errors(input)
        if errors:
            result: View = {"inventoryAdjustmentGroup": None, "userErrors": errors}
        else:
            changes = []
            for q in input["quantities"]:
                level = self.levels[(q["inventoryItemId"], q["locationId"])]
                delta = q["quantity"] - level.get(input["name"], 0)
                level[input["name"]] = q["quantity"]
                if input["name"] == "available":
                    level["on_hand"] = level.get("on_hand", 0) + delta
                changes.append(
                    {
                        "name": input["name"],
                        "delta": delta,
                        "quantityAfterChange": None,
                        "item": None,
                        "location": None,
                    }
                )
            group = {
                "id": f"gid://shopify/InventoryAdjustmentGroup/{self.next_id()}",
                "createdAt": now_iso(),
                "reason": input["reason"],
                "referenceDocumentUri": input.get("referenceDocumentUri"),
                "changes": lambda info, **_: changes,
            }
            self.adjustments.append(
                {
                    "reason": input["reason"],
                    "referenceDocumentUri": input.get("referenceDocumentUri"),
                    "count": len(changes),
                }
            )
            result = {"inventoryAdjustmentGroup": group, "userErrors": []}
        self.idempotency[key] = result
        return result

    def _inventory_errors(self, data: Mapping[str, Any]) -> list[View]:
        if data["name"] not in ("available", "on_hand"):
            return [
                _err(
                    ["input", "name"],
                    "INVALID_NAME",
                    "The quantity name must be either 'available' or 'on_hand'.",
                )
            ]
        errors: list[View] = []
        seen: set[tuple[str, str]] = set()
        for i, q in enumerate(data["quantities"]):
            path = ["input", "quantities", str(i)]
            pair = (q["inventoryItemId"], q["locationId"])
            if q["inventoryItemId"] not in self.items:
                errors.append(
                    _err(
                        [*path, "inventoryItemId"],
                        "INVALID_INVENTORY_ITEM",
                        "The specified inventory item could not be found.",
                    )
                )
            elif self.location_view(q["locationId"]) is None:
                errors.append(
                    _err(
                        [*path, "locationId"],
                        "INVALID_LOCATION",
                        "The specified location could not be found.",
                    )
                )
            elif pair not in self.levels:
                errors.append(
                    _err(
                        [*path, "locationId"],
                        "ITEM_NOT_STOCKED_AT_LOCATION",
                        "The item is not stocked at the location.",
                    )
                )
            elif self._take_fault(self.items[q["inventoryItemId"]].sku, ("stock",)):
                errors.append(
                    _err(
                        [*path, "quantity"],
                        "INVALID_QUANTITY_TOO_HIGH",
                        "The quantity can't be higher than 1,000,000,000.",
                    )
                )
            elif pair in seen:
                errors.append(
                    _err(
                        path,
                        "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
                        "The combination of inventoryItemId and locationId must be unique.",
                    )
                )
            elif q["quantity"] > MAX_QUANTITY:
                errors.append(
                    _err(
                        [*path, "quantity"],
                        "INVALID_QUANTITY_TOO_HIGH",
                        "The quantity can't be higher than 1,000,000,000.",
                    )
                )
            elif q["changeFromQuantity"] is not None and q["changeFromQuantity"] != self.levels[
                pair
            ].get(data["name"], 0):
                errors.append(
                    _err(
                        [*path, "changeFromQuantity"],
                        "CHANGE_FROM_QUANTITY_STALE",
                        "The changeFromQuantity is stale.",
                    )
                )
            seen.add(pair)
        return errors

    def fulfillment_create(
        self, info: GraphQLResolveInfo, fulfillment: dict[str, Any], **_: Any
    ) -> View:
        groups = fulfillment["lineItemsByFulfillmentOrder"]
        found: list[tuple[OrderRec, FulfillmentOrderRec, Mapping[str, Any]]] = []
        for i, group in enumerate(groups):
            match = next(
                (
                    (o, fo)
                    for o in self.orders.values()
                    for fo in o.fulfillment_orders
                    if fo.id == group["fulfillmentOrderId"]
                ),
                None,
            )
            path = ["fulfillment", "lineItemsByFulfillmentOrder", str(i)]
            if match is None:
                return {
                    "fulfillment": None,
                    "userErrors": [{"field": path, "message": "Fulfillment order does not exist."}],
                }
            if match[1].status not in ("OPEN", "IN_PROGRESS"):
                return {
                    "fulfillment": None,
                    "userErrors": [
                        {"field": path, "message": "Fulfillment order is not in an open state."}
                    ],
                }
            found.append((match[0], match[1], group))
        for order, fo, group in found:
            wanted = {
                li["id"]: li["quantity"] for li in group.get("fulfillmentOrderLineItems") or []
            }
            for li in fo.lines:
                take = (
                    li["remaining"] if not wanted else min(li["remaining"], wanted.get(li["id"], 0))
                )
                li["remaining"] -= take
            fo.status = "CLOSED" if all(li["remaining"] == 0 for li in fo.lines) else "IN_PROGRESS"
            order.data["updatedAt"] = now_iso()
        tracking = fulfillment.get("trackingInfo") or {}
        record = {
            "id": f"gid://shopify/Fulfillment/{self.next_id()}",
            "status": "SUCCESS",
            "company": tracking.get("company"),
            "number": tracking.get("number") or next(iter(tracking.get("numbers") or []), None),
            "url": tracking.get("url") or next(iter(tracking.get("urls") or []), None),
            "notifyCustomer": fulfillment.get("notifyCustomer", False),
        }
        found[0][0].fulfillments.append(record)
        view = {
            "id": record["id"],
            "status": "SUCCESS",
            "trackingInfo": lambda info, **_: [
                {"company": record["company"], "number": record["number"], "url": record["url"]}
            ],
        }
        return {"fulfillment": view, "userErrors": []}


def _err(path: list[str], code: str, message: str) -> View:
    return {"field": path, "code": code, "message": message}


def _payload(product: View | None, errors: list[View]) -> View:
    return {"product": product, "userErrors": errors}


def _validate_product(data: Mapping[str, Any]) -> list[View]:
    if len(str(data.get("title") or "")) > MAX_TITLE:
        return [
            _err(
                ["input", "title"],
                "TITLE_TOO_LONG",
                f"The title cannot be longer than {MAX_TITLE} characters.",
            )
        ]
    options = data.get("productOptions") or []
    if len(options) > MAX_OPTIONS:
        return [
            _err(
                ["input", "productOptions"],
                "OPTIONS_OVER_LIMIT",
                "Can only specify a maximum of 3 options",
            )
        ]
    variants = data.get("variants") or []
    if len(variants) > MAX_VARIANTS:
        return [
            _err(
                ["input", "variants"],
                "VARIANTS_OVER_LIMIT",
                f"Can only specify a maximum of {MAX_VARIANTS} variants",
            )
        ]
    names = [o.get("name") for o in options]
    seen: set[tuple[tuple[str, str], ...]] = set()
    for i, v in enumerate(variants):
        combo = tuple(
            (o.get("optionName") or "", (o.get("name") or "").casefold()) for o in v["optionValues"]
        )
        if options and {n for n, _ in combo} != set(names):
            return [
                _err(
                    ["input", "variants", str(i)],
                    "INVALID_VARIANT",
                    "Variant options must match the product options.",
                )
            ]
        key = tuple(sorted(combo))
        if key in seen:
            return [
                _err(
                    ["input", "variants", str(i)],
                    "DUPLICATED_OPTION_VALUE",
                    "The variant option values combination already exists.",
                )
            ]
        seen.add(key)
    return []
