"""The composition root: builds the store, secrets, integrations, runner and scheduler.

Everything the GUI and the command line do goes through `App`. It holds no Qt and does
no network I/O by itself; `test_connection` and the runs do, so the GUI calls them from
worker threads. Every setting read back from the store is checked like it was when it
was entered: a value that does not fit is an error naming the setting, never a default.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from pathlib import Path

from jjdesk import i18n
from jjdesk.connectors.http import check_url
from jjdesk.domain.levels import ALL_TRANSFER, LevelRuleError, LevelRules
from jjdesk.errors import ConfigFailure, SystemFailure
from jjdesk.events import EventBus
from jjdesk.flows.context import RunContext
from jjdesk.flows.deletion_check import approve_held, approved_key, held_deletion
from jjdesk.flows.product_search import ProductSearch
from jjdesk.integrations.base import (
    ConnectionSpec,
    FlowSpec,
    Integration,
    IntegrationFamily,
    OptionSpec,
    members_of,
)
from jjdesk.integrations.family import FamilyMembers
from jjdesk.integrations.registry import all_connections, all_families, all_integrations
from jjdesk.profile import Profile
from jjdesk.runner import FlowBody, FlowBusy, FlowKey, FlowRunner, RunLocks, RunOutcome
from jjdesk.scheduler import FlowScheduler, JobSpec
from jjdesk.secrets import SecretStore
from jjdesk.store import Store
from jjdesk.store.backup import (
    backup,
    is_due,
    newest_good,
    passes_check,
    restore_file,
    restore_into,
    set_aside,
)
from jjdesk.store.db import DatabaseDamaged
from jjdesk.store.runs import SCOPED_TRIGGER

log = logging.getLogger(__name__)

BACKUP_CHECK = timedelta(minutes=10)
MIN_INTERVAL = timedelta(minutes=1)
MAX_INTERVAL = timedelta(days=7)
PAUSED_KEY = "scheduler.paused"

i18n.register(
    {
        "interval.bounds": {
            "de": "zwischen 1 Minute und 7 Tagen",
            "en": "between 1 minute and 7 days",
        },
        "setting.broken": {
            "de": "„{name}“ ist gespeichert als „{value}“: {allowed}. Bitte unter "
            "„Einstellungen“ korrigieren.",
            "en": "“{name}” is stored as “{value}”: {allowed}. Please correct it under “Settings”.",
        },
        "unknown.integration": {
            "de": "Unbekannte Integration „{name}“",
            "en": "Unknown integration “{name}”",
        },
        "unknown.flow": {
            "de": "Unbekannter Ablauf „{name}“",
            "en": "Unknown flow “{name}”",
        },
        "unknown.allowed": {"de": "Erlaubt: {names}", "en": "Allowed: {names}"},
        "levels.none": {
            "de": "{integration} hat keine Level-Regeln",
            "en": "{integration} has no level rules",
        },
        "db.recovered": {
            "de": "Datenbank wiederhergestellt",
            "en": "Database restored",
        },
        "db.recovered.msg": {
            "de": "jjdesks Datenbank war beschädigt ({detail}). Sie wurde als „{aside}“ "
            "beiseitegelegt (nicht gelöscht), und die Sicherung „{backup}“ wurde "
            "wiederhergestellt. Was seit dieser Sicherung geschah, holen die nächsten "
            "Läufe nach.",
            "en": "jjdesk's database was damaged ({detail}). It was set aside as “{aside}” "
            "(not deleted), and the backup “{backup}” was restored. The next runs catch up "
            "on what happened since that backup.",
        },
        "db.unrecoverable": {
            "de": "Datenbank beschädigt, keine gute Sicherung",
            "en": "Database damaged, no good backup",
        },
        "db.unrecoverable.msg": {
            "de": "jjdesks Datenbank „{path}“ ist beschädigt ({detail}), und keine "
            "Sicherung in „{folder}“ besteht die Prüfung. Es wurde nichts verändert. "
            "Stellen Sie eine Sicherung mit `jjdesk restore DATEI` wieder her, oder "
            "verschieben Sie die Datei, um mit einer leeren Datenbank zu beginnen "
            "(bereits importierte Bestellungen würden dann erneut geprüft).",
            "en": "jjdesk's database “{path}” is damaged ({detail}) and no backup in "
            "“{folder}” passes the check. Nothing was changed. Restore a backup with "
            "`jjdesk restore FILE`, or move the file away to start with an empty database "
            "(orders already imported would then be checked again).",
        },
        "restore.bad_backup": {
            "de": "Sicherung nicht verwendbar",
            "en": "Backup not usable",
        },
        "restore.bad_backup.msg": {
            "de": "„{path}“ ist keine intakte jjdesk-Datenbank. Es wurde nichts verändert.",
            "en": "“{path}” is not a sound jjdesk database. Nothing was changed.",
        },
        "restore.no_backup": {
            "de": "In „{folder}“ besteht keine Sicherung die Prüfung. Es wurde nichts verändert.",
            "en": "No backup in “{folder}” passes the check. Nothing was changed.",
        },
        "restore.done": {
            "de": "„{backup}“ wiederhergestellt. Der vorige Stand ist als „{previous}“ "
            "erhalten (zurück mit `jjdesk restore {previous_path}`).",
            "en": "Restored “{backup}”. The state before is kept as “{previous}” (undo "
            "with `jjdesk restore {previous_path}`).",
        },
        "restore.done_damaged": {
            "de": "„{backup}“ wiederhergestellt. Die beschädigte Datenbank ist als "
            "„{previous}“ beiseitegelegt.",
            "en": "Restored “{backup}”. The damaged database is set aside as “{previous}”.",
        },
    }
)


@dataclass(frozen=True, slots=True)
class FlowRef:
    """A flow as the Status tab lists it."""

    integration: str
    integration_title: str
    flow: str
    flow_title: str
    interval: timedelta
    enabled: bool = True
    # a stored interval that does not fit: the flow is not scheduled until it is corrected
    problem: str = ""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the merchant must be told once (a database restored at start)."""

    title: str
    message: str


