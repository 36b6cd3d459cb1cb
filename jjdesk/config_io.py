"""Export and import every non-secret setting as TOML (moving to a new computer, support).

Secrets are never part of it: they stay in the keyring, and the import refuses a file
that tries to carry one.
"""

from __future__ import annotations

import json
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

import tomli_w

from jjdesk.app import App
from jjdesk.domain.levels import LevelRules
from jjdesk.errors import ConfigFailure


def export_config(app: App) -> dict[str, Any]:
    """Integrations (enabled, intervals, level rules, options) and connection endpoints."""
    integrations: dict[str, Any] = {}
    for key, integration in app.integrations.items():
        integrations[key] = {
            "enabled": app.is_enabled(key),
            "intervals_seconds": {
                f.key: int(app.interval(key, f.key).total_seconds()) for f in integration.flows
            },
            "level_rules": [
                [r.low, r.high, r.export.value, r.stock.value] for r in app.level_rules(key).ranges
            ],
            "options": {o.name: app.option(key, o.name) for o in integration.options},
        }
    connections = {
        key: {f.name: app.connection_value(key, f.name) for f in spec.fields if not f.secret}
        for key, spec in app.connections.items()
    }
    return {"integrations": integrations, "connections": connections}


def write_config(app: App, path: Path) -> None:
    """Write the export to a TOML file."""
    path.write_text(tomli_w.dumps(export_config(app)), encoding="utf-8")


def import_config(app: App, data: dict[str, Any]) -> None:
    """Apply an export; unknown integrations or fields and any secret are refused."""
    for key, section in data.get("integrations", {}).items():
        if key not in app.integrations:
            raise ConfigFailure("config", f"unknown integration {key!r}")
        if "level_rules" in section:
            app.set_level_rules(key, LevelRules.from_json(json.dumps(section["level_rules"])))
        for flow, seconds in section.get("intervals_seconds", {}).items():
            app.set_interval(key, flow, timedelta(seconds=int(seconds)))
        for name, value in section.get("options", {}).items():
            app.set_option(key, name, str(value))
        if "enabled" in section:
            app.set_enabled(key, bool(section["enabled"]))
    for key, fields in data.get("connections", {}).items():
        spec = app.connections.get(key)
        if spec is None:
            raise ConfigFailure("config", f"unknown connection {key!r}")
        secret_names = {f.name for f in spec.fields if f.secret}
        if secret_names & set(fields):
            raise ConfigFailure("config", f"{key}: secrets are not imported from files")
        known = {f.name for f in spec.fields}
        unknown = set(fields) - known
        if unknown:
            raise ConfigFailure("config", f"{key}: unknown fields {sorted(unknown)}")
        app.save_connection(key, {k: str(v) for k, v in fields.items()})


def read_config(app: App, path: Path) -> None:
    """Import a TOML file written by `write_config`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFailure("config", f"{path.name}: {exc}") from exc
    import_config(app, data)
