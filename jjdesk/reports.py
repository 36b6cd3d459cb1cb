"""Plain-text views of runs, status and errors for the command line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from jjdesk import i18n
from jjdesk.app import App
from jjdesk.runner import RunOutcome

i18n.register(
    {
        "status.none_enabled": {
            "de": "Keine Integration ist eingeschaltet. Schalten Sie eine in jjdesk unter "
            "„Einstellungen“ ein (oder mit `jjdesk config import DATEI`).",
            "en": "No integration is switched on. Switch one on in jjdesk under “Settings” "
            "(or with `jjdesk config import FILE`).",
        },
        "status.paused": {
            "de": "Geplante Läufe sind pausiert („Alle fortsetzen“ in jjdesk).",
            "en": "Scheduled runs are paused (“Resume all” in jjdesk).",
        },
        "status.off": {"de": "aus", "en": "off"},
    }
)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A fixed-width text table."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(out)


def outcomes_table(outcomes: Sequence[RunOutcome]) -> str:
    """integration, flow, status, read, written, failed, seconds — one row per run."""
    return table(
        ["integration", "flow", "status", "read", "written", "failed", "seconds"],
        [
            [o.integration, o.flow, o.status.value, o.read, o.written, o.failed, f"{o.seconds:.1f}"]
            for o in outcomes
        ],
    )


def status_text(app: App) -> str:
    """What the Status tab shows: each flow's last run and next run (or that it is off)."""
    refs = app.flow_refs()
    if not refs:
        return i18n.text("status.none_enabled")
    latest = app.store.runs.latest_per_flow()
    rows = []
    for ref in refs:
        run = latest.get((ref.integration, ref.flow))
        nxt = app.scheduler.next_run(ref.integration, ref.flow)
        upcoming = nxt.astimezone().strftime("%H:%M") if nxt else "-"
        rows.append(
            [
                ref.integration_title,
                ref.flow_title,
                run.started.astimezone().strftime("%Y-%m-%d %H:%M") if run else "-",
                run.status.value if run else "-",
                run.read if run else "",
                run.written if run else "",
                run.failed if run else "",
                upcoming if ref.enabled else i18n.text("status.off"),
            ]
        )
    text = table(
        ["integration", "flow", "last run", "status", "read", "written", "failed", "next"], rows
    )
    problems = [f"{r.integration_title} {r.flow_title}: {r.problem}" for r in refs if r.problem]
    lines = [i18n.text("status.paused")] if app.paused else []
    return "\n".join([*lines, text, *problems])


def errors_text(app: App, day: date) -> str:
    """What the Errors tab shows for one day."""
    records = app.store.errors.on_day(day)
    if not records:
        return f"{day.isoformat()}: no errors"
    return table(
        ["time", "integration", "flow", "item", "attempt", "field", "message", "hint"],
        [
            [
                r.at.astimezone().strftime("%H:%M:%S"),
                r.integration,
                r.flow,
                f"{r.item_kind} {r.item}",
                r.attempt,
                r.field,
                r.message,
                r.hint,
            ]
            for r in records
        ],
    )