@dataclass(frozen=True, slots=True)
class HeldDeletion:
    """Products a deletion check would remove, held back for the merchant's confirmation."""

    integration: str
    count: int
    known: int
    keys: tuple[str, ...]  # the first ones, to check in the source system
    approved: bool  # confirmed; the next deletion check removes them


class RunRequest(Enum):
    """What became of a Run now."""

    STARTED = "started"
    RUNNING = "running"  # already running in this process: the row shows it
    ELSEWHERE = "elsewhere"  # another jjdesk (a `jjdesk run`) runs it


class Services:
    """What an integration's flow bodies and connection tests may use.

    Implements `jjdesk.integrations.base.Services`.
    """

    def __init__(self, app: App, integration: str = "") -> None:
        self.store = app.store
        self.secrets = app.secrets
        self._app = app
        self.integration = integration

    def setting(self, connection: str, field: str) -> str:
        """A non-secret connection field (endpoint, shop name), or its default."""
        return self._app.connection_value(connection, field)

    def save_setting(self, connection: str, field: str, value: str) -> None:
        """Keep a non-secret connection field the integration learnt (a pinned host key)."""
        self._app.save_connection(connection, {field: value})

    def secret(self, connection: str, field: str) -> str:
        """A secret connection field; raises a clear error when missing."""
        spec = self._app.connection_spec(connection)
        label = next((f.label for f in spec.fields if f.name == field), field)
        return self.secrets.require(connection, field, label)

    def optional_secret(self, connection: str, field: str) -> str:
        """A secret that may be absent (one of two ways to log in)."""
        return self.secrets.get(connection, field) or ""

    def store_secret(self, connection: str, field: str, value: str) -> None:
        """Keep a secret the integration was handed (a rotated refresh token)."""
        self.secrets.set(connection, field, value)

    def option(self, name: str) -> str:
        """An integration option (tag name, keeping days, …)."""
        return self._app.option(self.integration, name)

    def level_rules(self) -> LevelRules:
        """The integration's level rules as the merchant set them."""
        return self._app.level_rules(self.integration)


