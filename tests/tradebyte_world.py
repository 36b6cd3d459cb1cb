"""The Tradebyte integration against Afterbuy's and TB.One's simulators, for flow tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from jjdesk.app import App
from jjdesk.demo import configure
from jjdesk.demo_tradebyte import TradebyteDemo, configure_tradebyte
from jjdesk.domain.timestamps import parse_iso
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.integrations.tradebyte import FEED_FILE, KEY
from jjdesk.profile import Profile
from jjdesk.runner import RunOutcome
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.tradebyte import TradebyteSimulator
from jjdesk.store.runs import RunStatus


@dataclass
class TradebyteWorld:
    """The app and both simulators; the feed folder on this computer."""

    app: App
    world: DemoWorld
    tradebyte: TradebyteSimulator
    feed_dir: Path

    @property
    def feed(self) -> Path:
        """The feed file jjdesk writes."""
        return self.feed_dir / FEED_FILE

    def run(self, flow: str, *, ok: bool = True) -> RunOutcome:
        """One run of a Tradebyte flow (asserting it did not fail, unless told otherwise)."""
        outcome = self.app.run_once(KEY, flow)
        if ok:
            assert outcome.status in (RunStatus.SUCCEEDED, RunStatus.WARNINGS), outcome.message
        return outcome

    def age(self, mark: str, by: timedelta) -> None:
        """Move one of the integration's moments into the past (as if time had passed)."""
        store = self.app.store
        moment = parse_iso(store.watermarks.get(KEY, mark))
        assert moment is not None, mark
        store.watermarks.set(KEY, mark, (moment - by).isoformat())


@contextmanager
def tradebyte_world(
    profile: Profile, secrets: object, root: Path, products: int = 12
) -> Iterator[TradebyteWorld]:
    """Afterbuy (empty of orders), TB.One's SFTP server, an app configured for both."""
    world = DemoWorld(products=products, orders=0).start()
    demo = TradebyteDemo(world, root)
    demo.simulator.start()
    app = App(profile, all_integrations(), all_connections(), secrets)  # type: ignore[arg-type]
    try:
        configure(app, world)
        configure_tradebyte(app, demo)
        yield TradebyteWorld(app, world, demo.simulator, root / "feed")
    finally:
        app.shutdown()
        demo.stop()
        world.stop()


def simple_product(world: DemoWorld, level: int = 0, **fields: str) -> str:
    """A plain Afterbuy product Tradebyte takes, at the given level."""
    values = {
        "Name": "Wollmütze Nordlicht",
        "ShortDescription": "Warm & weich – für große Köpfe",
        "SellingPrice": "19,90",
        "TaxRate": "19",
        "Quantity": "7",
        "Stock": "1",
        "Level": str(level),
        "EAN": "4006381333931",
        "ManufacturerStandardProductIDValue": "4006381333931",
    }
    values.update(fields)
    return world.afterbuy.add_product(**values)
