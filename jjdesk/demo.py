"""`jjdesk demo`: the simulators with demo data, a throw-away profile, the real app.

The profile lives in a temporary folder and the keyring is an in-memory one, so the
demo never touches the merchant's real data or credentials.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from jjdesk.app import App
from jjdesk.demo_avmww import AvmwwDemo, configure_avmww, run_avmww_once
from jjdesk.demo_custom import CustomShopDemo, configure_custom, run_custom_once
from jjdesk.demo_tradebyte import TradebyteDemo, configure_tradebyte, run_tradebyte_once
from jjdesk.integrations.registry import all_connections, all_integrations
from jjdesk.profile import Profile, setup_logging
from jjdesk.reports import outcomes_table
from jjdesk.runner import RunOutcome
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.secrets import MemoryKeyring, SecretStore
from jjdesk.store.runs import RunStatus

DEMO_INTERVALS = {"products": 2, "stock": 1, "orders": 1, "shipping": 2, "deletions": 10}


def configure(app: App, world: DemoWorld) -> None:
    """Point the connections at the simulators and switch the integrations on."""
    app.save_connection(
        "afterbuy",
        {
            "api_url": world.afterbuy_api_url,
            "shop_url": world.afterbuy_shop_url,
            "partner_token": world.afterbuy.partner_token,
            "account_token": world.afterbuy.account_token,
        },
    )
    app.save_connection(
        "shopify",
        {
            "shop": world.shopify.shop,
            "base_url": world.shopify_base_url,
            "access_token": world.shopify.access_token,
        },
    )
    app.set_enabled("shopify", True)
    world.idealo.configure(app)


def run_all_once(app: App, world: DemoWorld) -> list[RunOutcome]:
    """Every flow once in a sensible order, with the merchant shipping in between."""
    outcomes = []
    for integration in ("shopify", "idealo"):
        for flow in ("products", "stock", "orders"):
            outcomes.append(app.run_once(integration, flow))
    world.ship_imported_orders()
    for integration in ("shopify", "idealo"):
        for flow in ("shipping", "deletions"):
            outcomes.append(app.run_once(integration, flow))
    return outcomes


def run_demo(args: argparse.Namespace) -> int:
    """Start the world, then the GUI (or run everything once without a window)."""
    temporary = args.profile is None
    root = Path(tempfile.mkdtemp(prefix="jjdesk-demo-")) if temporary else args.profile
    profile = Profile(root).ensure()
    setup_logging(profile, verbose=args.verbose)
    world = DemoWorld(products=args.products).start()
    world.idealo.show_free_field_examples(world.sellable_ids())
    tradebyte = TradebyteDemo(world, root / "tradebyte").start()
    avmww = AvmwwDemo().start()
    shop = CustomShopDemo(world).start()
    app = App(
        profile,
        all_integrations(),
        all_connections(),
        SecretStore(MemoryKeyring(), environ={}),
    )
    try:
        configure(app, world)
        configure_tradebyte(app, tradebyte)
        configure_avmww(app, avmww)
        shop_key = configure_custom(app, shop)
        if args.headless:
            return _headless(app, world, args.once, tradebyte, shop_key)
        for integration in ("shopify", "idealo", "tradebyte", "avmww", shop_key):
            flows = {spec.key for spec in app.integration(integration).flows}
            for flow, minutes in DEMO_INTERVALS.items():
                if flow in flows:
                    app.set_interval(integration, flow, timedelta(minutes=minutes))
        world.run_activity()
        tradebyte.run_activity()
        avmww.run_activity()
        shop.run_activity()
        from jjdesk.gui.main import run_gui

        return run_gui(app, demo=True)
    finally:
        shop.stop()
        avmww.stop()
        tradebyte.stop()
        world.stop()
        if temporary:
            shutil.rmtree(root, ignore_errors=True)


def _headless(
    app: App, world: DemoWorld, once: bool, tradebyte: TradebyteDemo, shop_key: str
) -> int:
    try:
        outcomes = run_all_once(app, world) + run_tradebyte_once(app, world) + run_avmww_once(app)
        outcomes += run_custom_once(app, world, shop_key)
        print(outcomes_table(outcomes))
        for outcome in outcomes:
            for problem in outcome.context.problems:
                print(
                    f"  ! {outcome.flow}: {problem.item_kind} {problem.item_id}: {problem.message}",
                    file=sys.stdout,
                )
        finished = all(o.status in (RunStatus.SUCCEEDED, RunStatus.WARNINGS) for o in outcomes)
        if not once:
            print("--once not given: headless demo runs each flow once anyway")
        return 0 if finished else 1
    finally:
        app.shutdown()
