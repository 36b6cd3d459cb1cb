"""Benchmark: idealo stock and offer export against the simulator's rate limit.

Prints, for ~20,000 offers of which 2 % change in Afterbuy: the PATCH calls the stock run
used (target: exactly one per changed offer, none for the others) and its seconds at the
simulator's rate limit; a second run with nothing changed (target: 0 calls). Then the
offer export of `--export` products with concurrency 1 and with the chosen limit: offers
per second, 429 answers met, items failed (target 0).

The idealo simulator runs in its own process (idealo is another machine) with a latency
per request like a real connection's; Afterbuy's simulator runs in this one.

    .venv/bin/python tests/bench/idealo_stock.py [--products 21000] [--rate 50] \\
        [--latency 0.05] [--concurrency 8] [--export 1000]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import tempfile
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

from jjdesk.app import App
from jjdesk.domain.levels import IDEALO_DEFAULT, StockAction
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile
from jjdesk.sandbox.afterbuy import ABINTERFACE_PATH, SHOP_PATH, AfterbuySimulator
from jjdesk.sandbox.server import SimulatorServer
from jjdesk.secrets import MemoryKeyring, SecretStore

PRODUCT_URL = "https://www.mein-shop.de/artikel/{sku}"


def _idealo(conn: Connection, rate: float, burst: float, latency: float) -> None:
    """The idealo simulator's process: serve; seed, report and stop on request."""
    from jjdesk.sandbox.idealo import IdealoSimulator

    sim = IdealoSimulator(rate=rate, burst=burst, latency=latency)
    server = SimulatorServer(sim).start()
    conn.send(server.base_url)
    while True:
        command, data = conn.recv()
        if command == "seed":
            sim.offers.seed({sku: _offer(sku, quantity) for sku, quantity in data})
            conn.send(len(sim.offers.skus()))
        elif command == "stats":
            conn.send(
                {
                    "calls": dict(sim.calls),
                    "throttled": sim.throttled,
                    "offers": len(sim.offers.skus()),
                }
            )
        else:
            server.stop()
            conn.send("stopped")
            return


def _offer(sku: str, quantity: int) -> dict[str, object]:
    """An offer as an earlier export left it on idealo."""
    return {
        "sku": sku,
        "title": f"Artikel {sku}",
        "price": "19.90",
        "url": PRODUCT_URL.replace("{sku}", sku),
        "delivery": "1-3 Werktage",
        "deliveryCosts": {"DHL": "4.90"},
        "checkoutLimitPerPeriod": quantity,
    }


class Idealo:
    """The simulator process seen from here."""

    def __init__(self, rate: float, burst: float, latency: float) -> None:
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_idealo, args=(child, rate, burst, latency))
        self._process.start()
        self.base_url: str = self._conn.recv()

    def ask(self, command: str, data: object = None) -> object:
        self._conn.send((command, data))
        return self._conn.recv()

    def stats(self) -> dict[str, object]:
        found = self.ask("stats")
        assert isinstance(found, dict)
        return found

    def stop(self) -> None:
        self.ask("stop")
        self._process.join(10)


def _app(root: Path, afterbuy: AfterbuySimulator, base: str, idealo: Idealo) -> App:
    app = App(
        Profile(root).ensure(),
        all_integrations(),
        all_connections(),
        SecretStore(MemoryKeyring(), environ={}),
    )
    app.save_connection(
        "afterbuy",
        {
            "api_url": base + ABINTERFACE_PATH,
            "shop_url": base + SHOP_PATH,
            "partner_token": afterbuy.partner_token,
            "account_token": afterbuy.account_token,
        },
    )
    app.save_connection(
        "idealo",
        {
            "offer_client_id": "pws-client",
            "offer_client_secret": "pws-secret",
            "product_url": PRODUCT_URL,
            "offer_api_url": idealo.base_url,
            "offer_token_url": idealo.base_url + "/mer/businessaccount/api/v1/oauth/token",
        },
    )
    return app


def _calls(stats: dict[str, object], key: str) -> int:
    calls = stats["calls"]
    assert isinstance(calls, dict)
    return int(calls.get(key, 0))


