""" "Why is product 4711 (not) in my shop?" — per integration, from the export flow itself.

A product is found by what the merchant types (`find_products`: an ID, an EAN, an
article number, or words of its name where something can search names). The
explanation is a dry run of the integration's product export restricted to this one
product (`App.preview` with a scope): the same code that runs every 15 minutes decides
the level's action and builds exactly what would be sent now. The store adds what was
last sent and when, and the product's last error and retry. "Send now" is the same
export, restricted to the product, for real. The answers in words (`verdict`,
`rule_text`, `name_note`) are the core's, so the window and `jjdesk product` say the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from jjdesk import i18n
from jjdesk.app import App
from jjdesk.domain.levels import MAX_LEVEL, ExportAction, LevelRange
from jjdesk.domain.timestamps import parse_iso
from jjdesk.errors import ItemProblem, JJDeskError
from jjdesk.flows.context import Examined, PlannedWrite
from jjdesk.flows.product_export import PRODUCT
from jjdesk.flows.product_search import MatchedBy, ProductHit
from jjdesk.integrations.base import FlowKind
from jjdesk.runner import RunOutcome
from jjdesk.store.errors import ErrorRecord
from jjdesk.store.owed import OwedItem

i18n.register(
    {
        "cockpit.product.could_not_ask": {
            "de": "Konnte nicht fragen: {why}",
            "en": "Could not ask: {why}",
        },
        "cockpit.product.unknown": {
            "de": "Die Quelle hat keinen Artikel mit dieser ID.",
            "en": "The source has no product with this ID.",
        },
        "cockpit.product.has_error": {
            "de": "Nicht gesendet: Er hat einen Fehler, der behoben werden muss (siehe unten).",
            "en": "Not sent: it has an error to fix (see below).",
        },
        "cockpit.product.skip": {
            "de": "Nicht gesendet: Sein Level sagt, ihn unangetastet zu lassen.",
            "en": "Not sent: its level says to leave it untouched.",
        },
        "cockpit.product.removing": {
            "de": "Sein Level sagt, ihn zu entfernen: Der nächste Lauf entfernt ihn.",
            "en": "Its level says to remove it: the next run removes it.",
        },
        "cockpit.product.removed": {
            "de": "Nicht im Shop: Sein Level sagt, ihn zu entfernen.",
            "en": "Not in the shop: its level says to remove it.",
        },
        "cockpit.product.unchanged": {
            "de": "Im Shop und aktuell: Der nächste Lauf sendet nichts.",
            "en": "In the shop and up to date: the next run sends nothing.",
        },
        "cockpit.product.created_once": {
            "de": "Einmal angelegt; danach wird nur sein Bestand aktualisiert.",
            "en": "Created once; afterwards only its stock is updated.",
        },
        "cockpit.product.changed": {
            "de": "Seit dem letzten Senden geändert: Der nächste Lauf aktualisiert ihn.",
            "en": "Changed since it was last sent: the next run updates it.",
        },
        "cockpit.product.new": {
            "de": "Noch nicht im Shop: Der nächste Lauf legt ihn an.",
            "en": "Not in the shop yet: the next run creates it.",
        },
        "cockpit.product.rule": {
            "de": "Level {level}: {action} (Regel für Level {low}–{high})",
            "en": "Level {level}: {action} (rule for levels {low}–{high})",
        },
        "cockpit.product.no_level": {"de": "kein Level", "en": "no level"},
        "cockpit.action.transfer": {"de": "Übertragen", "en": "Transfer"},
        "cockpit.action.create_once": {
            "de": "Einmal anlegen, danach nur Bestand",
            "en": "Create once, then stock only",
        },
        "cockpit.action.inactive": {
            "de": "Als inaktiv/Entwurf übertragen",
            "en": "Transfer as inactive/draft",
        },
        "cockpit.action.remove": {"de": "Aus dem Kanal entfernen", "en": "Remove from channel"},
        "cockpit.action.skip": {
            "de": "Überspringen (unangetastet lassen)",
            "en": "Skip (leave untouched)",
        },
        "cockpit.search.by.product_id": {"de": "Artikel-ID", "en": "product ID"},
        "cockpit.search.by.ean": {"de": "EAN", "en": "EAN"},
        "cockpit.search.by.article_number": {"de": "Artikelnummer", "en": "article number"},
        "cockpit.search.by.name": {"de": "Name", "en": "name"},
        "cockpit.search.no_names": {
            "de": "{sources} kann nicht nach Namen suchen. Geben Sie die Artikel-ID (ProductID), "
            "die EAN oder die Artikelnummer ein.",
            "en": "{sources} cannot search by name. Type the product ID (ProductID), the EAN "
            "or the article number.",
        },
        "cockpit.search.names_in_shops": {
            "de": "Namen sucht jjdesk unter den Artikeln, die schon in {channels} sind; "
            "{sources} selbst kann nicht nach Namen suchen. Einen anderen Artikel finden Sie "
            "über seine Artikel-ID (ProductID), EAN oder Artikelnummer.",
            "en": "jjdesk searches names among the products already in {channels}; "
            "{sources} itself cannot search by name. Find any other product by its "
            "product ID (ProductID), EAN or article number.",
        },
        "cockpit.search.nothing": {
            "de": "Nichts gefunden zu „{text}“.",
            "en": "Nothing found for “{text}”.",
        },
    }
)

_ACTION_KEYS = {
    ExportAction.TRANSFER: "cockpit.action.transfer",
    ExportAction.CREATE_ONCE: "cockpit.action.create_once",
    ExportAction.INACTIVE: "cockpit.action.inactive",
    ExportAction.REMOVE: "cockpit.action.remove",
    ExportAction.SKIP: "cockpit.action.skip",
}


@dataclass(frozen=True, slots=True)
class ChannelView:
    """One integration's answer for one product."""

    integration: str
    title: str
    flow: str
    found: Examined | None  # None: the source has no such product (or the run failed)
    rule: LevelRange | None
    last_sent: datetime | None
    sent_keys: tuple[str, ...]
    planned: list[PlannedWrite] = field(default_factory=list)
    problems: list[ItemProblem] = field(default_factory=list)
    last_error: ErrorRecord | None = None
    owed: OwedItem | None = None
    failure: str = ""  # the preview could not run (credentials, network), in words

    @property
    def unchanged(self) -> bool:
        """Sent before and exactly the same now: the next run writes nothing."""
        keys = self.found.keys if self.found else ()
        return bool(keys) and all(same for _, same in keys)


