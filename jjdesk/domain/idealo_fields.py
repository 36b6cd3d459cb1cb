"""idealo's free-field strings in Afterbuy: shipping data (FreeValue4), energy label (FreeValue5).

The merchant writes `Key=Value;` pairs into Afterbuy's free fields (reference product:
"Delivery=DHL;DeliveryCosts=6,90;…;Replica=false;"). `nil` leaves a key unset, amounts
take a decimal comma (a point works too), carrier and fulfilment type come from idealo's
fixed lists. Free field 4 is mandatory; free field 5 is either empty (no energy label) or
complete. Every problem names the key and shows what is allowed, in the merchant's
language; the parsers collect all problems of a string, so one round of fixing suffices.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from jjdesk import i18n

CARRIERS = (
    "DEUTSCHE_POST",
    "DHL",
    "DHL_EXPRESS",
    "DHL_GO_GREEN",
    "DHL_PACKSTATION",
    "DOWNLOAD",
    "DPD",
    "FEDEX",
    "GERMAN_EXPRESS_LOGISTICS",
    "GLS",
    "GLS_THINK_GREEN",
    "HERMES",
    "PICK_POINT",
    "SPEDITION",
    "TNT",
    "TRANS_O_FLEX",
    "UPS",
)
FULFILLMENT_TYPES = ("FREIGHT_FORWARDER", "PARCEL_SERVICE", "DOWNLOAD", "LETTER")
ENERGY_CLASSES = ("A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")
NOISE_CLASSES = ("A", "B", "C")
NIL = "nil"

_AMOUNT = re.compile(r"\d+(?:[,.]\d{1,2})?")
_WHOLE = re.compile(r"-?\d+")
_SPECTRUM = re.compile(r"(A\+{0,3}|[B-G])-(A\+{0,3}|[B-G])")
_URL = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", re.IGNORECASE)

i18n.register(
    {
        "idealo.fv4": {"de": "Freifeld 4", "en": "Free field 4"},
        "idealo.fv5": {"de": "Freifeld 5", "en": "Free field 5"},
        "idealo.fv4.missing": {
            "de": "Freifeld 4 ist leer. idealo braucht dort die Versanddaten, mindestens "
            "„Delivery=…;DeliveryCosts=…;“.",
            "en": "Free field 4 is empty. idealo needs the shipping data there, at least "
            "“Delivery=…;DeliveryCosts=…;”.",
        },
        "idealo.fv4.hint": {
            "de": "In Afterbuy unter Allgemeine Daten → Freifeld 4 eintragen, bei Varianten "
            "in jeder Variante, z. B. Delivery=DHL;DeliveryCosts=6,90;PackagingUnit=1;"
            "FreeReturnDays=30;Replica=false;",
            "en": "Enter it in Afterbuy under General data → Free field 4, for variants in "
            "every variant, e.g. Delivery=DHL;DeliveryCosts=6,90;PackagingUnit=1;"
            "FreeReturnDays=30;Replica=false;",
        },
        "idealo.fv5.hint": {
            "de": "In Afterbuy unter Allgemeine Daten → Freifeld 5 das ganze Energielabel "
            "eintragen (Reifenwerte als nil, wenn es kein Reifen ist) – oder Freifeld 5 "
            "leer lassen.",
            "en": "Enter the whole energy label in Afterbuy under General data → Free field "
            "5 (tyre values as nil when it is no tyre) – or leave free field 5 empty.",
        },
        "idealo.fv.unknown_key": {
            "de": "{field}: unbekannter Schlüssel „{key}“. Erlaubt: {allowed}.",
            "en": "{field}: unknown key “{key}”. Allowed: {allowed}.",
        },
        "idealo.fv.duplicate": {
            "de": "{field}: „{key}“ steht mehr als einmal im Text; jeden Schlüssel nur "
            "einmal angeben.",
            "en": "{field}: “{key}” appears more than once; give every key only once.",
        },
        "idealo.fv.no_equals": {
            "de": "{field}: „{part}“ ist kein Abschnitt der Form Schlüssel=Wert;. "
            "Erlaubte Schlüssel: {allowed}.",
            "en": "{field}: “{part}” is no section of the form key=value;. "
            "Allowed keys: {allowed}.",
        },
        "idealo.fv.semicolon": {
            "de": "{field}: nach dem Wert von „{key}“ fehlt ein „;“ (gelesen: „{part}“).",
            "en": "{field}: a “;” is missing after the value of “{key}” (read: “{part}”).",
        },
        "idealo.fv.no_value": {
            "de": "{field}: „{key}“ hat keinen Wert. Erlaubt: {allowed}.",
            "en": "{field}: “{key}” has no value. Allowed: {allowed}.",
        },
        "idealo.fv.required": {
            "de": "{field}: „{key}“ fehlt, ist aber Pflicht. Erlaubt: {allowed}.",
            "en": "{field}: “{key}” is missing but required. Allowed: {allowed}.",
        },
        "idealo.fv.bad_value": {
            "de": "{field}: „{key}={value}“ ist nicht erlaubt. Erlaubt: {allowed}.",
            "en": "{field}: “{key}={value}” is not allowed. Allowed: {allowed}.",
        },
        "idealo.fv5.incomplete": {
            "de": "{field}: das Energielabel ist unvollständig, es fehlen {missing}. Entweder "
            "alle Schlüssel angeben ({allowed}) oder Freifeld 5 leer lassen.",
            "en": "{field}: the energy label is incomplete, {missing} missing. Either give "
            "every key ({allowed}) or leave free field 5 empty.",
        },
        "idealo.allowed.amount": {
            "de": "ein Betrag mit Dezimalkomma, z. B. 6,90",
            "en": "an amount with a decimal comma, e.g. 6,90",
        },
        "idealo.allowed.fee": {
            "de": "ein Betrag mit Dezimalkomma, z. B. 6,90, oder -1 (Service nicht angeboten)",
            "en": "an amount with a decimal comma, e.g. 6,90, or -1 (service not offered)",
        },
        "idealo.allowed.whole": {
            "de": "eine ganze Zahl ab {minimum}",
            "en": "a whole number from {minimum}",
        },
        "idealo.allowed.text": {"de": "ein Text", "en": "a text"},
        "idealo.allowed.url": {
            "de": "eine Adresse, die mit http:// oder https:// beginnt",
            "en": "an address starting with http:// or https://",
        },
        "idealo.allowed.spectrum": {
            "de": "eine Spanne von Klassen wie A-G oder A+++-D",
            "en": "a range of classes such as A-G or A+++-D",
        },
        "idealo.allowed.or_nil": {
            "de": "{allowed} oder nil (nicht benutzt)",
            "en": "{allowed} or nil (not used)",
        },
    }
)


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One thing wrong with a free-field string: the key concerned and the sentence."""

    key: str
    message: str


