"""The custom shop's database: its orders as tables, in SQLite (demo, tests) or PostgreSQL.

Times are ISO 8601 text in UTC in SQLite (they sort as text) and `timestamptz` in
PostgreSQL. Written through SQLAlchemy Core with bound values, like a shop would.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeEngine

from jjdesk.sandbox.custom_shop import ShopOrder


def _tables(engine: Engine) -> tuple[Table, Table]:
    moment: TypeEngine[object] = (
        String(40) if engine.dialect.name == "sqlite" else DateTime(timezone=True)  # type: ignore[assignment]
    )
    meta = MetaData()
    orders = Table(
        "shop_orders",
        meta,
        Column("order_id", String(20), primary_key=True),
        Column("order_number", String(40)),
        Column("created_at", moment),
        Column("updated_at", moment, index=True),
        Column("email", String(200)),
        Column("first_name", String(100)),
        Column("last_name", String(100)),
        Column("street", String(200)),
        Column("postal_code", String(20)),
        Column("city", String(100)),
        Column("country_code", String(2)),
        Column("shipping_cost", Numeric(10, 2)),
        Column("shipping_method", String(60)),
        Column("payment_method", String(60)),
        Column("paid", Integer),
        Column("note", Text),
        Column("tracking_number", String(200)),
        Column("carrier", String(60)),
        Column("shipped_at", String(40)),
    )
    items = Table(
        "shop_order_items",
        meta,
        Column("order_id", String(20), index=True),
        Column("position", Integer),
        Column("sku", String(60)),
        Column("title", String(200)),
        Column("quantity", String(20)),
        Column("unit_price", String(20)),
        Column("tax_rate", Numeric(5, 2)),
    )
    return orders, items


class ShopDatabase:
    """The shop's tables in `engine`; `put` writes an order as the shop would."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.orders, self.items = _tables(engine)
        self.orders.metadata.create_all(engine)

    def put(self, order: ShopOrder) -> None:
        """Insert or replace one order with its lines."""
        sqlite = self.engine.dialect.name == "sqlite"

        def moment(value: object) -> object:
            return value.isoformat() if sqlite and hasattr(value, "isoformat") else value

        with self.engine.begin() as connection:
            connection.execute(delete(self.items).where(self.items.c.order_id == order.order_id))
            connection.execute(delete(self.orders).where(self.orders.c.order_id == order.order_id))
            connection.execute(
                insert(self.orders).values(
                    order_id=order.order_id,
                    order_number=order.number,
                    created_at=order.created_text or moment(order.created),
                    updated_at=moment(order.updated),
                    email=order.email,
                    first_name=order.first_name,
                    last_name=order.last_name,
                    street=order.street,
                    postal_code=order.postal_code,
                    city=order.city,
                    country_code="DE" if order.country == "Deutschland" else order.country,
                    shipping_cost=order.shipping_cost,
                    shipping_method=order.shipping_method,
                    payment_method=order.payment_method,
                    paid=1 if order.paid else 0,
                    note=order.note,
                )
            )
            for number, line in enumerate(order.lines, start=1):
                connection.execute(
                    insert(self.items).values(
                        order_id=order.order_id,
                        position=number,
                        sku=line.sku,
                        title=line.title,
                        quantity=str(line.quantity),
                        unit_price=str(line.price),
                        tax_rate=line.tax_rate,
                    )
                )

    def shipment(self, order_id: str) -> tuple[str | None, str | None]:
        """(tracking number, carrier) the shipping update wrote for an order."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(self.orders.c.tracking_number, self.orders.c.carrier).where(
                    self.orders.c.order_id == order_id
                )
            ).one()
        return row[0], row[1]

    def count(self) -> int:
        """How many orders the shop's table holds."""
        with self.engine.connect() as connection:
            return len(connection.execute(select(self.orders.c.order_id)).all())

    def drop(self) -> None:
        """Remove the tables (a test's PostgreSQL database is shared)."""
        self.orders.metadata.drop_all(self.engine)