@dataclass(frozen=True, slots=True)
class ProductView:
    """What every enabled integration does with one product."""

    product_id: str
    channels: list[ChannelView]

    @property
    def name(self) -> str:
        """The product's name as the source has it (empty when nobody found it)."""
        return next((c.found.name for c in self.channels if c.found), "")


@dataclass(frozen=True, slots=True)
class Finding:
    """The products a search text matches across the integrations, each once."""

    text: str
    hits: list[ProductHit]
    sources: tuple[str, ...] = ()  # the source systems asked, by title ("Afterbuy")
    names_in: tuple[str, ...] = ()  # integrations whose shop titles were searched
    names_by_source: bool = False  # a source searched names itself
    failures: tuple[str, ...] = ()  # integrations that could not search, in words

    @property
    def might_be_name(self) -> bool:
        """The text has a letter, so the merchant may have typed (part of) a name."""
        return any(c.isalpha() for c in self.text)

    def name_note(self) -> str:
        """What a name search covers, in plain words ("" when a source searches names)."""
        if self.names_by_source or not self.sources:
            return ""
        sources = ", ".join(self.sources)
        if self.names_in:
            return i18n.text(
                "cockpit.search.names_in_shops", channels=", ".join(self.names_in), sources=sources
            )
        return i18n.text("cockpit.search.no_names", sources=sources)


def find_products(app: App, text: str) -> Finding:
    """Ask every integration with a product export which products `text` means
    (network: not in the GUI thread). A product found by several is listed once."""
    wanted = text.strip()
    hits: dict[str, ProductHit] = {}
    sources: list[str] = []
    names_in: list[str] = []
    by_source = False
    failures: list[str] = []
    for integration, _ in export_flows(app):
        spec = app.integrations[integration]
        try:
            search = app.find_products(integration, wanted)
        except JJDeskError as exc:
            failures.append(f"{spec.title}: " + ": ".join(p for p in (exc.title, exc.message) if p))
            continue
        if search is None:
            continue
        source = app.connections.get(search.source)
        title = source.title if source is not None else search.source
        if title and title not in sources:
            sources.append(title)
        if search.names_in:
            names_in.append(spec.title)
        by_source = by_source or (search.names_searched and not search.names_in)
        for hit in search.hits:
            hits.setdefault(hit.product.product_id, hit)
    return Finding(
        wanted, list(hits.values()), tuple(sources), tuple(names_in), by_source, tuple(failures)
    )