class FreeFieldError(ValueError):
    """A free-field string that cannot be used; `problems` lists everything wrong."""

    def __init__(self, number: int, problems: list[FieldProblem]) -> None:
        super().__init__(" ".join(p.message for p in problems))
        self.number = number
        self.problems = problems

    @property
    def message(self) -> str:
        """All problems in one text, for the Errors tab (each is a sentence of its own)."""
        return " ".join(p.message for p in self.problems)

    @property
    def hint(self) -> str:
        """What to do, in the merchant's words."""
        return i18n.text(f"idealo.fv{self.number}.hint")


@dataclass(frozen=True, slots=True)
class ShippingData:
    """Free field 4, parsed: what idealo shows about delivery and the offer's extras."""

    carrier: str
    delivery_cost: Decimal
    base_price: str | None = None
    packaging_unit: int | None = None
    max_order_processing_days: int | None = None
    free_return_days: int | None = None
    quantity_per_order: int | None = None
    fulfillment_type: str | None = None
    two_man_handling_fee: Decimal | None = None
    disposal_fee: Decimal | None = None  # -1: old-appliance pickup not offered
    deposit: Decimal | None = None
    size: str | None = None
    colour: str | None = None
    gender: str | None = None
    material: str | None = None
    replica: bool = False


@dataclass(frozen=True, slots=True)
class EnergyLabel:
    """Free field 5, parsed: the EU energy label (tyre values only for tyres)."""

    eec: str
    efficiency_class: str
    spectrum: str
    label_url: str
    data_sheet_url: str
    version: int
    fuel_efficiency_class: str | None = None
    wet_grip_class: str | None = None
    external_rolling_noise: int | None = None
    external_rolling_noise_class: str | None = None
    snow_grip: bool | None = None
    ice_grip: bool | None = None


# ---- value kinds --------------------------------------------------------------------


class _Bad(ValueError):
    """A value that does not fit its kind."""


@dataclass(frozen=True, slots=True)
class _Kind:
    """How one key's value is read, and how its allowed values are described."""

    parse: Callable[[str], object]
    allowed: Callable[[], str]


def _choice(values: tuple[str, ...]) -> _Kind:
    by_fold = {v.casefold(): v for v in values}

    def parse(text: str) -> str:
        found = by_fold.get(text.casefold())
        if found is None:
            raise _Bad(text)
        return found

    return _Kind(parse, lambda: ", ".join(values))


def _amount(text: str) -> Decimal:
    if not _AMOUNT.fullmatch(text):
        raise _Bad(text)
    return Decimal(text.replace(",", "."))


