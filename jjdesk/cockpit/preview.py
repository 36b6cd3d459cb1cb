"""The first run as a preview: "would create 1,204 products, update 37, remove 2; import 12
orders" — a dry run of every flow the merchant switched on, confirmed before any write."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from jjdesk.app import App
from jjdesk.errors import JJDeskError
from jjdesk.flows.context import PlanAction, PlannedWrite


@dataclass(frozen=True, slots=True)
class FlowPreview:
    """What one flow would do now."""

    integration: str
    flow: str
    title: str
    counts: dict[PlanAction, int] = field(default_factory=dict)
    problems: int = 0  # items it would report as errors
    failure: str = ""  # it could not even look (credentials, network), in words
    sample: list[PlannedWrite] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Preview:
    """Every flow's preview and the totals."""

    flows: list[FlowPreview]

    def total(self, action: PlanAction) -> int:
        """How many writes of one kind all flows together would make."""
        return sum(f.counts.get(action, 0) for f in self.flows)

    @property
    def failed(self) -> list[FlowPreview]:
        """Flows that could not be previewed."""
        return [f for f in self.flows if f.failure]


SAMPLE = 20


def preview(app: App, integrations: Iterable[str]) -> Preview:
    """Dry-run every switched-on flow of these integrations (network: in a worker).

    Writes nothing, neither to the remote systems nor to the run history.
    """
    found = []
    for key in integrations:
        spec = app.integration(key)
        for flow in spec.flows:
            if not app.is_flow_enabled(key, flow.key):
                continue
            title = f"{spec.title} – {flow.title}"
            try:
                ctx = app.preview(key, flow.key)
            except JJDeskError as exc:
                words = ": ".join(p for p in (exc.title, exc.message) if p)
                found.append(FlowPreview(key, flow.key, title, failure=words))
                continue
            counts = Counter(p.action for p in ctx.planned)
            found.append(
                FlowPreview(
                    key, flow.key, title, dict(counts), len(ctx.problems), "", ctx.planned[:SAMPLE]
                )
            )
    return Preview(found)
