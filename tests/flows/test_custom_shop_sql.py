"""A custom shop's database into Afterbuy, the same tests on SQLite and on a real
PostgreSQL (when `.ci/postgres.sh` could start one): exactly once, a bad order named,
the watermark bound, the shipping UPDATE with bound values, injection inert."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from jjdesk.app import Services
from jjdesk.connectors.custom_shop import SqlConfig, SqlSource
from jjdesk.connectors.custom_shop.presets import SQL_QUERY
from jjdesk.demo_custom import configure_sql
from jjdesk.integrations.custom_shop import shop_mapping
from jjdesk.profile import Profile
from jjdesk.sandbox.custom_shop_sql import ShopDatabase
from jjdesk.secrets import SecretStore
from jjdesk.store.runs import RunStatus
from tests.custom_world import CustomWorld, custom_world

POSTGRES = os.environ.get("JJDESK_TEST_POSTGRES", "")
INJECTION = "x'; DROP TABLE shop_orders; --"


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not POSTGRES,
                reason="no PostgreSQL server: JJDESK_TEST_POSTGRES is not set "
                "(.ci/run starts one through .ci/postgres.sh)",
            ),
        ),
    ]
)
def dsn(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shop.sqlite'}"
        return
    engine = create_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS shop_order_items, shop_orders"))
    engine.dispose()
    yield POSTGRES


@pytest.fixture
def cw(profile: Profile, secrets: SecretStore) -> Iterator[CustomWorld]:
    with custom_world(profile, secrets) as world:
        yield world


@pytest.fixture
def db(dsn: str) -> Iterator[ShopDatabase]:
    database = ShopDatabase(create_engine(dsn))
    yield database
    database.drop()
    database.engine.dispose()


def test_orders_from_the_database_arrive_once_and_a_bad_one_is_named(
    cw: CustomWorld, db: ShopDatabase, dsn: str
) -> None:
    a, b = cw.product(), cw.product()
    good = [cw.shop.new_order([a, b]) for _ in range(3)]
    bad = cw.shop.new_order([a])
    bad.lines[0].quantity = "2,5"
    for order in [*good, bad]:
        db.put(order)
    key = configure_sql(cw.app, dsn)
    outcome = cw.run(key)
    assert outcome.status is RunStatus.WARNINGS and (outcome.written, outcome.failed) == (3, 1)
    assert cw.vids() == sorted(f"DATENBANKSHOP-{o.number}" for o in good)
    [error] = cw.app.store.errors.for_run(outcome.run_id)
    assert error.item_id == bad.number and error.field == "lines.quantity"
    assert "quantity" in error.message  # the SQL column it came from
    again = cw.run(key)
    assert (again.written, again.failed) == (0, 0)
    order = next(o for o in cw.world.afterbuy.list_orders() if o.vid.endswith(good[0].number))
    assert [p.article for p in order.positions] == [a, b]

    cw.shop.edit(bad)
    bad.lines[0].quantity = 2
    db.put(bad)  # corrected in the shop: its change time moves past the watermark
    assert cw.run(key).written == 1 and len(cw.vids()) == 4


def test_the_watermark_is_a_bound_parameter_and_only_newer_rows_are_read(
    cw: CustomWorld, db: ShopDatabase, dsn: str
) -> None:
    old = cw.shop.new_order([cw.product()])
    db.put(old)
    key = configure_sql(cw.app, dsn)
    cw.run(key)
    mapping = shop_mapping(Services(cw.app, key))
    source = SqlSource(SqlConfig("shop", dsn, SQL_QUERY), mapping, key)
    try:
        assert len(source.rows(None)) == 1
        assert source.rows(old.updated.replace(year=old.updated.year + 1)) == []
    finally:
        source.close()


def test_the_shipping_update_writes_bound_values_and_injection_is_inert(
    cw: CustomWorld, db: ShopDatabase, dsn: str
) -> None:
    order = cw.shop.new_order([cw.product()], note=INJECTION, street=INJECTION + " 5")
    db.put(order)
    key = configure_sql(cw.app, dsn)
    assert cw.run(key).written == 1
    [ab] = cw.world.afterbuy.list_orders()
    assert ab.form["kommentar"] == INJECTION  # the value went through as a value
    cw.app.set_flow_enabled(key, "shipping", True)
    cw.world.afterbuy.set_tracking(str(ab.order_id), INJECTION, "DHL")
    outcome = cw.run(key, "shipping")
    assert outcome.failed == 0
    assert db.shipment(order.order_id) == (INJECTION, "DHL")
    assert db.count() == 1  # the table is still there
    [ab] = cw.world.afterbuy.list_orders()
    assert "Datenbankshop abgeschlossen" in ab.tags


def test_the_shipping_update_is_off_by_default(cw: CustomWorld, db: ShopDatabase, dsn: str) -> None:
    key = configure_sql(cw.app, dsn)
    assert not cw.app.is_flow_enabled(key, "shipping")
    assert cw.app.is_flow_enabled(key, "orders")


def test_a_query_that_is_not_a_select_is_refused(
    cw: CustomWorld, db: ShopDatabase, dsn: str
) -> None:
    key = configure_sql(cw.app, dsn)
    cw.app.save_connection(key, {"query": "DELETE FROM shop_orders WHERE 1 = :since"})
    outcome = cw.run(key, ok=False)
    assert outcome.status is RunStatus.FAILED and "SELECT" in outcome.message
