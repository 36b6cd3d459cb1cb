"""idealo's free-field strings (Afterbuy FreeValue4/5): what is read, and what the merchant
is told – exact sentences, German and English – when a string cannot be used."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from jjdesk import i18n
from jjdesk.domain.idealo_fields import (
    CARRIERS,
    FULFILLMENT_TYPES,
    EnergyLabel,
    FreeFieldError,
    ShippingData,
    parse_free_value4,
    parse_free_value5,
)

REFERENCE = (
    "Delivery=DHL;DeliveryCosts=6,90;BasePrice=nil;PackagingUnit=1;MaxOrderProcessingTime=1;"
    "FreeReturnDays=30;QuantityPerOrder=1;FulfillmentType=PARCEL_SERVICE;TwoManHandlingFee=nil;"
    "DisposalFee=nil;Deposit=nil;Size=nil;Colour=nil;Gender=nil;Material=nil;Replica=false;"
)
LABEL = (
    "Eec=A++;efficiencyClass=A;spectrum=A-G;labelUrl=http://www.link.to/label.jpg;"
    "dataSheetUrl=http://www.example.com/datasheet.pdf;\n"
    "fuelEfficiencyClass=nil;wetGripClass=nil;externalRollingNoise=nil;"
    "externalRollingNoiseClass=nil;snowGrip=nil;iceGrip=nil;version=1;"
)
CARRIER_LIST = (
    "DEUTSCHE_POST, DHL, DHL_EXPRESS, DHL_GO_GREEN, DHL_PACKSTATION, DOWNLOAD, DPD, FEDEX, "
    "GERMAN_EXPRESS_LOGISTICS, GLS, GLS_THINK_GREEN, HERMES, PICK_POINT, SPEDITION, TNT, "
    "TRANS_O_FLEX, UPS"
)
KEYS4 = (
    "Delivery, DeliveryCosts, BasePrice, PackagingUnit, MaxOrderProcessingTime, FreeReturnDays, "
    "QuantityPerOrder, FulfillmentType, TwoManHandlingFee, DisposalFee, Deposit, Size, Colour, "
    "Gender, Material, Replica"
)
KEYS5 = (
    "Eec, efficiencyClass, spectrum, labelUrl, dataSheetUrl, fuelEfficiencyClass, wetGripClass, "
    "externalRollingNoise, externalRollingNoiseClass, snowGrip, iceGrip, version"
)
CLASSES = "A+++, A++, A+, A, B, C, D, E, F, G"


@pytest.fixture(params=["de", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


# ---- what is read --------------------------------------------------------------------


def test_the_reference_products_example_string() -> None:
    assert parse_free_value4(REFERENCE) == ShippingData(
        carrier="DHL",
        delivery_cost=Decimal("6.90"),
        packaging_unit=1,
        max_order_processing_days=1,
        free_return_days=30,
        quantity_per_order=1,
        fulfillment_type="PARCEL_SERVICE",
        replica=False,
    )


def test_every_key_with_a_value() -> None:
    text = (
        "Delivery=SPEDITION;DeliveryCosts=49,90;BasePrice=1,99€ / 100g;PackagingUnit=6;"
        "MaxOrderProcessingTime=3;FreeReturnDays=100;QuantityPerOrder=2;"
        "FulfillmentType=FREIGHT_FORWARDER;TwoManHandlingFee=29,90;DisposalFee=0,00;"
        "Deposit=15,00;Size=52;Colour=yellow/black;Gender=female;"
        "Material=80% cotton, 20% polyester;Replica=true;"
    )
    assert parse_free_value4(text) == ShippingData(
        carrier="SPEDITION",
        delivery_cost=Decimal("49.90"),
        base_price="1,99€ / 100g",
        packaging_unit=6,
        max_order_processing_days=3,
        free_return_days=100,
        quantity_per_order=2,
        fulfillment_type="FREIGHT_FORWARDER",
        two_man_handling_fee=Decimal("29.90"),
        disposal_fee=Decimal("0.00"),
        deposit=Decimal("15.00"),
        size="52",
        colour="yellow/black",
        gender="female",
        material="80% cotton, 20% polyester",
        replica=True,
    )


@pytest.mark.parametrize("carrier", CARRIERS)
def test_every_carrier_of_the_list(carrier: str) -> None:
    assert parse_free_value4(f"Delivery={carrier};DeliveryCosts=4,90;").carrier == carrier
    # as merchants type it in Afterbuy ("Spedition", "dhl_express")
    assert parse_free_value4(f"Delivery={carrier.lower()};DeliveryCosts=4,90;").carrier == carrier


@pytest.mark.parametrize("kind", FULFILLMENT_TYPES)
def test_every_fulfilment_type_of_the_list(kind: str) -> None:
    parsed = parse_free_value4(f"Delivery=DHL;DeliveryCosts=0;FulfillmentType={kind};")
    assert parsed.fulfillment_type == kind


@pytest.mark.parametrize(
    ("written", "amount"),
    [("6,90", "6.90"), ("12,5", "12.5"), ("0", "0"), ("4,00", "4.00"), ("6.90", "6.90")],
)
def test_amounts_take_a_decimal_comma(written: str, amount: str) -> None:
    parsed = parse_free_value4(f"Delivery=DHL;DeliveryCosts={written};TwoManHandlingFee={written};")
    assert parsed.delivery_cost == Decimal(amount)
    assert parsed.two_man_handling_fee == Decimal(amount)


def test_nil_leaves_every_optional_key_unset() -> None:
    keys = [k.strip() for k in KEYS4.split(",")][2:]
    text = "Delivery=DHL;DeliveryCosts=3,90;" + "".join(f"{k}=nil;" for k in keys)
    assert parse_free_value4(text) == ShippingData(carrier="DHL", delivery_cost=Decimal("3.90"))
    assert parse_free_value4(text.upper()).packaging_unit is None  # NIL, Delivery=DHL


def test_minus_one_disposal_fee_means_not_offered_and_spacing_is_forgiven() -> None:
    parsed = parse_free_value4(" Delivery = GLS ;\n DeliveryCosts=5,90 ; DisposalFee=-1;\n")
    assert parsed.carrier == "GLS" and parsed.disposal_fee == Decimal(-1)


def test_a_complete_energy_label_and_an_empty_free_field_5() -> None:
    assert parse_free_value5("") is None
    assert parse_free_value5("   ") is None
    assert parse_free_value5(LABEL) == EnergyLabel(
        eec="A++",
        efficiency_class="A",
        spectrum="A-G",
        label_url="http://www.link.to/label.jpg",
        data_sheet_url="http://www.example.com/datasheet.pdf",
        version=1,
    )


def test_a_tyre_label_with_every_tyre_value() -> None:
    text = (
        "Eec=B;efficiencyClass=B;spectrum=a-e;labelUrl=https://x.de/l.png;"
        "dataSheetUrl=https://x.de/d.pdf;fuelEfficiencyClass=C;wetGripClass=A;"
        "externalRollingNoise=71;externalRollingNoiseClass=B;snowGrip=true;iceGrip=false;"
        "version=2;"
    )
    label = parse_free_value5(text)
    assert label is not None
    assert (label.spectrum, label.fuel_efficiency_class, label.wet_grip_class) == ("A-E", "C", "A")
    assert (label.external_rolling_noise, label.external_rolling_noise_class) == (71, "B")
    assert (label.snow_grip, label.ice_grip, label.version) == (True, False, 2)


# ---- what the merchant is told ---------------------------------------------------------

FREE_VALUE4_CASES = [
    (
        "missing string",
        "",
        [
            "Freifeld 4 ist leer. idealo braucht dort die Versanddaten, mindestens "
            "„Delivery=…;DeliveryCosts=…;“."
        ],
        [
            "Free field 4 is empty. idealo needs the shipping data there, at least "
            "“Delivery=…;DeliveryCosts=…;”."
        ],
    ),
    (
        "wrong key",
        "Delivery=DHL;DeliveryCosts=6,90;FreeReturnDay=30;",
        [f"Freifeld 4: unbekannter Schlüssel „FreeReturnDay“. Erlaubt: {KEYS4}."],
        [f"Free field 4: unknown key “FreeReturnDay”. Allowed: {KEYS4}."],
    ),
    (
        "carrier outside the list",
        "Delivery=Zauberteppich;DeliveryCosts=6,90;",
        [f"Freifeld 4: „Delivery=Zauberteppich“ ist nicht erlaubt. Erlaubt: {CARRIER_LIST}."],
        [f"Free field 4: “Delivery=Zauberteppich” is not allowed. Allowed: {CARRIER_LIST}."],
    ),
    (
        "fulfilment type outside the list",
        "Delivery=DHL;DeliveryCosts=6,90;FulfillmentType=PAKET;",
        [
            "Freifeld 4: „FulfillmentType=PAKET“ ist nicht erlaubt. Erlaubt: FREIGHT_FORWARDER, "
            "PARCEL_SERVICE, DOWNLOAD, LETTER oder nil (nicht benutzt)."
        ],
        [
            "Free field 4: “FulfillmentType=PAKET” is not allowed. Allowed: FREIGHT_FORWARDER, "
            "PARCEL_SERVICE, DOWNLOAD, LETTER or nil (not used)."
        ],
    ),
    (
        "bad amount",
        "Delivery=DHL;DeliveryCosts=4.95.1;",
        [
            "Freifeld 4: „DeliveryCosts=4.95.1“ ist nicht erlaubt. Erlaubt: ein Betrag mit "
            "Dezimalkomma, z. B. 6,90."
        ],
        [
            "Free field 4: “DeliveryCosts=4.95.1” is not allowed. Allowed: an amount with a "
            "decimal comma, e.g. 6,90."
        ],
    ),
    (
        "thousands separator is no amount",
        "Delivery=DHL;DeliveryCosts=1.000;",
        [
            "Freifeld 4: „DeliveryCosts=1.000“ ist nicht erlaubt. Erlaubt: ein Betrag mit "
            "Dezimalkomma, z. B. 6,90."
        ],
        [
            "Free field 4: “DeliveryCosts=1.000” is not allowed. Allowed: an amount with a "
            "decimal comma, e.g. 6,90."
        ],
    ),
    (
        "bad whole number",
        "Delivery=DHL;DeliveryCosts=6,90;PackagingUnit=eins;",
        [
            "Freifeld 4: „PackagingUnit=eins“ ist nicht erlaubt. Erlaubt: eine ganze Zahl ab 1 "
            "oder nil (nicht benutzt)."
        ],
        [
            "Free field 4: “PackagingUnit=eins” is not allowed. Allowed: a whole number from 1 "
            "or nil (not used)."
        ],
    ),
    (
        "zero pieces per order",
        "Delivery=DHL;DeliveryCosts=6,90;QuantityPerOrder=0;",
        [
            "Freifeld 4: „QuantityPerOrder=0“ ist nicht erlaubt. Erlaubt: eine ganze Zahl ab 1 "
            "oder nil (nicht benutzt)."
        ],
        [
            "Free field 4: “QuantityPerOrder=0” is not allowed. Allowed: a whole number from 1 "
            "or nil (not used)."
        ],
    ),
    (
        "replica neither true nor false",
        "Delivery=DHL;DeliveryCosts=6,90;Replica=ja;",
        [
            "Freifeld 4: „Replica=ja“ ist nicht erlaubt. Erlaubt: true, false oder nil "
            "(nicht benutzt)."
        ],
        ["Free field 4: “Replica=ja” is not allowed. Allowed: true, false or nil (not used)."],
    ),
    (
        "disposal fee below -1",
        "Delivery=DHL;DeliveryCosts=6,90;DisposalFee=-2;",
        [
            "Freifeld 4: „DisposalFee=-2“ ist nicht erlaubt. Erlaubt: ein Betrag mit "
            "Dezimalkomma, z. B. 6,90, oder -1 (Service nicht angeboten) oder nil "
            "(nicht benutzt)."
        ],
        [
            "Free field 4: “DisposalFee=-2” is not allowed. Allowed: an amount with a decimal "
            "comma, e.g. 6,90, or -1 (service not offered) or nil (not used)."
        ],
    ),
    (
        "mandatory key missing",
        "DeliveryCosts=6,90;",
        [f"Freifeld 4: „Delivery“ fehlt, ist aber Pflicht. Erlaubt: {CARRIER_LIST}."],
        [f"Free field 4: “Delivery” is missing but required. Allowed: {CARRIER_LIST}."],
    ),
    (
        "mandatory key nil",
        "Delivery=DHL;DeliveryCosts=nil;",
        [
            "Freifeld 4: „DeliveryCosts“ fehlt, ist aber Pflicht. Erlaubt: ein Betrag mit "
            "Dezimalkomma, z. B. 6,90."
        ],
        [
            "Free field 4: “DeliveryCosts” is missing but required. Allowed: an amount with a "
            "decimal comma, e.g. 6,90."
        ],
    ),
    (
        "no value",
        "Delivery=DHL;DeliveryCosts=6,90;FreeReturnDays=;",
        [
            "Freifeld 4: „FreeReturnDays“ hat keinen Wert. Erlaubt: eine ganze Zahl ab 0 oder "
            "nil (nicht benutzt)."
        ],
        [
            "Free field 4: “FreeReturnDays” has no value. Allowed: a whole number from 0 or nil "
            "(not used)."
        ],
    ),
    (
        "missing ; between two pairs",
        "Delivery=DHL DeliveryCosts=6,90;",
        [
            "Freifeld 4: nach dem Wert von „Delivery“ fehlt ein „;“ "
            "(gelesen: „Delivery=DHL DeliveryCosts=6,90“)."
        ],
        [
            "Free field 4: a “;” is missing after the value of “Delivery” "
            "(read: “Delivery=DHL DeliveryCosts=6,90”)."
        ],
    ),
    (
        "missing closing ;",
        "Delivery=DHL;DeliveryCosts=6,90;Replica=false",
        ["Freifeld 4: nach dem Wert von „Replica“ fehlt ein „;“ (gelesen: „Replica=false“)."],
        ["Free field 4: a “;” is missing after the value of “Replica” (read: “Replica=false”)."],
    ),
    (
        "no key=value",
        "Delivery=DHL;DeliveryCosts=6,90;Gratisversand;",
        [
            "Freifeld 4: „Gratisversand“ ist kein Abschnitt der Form Schlüssel=Wert;. "
            f"Erlaubte Schlüssel: {KEYS4}."
        ],
        [
            "Free field 4: “Gratisversand” is no section of the form key=value;. "
            f"Allowed keys: {KEYS4}."
        ],
    ),
    (
        "key twice",
        "Delivery=DHL;DeliveryCosts=6,90;Size=M;Size=L;",
        ["Freifeld 4: „Size“ steht mehr als einmal im Text; jeden Schlüssel nur einmal angeben."],
        ["Free field 4: “Size” appears more than once; give every key only once."],
    ),
    (
        "several problems at once",
        "Delivery=Zauberteppich;DeliveryCosts=4.95.1;",
        [
            f"Freifeld 4: „Delivery=Zauberteppich“ ist nicht erlaubt. Erlaubt: {CARRIER_LIST}.",
            "Freifeld 4: „DeliveryCosts=4.95.1“ ist nicht erlaubt. Erlaubt: ein Betrag mit "
            "Dezimalkomma, z. B. 6,90.",
        ],
        [
            f"Free field 4: “Delivery=Zauberteppich” is not allowed. Allowed: {CARRIER_LIST}.",
            "Free field 4: “DeliveryCosts=4.95.1” is not allowed. Allowed: an amount with a "
            "decimal comma, e.g. 6,90.",
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "german", "english"),
    [case[1:] for case in FREE_VALUE4_CASES],
    ids=[case[0] for case in FREE_VALUE4_CASES],
)
def test_free_field_4_problems(
    text: str, german: list[str], english: list[str], language: str
) -> None:
    with pytest.raises(FreeFieldError) as caught:
        parse_free_value4(text)
    expected = german if language == "de" else english
    assert [p.message for p in caught.value.problems] == expected
    assert caught.value.message == " ".join(expected)


FREE_VALUE5_CASES = [
    (
        "incomplete label",
        "Eec=A++;efficiencyClass=A;spectrum=A-G;labelUrl=https://x.de/l.png;",
        [
            "Freifeld 5: das Energielabel ist unvollständig, es fehlen dataSheetUrl, "
            "fuelEfficiencyClass, wetGripClass, externalRollingNoise, externalRollingNoiseClass, "
            f"snowGrip, iceGrip, version. Entweder alle Schlüssel angeben ({KEYS5}) oder "
            "Freifeld 5 leer lassen."
        ],
        [
            "Free field 5: the energy label is incomplete, dataSheetUrl, fuelEfficiencyClass, "
            "wetGripClass, externalRollingNoise, externalRollingNoiseClass, snowGrip, iceGrip, "
            f"version missing. Either give every key ({KEYS5}) or leave free field 5 empty."
        ],
    ),
    (
        "class outside the list",
        LABEL.replace("efficiencyClass=A;", "efficiencyClass=A++++;", 1),
        [f"Freifeld 5: „efficiencyClass=A++++“ ist nicht erlaubt. Erlaubt: {CLASSES}."],
        [f"Free field 5: “efficiencyClass=A++++” is not allowed. Allowed: {CLASSES}."],
    ),
    (
        "label address without http",
        LABEL.replace("http://www.link.to/label.jpg", "www.link.to/label.jpg"),
        [
            "Freifeld 5: „labelUrl=www.link.to/label.jpg“ ist nicht erlaubt. Erlaubt: eine "
            "Adresse, die mit http:// oder https:// beginnt."
        ],
        [
            "Free field 5: “labelUrl=www.link.to/label.jpg” is not allowed. Allowed: an "
            "address starting with http:// or https://."
        ],
    ),
    (
        "spectrum that is no range",
        LABEL.replace("spectrum=A-G", "spectrum=A bis G"),
        [
            "Freifeld 5: „spectrum=A bis G“ ist nicht erlaubt. Erlaubt: eine Spanne von Klassen "
            "wie A-G oder A+++-D."
        ],
        [
            "Free field 5: “spectrum=A bis G” is not allowed. Allowed: a range of classes such "
            "as A-G or A+++-D."
        ],
    ),
    (
        "required value nil",
        LABEL.replace("version=1;", "version=nil;"),
        ["Freifeld 5: „version“ fehlt, ist aber Pflicht. Erlaubt: eine ganze Zahl ab 1."],
        ["Free field 5: “version” is missing but required. Allowed: a whole number from 1."],
    ),
    (
        "wrong key",
        LABEL + "colour=red;",
        [f"Freifeld 5: unbekannter Schlüssel „colour“. Erlaubt: {KEYS5}."],
        [f"Free field 5: unknown key “colour”. Allowed: {KEYS5}."],
    ),
    (
        "tyre grip neither true nor false",
        LABEL.replace("snowGrip=nil", "snowGrip=gut"),
        [
            "Freifeld 5: „snowGrip=gut“ ist nicht erlaubt. Erlaubt: true, false oder nil "
            "(nicht benutzt)."
        ],
        ["Free field 5: “snowGrip=gut” is not allowed. Allowed: true, false or nil (not used)."],
    ),
]


@pytest.mark.parametrize(
    ("text", "german", "english"),
    [case[1:] for case in FREE_VALUE5_CASES],
    ids=[case[0] for case in FREE_VALUE5_CASES],
)
def test_free_field_5_problems(
    text: str, german: list[str], english: list[str], language: str
) -> None:
    with pytest.raises(FreeFieldError) as caught:
        parse_free_value5(text)
    expected = german if language == "de" else english
    assert [p.message for p in caught.value.problems] == expected


def test_keys_are_matched_whatever_their_case() -> None:
    label = parse_free_value5(LABEL.replace("Eec=", "eec=").replace("version=", "Version="))
    assert label is not None and label.eec == "A++"
    assert parse_free_value4("delivery=ups;deliverycosts=5;").carrier == "UPS"


def test_every_problem_names_its_key(language: str) -> None:
    with pytest.raises(FreeFieldError) as caught:
        parse_free_value4("Delivery=DHL;DeliveryCosts=x;PackagingUnit=0;Replica=vielleicht;")
    assert [p.key for p in caught.value.problems] == ["DeliveryCosts", "PackagingUnit", "Replica"]
    assert all(p.key in p.message for p in caught.value.problems)
    assert "Freifeld 4" in caught.value.hint or "Free field 4" in caught.value.hint
