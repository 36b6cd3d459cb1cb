"""One card per integration: its state, each flow's last good run, what is open, 30 days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from jjdesk.app import App
from jjdesk.domain.models import Retry
from jjdesk.domain.timestamps import utcnow
from jjdesk.integrations.base import FlowKind
from jjdesk.store.runs import RunStatus

CHART_DAYS = 30


class CardState:
    """How an integration stands, loudest first."""

    FAILING = "failing"  # a flow's last run failed
    PAUSED = "paused"  # the timetable is paused
    TO_FIX = "to_fix"  # items wait for the merchant (bad data, refusals, a held deletion)
    GOOD = "good"


@dataclass(frozen=True, slots=True)
class FlowLine:
    """One flow on its integration's card."""

    flow: str
    title: str
    kind: FlowKind
    enabled: bool
    last_status: RunStatus | None
    last_run: datetime | None
    last_good: datetime | None
    to_fix: int  # owed items that need the merchant, not marked handled
    retrying: int  # owed items that heal by themselves (a passing fault)
    problem: str = ""  # the last run's failure, in words


@dataclass(frozen=True, slots=True)
class DayPoint:
    """One day of the chart."""

    day: date
    written: int
    errors: int


@dataclass(frozen=True, slots=True)
class Card:
    """One integration at a glance."""

    integration: str
    title: str
    state: str
    flows: list[FlowLine]
    held_deletion: bool = False
    days: list[DayPoint] = field(default_factory=list)

    @property
    def to_fix(self) -> int:
        """Items that wait for the merchant across the flows."""
        return sum(f.to_fix for f in self.flows)

    @property
    def retrying(self) -> int:
        """Items jjdesk retries by itself."""
        return sum(f.retrying for f in self.flows)


def overview(app: App, today: date | None = None) -> list[Card]:
    """A card for every enabled integration (reads the store: not in the GUI thread)."""
    day = today or datetime.now().astimezone().date()
    latest = app.store.runs.latest_per_flow()
    good = app.store.runs.last_good_per_flow()
    held = {h.integration for h in app.held_deletions() if not h.approved}
    chart = _chart(app, day)
    cards = []
    for ref_integration in app.enabled_integrations():
        key = ref_integration.key
        owed = app.store.owed.all(key)
        lines = []
        for ref in app.flow_refs():
            if ref.integration != key:
                continue
            spec = app.flow_spec(key, ref.flow)
            handled = app.store.errors.handled_keys(key, ref.flow)
            mine = [o for o in owed if o.flow == ref.flow]
            retrying = [o for o in mine if o.retry is Retry.SOON]
            to_fix = [
                o for o in mine if o.retry is not Retry.SOON and (o.kind, o.key) not in handled
            ]
            last = latest.get((key, ref.flow))
            lines.append(
                FlowLine(
                    ref.flow,
                    ref.flow_title,
                    spec.role,
                    ref.enabled,
                    last.status if last else None,
                    last.started if last else None,
                    good[(key, ref.flow)].started if (key, ref.flow) in good else None,
                    len(to_fix),
                    len(retrying),
                    ": ".join(p for p in (last.title, last.message) if p) if last else "",
                )
            )
        cards.append(
            Card(
                key,
                ref_integration.title,
                _state(lines, app.paused, key in held),
                lines,
                key in held,
                chart.get(key, _empty_chart(day)),
            )
        )
    return cards


def _state(lines: list[FlowLine], paused: bool, held: bool) -> str:
    if any(line.enabled and line.last_status is RunStatus.FAILED for line in lines):
        return CardState.FAILING
    if paused:
        return CardState.PAUSED
    if held or any(line.to_fix for line in lines):
        return CardState.TO_FIX
    return CardState.GOOD


def _empty_chart(today: date) -> list[DayPoint]:
    return [DayPoint(today - timedelta(days=n), 0, 0) for n in range(CHART_DAYS - 1, -1, -1)]


def _chart(app: App, today: date) -> dict[str, list[DayPoint]]:
    """Items written and errors per local day, for the last 30 days, per integration."""
    first = today - timedelta(days=CHART_DAYS - 1)
    written: dict[tuple[str, date], int] = {}
    since = utcnow() - timedelta(days=CHART_DAYS + 1)
    for integration, hour, count in app.store.runs.written_by_hour(since):
        local = hour.astimezone().date()
        written[(integration, local)] = written.get((integration, local), 0) + count
    errors = {(i, d): n for d, i, n in app.store.errors.since_day(first)}
    found: dict[str, list[DayPoint]] = {}
    for integration in app.integrations:
        found[integration] = [
            DayPoint(
                point.day,
                written.get((integration, point.day), 0),
                errors.get((integration, point.day), 0),
            )
            for point in _empty_chart(today)
        ]
    return found


@dataclass(frozen=True, slots=True)
class DaySummary:
    """One day in three numbers, for the daily summary notification."""

    written: int
    errors: int
    failed_runs: int


def day_summary(app: App, day: date) -> DaySummary:
    """Items written, error rows and failed runs of one local day (reads the store)."""
    written = sum(
        count
        for _, hour, count in app.store.runs.written_by_hour(utcnow() - timedelta(days=2))
        if hour.astimezone().date() == day
    )
    errors = sum(n for d, _, n in app.store.errors.since_day(day) if d == day)
    failed = sum(
        1
        for run in app.store.runs.history(500)
        if run.status is RunStatus.FAILED and run.started.astimezone().date() == day
    )
    return DaySummary(written, errors, failed)
