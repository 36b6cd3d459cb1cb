"""XML rendering for the Afterbuy simulator, in the shapes the real answers use.

Built as strings (not trees) because a benchmark renders 100,000 products; every value is
escaped, and free text goes into CDATA like Afterbuy does. Dates and numbers are written
by the simulator's own helpers, never the connector's. A text holding a lone surrogate
(`BAD_BYTE`) is written as the raw byte it stands for: how a test plants an undecodable
byte in an answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from jjdesk.sandbox.afterbuy_catalog import SimCatalog, SimProduct
from jjdesk.sandbox.afterbuy_request import BERLIN

BAD_BYTE = "\udcff"  # encodes (surrogateescape) to the byte 0xFF, never valid UTF-8

# Elements rendered in CDATA (free text); everything else is escaped.
_CDATA = frozenset(
    {
        "Name",
        "ShortDescription",
        "Description",
        "Keywords",
        "ProductBrand",
        "DeliveryTime",
        "ManufacturerPartNumber",
        "ManufacturerStandardProductIDValue",
        "CountryOfOrigin",
        *(f"FreeValue{n}" for n in range(1, 11)),
    }
)
_STOCK_FIELDS = ("ProductID", "Anr", "EAN", "BaseProductFlag", "Quantity", "Stock", "Level")


def cdata(text: str) -> str:
    """Text as CDATA, splitting any "]]>" it contains."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def el(tag: str, text: object) -> str:
    """`<tag>text</tag>` with the text escaped."""
    return f"<{tag}>{escape(str(text))}</{tag}>"


def stamp(moment: datetime) -> str:
    """Berlin local "dd.MM.yyyy HH:mm:ss", as Afterbuy writes its dates."""
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M:%S")


def amount(value: Decimal) -> str:
    """Two decimals with a comma, as Afterbuy writes its amounts."""
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{rounded:f}".replace(".", ",")


def envelope(
    call_name: str, result: str, status: str = "Success", *, declared: str = "utf-8"
) -> bytes:
    """The `<Afterbuy>` answer around a Result body, UTF-8 whatever `declared` says."""
    return (
        f'<?xml version="1.0" encoding="{declared}"?>\n<Afterbuy>'
        f"<CallStatus>{status}</CallStatus><CallName>{escape(call_name)}</CallName>"
        f"<VersionID>8</VersionID><Result>{result}</Result></Afterbuy>"
    ).encode("utf-8", "surrogateescape")


def error_answer(call_name: str, code: int, text: str, long_text: str = "") -> bytes:
    """An Error answer (HTTP 200, like the real system)."""
    body = (
        f"<ErrorList><Error><ErrorCode>{code}</ErrorCode>"
        f"<ErrorDescription>{cdata(text)}</ErrorDescription>"
        f"<ErrorLongDescription>{cdata(long_text or text)}</ErrorLongDescription>"
        "</Error></ErrorList>"
    )
    return envelope(call_name, body, "Error")


def product_xml(catalog: SimCatalog, product: SimProduct, stock_only: bool) -> str:
    """One `<Product>`; `stock_only` for DetailLevel 4 (no descriptions, pictures, sets)."""
    pid = product.product_id
    fields = dict(product.fields)
    fields["ModDate"] = fields.get("ModDate") or stamp(catalog.mod_date(pid))
    out = ["<Product>"]
    if stock_only:
        out.extend(el(k, fields[k]) for k in _STOCK_FIELDS if fields.get(k, "") != "")
        out.append("</Product>")
        return "".join(out)
    for tag, value in fields.items():
        if value == "" and tag == "BaseProductFlag":
            continue
        out.append(f"<{tag}>{cdata(value)}</{tag}>" if tag in _CDATA else el(tag, value))
    if product.relations:
        out.append("<BaseProducts>")
        for rel in product.relations:
            out.append(f"<BaseProduct>{el('BaseProductID', rel.product_id)}")
            out.append(el("BaseProductType", rel.set_type))
            if product.flag in (1, 2):
                out.append("<BaseProductsRelationData>")
                out.append(el("Quantity", rel.quantity))
                label = "; ".join(f"{n}: {v}" for n, v in rel.options)
                out.append(f"<VariationLabel>{cdata(label)}</VariationLabel>")
                out.append(el("DefaultProduct", 1 if rel.position == 1 else 0))
                out.append(el("Position", rel.position))
                for name, value in rel.options:
                    out.append(
                        f"<eBayVariationData><eBayVariationName>{cdata(name)}</eBayVariationName>"
                        f"<eBayVariationValue>{cdata(value)}</eBayVariationValue>"
                        "</eBayVariationData>"
                    )
                out.append("</BaseProductsRelationData>")
            out.append("</BaseProduct>")
        out.append("</BaseProducts>")
    if product.additional_prices:
        out.append("<AdditionalPrices>")
        for n, (name, value) in enumerate(product.additional_prices, start=1):
            out.append(
                f"<AdditionalPrice>{el('DefinitionId', 100 + n)}{el('Name', name)}"
                f"{el('Value', value)}<Pretax>true</Pretax></AdditionalPrice>"
            )
        out.append("</AdditionalPrices>")
    if product.pictures:
        out.append("<ProductPictures>")
        for n, url in enumerate(product.pictures, start=1):
            out.append(
                f"<ProductPicture>{el('Nr', n)}<Typ>0</Typ><Url>{cdata(url)}</Url>"
                f"<AltText>{cdata('')}</AltText><Childs><ProductPicture>{el('Nr', n)}<Typ>1</Typ>"
                f"<Url>{cdata(url + '_thumb')}</Url></ProductPicture></Childs></ProductPicture>"
            )
        out.append("</ProductPictures>")
    out.append("<Catalogs>" + "".join(el("CatalogID", c) for c in product.catalogs) + "</Catalogs>")
    if product.attributes:
        out.append("<Attributes>")
        for name, value in product.attributes:
            out.append(
                f"<Attribut><AttributName>{cdata(name)}</AttributName>"
                f"<AttributWert>{cdata(value)}</AttributWert><AttributTyp>0</AttributTyp>"
                "<AttributRequired>0</AttributRequired></Attribut>"
            )
        out.append("</Attributes>")
    out.append("</Product>")
    return "".join(out)


def products_result(
    catalog: SimCatalog,
    products: Iterable[SimProduct],
    *,
    stock_only: bool,
    has_more: bool,
    pagination: tuple[int, int, int, int] | None = None,
) -> str:
    """The Result body of GetShopProducts: HasMoreProducts and LastProductID always, the
    PaginationResult (page, pages, entries, per page) when pagination was asked for."""
    parts = ["<Products>"]
    last = ""
    for product in products:
        parts.append(product_xml(catalog, product, stock_only))
        last = str(product.product_id)
    parts.append("</Products>")
    body = el("HasMoreProducts", 1 if has_more else 0) + "".join(parts) + el("LastProductID", last)
    if pagination is not None:
        page, pages, entries, per_page = pagination
        body += (
            "<PaginationResult>"
            + el("TotalNumberOfEntries", entries)
            + el("TotalNumberOfPages", pages)
            + el("ItemsPerPage", per_page)
            + el("PageNumber", page)
            + "</PaginationResult>"
        )
    return body
