"""The Tradebyte part of `jjdesk demo`: TB.One's SFTP simulator beside the other ones.

Its orders buy articles of the Afterbuy catalogue (one file also carries an order with a
letter in its SKU, so the Errors tab shows how a file waits), and the world's activity
thread exports a new order file now and then.
"""

from __future__ import annotations

import random
import threading
from pathlib import Path

from jjdesk.app import App
from jjdesk.integrations.tradebyte import FEED_FOLDER, KEY, SFTP, UPLOAD
from jjdesk.runner import RunOutcome
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.tradebyte import TradebyteSimulator


class TradebyteDemo:
    """TB.One for the demo, fed with the Afterbuy world's articles."""

    def __init__(self, world: DemoWorld, root: Path, seed: int = 5) -> None:
        self.world = world
        self.root = root
        self.simulator = TradebyteSimulator(root / "sftp")
        self._rng = random.Random(seed)
        self._stop = threading.Event()

    def start(self) -> TradebyteDemo:
        """Serve, export a first order file (one order in it needs action) and a customer's
        cancellation of another order."""
        self.simulator.start()
        self.new_orders(2)
        self.simulator.new_order(["AB-4711"])
        self.simulator.export_orders()
        cancelled = self.simulator.new_order(self.world.sellable_ids()[:1] or ["10000001"])
        self.simulator.cancel_item(cancelled, cancelled.items[0])
        return self

    def new_orders(self, count: int = 1) -> None:
        """Customers buy sellable articles of the catalogue."""
        ids = self.world.sellable_ids()
        for _ in range(count):
            if ids:
                self.simulator.new_order(self._rng.sample(ids, min(2, len(ids))))

    def tick(self) -> None:
        """A new order file arrives."""
        self.new_orders(1)
        self.simulator.export_orders()

    def run_activity(self, every: float = 45.0) -> None:
        """Tick in a background thread until `stop`."""

        def loop() -> None:
            while not self._stop.wait(every):
                self.tick()

        threading.Thread(target=loop, name="demo-tradebyte", daemon=True).start()

    def stop(self) -> None:
        """Stop the activity and the SFTP server."""
        self._stop.set()
        self.simulator.stop()


def configure_tradebyte(app: App, demo: TradebyteDemo) -> None:
    """Point the Tradebyte connection at the simulator and switch the integration on."""
    sftp = demo.simulator.sftp
    app.save_connection(
        SFTP,
        {
            "host": "127.0.0.1",
            "port": str(sftp.port),
            "username": sftp.username,
            "password": sftp.password,
        },
    )
    feed = demo.root / "feed"
    feed.mkdir(parents=True, exist_ok=True)
    app.set_option(KEY, FEED_FOLDER.name, str(feed))
    app.set_option(KEY, UPLOAD.name, "tradebyte.upload_on")
    app.set_enabled(KEY, True)


def run_tradebyte_once(app: App, world: DemoWorld) -> list[RunOutcome]:
    """Every Tradebyte flow once, with the merchant shipping before the shipping update."""
    outcomes = [app.run_once(KEY, flow) for flow in ("products", "stock", "orders")]
    world.ship_imported_orders()
    outcomes += [app.run_once(KEY, flow) for flow in ("shipping", "messages", "deletions")]
    return outcomes
