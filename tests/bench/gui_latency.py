"""Benchmark: how long the GUI's event loop stalls while a 10,000-product export runs.

The real window (offscreen) with a real App; both simulators run in their own process
(they stand for other machines). A 10 ms timer in the GUI thread notes when it fires;
a stall is the time a tick came later than due. Prints the longest stall and the 99th
percentile (target: longest < 50 ms), with the run's figures.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/gui_latency.py [--products 10000]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import tempfile
import time
from datetime import timedelta
from multiprocessing.connection import Connection
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 10


def _systems(conn: Connection, products: int) -> None:
    """Both simulators in this process: serve until told to stop."""
    from jjdesk.sandbox.afterbuy import ABINTERFACE_PATH, SHOP_PATH, AfterbuySimulator
    from jjdesk.sandbox.server import SimulatorServer
    from jjdesk.sandbox.shopify import ShopifySimulator

    afterbuy = AfterbuySimulator(seed=5, products=products, variation_share=0.0)
    shopify = ShopifySimulator(bucket_size=2_000_000, restore_rate=100_000, media_seconds=0.0)
    servers = [SimulatorServer(afterbuy).start(), SimulatorServer(shopify).start()]
    conn.send(
        {
            "api_url": servers[0].base_url + ABINTERFACE_PATH,
            "shop_url": servers[0].base_url + SHOP_PATH,
            "partner_token": afterbuy.partner_token,
            "account_token": afterbuy.account_token,
            "shop": shopify.shop,
            "base_url": servers[1].base_url,
            "access_token": shopify.access_token,
        }
    )
    conn.recv()
    for server in servers:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from jjdesk.app import App
    from jjdesk.domain.levels import ALL_TRANSFER
    from jjdesk.gui.desktop import Desktop
    from jjdesk.integrations.registry import all_connections, all_integrations
    from jjdesk.profile import Profile
    from jjdesk.secrets import MemoryKeyring, SecretStore

    ours, theirs = mp.get_context("spawn").Pipe()
    systems = mp.get_context("spawn").Process(target=_systems, args=(theirs, args.products))
    systems.start()
    info = ours.recv()

    qapp = QApplication.instance() or QApplication([])
    root = Path(tempfile.mkdtemp(prefix="jjdesk-gui-bench-"))
    app = App(
        Profile(root), all_integrations(), all_connections(), SecretStore(MemoryKeyring(), {})
    )
    app.save_connection(
        "afterbuy", {k: info[k] for k in ("api_url", "shop_url", "partner_token", "account_token")}
    )
    app.save_connection("shopify", {k: info[k] for k in ("shop", "base_url", "access_token")})
    app.set_level_rules("shopify", ALL_TRANSFER)
    app.set_enabled("shopify", True)
    app.start(first_run_delay=timedelta(hours=1))
    desktop = Desktop(app, tray_available=False)
    desktop.show_window()

    clock = QElapsedTimer()
    stalls: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        if last[0]:
            stalls.append(max(0.0, now - last[0] - TICK_MS))
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    finished: list[object] = []
    desktop.bridge.run_finished.connect(finished.append)
    clock.start()
    timer.start()
    started = time.monotonic()
    desktop.window.status.run_now("shopify", "products")
    while not finished:
        qapp.processEvents()
        time.sleep(0.001)  # the loop idles as a real one would between events
    seconds = time.monotonic() - started
    timer.stop()
    outcome = app.store.runs.latest("shopify", "products")
    assert outcome is not None
    ordered = sorted(stalls)
    p99 = ordered[int(len(ordered) * 0.99)] if ordered else 0.0
    print(
        f"export: {outcome.status.value}, read {outcome.read}, written {outcome.written}, "
        f"failed {outcome.failed}, {seconds:.1f} s"
    )
    print(f"GUI ticks: {len(stalls)} every {TICK_MS} ms")
    print(f"longest stall: {max(stalls, default=0):.1f} ms (target < 50 ms)")
    print(f"99th percentile: {p99:.1f} ms; median {statistics.median(stalls or [0]):.2f} ms")
    desktop.shutdown()
    app.shutdown()
    ours.send("stop")
    systems.join(10)


if __name__ == "__main__":
    main()