def _fee(text: str) -> Decimal:
    return Decimal(-1) if text == "-1" else _amount(text)


def _whole(minimum: int) -> _Kind:
    def parse(text: str) -> int:
        if not _WHOLE.fullmatch(text) or int(text) < minimum:
            raise _Bad(text)
        return int(text)

    return _Kind(parse, lambda: i18n.text("idealo.allowed.whole", minimum=minimum))


def _boolean(text: str) -> bool:
    folded = text.casefold()
    if folded not in ("true", "false"):
        raise _Bad(text)
    return folded == "true"


def _text(text: str) -> str:
    return text


def _pattern(pattern: re.Pattern[str], *, upper: bool = False) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.upper() if upper else text
        if not pattern.fullmatch(value):
            raise _Bad(text)
        return value

    return parse


AMOUNT = _Kind(_amount, lambda: i18n.text("idealo.allowed.amount"))
FEE = _Kind(_fee, lambda: i18n.text("idealo.allowed.fee"))
BOOLEAN = _Kind(_boolean, lambda: "true, false")
TEXT = _Kind(_text, lambda: i18n.text("idealo.allowed.text"))
URL = _Kind(_pattern(_URL), lambda: i18n.text("idealo.allowed.url"))
ENERGY_CLASS = _choice(ENERGY_CLASSES)
SPECTRUM = _Kind(_pattern(_SPECTRUM, upper=True), lambda: i18n.text("idealo.allowed.spectrum"))
NOISE_CLASS = _choice(NOISE_CLASSES)


@dataclass(frozen=True, slots=True)
class _Key:
    name: str
    kind: _Kind
    required: bool = False  # present with a value (not nil)


FREE_VALUE4_KEYS = (
    _Key("Delivery", _choice(CARRIERS), required=True),
    _Key("DeliveryCosts", AMOUNT, required=True),
    _Key("BasePrice", TEXT),
    _Key("PackagingUnit", _whole(1)),
    _Key("MaxOrderProcessingTime", _whole(0)),
    _Key("FreeReturnDays", _whole(0)),
    _Key("QuantityPerOrder", _whole(1)),
    _Key("FulfillmentType", _choice(FULFILLMENT_TYPES)),
    _Key("TwoManHandlingFee", AMOUNT),
    _Key("DisposalFee", FEE),
    _Key("Deposit", AMOUNT),
    _Key("Size", TEXT),
    _Key("Colour", TEXT),
    _Key("Gender", TEXT),
    _Key("Material", TEXT),
    _Key("Replica", BOOLEAN),
)
# every key must be present once the field is used; the tyre values may be nil
FREE_VALUE5_KEYS = (
    _Key("Eec", ENERGY_CLASS, required=True),
    _Key("efficiencyClass", ENERGY_CLASS, required=True),
    _Key("spectrum", SPECTRUM, required=True),
    _Key("labelUrl", URL, required=True),
    _Key("dataSheetUrl", URL, required=True),
    _Key("fuelEfficiencyClass", ENERGY_CLASS),
    _Key("wetGripClass", ENERGY_CLASS),
    _Key("externalRollingNoise", _whole(0)),
    _Key("externalRollingNoiseClass", NOISE_CLASS),
    _Key("snowGrip", BOOLEAN),
    _Key("iceGrip", BOOLEAN),
    _Key("version", _whole(1), required=True),
)


# ---- parsing ------------------------------------------------------------------------


@dataclass
class _Reading:
    """One pass over a string: values by key name, raw presence, problems."""

    number: int
    keys: tuple[_Key, ...]
    values: dict[str, object] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return i18n.text(f"idealo.fv{self.number}")

    def allowed_keys(self) -> str:
        return ", ".join(k.name for k in self.keys)

    def add(self, concerns: str, message_key: str, **params: object) -> None:
        message = i18n.text(message_key, field=self.label, **params)
        self.problems.append(FieldProblem(concerns, message))


def _allowed(key: _Key) -> str:
    allowed = key.kind.allowed()
    return allowed if key.required else i18n.text("idealo.allowed.or_nil", allowed=allowed)


def _read(text: str, number: int, keys: tuple[_Key, ...]) -> _Reading:
    reading = _Reading(number, keys)
    by_fold = {k.name.casefold(): k for k in keys}
    parts = text.split(";")
    last = len(parts) - 1
    for index, raw in enumerate(parts):
        part = raw.strip()
        if not part:
            continue
        name, equals, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name:
            reading.add(name, "idealo.fv.no_equals", part=part, allowed=reading.allowed_keys())
            continue
        key = by_fold.get(name.casefold())
        if key is None:
            reading.add(name, "idealo.fv.unknown_key", key=name, allowed=reading.allowed_keys())
            continue
        if "=" in value or index == last:
            # two pairs run together, or the last pair lacks its closing ";": the keys
            # in it count as given, so that only the missing ";" is reported
            reading.present.add(key.name)
            reading.present.update(k.name for k in keys if _names(k.name, value))
            reading.add(key.name, "idealo.fv.semicolon", key=key.name, part=part)
            continue
        if key.name in reading.present:
            reading.add(key.name, "idealo.fv.duplicate", key=key.name)
            continue
        reading.present.add(key.name)
        _value(reading, key, value)
    for key in keys:
        if key.required and key.name not in reading.present:
            reading.add(key.name, "idealo.fv.required", key=key.name, allowed=_allowed(key))
    return reading


