"""Every message of the core's catalogue speaks German and English, with the same blanks
(a German text missing a `{placeholder}` would drop the value the merchant needs)."""

from __future__ import annotations

import importlib
import pkgutil
import re

import jjdesk
from jjdesk import i18n

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _import_everything_outside_the_gui() -> None:
    for module in pkgutil.walk_packages(jjdesk.__path__, "jjdesk."):
        if not module.name.startswith("jjdesk.gui"):  # Qt's texts: tests/gui
            importlib.import_module(module.name)


def test_every_core_message_is_german_and_english_with_the_same_placeholders() -> None:
    _import_everything_outside_the_gui()
    catalogue = i18n._catalogue
    assert any(key.startswith("cockpit.") for key in catalogue)  # the scan saw the cockpit

    incomplete = sorted(
        key
        for key, texts in catalogue.items()
        if set(texts) != {"de", "en"} or not all(t.strip() for t in texts.values())
    )
    mismatched = sorted(
        key
        for key, texts in catalogue.items()
        if set(PLACEHOLDER.findall(texts.get("de", "")))
        != set(PLACEHOLDER.findall(texts.get("en", "")))
    )

    assert incomplete == []
    assert mismatched == []


def test_the_cockpit_answers_in_german_when_german_is_chosen() -> None:
    from jjdesk.cockpit.orders import state_text
    from jjdesk.store.ledger import LedgerState

    i18n.set_language("de")
    try:
        assert state_text(LedgerState.DONE) == "Erledigt: Sendungsnummer gesendet und getaggt"
        assert i18n.text("cockpit.search.no_names", sources="Afterbuy").startswith(
            "Afterbuy kann nicht nach Namen suchen."
        )
    finally:
        i18n.set_language("en")