def matched_text(hit: ProductHit) -> str:
    """'EAN 4012345678901', 'name', … — how the hit was found."""
    words = i18n.text(f"cockpit.search.by.{hit.matched.value}")
    return words if hit.matched is MatchedBy.NAME else f"{words} {hit.value}"


def verdict(view: ChannelView) -> str:
    """The answer in one sentence."""
    if view.failure:
        return i18n.text("cockpit.product.could_not_ask", why=view.failure)
    found = view.found
    if found is None:
        return i18n.text("cockpit.product.unknown")
    if view.problems:
        return i18n.text("cockpit.product.has_error")
    action = ExportAction(found.action)
    if action is ExportAction.SKIP:
        return i18n.text("cockpit.product.skip")
    if action is ExportAction.REMOVE:
        return i18n.text("cockpit.product.removing" if view.planned else "cockpit.product.removed")
    if view.unchanged:
        return i18n.text("cockpit.product.unchanged")
    if action is ExportAction.CREATE_ONCE and view.sent_keys:
        return i18n.text("cockpit.product.created_once")
    if view.sent_keys:
        return i18n.text("cockpit.product.changed")
    return i18n.text("cockpit.product.new")


def rule_text(view: ChannelView) -> str:
    """'Level 12: Skip (leave untouched) (rule for levels 12–15)', or '—'."""
    found = view.found
    if found is None or view.rule is None:
        return "—"
    return i18n.text(
        "cockpit.product.rule",
        level=i18n.text("cockpit.product.no_level") if found.level is None else found.level,
        action=i18n.text(_ACTION_KEYS[ExportAction(found.action)]),
        low=view.rule.low,
        high=view.rule.high,
    )


def export_flows(app: App) -> list[tuple[str, str]]:
    """(integration, flow) of every product export of the enabled integrations."""
    return [
        (i.key, f.key)
        for i in app.enabled_integrations()
        for f in i.flows
        if f.role is FlowKind.PRODUCTS
    ]


def explain_product(app: App, product_id: str) -> ProductView:
    """Ask each product export about one product (network: not in the GUI thread)."""
    wanted = product_id.strip()
    return ProductView(wanted, [_explain(app, i, f, wanted) for i, f in export_flows(app)])


def _explain(app: App, integration: str, flow: str, product_id: str) -> ChannelView:
    title = app.integrations[integration].title
    sent = app.store.fingerprints.sent_for_source(integration, PRODUCT, product_id)
    times = [t for t in (parse_iso(v) for v in sent.values()) if t is not None]
    last_error = app.store.errors.latest_of_item(integration, product_id)
    owed = app.store.owed.get(integration, flow, PRODUCT, product_id)
    view = ChannelView(
        integration,
        title,
        flow,
        None,
        None,
        max(times) if times else None,
        tuple(sorted(sent)),
        last_error=last_error,
        owed=owed,
    )
    try:
        ctx = app.preview(integration, flow, frozenset({product_id}))
    except JJDeskError as exc:
        return replace(view, failure=": ".join(p for p in (exc.title, exc.message) if p))
    found = next((e for e in ctx.examined if e.product_id == product_id), None)
    if found is None:
        return view
    rules = app.level_rules(integration)
    level = 0 if found.level is None else max(0, min(found.level, MAX_LEVEL))
    return replace(
        view,
        found=found,
        rule=next((r for r in rules.ranges if r.low <= level <= r.high), None),
        planned=list(ctx.planned),
        problems=list(ctx.problems),
    )


def send_product(app: App, integration: str, product_id: str) -> RunOutcome:
    """Send one product now through its integration's export (`FlowBusy` while it runs)."""
    flow = next(f for i, f in export_flows(app) if i == integration)
    return app.run_scoped(integration, flow, frozenset({product_id.strip()}))
