"""The Afterbuy simulator refuses what Afterbuy refuses, so that client bugs show in tests."""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import urlencode

import pytest

from jjdesk.sandbox.afterbuy import ABINTERFACE_PATH, SHOP_PATH, AfterbuySimulator
from jjdesk.sandbox.server import SimRequest

_GLOBAL = (
    "<AfterbuyGlobal><PartnerToken>partner</PartnerToken><AccountToken>account</AccountToken>"
    "<CallName>{call}</CallName><DetailLevel>{detail}</DetailLevel></AfterbuyGlobal>"
)


def _api(sim: AfterbuySimulator, body: str | bytes) -> str:
    raw = body.encode() if isinstance(body, str) else body
    return sim.handle(SimRequest("POST", ABINTERFACE_PATH, {}, {}, raw)).body.decode()


def _request(call: str, rest: str = "", detail: str = "0") -> str:
    return f"<Request>{_GLOBAL.format(call=call, detail=detail)}{rest}</Request>"


def _filter(name: str, values: str) -> str:
    return (
        f"<DataFilter><Filter><FilterName>{name}</FilterName><FilterValues>{values}"
        "</FilterValues></Filter></DataFilter>"
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"<Request><AfterbuyGlobal>", 2),
        (b"<Request><CallName>GetShopProducts</CallName></Request>", 2),
        (_request("GetShopProducts", detail="viel").encode(), 2),
        (_request("GetShopProducts", "<MaxShopItems>zehn</MaxShopItems>").encode(), 2),
        (_request("GetAfterbuyTime", "<X>ü</X>").encode("latin-1"), 2),  # no UTF-8
        (
            _request(
                "GetShopProducts", _filter("Farbe", "<FilterValue>rot</FilterValue>")
            ).encode(),
            30,
        ),
        (
            _request(
                "GetSoldItems",
                _filter(
                    "DateFilter",
                    "<DateFrom>2025-03-01</DateFrom><FilterValue>ModDate</FilterValue>",
                ),
            ).encode(),
            30,
        ),
        (
            _request(
                "GetSoldItems",
                _filter(
                    "DateFilter",
                    "<DateFrom>01.03.2025 10:00:00</DateFrom><FilterValue>Gestern</FilterValue>",
                ),
            ).encode(),
            30,
        ),
        (_request("GetSoldItems", _filter("RangeID", "<ValueFrom>1,5</ValueFrom>")).encode(), 30),
        # Anr is a number ("Anr Float"); an Ean or Anr filter needs a value
        (
            _request("GetShopProducts", _filter("Anr", "<FilterValue>AB-7</FilterValue>")).encode(),
            30,
        ),
        (_request("GetShopProducts", _filter("Ean", "")).encode(), 30),
        (
            _request(
                "UpdateSoldItems", "<Orders><Order><OrderID>x</OrderID></Order></Orders>"
            ).encode(),
            2,
        ),
    ],
)
def test_malformed_requests_get_afterbuys_error_codes(body: bytes, code: int) -> None:
    answer = _api(AfterbuySimulator(products=5), body)
    assert "<CallStatus>Error</CallStatus>" in answer
    assert f"<ErrorCode>{code}</ErrorCode>" in answer


def _product_ids(answer: str) -> list[str]:
    return re.findall(r"<ProductID>(\d+)</ProductID>", answer)


def test_ean_and_anr_filters_find_exactly_those_products() -> None:
    sim = AfterbuySimulator(products=40)
    edited = sim.add_product(Name="Mütze", EAN="4012345678901", Anr="12,5")
    seeded = sim.product_ids()[7]
    ean = sim.product(seeded).fields["EAN"]  # type: ignore[union-attr]
    anr = sim.product(seeded).fields["Anr"]  # type: ignore[union-attr]

    def ask(name: str, value: str) -> list[str]:
        body = _filter(name, f"<FilterValue>{value}</FilterValue>")
        return _product_ids(_api(sim, _request("GetShopProducts", body)))

    assert ask("Ean", "4012345678901") == [edited]
    assert ask("Ean", ean) == [seeded]
    assert ask("Anr", "12,50") == [edited]  # a number: 12,5 = 12,50
    assert ask("Anr", anr) == [seeded]
    assert ask("Ean", "4099999999999") == []
    sim.modify_product(edited, EAN="4000000000017")
    assert ask("Ean", "4012345678901") == []


def _order_form(**overrides: str) -> dict[str, str]:
    form = {
        "Action": "new", "PartnerToken": "partner", "UserToken": "account",
        "Kbenutzername": "shop_1", "KLand": "D", "PosAnz": "1", "Artikelnr_1": "10000001",
        "Artikelname_1": "Mütze", "ArtikelEpreis_1": "19,99", "ArtikelMenge_1": "1",
        "VID": "SHOPIFY-1", "CheckVID": "1", "BuyDate": "01.03.2025 10:00:00",
    }  # fmt: skip
    form.update(overrides)
    return {k: v for k, v in form.items() if v != "-"}


def _shop(sim: AfterbuySimulator, form: dict[str, str], encoding: str = "utf-8") -> str:
    body = urlencode(form, encoding=encoding).encode("ascii")
    return sim.handle(SimRequest("POST", SHOP_PATH, {}, {}, body)).body.decode()


@pytest.mark.parametrize(
    "overrides",
    [
        {"ArtikelEpreis_1": "19.99"},  # a point: Afterbuy writes and reads decimal commas
        {"ArtikelEpreis_1": "1.234,50"},
        {"ArtikelMenge_1": "0"},
        {"Artikelnr_1": "AB-12"},  # Artikelerkennung 0 wants a ProductID
        {"PosAnz": "-"},
        {"KLand": "-"},
        {"BuyDate": "2025-03-01T10:00:00Z"},
        {"CheckVID": "ja"},
    ],
)
def test_the_shop_interface_refuses_a_malformed_order(overrides: dict[str, str]) -> None:
    sim = AfterbuySimulator(products=5)
    answer = _shop(sim, _order_form(**overrides))
    assert "<success>0</success>" in answer and sim.list_orders() == []


def test_the_shop_interface_wants_utf8_and_cuts_long_texts_silently() -> None:
    sim = AfterbuySimulator(products=5)
    assert "<success>0</success>" in _shop(sim, _order_form(), encoding="latin-1")
    answer = _shop(sim, _order_form(VID="V" * 45, KNachname="N" * 160))
    assert "<success>1</success>" in answer
    [order] = sim.list_orders()
    assert order.vid == "V" * 40 and order.form["knachname"] == "N" * 150


def test_duplicates_are_refused_only_while_check_vid_is_on() -> None:
    strict, lax = AfterbuySimulator(products=5), AfterbuySimulator(products=5, check_vid=False)
    for sim in (strict, lax):
        _shop(sim, _order_form())
        _shop(sim, _order_form())
    assert len(strict.list_orders()) == 1 and len(lax.list_orders()) == 2


def test_the_simulator_does_not_read_with_the_connectors_code() -> None:
    probe = (
        "import sys, jjdesk.sandbox.afterbuy; "
        "print(sorted(m for m in sys.modules if m.startswith('jjdesk.connectors')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
