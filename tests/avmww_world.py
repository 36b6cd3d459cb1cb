"""The AccountView ↔ MijnWebwinkel integration against both simulators, for flow tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from jjdesk.app import App
from jjdesk.demo_avmww import AvmwwDemo, configure_avmww
from jjdesk.integrations.accountview_mijnwebwinkel import KEY
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.runner import RunOutcome
from jjdesk.sandbox.accountview import AccountViewSimulator
from jjdesk.sandbox.mijnwebwinkel import MijnWebwinkelSimulator
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus


@dataclass
class AvmwwWorld:
    """The app and both simulators."""

    app: App
    demo: AvmwwDemo

    @property
    def av(self) -> AccountViewSimulator:
        return self.demo.accountview

    @property
    def shop(self) -> MijnWebwinkelSimulator:
        return self.demo.shop

    def run(self, flow: str, *, ok: bool = True) -> RunOutcome:
        """One run of a flow (asserting it did not fail, unless told otherwise)."""
        outcome = self.app.run_once(KEY, flow)
        if ok:
            assert outcome.status in (RunStatus.SUCCEEDED, RunStatus.WARNINGS), outcome.message
        return outcome

    def option(self, name: str, value: str) -> None:
        self.app.set_option(KEY, name, value)


@contextmanager
def avmww_world(
    profile: Profile, secrets: SecretStore, *, seeded: bool = False, rotate: bool = True
) -> Iterator[AvmwwWorld]:
    """Both simulators (empty unless `seeded`), an app configured for them."""
    demo = AvmwwDemo(rotate=rotate).start(seeded=seeded)
    app = App(profile, all_integrations(), all_connections(), secrets)
    try:
        configure_avmww(app, demo)
        yield AvmwwWorld(app, demo)
    finally:
        app.shutdown()
        demo.stop()