def stock(args: argparse.Namespace, root: Path) -> None:
    afterbuy = AfterbuySimulator(seed=3, products=args.products)
    idealo = Idealo(args.rate, args.burst, args.latency)
    with SimulatorServer(afterbuy) as server:
        app = _app(root / "stock", afterbuy, server.base_url, idealo)
        try:
            app.set_option("idealo", "concurrency", str(args.concurrency))
            catalog = afterbuy.catalog
            leaves: dict[str, int] = {}
            for pid in catalog.ids():
                product = catalog.get(pid)
                if product is None or product.flag == 1:
                    continue  # variation parents have no stock
                if IDEALO_DEFAULT.stock_action(product.level) is StockAction.UPDATE:
                    leaves[str(pid)] = int(product.fields.get("Quantity") or 0)
            # the state after earlier runs: every offer on idealo with its quantity
            offers = idealo.ask("seed", list(leaves.items()))
            links = app.store.links("idealo")
            for sku, quantity in leaves.items():
                links.put("offer", sku, str(quantity))
            app.store.fingerprints.set_many(
                "idealo", "stock", {sku: str(q) for sku, q in leaves.items()}
            )
            now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - 60))
            app.store.watermarks.set("idealo", "stock", now)
            app.store.watermarks.set("idealo", "stock:full", now)
            rng = random.Random(5)
            changed = rng.sample(sorted(leaves), k=round(len(leaves) * args.changed))
            for sku in changed:
                afterbuy.set_quantity(sku, (leaves[sku] + rng.randint(1, 9)) % 250)
            before = idealo.stats()
            started = time.perf_counter()
            outcome = app.run_once("idealo", "stock")
            seconds = time.perf_counter() - started
            after = idealo.stats()
            patches = _calls(after, "PATCH offer") - _calls(before, "PATCH offer")
            throttled = int(str(after["throttled"])) - int(str(before["throttled"]))
            again = app.run_once("idealo", "stock")
            unchanged = _calls(idealo.stats(), "PATCH offer") - _calls(after, "PATCH offer")
        finally:
            app.shutdown()
            idealo.stop()
    print(f"stock: {offers} offers, {len(changed)} changed in Afterbuy ({args.changed:.0%})")
    print(
        f"  run: {patches} PATCH calls (exactly one per changed offer: "
        f"{'yes' if patches == len(changed) else 'NO'}), {outcome.status.value}, "
        f"{outcome.failed} failed, {seconds:.1f} s at {args.rate:g} requests/s "
        f"(burst {args.burst:g}, latency {args.latency * 1000:.0f} ms, "
        f"concurrency {args.concurrency}), {throttled} answers 429"
    )
    print(f"  again, nothing changed: {unchanged} PATCH calls, {again.status.value}")


def export(args: argparse.Namespace, root: Path, concurrency: int) -> float:
    afterbuy = AfterbuySimulator(seed=4, products=args.export)
    idealo = Idealo(args.rate, args.burst, args.latency)
    with SimulatorServer(afterbuy) as server:
        app = _app(root / f"export-{concurrency}", afterbuy, server.base_url, idealo)
        try:
            app.set_option("idealo", "concurrency", str(concurrency))
            started = time.perf_counter()
            outcome = app.run_once("idealo", "products")
            seconds = time.perf_counter() - started
            stats = idealo.stats()
            why = Counter(e.field.split(" ")[0] for e in app.store.errors.for_run(outcome.run_id))
        finally:
            app.shutdown()
            idealo.stop()
    puts = _calls(stats, "PUT offer")
    rate = puts / seconds if seconds else 0.0
    warned = why.pop("size", 0)
    reasons = ", ".join(f"{field or '?'} {n}" for field, n in sorted(why.items()))
    print(
        f"  concurrency {concurrency:>2}: {puts} PUT calls, {outcome.written} offers written in "
        f"{seconds:.1f} s = {rate:.1f} requests/s, {stats['throttled']} answers 429; "
        f"{outcome.failed} refused for their data ({reasons}); {warned} sent with a warning "
        f"(abbreviated size)"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=23_000, help="Afterbuy products")
    parser.add_argument("--changed", type=float, default=0.02, help="share of changed stock")
    parser.add_argument("--rate", type=float, default=50.0, help="simulator requests/s")
    parser.add_argument("--burst", type=float, default=50.0, help="simulator burst")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=8, help="the chosen limit")
    parser.add_argument("--export", type=int, default=1000, help="products to export")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jjdesk-bench-") as tmp:
        root = Path(tmp)
        stock(args, root)
        print(
            f"export: {args.export} Afterbuy products at {args.rate:g} requests/s "
            f"(burst {args.burst:g}, latency {args.latency * 1000:.0f} ms)"
        )
        one = export(args, root, 1)
        many = export(args, root, args.concurrency)
        print(f"  speed-up: {many / one:.1f}× with concurrency {args.concurrency}")


if __name__ == "__main__":
    main()
