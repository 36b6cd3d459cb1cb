"""The composition root: builds the store, secrets, integrations, runner and scheduler.

Everything the GUI and the command line do goes through `App`. It holds no Qt and does
no network I/O by itself; `test_connection` and the runs do, so the GUI calls them from
worker threads.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from jjdesk.domain.levels import LevelRuleError, LevelRules
from jjdesk.errors import ConfigFailure
from jjdesk.events import EventBus
from jjdesk.flows.context import RunContext
from jjdesk.integrations.base import ConnectionSpec, Integration
from jjdesk.profile import Profile
from jjdesk.runner import FlowBody, FlowRunner, RunOutcome
from jjdesk.scheduler import FlowScheduler, JobSpec
from jjdesk.secrets import SecretStore
from jjdesk.store import Store
from jjdesk.store.backup import backup

log = logging.getLogger(__name__)

BACKUP_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class FlowRef:
    """A flow as the Status tab lists it."""

    integration: str
    integration_title: str
    flow: str
    flow_title: str
    interval: timedelta


class Services:
    """What an integration's flow bodies and connection tests may use."""

    def __init__(self, app: App, integration: str = "") -> None:
        self.store = app.store
        self.secrets = app.secrets
        self._app = app
        self.integration = integration

    def setting(self, connection: str, field: str) -> str:
        """A non-secret connection field (endpoint, shop name), or its default."""
        return self._app.connection_value(connection, field)

    def secret(self, connection: str, field: str) -> str:
        """A secret connection field; raises a clear error when missing."""
        spec = self._app.connection_spec(connection)
        label = next((f.label for f in spec.fields if f.name == field), field)
        return self.secrets.require(connection, field, label)

    def optional_secret(self, connection: str, field: str) -> str:
        """A secret that may be absent (one of two ways to log in)."""
        return self.secrets.get(connection, field) or ""

    def option(self, name: str) -> str:
        """An integration option (tag name, keeping days, …)."""
        return self._app.option(self.integration, name)

    def level_rules(self) -> LevelRules:
        """The integration's level rules as the merchant set them."""
        return self._app.level_rules(self.integration)