def _names(name: str, text: str) -> bool:
    """Whether `text` contains `name=` as a key of its own (a pair that lost its ";")."""
    return re.search(rf"(?:^|[\s,]){re.escape(name)}\s*=", text, re.IGNORECASE) is not None


def _value(reading: _Reading, key: _Key, value: str) -> None:
    if not value:
        reading.add(key.name, "idealo.fv.no_value", key=key.name, allowed=_allowed(key))
        return
    if value.casefold() == NIL:
        if key.required:
            reading.add(key.name, "idealo.fv.required", key=key.name, allowed=_allowed(key))
        return
    try:
        reading.values[key.name] = key.kind.parse(value)
    except _Bad:
        shown = value if len(value) <= 60 else value[:57] + "…"
        reading.add(
            key.name, "idealo.fv.bad_value", key=key.name, value=shown, allowed=_allowed(key)
        )


def parse_free_value4(text: str) -> ShippingData:
    """Free field 4 → `ShippingData`; `FreeFieldError` lists every problem."""
    if not text.strip():
        raise FreeFieldError(4, [FieldProblem("", i18n.text("idealo.fv4.missing"))])
    reading = _read(text, 4, FREE_VALUE4_KEYS)
    if reading.problems:
        raise FreeFieldError(4, reading.problems)
    v = reading.values
    return ShippingData(
        carrier=_str(v["Delivery"]),
        delivery_cost=_dec(v["DeliveryCosts"]),
        base_price=_opt_str(v.get("BasePrice")),
        packaging_unit=_opt_int(v.get("PackagingUnit")),
        max_order_processing_days=_opt_int(v.get("MaxOrderProcessingTime")),
        free_return_days=_opt_int(v.get("FreeReturnDays")),
        quantity_per_order=_opt_int(v.get("QuantityPerOrder")),
        fulfillment_type=_opt_str(v.get("FulfillmentType")),
        two_man_handling_fee=_opt_dec(v.get("TwoManHandlingFee")),
        disposal_fee=_opt_dec(v.get("DisposalFee")),
        deposit=_opt_dec(v.get("Deposit")),
        size=_opt_str(v.get("Size")),
        colour=_opt_str(v.get("Colour")),
        gender=_opt_str(v.get("Gender")),
        material=_opt_str(v.get("Material")),
        replica=v.get("Replica") is True,
    )


def parse_free_value5(text: str) -> EnergyLabel | None:
    """Free field 5 → `EnergyLabel`, or None when empty; incomplete is a `FreeFieldError`."""
    if not text.strip():
        return None
    reading = _read(text, 5, FREE_VALUE5_KEYS)
    missing = [k.name for k in FREE_VALUE5_KEYS if k.name not in reading.present]
    # one sentence for everything missing instead of one per key
    reading.problems = [p for p in reading.problems if p.key not in missing]
    if missing:
        reading.add(
            ", ".join(missing),
            "idealo.fv5.incomplete",
            missing=", ".join(missing),
            allowed=reading.allowed_keys(),
        )
    if reading.problems:
        raise FreeFieldError(5, reading.problems)
    v = reading.values
    return EnergyLabel(
        eec=_str(v["Eec"]),
        efficiency_class=_str(v["efficiencyClass"]),
        spectrum=_str(v["spectrum"]),
        label_url=_str(v["labelUrl"]),
        data_sheet_url=_str(v["dataSheetUrl"]),
        version=int(_opt_int(v["version"]) or 0),
        fuel_efficiency_class=_opt_str(v.get("fuelEfficiencyClass")),
        wet_grip_class=_opt_str(v.get("wetGripClass")),
        external_rolling_noise=_opt_int(v.get("externalRollingNoise")),
        external_rolling_noise_class=_opt_str(v.get("externalRollingNoiseClass")),
        snow_grip=_opt_bool(v.get("snowGrip")),
        ice_grip=_opt_bool(v.get("iceGrip")),
    )


def _str(value: object) -> str:
    return str(value)


def _dec(value: object) -> Decimal:
    assert isinstance(value, Decimal)
    return value


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _opt_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _opt_dec(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _opt_bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None
