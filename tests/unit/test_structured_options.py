"""Table and list options: checked, kept as JSON, exported and imported as TOML tables."""

from __future__ import annotations

import tomllib

import pytest
import tomli_w

from jjdesk.integrations.base import OptionSpec, list_of, table_of

CARRIERS = OptionSpec(
    "carriers",
    "option.done_tag",
    '{"DHL Paket": "DHL"}',
    table_columns=("option.done_tag", "option.keep_days"),
    table_values=("DHL", "DPD", "GLS"),
)
STATUSES = OptionSpec("statuses", "option.done_tag", '["paid"]', live_choices=lambda s: [])


def test_a_table_survives_export_and_import_through_toml() -> None:
    stored = CARRIERS.check('{" GLS Paket ": "GLS", "DHL Paket": "DHL", "": "DPD"}')
    assert table_of(stored) == {"DHL Paket": "DHL", "GLS Paket": "GLS"}
    text = tomli_w.dumps({"options": {"carriers": CARRIERS.to_data(stored)}})
    back = tomllib.loads(text)["options"]["carriers"]
    assert CARRIERS.check(CARRIERS.from_data(back)) == stored


def test_a_list_keeps_its_order_without_repeats() -> None:
    stored = STATUSES.check('["paid", "shipped", "paid", " "]')
    assert list_of(stored) == ["paid", "shipped"]
    assert STATUSES.to_data(stored) == ["paid", "shipped"]


@pytest.mark.parametrize(
    ("spec", "data"),
    [(CARRIERS, "DHL"), (CARRIERS, ["DHL"]), (STATUSES, {"a": "b"}), (STATUSES, "paid")],
)
def test_the_wrong_shape_is_refused_in_words(spec: OptionSpec, data: object) -> None:
    with pytest.raises(ValueError) as caught:
        spec.check(spec.from_data(data))
    assert caught.value.args[0] == spec.allowed()