def build_app(profile: Profile, secrets: SecretStore | None = None) -> App:
    """The app with every shipped integration."""
    return App(profile, all_integrations(), all_connections(), secrets)


def check_interval(interval: timedelta) -> timedelta:
    """The interval if it lies between one minute and seven days; else `ConfigFailure`."""
    if not MIN_INTERVAL <= interval <= MAX_INTERVAL:
        raise ConfigFailure(i18n.text("config.invalid"), i18n.text("interval.bounds"))
    return interval


def flow_keys(integrations: Mapping[str, Integration]) -> list[FlowKey]:
    """Every (integration, flow) pair: the run locks a database restore must hold."""
    return [(i.key, f.key) for i in integrations.values() for f in i.flows]


class App:
    """jjdesk without a window: what `jjdesk run`, the demo and the GUI all build on.

    A damaged database found at start is set aside and the newest good backup restored;
    `recovery` then says so (the GUI shows it in a dialog, the command line on stderr).
    """

    def __init__(
        self,
        profile: Profile,
        integrations: list[Integration],
        connections: list[ConnectionSpec],
        secrets: SecretStore | None = None,
        families: list[IntegrationFamily] | None = None,
    ) -> None:
        self.profile = profile.ensure()
        self.integrations = {i.key: i for i in integrations}
        self.connections = {c.key: c for c in connections}
        self.locks = RunLocks(self.profile.lock_dir)
        self.recovery: Notice | None = None
        self.store = self._open_store()
        self.secrets = secrets or SecretStore()
        # integrations the merchant added (custom shops): made from the settings
        self.members = FamilyMembers(self, all_families() if families is None else families)
        self.bus = EventBus()
        self.runner = FlowRunner(self.store, self.bus, self._resolve, self.locks)
        self.scheduler = FlowScheduler(self.runner)
        self._backup_lock = threading.Lock()
        self._started = False
        self.runner.recover()

    def _open_store(self) -> Store:
        try:
            return Store(self.profile.db_path)
        except DatabaseDamaged as exc:
            damaged = exc
        with self.locks.hold_all(flow_keys(self.integrations)):
            good = newest_good(self.profile.backup_dir)
            if good is None:
                raise SystemFailure(
                    i18n.text("db.unrecoverable"),
                    i18n.text(
                        "db.unrecoverable.msg",
                        path=self.profile.db_path,
                        detail=damaged.detail,
                        folder=self.profile.backup_dir,
                    ),
                )
            aside = set_aside(self.profile.db_path)
            restore_file(good, self.profile.db_path)
        log.warning("damaged database set aside as %s; restored %s", aside.name, good.name)
        self.recovery = Notice(
            i18n.text("db.recovered"),
            i18n.text(
                "db.recovered.msg", detail=damaged.detail, aside=aside.name, backup=good.name
            ),
        )
        return Store(self.profile.db_path)

    # --- integrations and flows -------------------------------------------------------

    def integration(self, key: str) -> Integration:
        """An integration by key; `ConfigFailure` names the known ones otherwise."""
        found = self.integrations.get(key)
        if found is None:
            raise ConfigFailure(
                i18n.text("unknown.integration", name=key),
                i18n.text("unknown.allowed", names=", ".join(self.integrations)),
            )
        return found

    def flow_spec(self, integration: str, flow: str) -> FlowSpec:
        """A flow by keys; `ConfigFailure` names the integration's flows otherwise."""
        spec = self.integration(integration)
        for candidate in spec.flows:
            if candidate.key == flow:
                return candidate
        raise ConfigFailure(
            i18n.text("unknown.flow", name=flow),
            i18n.text("unknown.allowed", names=", ".join(f.key for f in spec.flows)),
        )

    def is_enabled(self, integration: str) -> bool:
        """Whether an integration's flows are scheduled."""
        return self._flag(f"integration.{integration}.enabled", False)

    def set_enabled(self, integration: str, enabled: bool) -> None:
        """Switch an integration on or off (its jobs follow at once if running)."""
        self.store.settings.set(f"integration.{integration}.enabled", "1" if enabled else "0")
        self._reschedule(integration)

    def is_flow_enabled(self, integration: str, flow: str) -> bool:
        """Whether a flow of an integration is switched on (default: its spec's choice)."""
        spec = self.flow_spec(integration, flow)
        return self._flag(f"integration.{integration}.flow.{flow}.enabled", spec.enabled_by_default)

    def set_flow_enabled(self, integration: str, flow: str, enabled: bool) -> None:
        """Switch one flow on or off; a switched-off flow is not scheduled."""
        self.flow_spec(integration, flow)
        key = f"integration.{integration}.flow.{flow}.enabled"
        self.store.settings.set(key, "1" if enabled else "0")
        self._reschedule(integration)

    def _flag(self, key: str, default: bool) -> bool:
        stored = self.store.settings.get(key)
        if stored is None:
            return default
        if stored not in ("0", "1"):
            raise ConfigFailure(i18n.text("config.invalid"), key)
        return stored == "1"

    def enabled_integrations(self) -> list[Integration]:
        """The integrations the merchant switched on."""
        return [i for i in self.integrations.values() if self.is_enabled(i.key)]

    def flow_refs(self) -> list[FlowRef]:
        """Every flow of every enabled integration (switched-off flows included, marked)."""
        return [ref for i in self.enabled_integrations() for ref in self._flow_refs_of(i)]

    def _flow_refs_of(self, integration: Integration) -> list[FlowRef]:
        refs = []
        for spec in integration.flows:
            enabled = self.is_flow_enabled(integration.key, spec.key)
            try:
                interval, problem = self.interval(integration.key, spec.key), ""
            except ConfigFailure as exc:
                interval, problem, enabled = spec.default_interval, exc.message, False
            refs.append(
                FlowRef(
                    integration.key,
                    integration.title,
                    spec.key,
                    spec.title,
                    interval,
                    enabled,
                    problem,
                )
            )
        return refs

    def _jobs(self) -> list[JobSpec]:
        return [JobSpec(r.integration, r.flow, r.interval) for r in self.flow_refs() if r.enabled]

    def _reschedule(self, integration: str) -> None:
        """Make the running scheduler match an integration's switches and intervals."""
        if not self._started:
            return
        on = self.is_enabled(integration)
        for ref in self._flow_refs_of(self.integrations[integration]):
            if on and ref.enabled:
                self.scheduler.schedule(JobSpec(ref.integration, ref.flow, ref.interval))
            else:
                self.scheduler.unschedule(ref.integration, ref.flow)

    def interval(self, integration: str, flow: str) -> timedelta:
        """A flow's interval: the merchant's choice or the SPEC default."""
        spec = self.flow_spec(integration, flow)
        stored = self.store.settings.get(f"integration.{integration}.interval.{flow}")
        if stored is None:
            return spec.default_interval
        try:
            return check_interval(timedelta(seconds=int(stored)))
        except (ValueError, OverflowError, ConfigFailure) as exc:
            raise ConfigFailure(
                i18n.text("config.invalid"),
                i18n.text(
                    "setting.broken",
                    name=spec.title,
                    value=stored,
                    allowed=i18n.text("interval.bounds"),
                ),
            ) from exc

    def set_interval(self, integration: str, flow: str, interval: timedelta) -> None:
        """Change a flow's interval (1 minute to 7 days); reschedules at once."""
        check_interval(interval)
        self.flow_spec(integration, flow)
        seconds = int(interval.total_seconds())
        self.store.settings.set(f"integration.{integration}.interval.{flow}", str(seconds))
        self._reschedule(integration)

    def has_level_rules(self, integration: str) -> bool:
        """Whether an integration applies level rules at all."""
        return self.integrations[integration].default_levels is not None

    def level_rules(self, integration: str) -> LevelRules:
        """The merchant's rules, the reference defaults, or all-transfer without rules."""
        defaults = self.integrations[integration].default_levels
        if defaults is None:
            return ALL_TRANSFER
        stored = self.store.settings.get(f"integration.{integration}.levels")
        if stored:
            try:
                return LevelRules.from_json(stored)
            except LevelRuleError:
                log.warning("stored level rules of %s are broken; defaults apply", integration)
        return defaults

    def set_level_rules(self, integration: str, rules: LevelRules) -> None:
        """Save level rules (already validated by `LevelRules` itself)."""
        if not self.has_level_rules(integration):
            title = self.integrations[integration].title
            raise ConfigFailure(i18n.text("levels.none", integration=title))
        self.store.settings.set(f"integration.{integration}.levels", rules.to_json())

    def option_spec(self, integration: str, name: str) -> OptionSpec:
        """An option's definition; KeyError names it when the integration has none such."""
        for spec in self.integration(integration).options:
            if spec.name == name:
                return spec
        raise KeyError(f"{integration} has no option {name!r}")

    def option(self, integration: str, name: str) -> str:
        """An integration option, or its default; a stored value that does not fit raises."""
        spec = self.option_spec(integration, name)
        stored = self.store.settings.get(f"integration.{integration}.option.{name}")
        if stored is None:
            return spec.default
        try:
            return spec.check(stored)
        except ValueError as exc:
            raise ConfigFailure(
                i18n.text("config.invalid"),
                i18n.text("setting.broken", name=spec.label, value=stored, allowed=exc),
            ) from exc

    def option_choices(self, integration: str, name: str) -> list[tuple[str, str]]:
        """(value, label) pairs a live-choice option offers now (network: in a worker)."""
        spec = self.option_spec(integration, name)
        if spec.live_choices is None:
            return []
        return spec.live_choices(Services(self, integration))

    def set_option(self, integration: str, name: str, value: str) -> None:
        """Save an integration option; a value that does not fit raises `ConfigFailure`."""
        spec = self.option_spec(integration, name)
        try:
            checked = spec.check(value)
        except ValueError as exc:
            raise ConfigFailure(spec.label, str(exc)) from exc
        self.store.settings.set(f"integration.{integration}.option.{name}", checked)

    @contextmanager
    def all_or_nothing(self) -> Iterator[None]:
        """Settings changed inside are saved together, or none is (`config import`)."""
        with self.store.settings.atomic():
            yield

    # --- connections -------------------------------------------------------------------

    def connection_spec(self, key: str) -> ConnectionSpec:
        """A connection's form definition."""
        return self.connections[key]

    def needed_connections(self) -> list[ConnectionSpec]:
        """Connections used by the enabled integrations (all when none is enabled)."""
        keys: list[str] = []
        for integration in self.enabled_integrations() or list(self.integrations.values()):
            keys.extend(k for k in integration.connections if k not in keys)
        # a shop the merchant added is there to be set up, switched on or not yet
        keys.extend(k for k in self.integrations if self.members.family_of(k) and k not in keys)
        return [self.connections[k] for k in keys]

    def connection_value(self, connection: str, field: str) -> str:
        """A non-secret connection field, or its default."""
        spec = self.connections[connection]
        default = next((f.default for f in spec.fields if f.name == field), "")
        return self.store.settings.get(f"connection.{connection}.{field}", default) or default

    def has_secret(self, connection: str, field: str) -> bool:
        """Whether a secret field is set (the form shows a placeholder, never the value)."""
        return bool(self.secrets.get(connection, field))

    def save_connection(self, connection: str, values: dict[str, str]) -> None:
        """Save a connection form: secrets to the keyring, the rest to settings.

        Every address is checked first (https only, loopback excepted): a refused one
        raises `ConfigFailure` and nothing of the form is saved. A secret field left
        empty keeps the stored secret.
        """
        spec = self.connections[connection]
        fields = [f for f in spec.fields if f.name in values]
        for field in fields:
            value = values[field.name].strip()
            if field.is_address and value:
                check_url(value)
            try:
                field.check_number(value)
            except ValueError as exc:
                raise ConfigFailure(i18n.text("config.invalid"), str(exc)) from exc
        for field in fields:
            value = values[field.name].strip()
            if field.secret:
                if value:
                    self.secrets.set(connection, field.name, value)
            else:
                self.store.settings.set(f"connection.{connection}.{field.name}", value)

    def test_connection(self, connection: str) -> str:
        """Call the system once with the stored credentials (network: not in the GUI thread)."""
        # a family member's connection is its own integration's: the test reads its options
        member = connection if self.members.family_of(connection) else ""
        return self.connections[connection].test(Services(self, member))

    def authorize_connection(self, connection: str) -> str:
        """The merchant signs in in the browser (OAuth2 consent; not in the GUI thread)."""
        authorize = self.connections[connection].authorize
        if authorize is None:
            raise KeyError(f"{connection} has no sign-in")
        return authorize(Services(self))

    # --- deletions waiting for the merchant --------------------------------------------

    def held_deletions(self) -> list[HeldDeletion]:
        """Deletion sets waiting for the merchant (or confirmed and not yet removed)."""
        found = []
        for key in self.integrations:
            held = held_deletion(self.store, key)
            if held is None:
                continue
            keys = held.get("keys")
            found.append(
                HeldDeletion(
                    key,
                    _count(held.get("count")),
                    _count(held.get("known")),
                    tuple(str(k) for k in keys) if isinstance(keys, list) else (),
                    self.store.settings.get(approved_key(key)) == held.get("digest"),
                )
            )
        return found

    def approve_deletion(self, integration: str) -> int:
        """Confirm a held deletion: the next deletion check removes that set; its size."""
        self.integration(integration)
        return approve_held(self.store, integration)

    # --- running -----------------------------------------------------------------------

    def _resolve(self, integration: str, flow: str) -> FlowBody:
        spec = self.flow_spec(integration, flow)
        services = Services(self, integration)

        def body(ctx: RunContext) -> None:
            self.backup_if_due()
            spec.body(services, ctx)

        return body

    def preview(
        self, integration: str, flow: str, scope: frozenset[str] | None = None
    ) -> RunContext:
        """A dry run outside the timetable and the run history: what the flow would write
        now (`planned`), restricted to `scope` if given (network: not in the GUI thread).

        It writes nothing anywhere, so it needs no run lock and may run beside a real run;
        a `SystemFailure` (credentials, network) reaches the caller.
        """
        spec = self.flow_spec(integration, flow)
        ctx = RunContext(
            0, integration, flow, self.store, EventBus(), threading.Event(), True, scope=scope
        )
        spec.body(Services(self, integration), ctx)
        return ctx

    def find_products(self, integration: str, text: str) -> ProductSearch | None:
        """The products a merchant's search text means, as this integration's source and
        channel can find them; None when it has no product search (network: a worker)."""
        spec = self.integration(integration)
        if spec.find_products is None:
            return None
        return spec.find_products(Services(self, integration), text)

    def run_scoped(self, integration: str, flow: str, scope: frozenset[str]) -> RunOutcome:
        """Run a flow now for the given items only (a product sent now), under its run lock;
        `FlowBusy` while the flow runs. Recorded, but not as the flow's regular run."""
        self.flow_spec(integration, flow)
        outcome = self.runner.run(integration, flow, SCOPED_TRIGGER, scope=scope)
        if outcome is None:
            raise FlowBusy(integration, flow)
        return outcome

    def run_once(self, integration: str, flow: str, *, dry_run: bool = False) -> RunOutcome:
        """Run one flow now in this thread (command line); `FlowBusy` if it runs already."""
        self.flow_spec(integration, flow)
        outcome = self.runner.run(integration, flow, "manual", dry_run=dry_run)
        if outcome is None:
            raise FlowBusy(integration, flow)
        return outcome

    def run_now(self, integration: str, flow: str) -> RunRequest:
        """Start a flow in a scheduler thread (file lock: call from a worker, not the GUI)."""
        if self.runner.is_running(integration, flow):
            return RunRequest.RUNNING
        if self.locks.held_elsewhere(integration, flow):
            return RunRequest.ELSEWHERE
        started = self.scheduler.run_now(integration, flow)
        return RunRequest.STARTED if started else RunRequest.RUNNING

    @property
    def paused(self) -> bool:
        """Whether the merchant paused the timetable (kept across restarts)."""
        return self._flag(PAUSED_KEY, False)

    def pause_all(self) -> None:
        """Stop the timetable (Run now keeps working); stays so after a restart."""
        self.store.settings.set(PAUSED_KEY, "1")
        self.scheduler.pause_all()

    def resume_all(self) -> None:
        """Start the timetable again; flows that fell due meanwhile run soon."""
        self.store.settings.set(PAUSED_KEY, "0")
        self.scheduler.resume_all()

    @property
    def scheduler_running(self) -> bool:
        """Whether `start` was called (GUI or demo)."""
        return self._started

    def start(self, first_run_delay: timedelta = timedelta(seconds=5)) -> None:
        """Schedule the switched-on flows (after their last runs) and the backup check."""
        self.scheduler.add_system_job(self.backup_if_due, "backup", BACKUP_CHECK)
        self.scheduler.start(self._jobs(), paused=self.paused, first_run_delay=first_run_delay)
        self._started = True

    # --- backups -----------------------------------------------------------------------

    def backup_now(self) -> Path:
        """Write a database backup now; returns its file."""
        with self._backup_lock:
            path = backup(self.store.db, self.profile.backup_dir)
        log.info("backup written: %s", path.name)
        return path

    def backup_if_due(self) -> Path | None:
        """A backup at the first run of a day and hourly after (a failure is only logged)."""
        with self._backup_lock:
            try:
                if not is_due(self.profile.backup_dir):
                    return None
                path = backup(self.store.db, self.profile.backup_dir)
            except (OSError, sqlite3.Error) as exc:
                log.warning("backup failed: %s", type(exc).__name__)
                return None
        log.info("backup written: %s", path.name)
        return path

    def shutdown(self) -> None:
        """Stop the scheduler, cancel runs, close the database."""
        if self._started:
            self.scheduler.shutdown(wait=True)
            self._started = False
        self.store.close()


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


