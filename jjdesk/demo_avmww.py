"""The AccountView ↔ MijnWebwinkel part of `jjdesk demo`: both simulators, Dutch data.

AccountView holds a small Dutch catalogue (a T-shirt in three sizes, a mug whose stock
AccountView does not manage, a tea towel with reservations) and one known debtor; the
shop has paid orders of a person and of a company, one order still awaiting payment
(a status the demo does not import) and one order of an article AccountView lacks, so
the Errors tab shows an order that needs action.
"""

from __future__ import annotations

import json
import random
import threading

from jjdesk.app import App
from jjdesk.integrations.accountview_mijnwebwinkel import (
    AV,
    KEY,
    MWW,
    PAYMENT_METHODS,
    PAYMENT_TERMS,
    STATUSES,
    VARIANT_LISTS,
)
from jjdesk.runner import RunOutcome
from jjdesk.sandbox.accountview import AccountViewSimulator
from jjdesk.sandbox.mijnwebwinkel import LISTS, MijnWebwinkelSimulator
from jjdesk.sandbox.server import SimulatorServer

PAID = 2
SIZES = ("S", "M", "L")


class AvmwwDemo:
    """AccountView and MijnWebwinkel on loopback, seeded."""

    def __init__(self, seed: int = 13, *, rotate: bool = True) -> None:
        self.accountview = AccountViewSimulator(rotate=rotate)
        self.shop = MijnWebwinkelSimulator()
        self.av_server = SimulatorServer(self.accountview)
        self.shop_server = SimulatorServer(self.shop)
        self._rng = random.Random(seed)
        self._stop = threading.Event()

    def start(self, *, seeded: bool = True) -> AvmwwDemo:
        """Serve both; with `seeded`, the Dutch catalogue and the first orders."""
        self.av_server.start()
        self.shop_server.start()
        if seeded:
            self.seed()
        return self

    def seed(self) -> None:
        av = self.accountview
        av.add_article(
            "TS-ZEE",
            "T-shirt Zeebries",
            "16.53",
            ART_MEMO="Zacht katoenen T-shirt, fair trade.",
            ART_GRP="Kleding",
            PICT_URL="https://example.nl/img/tshirt-zeebries.jpg",
            STOCK=0.0,
        )
        for number, size in enumerate(SIZES):
            av.add_article(
                f"TS-ZEE-{size}",
                f"T-shirt Zeebries {size}",
                "16.53",
                MAIN_ART="TS-ZEE",
                VAR_AXIS="Maat",
                VAR_VALUE=size,
                STOCK=float(5 + number * 3),
                RES_SALE=1.0,
            )
        av.add_article(
            "MOK-DELFT",
            "Mok Delfts blauw",
            "8.26",
            ART_GRP="Keuken",
            STOCK_MAN=False,
            EAN_CODE="8712345678906",
        )
        av.add_article(
            "THEEDOEK",
            "Theedoek Molen",
            "4.13",
            ART_GRP="Keuken",
            STOCK=12.0,
            RES_SALE=3.0,
        )
        av.add_debtor("10001", "Truus Voorbeeldig", "truus@voorbeeldig.nl")
        shop = self.shop
        shop.add_order(
            [("MOK-DELFT", 2, "10.00")], email="truus@voorbeeldig.nl", name="Truus Voorbeeldig"
        )
        shop.add_order(
            [("TS-ZEE-M", 3, "20.00"), ("THEEDOEK", 5, "5.00")],
            email="inkoop@bakkerij-dejong.nl",
            name="Piet de Jong",
            company="Bakkerij De Jong BV",
            method="bank_transfer",
        )
        shop.add_order(
            [("THEEDOEK", 1, "5.00")], status=1, email="kees@example.nl", name="Kees Smit"
        )
        shop.add_order([("KLOMP-42", 1, "29.95")], email="anna@example.nl", name="Anna Bakker")

    def tick(self) -> None:
        """A customer pays for a new order."""
        sku = self._rng.choice(["MOK-DELFT", "THEEDOEK", "TS-ZEE-S", "TS-ZEE-L"])
        self.shop.add_order(
            [(sku, self._rng.randint(1, 3), "10.00")], name="Sanne Visser", email="sanne@example.nl"
        )

    def run_activity(self, every: float = 60.0) -> None:
        """Tick in a background thread until `stop`."""

        def loop() -> None:
            while not self._stop.wait(every):
                self.tick()

        threading.Thread(target=loop, name="demo-avmww", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self.av_server.stop()
        self.shop_server.stop()


def configure_avmww(app: App, demo: AvmwwDemo) -> None:
    """Point both connections at the simulators, sign in, tick "Betaald", switch on."""
    av = demo.accountview
    app.save_connection(
        AV,
        {
            "base_url": f"{demo.av_server.base_url}/api/v3",
            "client_id": av.client_id,
            "client_secret": av.client_secret,
            "company": av.company,
            "refresh_token": av.issue_refresh_token(),
        },
    )
    app.save_connection(
        MWW,
        {
            "base_url": demo.shop_server.base_url,
            "token": demo.shop.token,
            "partner_token": demo.shop.partner_token,
        },
    )
    app.set_option(KEY, STATUSES.name, f'["{PAID}"]')
    lists = {name: str(list_id) for list_id, name in LISTS.items()}
    app.set_option(KEY, VARIANT_LISTS.name, _json(lists))
    app.set_option(KEY, PAYMENT_METHODS.name, _json({"ideal": "IDEAL", "bank_transfer": "BANK"}))
    app.set_option(KEY, PAYMENT_TERMS.name, _json({"bank_transfer": "14"}))
    app.set_enabled(KEY, True)


def _json(table: dict[str, str]) -> str:
    return json.dumps(table)


def run_avmww_once(app: App) -> list[RunOutcome]:
    """Products, stock and orders once."""
    return [app.run_once(KEY, flow) for flow in ("products", "stock", "orders")]
