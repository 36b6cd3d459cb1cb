"""The diagnostic report the merchant copies for support: never a secret, never a customer.

Version, system, integrations and flows with their switches, every non-secret setting
(secrets live only in the keyring and are never read here), and the recent runs with
their counts and results. No error rows: their texts may quote product data.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata

from jjdesk.app import App

RECENT_RUNS = 30


def _version() -> str:
    try:
        return metadata.version("jjdesk")
    except metadata.PackageNotFoundError:
        return "unknown"


def diagnostic_report(app: App) -> str:
    """The report as plain text (reads the store: not in the GUI thread)."""
    lines = [
        f"jjdesk {_version()}",
        f"Python {sys.version.split()[0]} on {platform.platform()}",
        f"profile: {app.profile.root}",
        f"paused: {app.paused}",
        "",
        "[integrations]",
    ]
    for key, spec in app.integrations.items():
        flows = ", ".join(
            f"{f.key}={'on' if app.is_flow_enabled(key, f.key) else 'off'}" for f in spec.flows
        )
        lines.append(f"{key}: {'on' if app.is_enabled(key) else 'off'} ({flows})")
    lines += ["", "[settings]"]
    lines += [f"{k} = {v}" for k, v in app.store.settings.all().items()]
    lines += ["", "[owed]"]
    for key in app.integrations:
        lines.append(f"{key}: {app.store.owed.count(key)}")
    lines += ["", "[recent runs]"]
    for run in app.store.runs.history(RECENT_RUNS):
        seconds = f"{run.seconds:.1f}s" if run.seconds is not None else "-"
        result = f" {run.title}" if run.title else ""
        lines.append(
            f"{run.started.isoformat(timespec='seconds')} {run.integration}/{run.flow}"
            f" {run.trigger}{' dry' if run.dry_run else ''} {run.status.value} {seconds}"
            f" read={run.read} written={run.written} failed={run.failed}{result}"
        )
    return "\n".join(lines) + "\n"
