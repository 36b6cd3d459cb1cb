"""Export and import every non-secret setting as TOML (moving to a new computer, support).

The import checks the whole file before it changes anything and then applies all of it
or nothing. Every problem is one line: where (line and key), what is wrong, what is
allowed. Secrets are never part of it: they stay in the keyring, and a secret in the file
is refused by its name, its value never repeated.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import tomli_w

from jjdesk import i18n
from jjdesk.app import MAX_INTERVAL, MIN_INTERVAL, App
from jjdesk.connectors.http import check_url
from jjdesk.domain.levels import (
    MAX_LEVEL,
    ExportAction,
    LevelRange,
    LevelRuleError,
    LevelRules,
    StockAction,
)
from jjdesk.errors import ConfigFailure
from jjdesk.integrations.base import FamilyMember
from jjdesk.integrations.family import slug_of

i18n.register(
    {
        "config.shops": {
            "de": "muss eine Liste von Einträgen mit family (custom_shop), slug "
            "(Kleinbuchstaben, Ziffern, -) und name sein",
            "en": "must be a list of entries with family (custom_shop), slug "
            "(lower-case letters, digits, -) and name",
        },
        "config.refused": {
            "de": "Einstellungsdatei abgelehnt, nichts wurde geändert",
            "en": "Settings file refused, nothing was changed",
        },
        "config.unreadable": {
            "de": "Einstellungsdatei nicht lesbar",
            "en": "Settings file cannot be read",
        },
        "config.where": {"de": "Zeile {line}, {path}", "en": "line {line}, {path}"},
        "config.unknown_key": {
            "de": "unbekannte Einstellung; erlaubt: {names}",
            "en": "unknown setting; allowed: {names}",
        },
        "config.not_table": {
            "de": "muss ein Abschnitt sein, z. B. [integrations.shopify]",
            "en": "must be a section, e.g. [integrations.shopify]",
        },
        "config.not_bool": {
            "de": "muss true oder false sein (ohne Anführungszeichen)",
            "en": "must be true or false (without quotes)",
        },
        "config.interval": {
            "de": "muss eine ganze Zahl Sekunden von {low} (1 Minute) bis {high} (7 Tage) sein",
            "en": "must be a whole number of seconds from {low} (1 minute) to {high} (7 days)",
        },
        "config.option_type": {
            "de": "muss Text in Anführungszeichen oder eine ganze Zahl sein; {allowed}",
            "en": "must be text in quotes or a whole number; {allowed}",
        },
        "config.not_text": {
            "de": "muss Text in Anführungszeichen sein",
            "en": "must be text in quotes",
        },
        "config.secret": {
            "de": "ist ein Geheimnis und wird nie aus Dateien übernommen; tragen Sie es in "
            "jjdesk unter „Verbindungen“ ein (es bleibt im Schlüsselbund des Systems)",
            "en": "is a secret and never taken from a file; enter it in jjdesk under "
            "“Connections” (it stays in the system's keyring)",
        },
        "config.levels_list": {
            "de": "muss eine Liste von Zeilen [von, bis, Produkt-Aktion, Bestand-Aktion] sein",
            "en": "must be a list of rows [from, to, product action, stock action]",
        },
        "config.levels_row": {
            "de": "Zeile {row} muss [von, bis, Produkt-Aktion, Bestand-Aktion] sein: Level als "
            "ganze Zahlen 0–{top}; Produkt-Aktionen: {exports}; Bestand-Aktionen: {stocks}",
            "en": "row {row} must be [from, to, product action, stock action]: levels as whole "
            "numbers 0–{top}; product actions: {exports}; stock actions: {stocks}",
        },
        "config.levels_cover": {
            "de": "muss jedes Level von 0 bis {top} genau einmal abdecken",
            "en": "must cover every level from 0 to {top} exactly once",
        },
    }
)

KeyPath = tuple[str, ...]
Change = Callable[[], None]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the file: where (keys from the top) and what, in words."""

    path: KeyPath
    text: str


