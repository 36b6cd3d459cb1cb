"""A tiny integration whose flows exercise the runner without any remote system.

Used where the subject is the runner, scheduler or store themselves; flows that talk to
systems are tested against the simulators instead.
"""

from __future__ import annotations

import time
from datetime import timedelta

from jjdesk.app import App, Services
from jjdesk.domain.levels import SHOPIFY_DEFAULT
from jjdesk.errors import ItemProblem, NetworkFailure
from jjdesk.flows.context import RunContext
from jjdesk.integrations.base import FlowSpec, Integration
from jjdesk.profile import Profile
from jjdesk.secrets import SecretStore


def copy_three(services: Services, ctx: RunContext) -> None:
    for _ in range(3):
        ctx.read()
        ctx.written()


def one_bad_product(services: Services, ctx: RunContext) -> None:
    for product_id in ("100", "101", "102"):
        ctx.read()
        if product_id == "101":
            ctx.item_failed(ItemProblem("product", product_id, "Preis fehlt", field="price"))
        else:
            ctx.written()


def slow(services: Services, ctx: RunContext) -> None:
    for _ in range(600):
        ctx.check_cancel()
        ctx.read()
        ctx.progress(ctx.counters.read, 600, force=True)
        time.sleep(0.05)


def offline(services: Services, ctx: RunContext) -> None:
    raise NetworkFailure.unreachable("Afterbuy", "ConnectError")


def broken(services: Services, ctx: RunContext) -> None:
    raise ZeroDivisionError


TEST_INTEGRATION = Integration(
    key="test",
    title="Test",
    connections=(),
    flows=tuple(
        FlowSpec(name, f"flow.{name}", timedelta(minutes=5), body)
        for name, body in [
            ("copy", copy_three),
            ("bad", one_bad_product),
            ("slow", slow),
            ("offline", offline),
            ("broken", broken),
        ]
    ),
    default_levels=SHOPIFY_DEFAULT,
)


def make_app(profile: Profile, secrets: SecretStore | None = None) -> App:
    """An App with only the test integration, enabled."""
    app = App(profile, [TEST_INTEGRATION], [], secrets)
    app.set_enabled("test", True)
    return app
