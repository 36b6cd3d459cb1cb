""" "Why is product 4711 (not) in my shop?" — per integration, from the export flow itself.

The explanation is a dry run of the integration's product export restricted to this one
product (`App.preview` with a scope): the same code that runs every 15 minutes decides
the level's action and builds exactly what would be sent now. The store adds what was
last sent and when, and the product's last error and retry. "Send now" is the same
export, restricted to the product, for real.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from jjdesk.app import App
from jjdesk.domain.levels import MAX_LEVEL, LevelRange
from jjdesk.domain.timestamps import parse_iso
from jjdesk.errors import ItemProblem, JJDeskError
from jjdesk.flows.context import Examined, PlannedWrite
from jjdesk.flows.product_export import PRODUCT
from jjdesk.integrations.base import FlowKind
from jjdesk.runner import RunOutcome
from jjdesk.store.errors import ErrorRecord
from jjdesk.store.owed import OwedItem


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
