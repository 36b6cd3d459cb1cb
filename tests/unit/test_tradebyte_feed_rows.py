"""The Tradebyte product CSV: every SPEC column, built from Afterbuy's products as the
reference maps them, written so that Tradebyte reads back exactly what was meant."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jjdesk.connectors.tradebyte import CsvDialect, RowSettings, read_csv, write_csv
from jjdesk.connectors.tradebyte import columns as col
from jjdesk.connectors.tradebyte.rows import build_rows
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import OptionValue, Picture, Product, ProductKind
from jjdesk.errors import ItemProblem

SETTINGS = RowSettings(("zade", "amde"))
SPEC_COLUMNS = [
    "p_nr", "p_name", "p_text", "p_brand", "p_cluster[0]", "p_keywords", "a_nr", "a_nr2",
    "a_prodnr", "a_ean", "a_stock", "a_ek", "a_active", "a_shipping_type", "a_org_country",
    *(f"p_media[image]{{{n}}}" for n in range(12)),
    *(f"a_media[image]{{{n}}}" for n in range(12)),
    *(f"{family}[{ch}]" for ch in ("zade", "amde")
      for family in ("p_active", "a_vk", "a_uvp", "a_vk_old", "a_mwst")),
]  # fmt: skip


def _paths(catalog_id: str) -> tuple[str, ...]:
    return {"1110": ("Wohnen", "Möbel", "Tische")}.get(catalog_id, ())


def _product(product_id: str = "10000042", **changes: object) -> Product:
    values: dict[str, object] = {
        "product_id": product_id,
        "name": "Wollmütze „Nordlicht“ für Größe XL",
        "short_description": 'Warm, weich; "kuschelig"\nzweite Zeile',
        "brand": "Müller & Söhne",
        "article_number": "WM-1",
        "manufacturer_part_number": "MPN-42",
        "ean": "0012345678905",
        "keywords": ("Mütze", "Winter"),
        "catalog_ids": ("1110",),
        "pictures": tuple(Picture(f"https://img.example.com/m/{n}.jpg", n) for n in range(14)),
        "quantity": 7,
        "selling_price": Decimal("19.9"),
        "buying_price": Decimal("8.5"),
        "tax_rate": Decimal("19"),
        "additional_prices": (
            ("tradebytePrice", Decimal("21.90")),
            ("tradebytePrice_amde", Decimal("22.50")),
            ("tradebyteUvp", Decimal("29.90")),
            ("tradebytePriceOld", Decimal("20.90")),
        ),
        "shipping_group": "DHL_STD",
        "country_of_origin": "DE",
        "attributes": (("Pflege", "30 °C"),),
    }
    values.update(changes)
    return Product(**values)  # type: ignore[arg-type]


def _row(product: Product, action: ExportAction = ExportAction.TRANSFER) -> dict[str, str]:
    [payload] = build_rows(product, action, SETTINGS, _paths)
    return {k: str(v) for k, v in payload.body.items()}


def _round_trip(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    header = col.layout(SETTINGS.channels, ["Farbe", "Größe", "Pflege"])
    data = write_csv(header, rows, CsvDialect())
    assert data.startswith("\ufeff".encode())  # UTF-8 with BOM, as the real samples
    read_header, read_rows = read_csv(data)
    assert read_header == header
    return read_rows


def test_every_spec_column_with_the_reference_mapping() -> None:
    row = _row(_product())
    assert set(SPEC_COLUMNS) <= set(col.layout(SETTINGS.channels, []))
    assert {c for c in SPEC_COLUMNS if c not in row} == set()
    assert row["p_nr"] == row["a_nr"] == "10000042"  # a simple product is its own article
    assert row["p_text"].startswith("Warm, weich")  # ShortDescription, as the seed maps it
    assert row["p_cluster[0]"] == "Wohnen > Möbel > Tische"  # the catalogue's whole path
    assert row["p_keywords"] == "Mütze, Winter"
    assert (row["a_nr2"], row["a_prodnr"], row["a_ek"]) == ("WM-1", "MPN-42", "8.50")
    assert row["a_vk[zade]"] == "21.90"  # tradebytePrice before the selling price
    assert row["a_vk[amde]"] == "22.50"  # a channel's own price field wins
    assert row["a_uvp[zade]"] == "29.90" and row["a_vk_old[zade]"] == "20.90"
    assert row["a_mwst[zade]"] == row["a_mwst[amde]"] == "2"  # 19 %
    assert row["a_active"] == row["p_active[zade]"] == "1"
    assert (row["a_shipping_type"], row["a_org_country"]) == ("DHL_STD", "DE")
    assert row["a_comp[Pflege]"] == "30 °C"


def test_twelve_images_each_for_product_and_article() -> None:
    row = _row(_product())
    product_images = [row[col.image(col.PRODUCT_IMAGE, n)] for n in range(12)]
    assert product_images == [f"https://img.example.com/m/{n}.jpg" for n in range(12)]
    assert row[col.image(col.ARTICLE_IMAGE, 11)] == "https://img.example.com/m/11.jpg"
    few = _row(_product(pictures=(Picture("https://img.example.com/a.jpg"),)))
    assert few[col.image(col.PRODUCT_IMAGE, 0)] == "https://img.example.com/a.jpg"
    assert few[col.image(col.PRODUCT_IMAGE, 1)] == ""


def test_umlauts_quotes_newlines_and_a_13_digit_ean_survive_as_text() -> None:
    [back] = _round_trip([_row(_product())])
    assert back["p_name"] == "Wollmütze „Nordlicht“ für Größe XL"
    assert back["p_text"] == 'Warm, weich; "kuschelig"\nzweite Zeile'
    assert back["p_brand"] == "Müller & Söhne"
    assert back["a_ean"] == "0012345678905"  # leading zero kept, never 1.23E+12


def test_variant_children_are_rows_with_their_attributes_as_columns() -> None:
    parent = Product(
        "20000000",
        "Shirt Basic",
        kind=ProductKind.VARIATION_PARENT,
        short_description="Baumwolle",
        brand="Textilhaus",
        tax_rate=Decimal("19"),
        selling_price=Decimal("29.90"),
        pictures=(Picture("https://img.example.com/shirt.jpg"),),
        variants=tuple(
            Product(
                child_id,
                "",
                kind=ProductKind.VARIATION_CHILD,
                ean=f"400638133393{n}",
                quantity=n,
                options=(OptionValue("Farbe", color), OptionValue("Größe", size)),
                parent_id="20000000",
            )
            for n, (child_id, color, size) in enumerate(
                [("20000001", "Rot", "M"), ("20000002", "Blau", "L")], start=1
            )
        ),
    )
    rows = [dict(p.body) for p in build_rows(parent, ExportAction.TRANSFER, SETTINGS, _paths)]
    assert [r["a_nr"] for r in rows] == ["20000001", "20000002"]
    assert {r["p_nr"] for r in rows} == {"20000000"}  # the parent groups its children
    assert rows[0]["p_name"] == "Shirt Basic"  # an empty child field comes from the parent
    assert (rows[1]["a_comp[Farbe]"], rows[1]["a_comp[Größe]"]) == ("Blau", "L")
    assert rows[0]["a_vk[zade]"] == "29.90" and rows[1]["a_stock"] == "2"
    back = _round_trip([{k: str(v) for k, v in r.items()} for r in rows])
    assert back[0]["a_comp[Größe]"] == "M"


def test_level_10_is_inactive_in_the_feed() -> None:
    row = _row(_product(level=10), ExportAction.INACTIVE)
    assert row["a_active"] == row["p_active[zade]"] == row["p_active[amde]"] == "0"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"ean": "4.26E+12"}, "ean", "13 digits"),
        ({"ean": ""}, "ean", "No EAN"),
        ({"tax_rate": Decimal("16")}, "tax_rate", "16"),
        ({"tax_rate": None}, "tax_rate", "No tax rate"),
        ({"selling_price": None, "additional_prices": ()}, "price", "No price"),
        ({"pictures": (Picture("https://img.example.com/Größe.jpg"),)}, "pictures", "'ö'"),
        ({"pictures": (Picture("https://img.example.com"),)}, "pictures", "path"),
        ({"attributes": (("Größe [cm]", "40"),)}, "attributes", "brackets"),
    ],
)
def test_what_tradebyte_would_refuse_is_an_error_on_that_product(
    changes: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ItemProblem) as caught:
        _row(_product(**changes))
    assert caught.value.field == field and words in caught.value.message
    assert caught.value.item_id == "10000042"


def test_tax_codes_follow_the_seed() -> None:
    codes = {
        rate: _row(_product(tax_rate=Decimal(rate)))["a_mwst[zade]"] for rate in ["7", "19", "0"]
    }
    assert codes == {"7": "1", "19": "2", "0": "3"}
    assert _row(_product(tax_rate=Decimal("19.00")))["a_mwst[zade]"] == "2"


def test_delimiter_and_quoting_are_the_merchants_choice() -> None:
    rows = [{"a_nr": "1", "p_name": "A; B", "a_stock": "3"}]
    semicolon = write_csv(["a_nr", "p_name", "a_stock"], rows, CsvDialect(";", quote_all=False))
    assert semicolon.decode("utf-8-sig").splitlines()[1] == '1;"A; B";3'
    quoted = write_csv(["a_nr", "a_stock"], rows, CsvDialect(",", quote_all=True))
    assert quoted.decode("utf-8-sig").splitlines()[1] == '"1","3"'
    assert read_csv(semicolon)[1] == [{"a_nr": "1", "p_name": "A; B", "a_stock": "3"}]