class ConfigRefused(ConfigFailure):
    """The file was refused; `lines` has one line per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(i18n.text("config.refused"), "\n".join(lines))
        self.lines = lines


def export_config(app: App) -> dict[str, Any]:
    """Integrations (switches, intervals, level rules, options) and connection endpoints."""
    integrations: dict[str, Any] = {}
    for key, integration in app.integrations.items():
        section: dict[str, Any] = {
            "enabled": app.is_enabled(key),
            "flows_enabled": {f.key: app.is_flow_enabled(key, f.key) for f in integration.flows},
            "intervals_seconds": {
                f.key: int(app.interval(key, f.key).total_seconds()) for f in integration.flows
            },
            "options": {o.name: o.to_data(app.option(key, o.name)) for o in integration.options},
        }
        if app.has_level_rules(key):
            section["level_rules"] = [
                [r.low, r.high, r.export.value, r.stock.value] for r in app.level_rules(key).ranges
            ]
        integrations[key] = section
    connections = {
        key: {f.name: app.connection_value(key, f.name) for f in spec.fields if not f.secret}
        for key, spec in app.connections.items()
    }
    exported: dict[str, Any] = {"integrations": integrations, "connections": connections}
    shops = [
        {"family": family, "slug": m.slug, "name": m.name}
        for family in app.members.families
        for m in app.members.members(family)
    ]
    if shops:
        exported["shops"] = shops
    return exported


def write_config(app: App, path: Path) -> None:
    """Write the export to a TOML file."""
    path.write_text(tomli_w.dumps(export_config(app)), encoding="utf-8")


def import_config(app: App, data: dict[str, Any], text: str = "") -> None:
    """Check everything, then apply all of it in one transaction; else `ConfigRefused`.

    `text` is the file as written, only to name the line of each problem.
    """
    adopted = _adopt_members(app, data.get("shops", []))
    checker = _Checker(app)
    checker.document(data)
    if checker.problems:
        for family, member in adopted:
            app.members.drop(app.members.families[family].member_key(member.slug))
        lines = key_lines(text)
        raise ConfigRefused([_render(p, lines) for p in checker.problems])
    with app.all_or_nothing():
        for family, member in adopted:
            app.members.keep(family, member)
        for change in checker.changes:
            change()


def _adopt_members(app: App, shops: object) -> list[tuple[str, FamilyMember]]:
    """Members the file names that the app does not have yet, registered (not saved) so
    that their sections can be checked; the checker reports entries that do not fit."""
    adopted: list[tuple[str, FamilyMember]] = []
    for entry in shops if isinstance(shops, list) else []:
        if not isinstance(entry, dict):
            continue
        family, slug, name = entry.get("family"), entry.get("slug"), entry.get("name")
        spec = app.members.families.get(family) if isinstance(family, str) else None
        if spec is None or not isinstance(slug, str) or not isinstance(name, str):
            continue
        if not slug or slug_of(slug) != slug or not name.strip():
            continue
        if spec.member_key(slug) in app.integrations:
            continue
        member = FamilyMember(slug, name.strip())
        app.members.adopt(spec.key, member)
        adopted.append((spec.key, member))
    return adopted


def read_config(app: App, path: Path) -> None:
    """Import a TOML file written by `write_config`."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigFailure(i18n.text("config.unreadable"), f"{path.name}: {reason}") from exc
    import_config(app, data, text)


