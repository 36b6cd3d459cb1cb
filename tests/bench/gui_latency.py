"""Benchmark: how long the GUI's event loop stalls while a 10,000-product export runs.

The real window (offscreen) with a real App; both simulators run in their own process
(they stand for other machines). Once the window has settled (its first build is not the
export), a 10 ms timer in the GUI thread notes when it fires; a stall is the time a tick
came later than due. Prints the longest stall and the 99th
percentile (target: longest < 50 ms), with the run's figures.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/gui_latency.py [--products 10000]

`--where` also says where the GUI thread was during the longest stalls: a watcher thread
samples its Python stack while a tick is overdue; every worker callback slower than 20 ms
is named, and so is every garbage collection slower than 5 ms (a collection holds the
GIL, so it stalls the GUI thread whichever thread runs it).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from datetime import timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 10
SLOW_EVENT_MS = 20.0
SLOW_GC_MS = 5.0
SETTLE_SECONDS = 2.0


class StallWatch:
    """Where the GUI thread is while its tick is overdue, and what else held it up."""

    def __init__(self, gui_thread: int, overdue_ms: float = 25.0) -> None:
        self.gui_thread = gui_thread
        self.overdue = overdue_ms / 1000
        self.last_tick = time.monotonic()
        self.stalls: list[tuple[float, float, Counter[str]]] = []  # start, ms, stacks
        self.slow_events: Counter[str] = Counter()
        self.slow_event_ms: dict[str, float] = {}
        self.collections: list[tuple[float, float, int]] = []  # start, ms, generation
        self._current: Counter[str] = Counter()
        self._gc_started = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stall-watch", daemon=True)

    def start(self) -> None:
        """Watch from now on (call it when the measured part begins)."""
        gc.callbacks.append(self._gc)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        gc.callbacks.remove(self._gc)

    def ticked(self, stall_ms: float | None) -> None:
        """Called by the GUI tick: closes the stall the watcher was sampling, if any."""
        now = time.monotonic()
        if stall_ms is not None and stall_ms > self.overdue * 1000:
            self.stalls.append((now - stall_ms / 1000, stall_ms, self._current))
        self._current = Counter()
        self.last_tick = now

    def took(self, name: str, ms: float) -> None:
        """Something in the GUI thread that took longer than SLOW_EVENT_MS."""
        self.slow_events[name] += 1
        self.slow_event_ms[name] = max(ms, self.slow_event_ms.get(name, 0.0))

    def time_worker_callbacks(self) -> None:
        """Name the GUI-thread callbacks of `Worker.submit` that are slow."""
        from jjdesk.gui.worker import Worker

        submit = Worker.submit
        watch = self

        def timed(worker: Worker, fn: Any, on_done: Any, on_error: Any = None) -> None:
            def done(result: Any) -> None:
                started = time.perf_counter()
                on_done(result)
                took = (time.perf_counter() - started) * 1000
                if took > SLOW_EVENT_MS:
                    watch.took(f"callback {on_done.__qualname__}", took)

            submit(worker, fn, done, on_error)

        Worker.submit = timed  # type: ignore[method-assign]

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.monotonic()
            return
        took = (time.monotonic() - self._gc_started) * 1000
        if took > SLOW_GC_MS:
            self.collections.append((self._gc_started, took, info["generation"]))

    def _watch(self) -> None:
        while not self._stop.wait(0.002):
            if time.monotonic() - self.last_tick < self.overdue:
                continue
            frame = sys._current_frames().get(self.gui_thread)
            if frame is not None:
                self._current[_where(frame)] += 1

    def report(self, worst: int = 8) -> None:
        print(f"\nthe {worst} longest stalls and where the GUI thread was (samples):")
        for start, ms, stacks in sorted(self.stalls, key=lambda s: -s[1])[:worst]:
            collected = [
                f"gen{g} {t:.0f} ms"
                for at, t, g in self.collections
                if start - 0.01 <= at <= start + ms / 1000
            ]
            print(f"  {ms:6.1f} ms" + (f"  (GC: {', '.join(collected)})" if collected else ""))
            for stack, count in stacks.most_common(3):
                print(f"      {count:3d}  {stack}")
        print("worker callbacks slower than 20 ms (count, longest):")
        for name, count in self.slow_events.most_common(15):
            print(f"  {count:4d}  {self.slow_event_ms[name]:6.1f} ms  {name}")
        longest = max((t for _, t, _ in self.collections), default=0.0)
        print(
            f"garbage collections slower than {SLOW_GC_MS:.0f} ms: {len(self.collections)}"
            f" (longest {longest:.1f} ms): "
            + ", ".join(f"gen{g} {t:.0f}" for _, t, g in self.collections)
        )


def _where(frame: Any) -> str:
    """The innermost frames of jjdesk's own code (and the line the loop is on)."""
    frames = [f for f in traceback.extract_stack(frame) if "site-packages" not in f.filename]
    return " < ".join(f"{Path(f.filename).stem}:{f.name}:{f.lineno}" for f in frames[-1:-5:-1])


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
    parser.add_argument("--where", action="store_true", help="say where the stalls come from")
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from jjdesk.app import App
    from jjdesk.domain.levels import ALL_TRANSFER
    from jjdesk.gui.desktop import Desktop
    from jjdesk.gui.main import keep_responsive
    from jjdesk.integrations.registry import all_connections, all_integrations
    from jjdesk.profile import Profile
    from jjdesk.secrets import MemoryKeyring, SecretStore

    ours, theirs = mp.get_context("spawn").Pipe()
    systems = mp.get_context("spawn").Process(target=_systems, args=(theirs, args.products))
    systems.start()
    info = ours.recv()

    try:
        watch = StallWatch(threading.get_ident()) if args.where else None
        qapp = QApplication.instance() or QApplication([])
        if watch is not None:
            watch.time_worker_callbacks()
        root = Path(tempfile.mkdtemp(prefix="jjdesk-gui-bench-"))
        app = App(
            Profile(root), all_integrations(), all_connections(), SecretStore(MemoryKeyring(), {})
        )
        afterbuy_fields = ("api_url", "shop_url", "partner_token", "account_token")
        app.save_connection("afterbuy", {k: info[k] for k in afterbuy_fields})
        app.save_connection("shopify", {k: info[k] for k in ("shop", "base_url", "access_token")})
        app.set_level_rules("shopify", ALL_TRANSFER)
        app.set_enabled("shopify", True)
        app.start(first_run_delay=timedelta(hours=1))
        desktop = Desktop(app, tray_available=False)
        keep_responsive()  # as run_gui does
        desktop.show_window()
        # the window settles first: its tabs fill themselves from workers once, in their
        # first second (the Settings tab's build alone takes ~25 ms of the GUI thread);
        # what is measured is the export, not the window's first build
        settled = time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < settled:
            qapp.processEvents()
            time.sleep(0.001)

        clock = QElapsedTimer()
        stalls: list[float] = []
        moments: list[float] = []  # seconds since the start, when each tick came
        last = [0.0]

        def tick() -> None:
            now = clock.nsecsElapsed() / 1e6
            if last[0]:
                stalls.append(max(0.0, now - last[0] - TICK_MS))
                moments.append(now / 1000)
            if watch is not None:
                watch.ticked(stalls[-1] if last[0] else None)
            last[0] = now

        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        finished: list[object] = []
        desktop.bridge.run_finished.connect(finished.append)
        if watch is not None:
            watch.start()
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
        worst = sorted(range(len(stalls)), key=lambda n: -stalls[n])[:5]
        print(
            "the 5 longest, at seconds into the run: "
            + ", ".join(f"{stalls[n]:.0f} ms at {moments[n]:.1f} s" for n in worst)
        )
        if watch is not None:
            watch.stop()
            watch.report()
        desktop.shutdown()
        app.shutdown()
    finally:
        ours.send("stop")
        systems.join(10)


if __name__ == "__main__":
    main()