def _added_integrations(profile: Profile) -> list[Integration]:
    """The shops the merchant added, as far as the database can still tell (their flows'
    run locks must be held during a restore too); none when it cannot open."""
    if not profile.db_path.exists():
        return []
    try:
        store = Store(profile.db_path)
    except DatabaseDamaged:
        return []
    try:
        return [
            family.make(member)[0]
            for family in all_families()
            for member in members_of(store.settings.get(family.members_setting))
        ]
    finally:
        store.close()


def restore_database(profile: Profile, source: Path | None) -> str:
    """Restore a backup (`None`: the newest good one) while no flow of any process runs.

    The current state is kept: a sound database is first backed up, a damaged one is set
    aside. Works without building the app, so a database that cannot open can be
    restored too. Returns what happened, in words; raises `JJDeskError` with words.
    """
    profile.ensure()
    integrations = {i.key: i for i in all_integrations() + _added_integrations(profile)}
    if source is None:
        source = newest_good(profile.backup_dir)
        if source is None:
            raise SystemFailure(
                i18n.text("restore.bad_backup"),
                i18n.text("restore.no_backup", folder=profile.backup_dir),
            )
    elif not source.is_file() or not passes_check(source):
        raise SystemFailure(
            i18n.text("restore.bad_backup"), i18n.text("restore.bad_backup.msg", path=source)
        )
    with RunLocks(profile.lock_dir).hold_all(flow_keys(integrations)):
        try:
            store = Store(profile.db_path)
        except DatabaseDamaged:
            aside = set_aside(profile.db_path)
            restore_file(source, profile.db_path)
            return i18n.text("restore.done_damaged", backup=source.name, previous=aside.name)
        try:
            previous = backup(store.db, profile.backup_dir)
            restore_into(source, store.db)
        finally:
            store.close()
    return i18n.text(
        "restore.done", backup=source.name, previous=previous.name, previous_path=previous
    )
