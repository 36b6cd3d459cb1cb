"""A small integration with real flow bodies, for driving the real window in tests."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from jjdesk import i18n
from jjdesk.domain.levels import SHOPIFY_DEFAULT
from jjdesk.errors import AuthFailure, ItemProblem
from jjdesk.flows.context import RunContext
from jjdesk.integrations.base import (
    ConnectionSpec,
    FieldSpec,
    FlowSpec,
    Integration,
    OptionSpec,
    Services,
)

i18n.register(
    {
        "fake.flow.items": {"de": "Artikelabgleich", "en": "Item sync"},
        "fake.flow.failing": {"de": "Produktexport", "en": "Product export"},
        "fake.flow.slow": {"de": "Langsamer Abgleich", "en": "Slow sync"},
        "fake.flow.auth": {"de": "Bestellimport", "en": "Order import"},
        "fake.field.endpoint": {"de": "Adresse", "en": "Address"},
        "fake.field.token": {"de": "Zugangsschlüssel", "en": "Access token"},
        "fake.option.carriers": {"de": "Versanddienstleister", "en": "Carriers"},
        "fake.col.method": {"de": "Versandart in Afterbuy", "en": "Shipping method in Afterbuy"},
        "fake.col.carrier": {"de": "Versender im Shop", "en": "Carrier in the shop"},
        "fake.option.statuses": {"de": "Bestellstatus", "en": "Order statuses"},
    }
)

# what "Load from the shop" offers for the statuses option (the shop's live list)
LIVE_STATUSES = [("1", "Neu"), ("2", "Bezahlt"), ("3", "Versendet")]


def statuses(services: Services) -> list[tuple[str, str]]:
    """The shop's order statuses, as a remote system would list them."""
    return LIVE_STATUSES


FAILED_SKUS = ("1234", "1235", "1236")

# Test connection waits for this when set (to prove it runs off the GUI thread).
test_gate: dict[str, threading.Event] = {}


def items(services: Services, ctx: RunContext) -> None:
    """Reads 3, writes 2."""
    for done in range(1, 4):
        ctx.check_cancel()
        ctx.read()
        if done < 3:
            ctx.written()
        ctx.progress(done, 3, force=True)


def failing(services: Services, ctx: RunContext) -> None:
    """Three products without a price: three item failures, one run."""
    for sku in FAILED_SKUS:
        ctx.read()
        ctx.item_failed(
            ItemProblem(
                "product", sku, "Preis fehlt", field="price", hint="Preis in Afterbuy eintragen"
            )
        )
    ctx.read()
    ctx.written()


def slow(services: Services, ctx: RunContext) -> None:
    """Runs up to 20 s unless cancelled."""
    for done in range(400):
        ctx.check_cancel()
        ctx.read()
        ctx.progress(done, None)
        time.sleep(0.05)


def auth(services: Services, ctx: RunContext) -> None:
    """The shop rejects the credentials."""
    raise AuthFailure("Fakeshop", "fakeshop")


def test_connection(services: Services) -> str:
    """'good' token passes, anything else is rejected."""
    gate = test_gate.get("gate")
    if gate is not None:
        gate.wait(5)
    if services.secret("fakeshop", "token") == "good":
        return "Fakeshop answered, 3 products"
    raise AuthFailure("Fakeshop", "fakeshop")


FAKE_CONNECTION = ConnectionSpec(
    "fakeshop",
    "Fakeshop",
    (
        FieldSpec("api_url", "fake.field.endpoint", default="https://fakeshop.test"),
        FieldSpec("token", "fake.field.token", secret=True),
    ),
    test_connection,
)

FAKE_INTEGRATION = Integration(
    "fake",
    "Fakeshop",
    ("fakeshop",),
    (
        FlowSpec("items", "fake.flow.items", timedelta(minutes=5), items),
        FlowSpec("failing", "fake.flow.failing", timedelta(minutes=15), failing),
        FlowSpec("slow", "fake.flow.slow", timedelta(minutes=30), slow),
        FlowSpec("auth", "fake.flow.auth", timedelta(minutes=5), auth),
    ),
    SHOPIFY_DEFAULT,
    (
        OptionSpec("done_tag", "option.done_tag", "Fakeshop abgeschlossen"),
        OptionSpec("keep_days", "option.keep_days", "30", whole_number=True, maximum=3650),
        OptionSpec(
            "match", "option.article_identification", "product_id", choices=("product_id", "ean")
        ),
        OptionSpec(
            "carriers",
            "fake.option.carriers",
            '{"DHL Paket": "DHL"}',
            table_columns=("fake.col.method", "fake.col.carrier"),
            table_values=("DHL", "DPD", "Hermes"),
        ),
        OptionSpec("statuses", "fake.option.statuses", '["2"]', live_choices=statuses),
    ),
)

# a channel without level rules (every product transfers): the Levels tab has no page for it
PLAIN_INTEGRATION = Integration(
    "plain",
    "Plainshop",
    ("fakeshop",),
    (FlowSpec("items", "fake.flow.items", timedelta(minutes=5), items),),
    None,
)
