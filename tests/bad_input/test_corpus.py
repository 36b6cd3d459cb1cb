"""The bad-input corpus: every case of every integration's harness entry, in German and in
English. Each runs in a fresh world next to good items and asserts the exact message on
that one item, that the run went on, and that every good item went through. A case whose
bad item sits in a container that waits for it (an order file) names that container
(`container`), which may carry one note of its own.

Settings files (`CONFIG`) are checked as a whole and applied all or nothing by design:
there the case asserts the one refused line, that no good line of the same file is
refused, and that nothing was applied.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jjdesk import i18n
from jjdesk.app import App
from jjdesk.config_io import ConfigRefused, export_config, read_config
from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.harness.registry import CONFIG, BadInput, Entry, WorldOptions, all_bad_inputs

CASES = [
    pytest.param(entry, case, language, id=f"{entry.key}-{case.case}-{language}")
    for entry, case in all_bad_inputs()
    for language in ("de", "en")
]


def test_the_corpus_has_at_least_sixty_cases() -> None:
    assert len({(e.key, c.case) for e, c in all_bad_inputs()}) >= 60


@pytest.mark.parametrize(("entry", "case", "language"), CASES)
def test_bad_input_is_one_clear_error_and_the_rest_goes_through(
    entry: Entry, case: BadInput, language: str, profile: Profile, secrets: SecretStore
) -> None:
    i18n.set_language(language)
    expected = case.de if language == "de" else case.en
    with entry.open_world(profile, secrets, WorldOptions(timeout=10)) as world:
        if case.flow == CONFIG:
            _config_case(world.app, case.plant(world)["toml"], expected, profile.root)
            return
        check_good = entry.good_items(world, case.flow)
        names = case.plant(world)
        flows = entry.flows[: entry.flows.index(case.flow) + 1]
        for flow in flows:
            outcome = world.app.run_once(entry.key, flow)
            assert outcome.status is not RunStatus.FAILED, (flow, outcome.title, outcome.message)
        errors = world.app.store.errors.for_run(outcome.run_id)
        if not expected:
            assert errors == [], [e.message for e in errors]
        else:
            mine = [e for e in errors if e.item_id == names["item"]]
            assert [(e.message, e.field) for e in mine] == [
                (expected.format(**names), case.field)
            ], [(e.item_id, e.message) for e in errors]
            # besides: at most one note on where the bad item sits (the file that holds it
            # and waits for it), never an error on anything else
            others = [e for e in errors if e.item_id != names["item"]]
            assert [e.item_id for e in others] in ([], [names.get("container")]), [
                (e.item_id, e.message) for e in errors
            ]
            assert outcome.status is RunStatus.WARNINGS
        assert check_good() == [], "good items did not go through"


def _config_case(app: App, text: str, expected: str, root: Path) -> None:
    before = export_config(app)
    path = root / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigRefused) as refused:
        read_config(app, path)
    assert refused.value.lines == [expected]
    assert export_config(app) == before  # all or nothing: the good lines were not applied