class _Checker:
    """Walks the file once, collecting problems and the changes it would make."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.problems: list[Problem] = []
        self.changes: list[Change] = []

    def document(self, data: dict[str, Any]) -> None:
        self._known_keys(data, (), ("integrations", "connections", "shops"))
        self._shops(data.get("shops", []))
        integrations = self._table(data.get("integrations", {}), ("integrations",))
        for key, section in integrations.items():
            path = ("integrations", key)
            if self._known(key, path[:-1], self.app.integrations):
                self._integration(key, self._table(section, path), path)
        connections = self._table(data.get("connections", {}), ("connections",))
        for key, fields in connections.items():
            path = ("connections", key)
            if self._known(key, path[:-1], self.app.connections):
                self._connection(key, self._table(fields, path), path)

    def _shops(self, shops: object) -> None:
        if not isinstance(shops, list):
            self._problem(("shops",), "config.shops")
            return
        families = self.app.members.families
        for number, entry in enumerate(shops, start=1):
            family = entry.get("family") if isinstance(entry, dict) else None
            slug = entry.get("slug") if isinstance(entry, dict) else None
            name = entry.get("name") if isinstance(entry, dict) else None
            if (
                not isinstance(family, str)
                or family not in families
                or not isinstance(slug, str)
                or not slug
                or slug_of(slug) != slug
                or not isinstance(name, str)
                or not name.strip()
            ):
                self._problem(("shops", str(number)), "config.shops")

    # --- integrations --------------------------------------------------------------------

    def _integration(self, key: str, section: dict[str, Any], path: KeyPath) -> None:
        app = self.app
        allowed = ["enabled", "flows_enabled", "intervals_seconds", "options"]
        if app.has_level_rules(key):
            allowed.append("level_rules")
        self._known_keys(section, path, allowed)
        flows = [f.key for f in app.integrations[key].flows]
        if "enabled" in section and self._bool(section["enabled"], (*path, "enabled")):
            self.changes.append(partial(app.set_enabled, key, section["enabled"]))
        switches = self._table(section.get("flows_enabled", {}), (*path, "flows_enabled"))
        for flow, value in switches.items():
            where = (*path, "flows_enabled", flow)
            if self._known(flow, where[:-1], flows) and self._bool(value, where):
                self.changes.append(partial(app.set_flow_enabled, key, flow, value))
        intervals = self._table(section.get("intervals_seconds", {}), (*path, "intervals_seconds"))
        for flow, seconds in intervals.items():
            where = (*path, "intervals_seconds", flow)
            if self._known(flow, where[:-1], flows) and self._interval(seconds, where):
                interval = timedelta(seconds=seconds)
                self.changes.append(partial(app.set_interval, key, flow, interval))
        options = self._table(section.get("options", {}), (*path, "options"))
        names = [o.name for o in app.integrations[key].options]
        for name, value in options.items():
            where = (*path, "options", name)
            if self._known(name, where[:-1], names):
                self._option(key, name, value, where)
        if "level_rules" in allowed and "level_rules" in section:
            rules = self._levels(section["level_rules"], (*path, "level_rules"))
            if rules is not None:
                self.changes.append(partial(app.set_level_rules, key, rules))

    def _interval(self, seconds: object, where: KeyPath) -> bool:
        low, high = int(MIN_INTERVAL.total_seconds()), int(MAX_INTERVAL.total_seconds())
        if isinstance(seconds, int) and not isinstance(seconds, bool) and low <= seconds <= high:
            return True
        self._problem(where, "config.interval", low=low, high=high)
        return False

    def _option(self, key: str, name: str, value: object, where: KeyPath) -> None:
        spec = self.app.option_spec(key, name)
        try:
            text = spec.from_data(value)
        except ValueError:
            self._problem(where, "config.option_type", allowed=spec.allowed())
            return
        try:
            checked = spec.check(text)
        except ValueError as exc:
            self.problems.append(Problem(where, str(exc)))
            return
        self.changes.append(partial(self.app.set_option, key, name, checked))

    def _levels(self, rows: object, where: KeyPath) -> LevelRules | None:
        if not isinstance(rows, list):
            self._problem(where, "config.levels_list")
            return None
        ranges = []
        for number, row in enumerate(rows, start=1):
            parsed = _level_row(row)
            if parsed is None:
                self._problem(
                    where,
                    "config.levels_row",
                    row=number,
                    top=MAX_LEVEL,
                    exports=", ".join(a.value for a in ExportAction),
                    stocks=", ".join(a.value for a in StockAction),
                )
            else:
                ranges.append(parsed)
        if len(ranges) < len(rows):
            return None
        try:
            return LevelRules(tuple(sorted(ranges, key=lambda r: r.low)))
        except LevelRuleError:
            self._problem(where, "config.levels_cover", top=MAX_LEVEL)
            return None

    # --- connections ---------------------------------------------------------------------

    def _connection(self, key: str, fields: dict[str, Any], path: KeyPath) -> None:
        spec = self.app.connections[key]
        secret = {f.name for f in spec.fields if f.secret}
        plain = {f.name: f for f in spec.fields if not f.secret}
        values: dict[str, str] = {}
        for name, value in fields.items():
            where = (*path, name)
            if name in secret:
                self._problem(where, "config.secret")
            elif self._known(name, path, plain):
                if not isinstance(value, str):
                    self._problem(where, "config.not_text")
                elif plain[name].is_address and value.strip():
                    try:
                        check_url(value.strip())
                    except ConfigFailure as exc:
                        self.problems.append(Problem(where, exc.message))
                    else:
                        values[name] = value
                elif plain[name].bounds is not None:
                    try:
                        values[name] = plain[name].check_number(value)
                    except ValueError as exc:
                        self.problems.append(Problem(where, str(exc)))
                else:
                    values[name] = value
        if values:
            self.changes.append(partial(self.app.save_connection, key, values))

    # --- shared --------------------------------------------------------------------------

    def _problem(self, path: KeyPath, key: str, **params: object) -> None:
        self.problems.append(Problem(path, i18n.text(key, **params)))

    def _table(self, value: object, path: KeyPath) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self._problem(path, "config.not_table")
        return {}

    def _bool(self, value: object, path: KeyPath) -> bool:
        if isinstance(value, bool):
            return True
        self._problem(path, "config.not_bool")
        return False

    def _known(self, key: str, parent: KeyPath, known: Iterable[str]) -> bool:
        names = list(known)
        if key in names:
            return True
        self._problem((*parent, key), "config.unknown_key", names=", ".join(names))
        return False

    def _known_keys(self, section: dict[str, Any], path: KeyPath, allowed: Iterable[str]) -> None:
        names = list(allowed)
        for key in section:
            self._known(key, path, names)


def _level_row(row: object) -> LevelRange | None:
    if not (isinstance(row, list) and len(row) == 4):
        return None
    low, high, export, stock = row
    levels_ok = all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_LEVEL for v in (low, high)
    )
    exports = {a.value for a in ExportAction}
    stocks = {a.value for a in StockAction}
    if not levels_ok or export not in exports or stock not in stocks or low > high:
        return None
    return LevelRange(low, high, ExportAction(export), StockAction(stock))


# --- naming the line of a problem -----------------------------------------------------------

_HEADER = re.compile(r"^\[\[?\s*(?P<key>[A-Za-z0-9_\-.\"' ]+?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(r"^(?P<key>[A-Za-z0-9_\-.\"' ]+?)\s*=")


def key_lines(text: str) -> dict[KeyPath, int]:
    """The line each key (and section header) of a TOML text is written on, first wins.

    Lines inside a multi-line value (an array over several lines) are skipped, so their
    content is never taken for keys.
    """
    found: dict[KeyPath, int] = {}
    table: KeyPath = ()
    depth = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if depth > 0:
            depth += _bracket_balance(line)
            continue
        if not line or line.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header:
            table = _split_key(header["key"])
            found.setdefault(table, number)
            continue
        assign = _ASSIGN.match(line)
        if assign:
            found.setdefault((*table, *_split_key(assign["key"])), number)
            depth = max(0, _bracket_balance(line[assign.end() :]))
    return found


def _bracket_balance(text: str) -> int:
    """Opening minus closing brackets outside strings (enough for jjdesk's own files)."""
    balance, quote = 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[{":
            balance += 1
        elif char in "]}":
            balance -= 1
    return balance


def _split_key(key: str) -> KeyPath:
    parts = re.findall(r"\"[^\"]*\"|'[^']*'|[^.]+", key)
    return tuple(p.strip().strip("\"'") for p in parts if p.strip())


def _render(problem: Problem, lines: dict[KeyPath, int]) -> str:
    where = ".".join(problem.path) or "-"
    for size in range(len(problem.path), 0, -1):
        line = lines.get(problem.path[:size])
        if line is not None:
            where = i18n.text("config.where", line=line, path=where)
            break
    return f"{where}: {problem.text}"