class App:
    """jjdesk without a window: what `jjdesk run`, the demo and the GUI all build on."""

    def __init__(
        self,
        profile: Profile,
        integrations: list[Integration],
        connections: list[ConnectionSpec],
        secrets: SecretStore | None = None,
    ) -> None:
        self.profile = profile.ensure()
        self.store = Store(profile.db_path)
        self.secrets = secrets or SecretStore()
        self.bus = EventBus()
        self.integrations = {i.key: i for i in integrations}
        self.connections = {c.key: c for c in connections}
        self.runner = FlowRunner(self.store, self.bus, self._resolve)
        self.scheduler = FlowScheduler(self.runner)
        self._backup_lock = threading.Lock()
        self.runner.recover()

    # --- integrations and flows -------------------------------------------------------

    def is_enabled(self, integration: str) -> bool:
        """Whether an integration's flows are scheduled."""
        return self.store.settings.get(f"integration.{integration}.enabled", "0") == "1"

    def set_enabled(self, integration: str, enabled: bool) -> None:
        """Switch an integration on or off (its jobs follow at once if running)."""
        self.store.settings.set(f"integration.{integration}.enabled", "1" if enabled else "0")
        if self.scheduler_running:
            for ref in self._flow_refs_of(self.integrations[integration]):
                if enabled:
                    self.scheduler.schedule(JobSpec(ref.integration, ref.flow, ref.interval))
                else:
                    self.scheduler.unschedule(ref.integration, ref.flow)

    def enabled_integrations(self) -> list[Integration]:
        """The integrations the merchant switched on."""
        return [i for i in self.integrations.values() if self.is_enabled(i.key)]

    def flow_refs(self) -> list[FlowRef]:
        """Every flow of every enabled integration, in definition order."""
        return [ref for i in self.enabled_integrations() for ref in self._flow_refs_of(i)]

    def _flow_refs_of(self, integration: Integration) -> list[FlowRef]:
        return [
            FlowRef(
                integration.key,
                integration.title,
                spec.key,
                spec.title,
                self.interval(integration.key, spec.key),
            )
            for spec in integration.flows
        ]

    def interval(self, integration: str, flow: str) -> timedelta:
        """A flow's interval: the merchant's choice or the SPEC default."""
        stored = self.store.settings.get(f"integration.{integration}.interval.{flow}")
        if stored is not None:
            return timedelta(seconds=int(stored))
        return self.integrations[integration].flow(flow).default_interval

    def set_interval(self, integration: str, flow: str, interval: timedelta) -> None:
        """Change a flow's interval (at least one minute); reschedules at once."""
        if interval < timedelta(minutes=1):
            raise ConfigFailure("interval", "at least one minute")
        self.integrations[integration].flow(flow)
        seconds = int(interval.total_seconds())
        self.store.settings.set(f"integration.{integration}.interval.{flow}", str(seconds))
        if self.scheduler_running and self.is_enabled(integration):
            self.scheduler.schedule(JobSpec(integration, flow, interval))

    def level_rules(self, integration: str) -> LevelRules:
        """The integration's level rules (the merchant's, or the reference defaults)."""
        stored = self.store.settings.get(f"integration.{integration}.levels")
        if stored:
            try:
                return LevelRules.from_json(stored)
            except LevelRuleError:
                log.warning("stored level rules of %s are broken; defaults apply", integration)
        return self.integrations[integration].default_levels

    def set_level_rules(self, integration: str, rules: LevelRules) -> None:
        """Save level rules (already validated by `LevelRules` itself)."""
        self.store.settings.set(f"integration.{integration}.levels", rules.to_json())

    def option(self, integration: str, name: str) -> str:
        """An integration option, or its default."""
        spec = next(o for o in self.integrations[integration].options if o.name == name)
        return (
            self.store.settings.get(f"integration.{integration}.option.{name}", spec.default)
            or spec.default
        )

    def set_option(self, integration: str, name: str, value: str) -> None:
        """Save an integration option; a value that does not fit raises `ConfigFailure`."""
        spec = next(o for o in self.integrations[integration].options if o.name == name)
        try:
            checked = spec.check(value)
        except ValueError as exc:
            raise ConfigFailure(spec.label, str(exc)) from exc
        self.store.settings.set(f"integration.{integration}.option.{name}", checked)

    # --- connections -------------------------------------------------------------------

    def connection_spec(self, key: str) -> ConnectionSpec:
        """A connection's form definition."""
        return self.connections[key]

    def needed_connections(self) -> list[ConnectionSpec]:
        """Connections used by the enabled integrations (all when none is enabled)."""
        keys: list[str] = []
        for integration in self.enabled_integrations() or list(self.integrations.values()):
            keys.extend(k for k in integration.connections if k not in keys)
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

        A secret field left empty keeps the stored secret.
        """
        spec = self.connections[connection]
        for field in spec.fields:
            if field.name not in values:
                continue
            value = values[field.name].strip()
            if field.secret:
                if value:
                    self.secrets.set(connection, field.name, value)
            else:
                self.store.settings.set(f"connection.{connection}.{field.name}", value)

    def test_connection(self, connection: str) -> str:
        """Call the system once with the stored credentials (network: not in the GUI thread)."""
        return self.connections[connection].test(Services(self))

    # --- running -----------------------------------------------------------------------

    def _resolve(self, integration: str, flow: str) -> FlowBody:
        spec = self.integrations[integration].flow(flow)
        services = Services(self, integration)

        def body(ctx: RunContext) -> None:
            spec.body(services, ctx)

        return body

    def run_once(self, integration: str, flow: str, *, dry_run: bool = False) -> RunOutcome:
        """Run one flow now in this thread (command line); waits if it is running."""
        outcome = self.runner.run(integration, flow, "manual", dry_run=dry_run)
        if outcome is None:
            raise ConfigFailure(f"{integration}/{flow}", "already running")
        return outcome

    @property
    def scheduler_running(self) -> bool:
        """Whether `start` was called (GUI or demo)."""
        return getattr(self, "_started", False)

    def start(self, first_run_delay: timedelta = timedelta(seconds=5)) -> None:
        """Schedule every flow of the enabled integrations and the hourly backup."""
        jobs = [JobSpec(r.integration, r.flow, r.interval) for r in self.flow_refs()]
        self.scheduler.add_system_job(self.backup_now, "backup", BACKUP_INTERVAL)
        self.scheduler.start(jobs, first_run_delay)
        self._started = True

    def backup_now(self) -> None:
        """Write a database backup (hourly job)."""
        with self._backup_lock:
            path = backup(self.store.db, self.profile.backup_dir)
            log.info("backup written: %s", path.name)

    def shutdown(self) -> None:
        """Stop the scheduler, cancel runs, close the database."""
        if self.scheduler_running:
            self.scheduler.shutdown(wait=True)
            self._started = False
        self.store.close()
