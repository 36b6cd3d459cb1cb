"""The custom-shop part of `jjdesk demo`: a shop of the merchant's own on loopback.

One shop ("Mein Shop") with its HTTP API in the nested shape and the nested JSON
mapping preset; its customers buy articles of the Afterbuy catalogue (one order carries
a letter in its SKU, so the Errors tab shows the mapped field and its expression). The
`configure_*` functions set a shop up for each source kind; the tests use them too.
"""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path

from jjdesk.app import App
from jjdesk.connectors.custom_shop.presets import PRESETS, SQL_QUERY, SQL_UPDATE
from jjdesk.integrations.custom_shop import (
    AUTH,
    FAMILY,
    FILE_TRANSPORT,
    MAPPING,
    PAGING,
    SHIP_METHOD,
    SOURCE,
)
from jjdesk.integrations.family import slug_of
from jjdesk.runner import RunOutcome
from jjdesk.sandbox.custom_shop import CustomShopSimulator, CustomShopState
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.server import SimulatorServer

DEMO_SHOP = "Mein Shop"
SHIP_BODY = (
    '{"tracking": {"number": "{tracking_number}", "url": "{tracking_url}", '
    '"carrier": "{carrier}"}, "shipped_at": "{shipped_at}"}'
)


class CustomShopDemo:
    """The shop's API for the demo, fed with the Afterbuy world's articles."""

    def __init__(self, world: DemoWorld, seed: int = 11) -> None:
        self.world = world
        self.state = CustomShopState()
        self.server = SimulatorServer(CustomShopSimulator(self.state))
        self._rng = random.Random(seed)
        self._stop = threading.Event()

    def start(self) -> CustomShopDemo:
        """Serve, with two good orders and one with a letter in its SKU."""
        self.server.start()
        self.new_orders(2)
        self.state.new_order(["AB-4711"])
        return self

    def new_orders(self, count: int = 1) -> None:
        """Customers buy sellable articles of the catalogue."""
        ids = self.world.sellable_ids()
        for _ in range(count):
            if ids:
                self.state.new_order(self._rng.sample(ids, min(2, len(ids))))

    def run_activity(self, every: float = 60.0) -> None:
        """A new order now and then, until `stop`."""

        def loop() -> None:
            while not self._stop.wait(every):
                self.new_orders(1)

        threading.Thread(target=loop, name="demo-custom-shop", daemon=True).start()

    def stop(self) -> None:
        """Stop the activity and the server."""
        self._stop.set()
        self.server.stop()


def add_shop(app: App, name: str, source: str, preset: str) -> str:
    """A custom shop with a mapping preset (made anew, or the one of a kept demo profile)."""
    key = app.members.families[FAMILY].member_key(slug_of(name))
    if key not in app.integrations:
        app.members.add(FAMILY, name)
    app.set_option(key, SOURCE.name, source)
    app.set_option(key, MAPPING.name, json.dumps(PRESETS[preset]))
    return key


def configure_http(
    app: App,
    state: CustomShopState,
    base_url: str,
    *,
    name: str = DEMO_SHOP,
    shape: str = "nested",
    page_size: int = 50,
) -> str:
    """A shop reading the simulator's API (nested: page/offset, flat: cursor)."""
    nested = shape == "nested"
    key = add_shop(app, name, "custom.http", "nested_json" if nested else "flat_json")
    if nested:
        url = f"{base_url}/api/v1/orders?updated_since={{since}}&offset={{offset}}&limit={{limit}}"
    else:
        url = f"{base_url}/api/v2/orders?since={{since}}&cursor={{cursor}}&limit={{limit}}"
    app.set_option(key, PAGING.name, "custom.paging_page" if nested else "custom.paging_cursor")
    app.set_option(key, AUTH.name, f"custom.auth_{state.auth}")
    app.set_option(key, SHIP_METHOD.name, "custom.put")
    app.save_connection(
        key,
        {
            "list_url": url,
            "page_size": str(page_size),
            "cursor_path": "$.next_cursor",
            "token": state.token,
            "username": state.username,
            "password": state.password,
            "token_url": f"{base_url}/oauth/token",
            "client_id": state.client_id,
            "client_secret": state.client_secret,
            "ship_url": f"{base_url}/api/v1/orders/{{order_id}}/shipment",
            "ship_body": SHIP_BODY,
        },
    )
    app.set_enabled(key, True)
    return key


def configure_files(
    app: App,
    folder: Path,
    kind: str,
    *,
    name: str = "Dateishop",
    sftp: dict[str, str] | None = None,
) -> str:
    """A shop whose order files (`csv`, `json`, `xml`) lie in a folder, or on SFTP."""
    preset = {"csv": "csv", "json": "nested_json", "xml": "xml"}[kind]
    key = add_shop(app, name, "custom.files", preset)
    if sftp is None:
        app.set_option(key, FILE_TRANSPORT.name, "custom.local")
        app.save_connection(key, {"folder": str(folder)})
    else:
        app.set_option(key, FILE_TRANSPORT.name, "custom.sftp")
        app.save_connection(key, sftp)
    app.set_enabled(key, True)
    return key


def configure_sql(app: App, dsn: str, *, name: str = "Datenbankshop") -> str:
    """A shop read from its database with the SQL preset, the shipping UPDATE set."""
    key = add_shop(app, name, "custom.sql", "sql")
    app.save_connection(key, {"dsn": dsn, "query": SQL_QUERY, "update": SQL_UPDATE})
    app.set_enabled(key, True)
    return key


def configure_custom(app: App, demo: CustomShopDemo) -> str:
    """The demo's shop, its shipping update switched on."""
    key = configure_http(app, demo.state, demo.server.base_url)
    app.set_flow_enabled(key, "shipping", True)
    return key


def run_custom_once(app: App, world: DemoWorld, key: str) -> list[RunOutcome]:
    """Orders, the merchant ships in Afterbuy, the shipping update."""
    outcomes = [app.run_once(key, "orders")]
    world.ship_imported_orders()
    outcomes.append(app.run_once(key, "shipping"))
    return outcomes
