"""The idealo integration end to end: the app, Afterbuy's and idealo's simulators, sockets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest

from jjdesk.app import App
from jjdesk.domain.timestamps import utcnow
from jjdesk.profile import Profile
from jjdesk.sandbox.demo_world import DemoWorld
from jjdesk.sandbox.idealo_orders import DeliveryOption
from jjdesk.sandbox.server import FaultKind
from jjdesk.secrets import SecretStore
from jjdesk.store.ledger import LedgerState
from jjdesk.store.runs import RunStatus
from tests.idealo_helpers import FREE_VALUE4, afterbuy_product, idealo_world
from tests.owed_helpers import age_owed, past_overlap

KEY = "idealo"


@pytest.fixture
def world(profile: Profile, secrets: SecretStore) -> Iterator[tuple[App, DemoWorld]]:
    with idealo_world(profile, secrets) as pair:
        yield pair


def _run(app: App, flow: str) -> None:
    outcome = app.run_once(KEY, flow)
    assert outcome.status in (RunStatus.SUCCEEDED, RunStatus.WARNINGS), outcome.message


def _errors(app: App, run_id: int) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in app.store.errors.for_run(run_id):
        found.setdefault(error.item_id, []).append(error.field)
    return found


def _variation_set(w: DemoWorld, values: list[str]) -> tuple[str, list[str]]:
    parent, children = w.afterbuy.add_variation_set([[("Farbe", v)] for v in values])
    for child, value in zip(children, values, strict=True):
        w.afterbuy.modify_product(
            child,
            Name=f"Mütze {value}",
            SellingPrice="24,95",
            FreeValue4=FREE_VALUE4,
            DeliveryTime="2-3 Werktage",
        )
    w.afterbuy.modify_product(parent, Name="Mütze Set", SellingPrice="24,95")
    return parent, children


def test_every_level_rule_for_simple_products(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    ids = {level: afterbuy_product(w, level, Name=f"Level {level}") for level in (0, 9, 10, 11, 12)}
    _run(app, "products")
    offers = w.idealo.simulator.offers
    for level in (0, 9, 10):  # 0–10: transferred
        offer = offers.get(ids[level])
        assert offer is not None and offer["title"] == f"Level {level}"
    assert offers.get(ids[11]) is None and offers.get(ids[12]) is None

    w.afterbuy.set_level(ids[0], 11)  # 0 → 11: the offer is removed
    w.afterbuy.modify_product(ids[9], Level="12", Name="Nicht übertragen")  # 12: untouched
    _run(app, "products")
    assert offers.get(ids[0]) is None
    kept = offers.get(ids[9])
    assert kept is not None and kept["title"] == "Level 9"


def test_every_level_rule_per_variant_child(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    parent, (red, blue, green) = _variation_set(w, ["Rot", "Blau", "Grün"])
    _run(app, "products")
    offers = w.idealo.simulator.offers
    assert offers.get(parent) is None  # the parent is no offer, its children are
    for child, value in ((red, "Rot"), (blue, "Blau"), (green, "Grün")):
        offer = offers.get(child)
        assert offer is not None and offer["title"] == f"Mütze {value}"
        assert offer["colour"] == value and offer["checkoutLimitPerPeriod"] == 5

    w.afterbuy.set_level(blue, 11)  # this child loses its offer …
    w.afterbuy.modify_product(green, Level="12", Name="Anders")  # … this one stays as it was
    w.afterbuy.modify_product(red, Name="Mütze Rot neu")  # … and this one is updated
    _run(app, "products")
    assert offers.get(blue) is None
    left, updated = offers.get(green), offers.get(red)
    assert left is not None and left["title"] == "Mütze Grün"
    assert updated is not None and updated["title"] == "Mütze Rot neu"

    w.afterbuy.set_level(blue, 0)  # back from 11: the offer comes back
    _run(app, "products")
    assert offers.get(blue) is not None


def test_a_rejected_offer_does_not_stop_the_others_and_waits_for_new_data(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    good = afterbuy_product(w, Name="Schal")
    bad = afterbuy_product(w, Name="Handschuh")
    record = w.afterbuy.product(bad)
    assert record is not None
    record.additional_prices = [("idealoPrice", "10,00"), ("idealoMinPrice", "12,00")]
    w.afterbuy.modify_product(bad)
    broken = afterbuy_product(w, Name="Mütze", FreeValue4="Delivery=Brieftaube;DeliveryCosts=1;")
    outcome = app.run_once(KEY, "products")
    assert outcome.status is RunStatus.WARNINGS
    errors = _errors(app, outcome.run_id)
    assert errors[bad] == ["minimumPrice"]  # idealo's fieldErrors, named
    assert errors[broken] == ["FreeValue4 (Delivery)"]  # refused before any call
    offers = w.idealo.simulator.offers
    assert offers.get(good) is not None
    assert offers.get(bad) is None and offers.get(broken) is None

    # unchanged, the refused offer is not sent again (it waits for its data to change)
    puts = w.idealo.simulator.calls["PUT offer"]
    past_overlap(app.store, KEY, "products")
    again = app.run_once(KEY, "products")
    assert again.failed == 0 and w.idealo.simulator.calls["PUT offer"] == puts

    record.additional_prices = [("idealoPrice", "14,00"), ("idealoMinPrice", "12,00")]
    w.afterbuy.modify_product(bad)
    _run(app, "products")
    fixed = offers.get(bad)
    assert fixed is not None and fixed["price"] == "14.00" and fixed["minimumPrice"] == "12.00"


def test_stock_costs_one_call_per_changed_offer_and_none_for_the_others(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    ids = [afterbuy_product(w, Name=f"Artikel {n}") for n in range(6)]
    _run(app, "products")
    _run(app, "stock")  # the first, full pass: the offers carry their quantities already
    sim = w.idealo.simulator
    assert sim.calls["PATCH offer"] == 0
    w.afterbuy.set_quantity(ids[1], 0)
    w.afterbuy.set_quantity(ids[4], 33)
    outcome = app.run_once(KEY, "stock")
    assert sim.calls["PATCH offer"] == 2 and outcome.written == 2
    sold_out, restocked = sim.offers.get(ids[1]), sim.offers.get(ids[4])
    assert sold_out is not None and sold_out["checkoutLimitPerPeriod"] == 0
    assert restocked is not None and restocked["checkoutLimitPerPeriod"] == 33
    _run(app, "stock")
    assert sim.calls["PATCH offer"] == 2


def test_a_token_expired_mid_run_is_renewed(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    for n in range(20):
        afterbuy_product(w, Name=f"Artikel {n}")
    w.idealo.simulator.expire_tokens_after(8)
    outcome = app.run_once(KEY, "products")
    assert outcome.status in (RunStatus.SUCCEEDED, RunStatus.WARNINGS), outcome.message
    sim = w.idealo.simulator
    assert sim.grants["pws"] == 2 and sim.unauthorized >= 1
    assert len(sim.offers.skus()) == outcome.written


def test_an_abbreviated_size_is_shown_but_the_offer_goes_and_is_not_retried(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    parent, children = w.afterbuy.add_variation_set([[("Größe", "M")], [("Größe", "Medium")]])
    for child in children:
        w.afterbuy.modify_product(
            child, SellingPrice="9,90", FreeValue4=FREE_VALUE4, DeliveryTime="1 Tag"
        )
    w.afterbuy.modify_product(parent, Name="Shirt")
    outcome = app.run_once(KEY, "products")
    errors = [e for e in app.store.errors.for_run(outcome.run_id) if e.item_id in children]
    assert [(e.item_id, e.field) for e in errors] == [(children[0], "size")]
    assert all(w.idealo.simulator.offers.get(c) is not None for c in children)
    assert app.store.owed.get(KEY, "products", "product", parent) is None


def test_deleted_products_lose_their_offers(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    ids = [afterbuy_product(w, Name=f"Artikel {n}") for n in range(20)]
    _run(app, "products")
    w.afterbuy.delete_product(ids[3])
    _run(app, "deletions")
    offers = w.idealo.simulator.offers
    assert offers.get(ids[3]) is None and offers.get(ids[4]) is not None


def test_offer_timestamps_are_refreshed_once_a_day(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    afterbuy_product(w)
    _run(app, "products")
    _run(app, "products")
    assert w.idealo.simulator.calls["PUT offers"] == 1


# ---- orders and shipping ---------------------------------------------------------------


def _order(w: DemoWorld, sku: str, *, freight: bool = False) -> str:
    options = (
        (DeliveryOption("TWO_MAN_DELIVERY", Decimal("29.90")),
         DeliveryOption("PICKUP_SERVICE", Decimal("19.90")))
        if freight
        else ()
    )  # fmt: skip
    return w.idealo.simulator.orders.add(
        [(sku, "Kühlschrank „Polar“", Decimal("499.00"), 1)],
        options=options,
        method="FORWARDING" if freight else "POSTAL",
        shipping_costs=Decimal("49.80") if freight else Decimal("4.90"),
    )


def test_order_flows_are_off_until_the_merchant_switches_them_on(profile: Profile) -> None:
    from jjdesk.app import build_app

    app = build_app(profile)
    try:
        assert not app.is_flow_enabled(KEY, "orders") and not app.is_flow_enabled(KEY, "shipping")
        assert app.is_flow_enabled(KEY, "products") and app.is_flow_enabled(KEY, "stock")
        assert "MOA 2.0" in app.flow_spec(KEY, "orders").title
    finally:
        app.shutdown()


def test_an_order_with_pickup_service_and_two_man_delivery(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    pid = afterbuy_product(w)
    order_id = _order(w, pid, freight=True)
    outcome = app.run_once(KEY, "orders")
    assert (outcome.written, outcome.failed) == (1, 0), outcome.message
    [ab] = w.afterbuy.list_orders()
    assert ab.vid == f"IDEALO-{order_id}"
    assert [(p.article, p.quantity, p.price) for p in ab.positions] == [(pid, 1, Decimal("499.00"))]
    assert "PICKUP_Service: €19.90" in ab.memo
    assert "Two Man Handling Fee: €29.90" in ab.memo
    # the acknowledgement is the merchant order number: Afterbuy's order id
    raw = w.idealo.simulator.orders.render(order_id)
    assert raw is not None and raw["merchantOrderNumber"] == str(ab.order_id)
    entry = app.store.ledger.get(KEY, order_id)
    assert entry is not None and entry.state is LedgerState.ACKNOWLEDGED
    again = app.run_once(KEY, "orders")
    assert again.written == 0 and len(w.afterbuy.list_orders()) == 1


def test_a_failed_acknowledgement_is_retried_and_the_order_not_imported_twice(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    pid = afterbuy_product(w)
    order_id = _order(w, pid)
    w.idealo.faults.inject(FaultKind.HTTP_500, 5, path_contains="merchant-order-number")
    first = app.run_once(KEY, "orders")
    assert first.written == 1 and first.failed == 1
    entry = app.store.ledger.get(KEY, order_id)
    assert entry is not None and entry.state is LedgerState.IMPORTED
    age_owed(app.store, timedelta(hours=2))
    _run(app, "orders")
    entry = app.store.ledger.get(KEY, order_id)
    assert entry is not None and entry.state is LedgerState.ACKNOWLEDGED
    assert len(w.afterbuy.list_orders()) == 1


def test_shipping_update_with_carrier_mapping_tag_and_two_years(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    pid = afterbuy_product(w)
    mapped = _order(w, pid, freight=True)
    direct = _order(w, pid)
    app.set_option(KEY, "carriers", json.dumps({"Sperrgut Müller": "SPEDITION"}))
    _run(app, "orders")
    _run(app, "shipping")  # no tracking yet: nothing happens
    sim = w.idealo.simulator
    assert sim.calls["POST order/fulfillment"] == 0
    by_vid = {o.vid: o for o in w.afterbuy.list_orders()}
    w.afterbuy.set_tracking(str(by_vid[f"IDEALO-{mapped}"].order_id), "SP-4711", "Sperrgut Müller")
    w.afterbuy.set_tracking(str(by_vid[f"IDEALO-{direct}"].order_id), "00340434161234", "DHL")
    _run(app, "shipping")
    freight, parcel = sim.orders.render(mapped), sim.orders.render(direct)
    assert freight is not None and parcel is not None
    assert freight["status"] == parcel["status"] == "COMPLETED"
    assert freight["fulfillment"]["tracking"] == [{"code": "SP-4711", "carrier": "SPEDITION"}]
    assert parcel["fulfillment"]["tracking"] == [{"code": "00340434161234", "carrier": "DHL"}]
    for order in w.afterbuy.list_orders():
        assert "idealo abgeschlossen" in order.tags
    entry = app.store.ledger.get(KEY, mapped)
    assert entry is not None and entry.state is LedgerState.DONE and entry.expires_at
    assert timedelta(days=729) < entry.expires_at - utcnow() <= timedelta(days=730)
    _run(app, "shipping")  # done orders are not sent again
    assert sim.calls["POST order/fulfillment"] == 2
    assert app.store.ledger.purge_expired(utcnow() + timedelta(days=731)) == 2
    assert app.store.ledger.get(KEY, mapped) is None


def test_a_shipping_method_idealo_has_no_carrier_for_is_an_error_naming_it(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    order_id = _order(w, afterbuy_product(w))
    _run(app, "orders")
    [ab] = w.afterbuy.list_orders()
    w.afterbuy.set_tracking(str(ab.order_id), "X-1", "Lastenrad")
    outcome = app.run_once(KEY, "shipping")
    [error] = app.store.errors.for_run(outcome.run_id)
    assert (error.item_id, error.field) == (order_id, "shipping_method")
    assert "Lastenrad" in error.message
    assert "idealo abgeschlossen" not in w.afterbuy.list_orders()[0].tags


def test_a_revocation_after_import_is_one_item_to_act_on(world: tuple[App, DemoWorld]) -> None:
    app, w = world
    order_id = _order(w, afterbuy_product(w))
    _run(app, "orders")
    w.idealo.simulator.orders.revoke(order_id, reason="CUSTOMER_REVOKE")
    outcome = app.run_once(KEY, "orders")
    [error] = app.store.errors.for_run(outcome.run_id)
    assert (error.item_id, error.field, error.label) == (order_id, "order", order_id)
    assert "fully revoked at idealo" in error.message and "Afterbuy" in error.message
    again = app.run_once(KEY, "orders")  # reported once, not on every run
    assert again.failed == 0
    assert len(w.afterbuy.list_orders()) == 1


def test_an_order_revoked_before_its_import_is_not_imported(
    world: tuple[App, DemoWorld],
) -> None:
    app, w = world
    order_id = _order(w, afterbuy_product(w))
    w.idealo.simulator.orders.revoke(order_id, reason="CUSTOMER_REVOKE")
    outcome = app.run_once(KEY, "orders")
    assert outcome.status is RunStatus.SUCCEEDED and outcome.written == 0
    assert w.afterbuy.list_orders() == []
