"""Plain-text views of runs, status, errors, a product and an order for the command line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from jjdesk import i18n
from jjdesk.app import App
from jjdesk.cockpit.orders import find_orders, state_text
from jjdesk.cockpit.products import (
    ChannelView,
    explain_product,
    find_products,
    matched_text,
    rule_text,
    verdict,
)
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


i18n.register(
    {
        "cockpit.cli.product": {"de": "Artikel {id}: {name}", "en": "Product {id}: {name}"},
        "cockpit.cli.choose": {
            "de": "{n} Artikel passen; `jjdesk product ID` erklärt einen davon:",
            "en": "{n} products match; `jjdesk product ID` explains one of them:",
        },
        "cockpit.cli.rule": {"de": "Level und Regel", "en": "Level and rule"},
        "cockpit.cli.last_sent": {"de": "Zuletzt gesendet", "en": "Last sent"},
        "cockpit.cli.never": {"de": "nie", "en": "never"},
        "cockpit.cli.unchanged": {"de": "seitdem unverändert", "en": "unchanged since"},
        "cockpit.cli.changed": {"de": "seitdem geändert", "en": "changed since"},
        "cockpit.cli.last_error": {"de": "Letzter Fehler", "en": "Last error"},
        "cockpit.cli.retry_on_change": {
            "de": "wird erneut versucht, wenn sich der Artikel ändert",
            "en": "tried again when the product changes",
        },
        "cockpit.cli.retry_at": {"de": "nächster Versuch {time}", "en": "next attempt {time}"},
        "cockpit.cli.would_send": {"de": "Würde jetzt gesendet", "en": "Would be sent now"},
        "cockpit.cli.nothing": {"de": "nichts", "en": "nothing"},
        "cockpit.cli.state": {"de": "Stand", "en": "State"},
        "cockpit.cli.imported": {"de": "Importiert", "en": "Imported"},
        "cockpit.cli.sink_id": {"de": "Bestell-ID im Zielsystem", "en": "Order ID in the sink"},
        "cockpit.cli.tracking": {"de": "Sendungsnummer", "en": "Tracking number"},
        "cockpit.cli.carrier": {"de": "Versanddienstleister", "en": "Carrier"},
        "cockpit.cli.shipped": {"de": "Versandmeldung gesendet", "en": "Shipping update sent"},
        "cockpit.cli.tag": {"de": "Tag", "en": "Tag"},
        "cockpit.cli.stuck": {"de": "Warum sie hängt", "en": "Why it is stuck"},
        "cockpit.cli.retried": {
            "de": "Wiederholung: {step}, Versuch {n}, nächster {when}",
            "en": "Retried: {step}, attempt {n}, next {when}",
        },
        "cockpit.cli.when_changed": {
            "de": "wenn sich die Bestellung ändert",
            "en": "when the order changes",
        },
    }
)


def _moment(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


def product_text(app: App, text: str) -> str:
    """What the Products tab shows for a search text: the matches to pick from, or the one
    product explained per integration (network: it asks the systems)."""
    finding = find_products(app, text)
    lines = list(finding.failures)
    note = finding.name_note() if finding.might_be_name or not finding.hits else ""
    if len(finding.hits) != 1:
        if not finding.hits:
            lines.append(i18n.text("cockpit.search.nothing", text=finding.text))
        else:
            lines.append(i18n.text("cockpit.cli.choose", n=len(finding.hits)))
            lines += [
                f"  {h.product.product_id}  {h.product.name}  ({matched_text(h)})"
                for h in finding.hits
            ]
        return "\n".join([*lines, *([note] if note else [])])
    view = explain_product(app, finding.hits[0].product.product_id)
    lines.append(i18n.text("cockpit.cli.product", id=view.product_id, name=view.name))
    for channel in view.channels:
        lines += ["", f"[{channel.title}]", *_channel_lines(channel)]
    return "\n".join([*lines, *(["", note] if note else [])])


def _channel_lines(channel: ChannelView) -> list[str]:
    if channel.last_sent is None:
        sent = i18n.text("cockpit.cli.never")
    else:
        since = "cockpit.cli.unchanged" if channel.unchanged else "cockpit.cli.changed"
        sent = f"{_moment(channel.last_sent)} ({i18n.text(since)})"
    error = "—"
    if channel.last_error is not None:
        record = channel.last_error
        error = f"{_moment(record.at)}: {record.message}" + (
            f" — {record.hint}" if record.hint else ""
        )
        if channel.owed is not None:
            error += "; " + (
                i18n.text("cockpit.cli.retry_on_change")
                if channel.owed.next_attempt is None
                else i18n.text("cockpit.cli.retry_at", time=_moment(channel.owed.next_attempt))
            )
    writes = [str(w) for w in channel.planned]
    writes += [f"! {': '.join(filter(None, (p.field, p.message)))}" for p in channel.problems]
    return [
        f"  {verdict(channel)}",
        f"  {i18n.text('cockpit.cli.rule')}: {rule_text(channel)}",
        f"  {i18n.text('cockpit.cli.last_sent')}: {sent}",
        f"  {i18n.text('cockpit.cli.last_error')}: {error}",
        f"  {i18n.text('cockpit.cli.would_send')}: "
        + ("; ".join(writes) if writes else i18n.text("cockpit.cli.nothing")),
    ]


def order_text(app: App, number: str) -> str:
    """What the Orders tab shows for an order number (the store only)."""
    views = find_orders(app, number)
    if not views:
        return i18n.text("cockpit.order.unknown")
    lines: list[str] = []
    for view in views:
        entry = view.entry
        rows = [(i18n.text("cockpit.cli.state"), state_text(entry.state if entry else None))]
        if entry is not None:
            rows += [
                (i18n.text("cockpit.cli.imported"), _moment(entry.imported_at or entry.began)),
                (i18n.text("cockpit.cli.sink_id"), entry.sink_order_id or "—"),
                (i18n.text("cockpit.cli.tracking"), entry.tracking or "—"),
                (i18n.text("cockpit.cli.carrier"), entry.carrier or "—"),
                (i18n.text("cockpit.cli.shipped"), _moment(entry.shipped_at)),
                (i18n.text("cockpit.cli.tag"), entry.tag or "—"),
            ]
        if view.errors:
            last = view.errors[0]
            why = last.message + (f" — {last.hint}" if last.hint else "")
            label = "cockpit.cli.stuck" if view.stuck else "cockpit.cli.last_error"
            rows.append((i18n.text(label), why))
        lines += [*([""] if lines else []), f"[{view.title} – {view.label}]"]
        lines += [f"  {name}: {value}" for name, value in rows]
        for owed in view.owed:
            when = (
                i18n.text("cockpit.cli.when_changed")
                if owed.next_attempt is None
                else _moment(owed.next_attempt)
            )
            lines.append(
                "  " + i18n.text("cockpit.cli.retried", step=owed.kind, n=owed.attempts, when=when)
            )
    return "\n".join(lines)
