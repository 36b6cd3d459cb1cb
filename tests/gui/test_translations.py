"""German: every tr() string is translated in the .ts and the compiled .qm, and shows up."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MakeApp, MakeDesktop
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from jjdesk.gui.i18n import install_translators, remove_translators
from jjdesk.gui.translations import QM, TS, sources

Key = tuple[str, str]  # context, source text


class _TrCalls(ast.NodeVisitor):
    """Finds self.tr("…") (context: the enclosing class) and translate("Ctx", "…")."""

    def __init__(self) -> None:
        self.keys: set[Key] = set()
        self.non_literal: list[str] = []
        self._classes: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._classes.append(node.name)
        self.generic_visit(node)
        self._classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "tr" and self._classes:
            self._add(self._classes[-1], node.args[0] if node.args else None, node)
        elif name == "translate" and len(node.args) >= 2:
            context = node.args[0]
            if isinstance(context, ast.Constant) and isinstance(context.value, str):
                self._add(context.value, node.args[1], node)
            else:
                self.non_literal.append(f"line {node.lineno}: translate() context")
        self.generic_visit(node)

    def _add(self, context: str, arg: ast.expr | None, node: ast.Call) -> None:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            self.keys.add((context, arg.value))
        else:
            self.non_literal.append(f"line {node.lineno}: {ast.unparse(node)}")


def _source_keys() -> tuple[set[Key], list[str]]:
    keys: set[Key] = set()
    problems: list[str] = []
    for path in sources():
        visitor = _TrCalls()
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        keys |= visitor.keys
        problems += [f"{path.name} {p}" for p in visitor.non_literal]
    return keys, problems


def _ts_translations() -> dict[Key, str]:
    found: dict[Key, str] = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") not in (
                "unfinished",
                "obsolete",
                "vanished",
            )
            text = translation.text if translation is not None and done else ""
            found[(name, message.findtext("source", ""))] = text or ""
    return found


def test_every_tr_string_has_a_german_translation_in_the_ts_and_the_qm(qapp: QApplication) -> None:
    keys, non_literal = _source_keys()
    assert len(keys) > 50  # the scan really finds the GUI's strings
    assert non_literal == [], "tr()/translate() need string literals to be translatable"
    ts = _ts_translations()
    untranslated = sorted(k for k in keys if not ts.get(k))
    assert untranslated == [], "run `python -m jjdesk.gui.translations` and translate these"
    qm = QTranslator()
    assert qm.load(str(QM))
    stale = sorted(k for k in keys if not qm.translate(k[0], k[1]))
    assert stale == [], "jjdesk_de.qm is older than jjdesk_de.ts: recompile it"


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    translators = install_translators(qapp, "de")
    yield
    remove_translators(qapp, translators)
    install_translators(qapp, "en")


def test_with_the_german_translator_the_window_speaks_german(
    german: None, qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    desktop = make_desktop(make_app())
    status = desktop.window.status
    window = desktop.window
    assert status.row_actions(0).run_button.text() == "Jetzt ausführen"
    assert status.row_actions(0).cancel_button.text() == "Abbrechen"
    assert status.pause_button.text() == "Alle pausieren"
    assert window.errors.heading.text() == "Handlungsbedarf"
    assert window.tabs.tabText(window.tabs.indexOf(window.connections)) == "Verbindungen"
    assert window.connections.forms["fakeshop"].test_button.text() == "Verbindung testen"
    assert QCoreApplication.translate("Labels", "Interrupted") == "Abgebrochen"


def test_german_shows_german_dates_and_decimal_commas(german: None) -> None:
    from datetime import UTC, datetime

    from jjdesk.gui import fmt

    assert fmt.duration(1.25) in ("1,2 s", "1,3 s")
    assert fmt.local_datetime(datetime(2026, 11, 23, 12, 0, tzinfo=UTC)).startswith("23.11.")


def test_english_is_the_source_language(qapp: QApplication) -> None:
    assert install_translators(qapp, "en") == []
    assert QCoreApplication.translate("RowActions", "Run now") == "Run now"
    assert Path(TS).name == "jjdesk_de.ts"


def test_in_german_an_error_says_which_attempt_it_was(
    german: None, qtbot: QtBot, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    app = make_app()
    run_id = app.store.runs.start("fake", "items", "schedule")
    app.store.errors.add(run_id, "fake", "items", "order", "77", "Preis fehlt", attempt=3)
    desktop = make_desktop(app)
    cells = desktop.window.errors.model.cells(0)
    assert cells[2] == "Bestellung 77"
    assert cells[-1] == "3. Versuch"
    assert desktop.window.errors.model.headers[-1] == "Versuch"


def test_in_german_the_first_run_preview_says_each_flows_writes_in_german(german: None) -> None:
    from jjdesk.cockpit.preview import FlowPreview, Preview
    from jjdesk.flows.context import PlanAction
    from jjdesk.gui.wizard import plan_text, summary_text

    counts = {PlanAction.CREATE: 1204, PlanAction.UPDATE: 37, PlanAction.REMOVE: 2}
    products = FlowPreview("shopify", "products", "Shopify – Produkte", counts)
    orders = FlowPreview("shopify", "orders", "Shopify – Bestellimport", {PlanAction.IMPORT: 12})

    assert plan_text(counts) == "würde 1.204 anlegen, 37 aktualisieren, 2 entfernen"
    assert plan_text({PlanAction.IMPORT: 12}) == "würde 12 importieren"
    assert plan_text({}) == ""
    assert summary_text(Preview([products, orders])) == (
        "Würde 1.204 Artikel anlegen, 37 aktualisieren, 2 entfernen; 12 Bestellungen importieren."
    )
