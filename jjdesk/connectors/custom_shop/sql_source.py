"""A shop's database as an order source: a read-only query, a watermark, an optional UPDATE.

SQLAlchemy Core with the maintained drivers (PostgreSQL: psycopg, MySQL/MariaDB:
PyMySQL, SQLite for the demo). The query is the merchant's own SELECT, one row per order
line; it gets the watermark as the bound parameter `:since`, or, when it has none,
jjdesk wraps it and compares the watermark column (an identifier, quoted by the
dialect) with `:since`. The query runs in a read-only transaction that is rolled back.

The shipping update is the merchant's UPDATE statement with the bound parameters
`:order_id`, `:tracking_number`, `:tracking_url`, `:carrier`, `:shipped_at`; it is off
by default. No value is ever pasted into SQL text: a value like `'; DROP TABLE …` is
just a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from jjdesk import i18n
from jjdesk.connectors.custom_shop.records import PLACEHOLDERS, ShipmentValues, map_one
from jjdesk.domain.mapping import Mapping, order_records
from jjdesk.domain.models import Order, Retry, ShipmentInfo, Unreadable
from jjdesk.domain.timestamps import utcnow
from jjdesk.errors import ConfigFailure, ItemProblem, NetworkFailure

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FIRST_WORD = re.compile(r"^\s*(\w+)")
_PARAM = re.compile(r"(?<![:\w]):(\w+)")
DIALECTS = {"postgresql": "psycopg", "mysql": "pymysql", "mariadb": "pymysql", "sqlite": ""}

i18n.register(
    {
        "custom.sql.bad": {
            "de": "Datenbank-Einstellung ungültig",
            "en": "Database setting invalid",
        },
        "custom.sql.bad_dsn.msg": {
            "de": "Die Datenbank-Adresse ist ungültig. Erlaubt: postgresql+psycopg://…, "
            "mysql+pymysql://…, mariadb+pymysql://…, sqlite:///…",
            "en": "The database address is invalid. Allowed: postgresql+psycopg://…, "
            "mysql+pymysql://…, mariadb+pymysql://…, sqlite:///…",
        },
        "custom.sql.not_select.msg": {
            "de": "Die Abfrage muss mit SELECT oder WITH beginnen (jjdesk liest nur).",
            "en": "The query must begin with SELECT or WITH (jjdesk only reads).",
        },
        "custom.sql.not_update.msg": {
            "de": "Das Versand-Update muss eine UPDATE-Anweisung sein.",
            "en": "The shipping update must be an UPDATE statement.",
        },
        "custom.sql.bad_column.msg": {
            "de": "„{name}“ ist kein Spaltenname (Buchstaben, Ziffern, _).",
            "en": "“{name}” is no column name (letters, digits, _).",
        },
        "custom.sql.unknown_param.msg": {
            "de": "„:{name}“ ist kein Parameter; erlaubt: {names}",
            "en": "“:{name}” is no parameter; allowed: {names}",
        },
        "custom.sql.no_since.msg": {
            "de": "Die Abfrage braucht den Parameter :since oder eine Wasserzeichen-Spalte.",
            "en": "The query needs the parameter :since or a watermark column.",
        },
        "custom.sql.failed": {
            "de": "Die Datenbank von {system} antwortet nicht wie erwartet",
            "en": "The database of {system} does not answer as expected",
        },
        "custom.sql.failed.msg": {
            "de": "{kind}. Bitte Adresse, Zugang und Abfrage prüfen.",
            "en": "{kind}. Please check the address, access and query.",
        },
        "custom.sql.update_failed": {
            "de": "Das Versand-Update in der Datenbank schlug fehl ({kind})",
            "en": "The shipping update in the database failed ({kind})",
        },
        "custom.sql.no_row": {
            "de": "Das Versand-Update hat keine Zeile geändert (Bestellung in der Datenbank "
            "nicht gefunden)",
            "en": "The shipping update changed no row (order not found in the database)",
        },
        "custom.sql.no_row.hint": {
            "de": "Die WHERE-Bedingung der UPDATE-Anweisung prüfen (:order_id).",
            "en": "Check the UPDATE statement's WHERE condition (:order_id).",
        },
    }
)


@dataclass(frozen=True)
class SqlConfig:
    """The shop database as the merchant described it."""

    system: str
    dsn: str = field(repr=False)  # holds the password: from the keyring
    query: str
    watermark_column: str = ""
    update: str = ""


def _bad(key: str, **params: object) -> ConfigFailure:
    return ConfigFailure(i18n.text("custom.sql.bad"), i18n.text(key, **params))


def check_sql(config: SqlConfig) -> None:
    """`ConfigFailure` naming what is wrong with the query, the column or the update."""
    first = _FIRST_WORD.match(config.query)
    if first is None or first.group(1).upper() not in ("SELECT", "WITH"):
        raise _bad("custom.sql.not_select.msg")
    names = set(_PARAM.findall(config.query))
    if names - {"since"}:
        raise _bad("custom.sql.unknown_param.msg", name=sorted(names - {"since"})[0], names="since")
    column = config.watermark_column.strip()
    if column and not _IDENTIFIER.fullmatch(column):
        raise _bad("custom.sql.bad_column.msg", name=column)
    if "since" not in names and not column:
        raise _bad("custom.sql.no_since.msg")
    if config.update.strip():
        first = _FIRST_WORD.match(config.update)
        if first is None or first.group(1).upper() != "UPDATE":
            raise _bad("custom.sql.not_update.msg")
        unknown = set(_PARAM.findall(config.update)) - set(PLACEHOLDERS)
        if unknown:
            raise _bad(
                "custom.sql.unknown_param.msg",
                name=sorted(unknown)[0],
                names=", ".join(PLACEHOLDERS),
            )


def make_engine(dsn: str) -> Engine:
    """An engine for a DSN of a dialect jjdesk supports (with its maintained driver)."""
    try:
        engine = create_engine(dsn, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise _bad("custom.sql.bad_dsn.msg") from exc
    if engine.dialect.name not in DIALECTS:
        raise _bad("custom.sql.bad_dsn.msg")
    return engine


class SqlSource:
    """A custom shop's database as an `OrderSource`."""

    def __init__(
        self,
        config: SqlConfig,
        mapping: Mapping,
        channel: str,
        engine: Engine | None = None,
        *,
        numeric_skus: bool = True,
    ) -> None:
        check_sql(config)
        self.numeric_skus = numeric_skus
        self.config = config
        self.name = config.system
        self._mapping = mapping
        self._channel = channel
        self._engine = engine or make_engine(config.dsn)

    def rows(self, since: datetime | None) -> list[dict[str, Any]]:
        """The query's rows since `since` (all when None), read-only."""
        statement, since_value = self._select(since)
        try:
            with self._engine.connect() as connection:
                self._read_only(connection, True)
                try:
                    result = connection.execute(statement, {"since": since_value})
                    rows = [dict(row._mapping) for row in result]
                finally:
                    connection.rollback()
                    self._read_only(connection, False)
        except SQLAlchemyError as exc:
            raise self._failure(exc) from exc
        return rows

    def records(self, since: datetime | None) -> list[object]:
        """The raw order records (rows grouped per order), for the editor's sample."""
        return order_records(self._mapping, self.rows(since))

    def orders_since(self, since: datetime | None) -> Iterator[Order | Unreadable]:
        """Every order whose rows the query returns since `since`."""
        for record in self.records(since):
            yield map_one(self._mapping, record, self._channel, numeric_skus=self.numeric_skus)

    def acknowledge(self, channel_order_id: str, sink_order_id: str) -> None:
        """Nothing to write back: the watermark moves on."""

    def push_shipment(self, channel_order_id: str, shipment: ShipmentInfo) -> None:
        """The merchant's UPDATE with bound parameters; no row changed is that order's error."""
        values = ShipmentValues.of(channel_order_id, shipment, utcnow()).as_dict()
        used = set(_PARAM.findall(self.config.update))
        try:
            with self._engine.begin() as connection:
                result = connection.execute(
                    text(self.config.update), {k: v for k, v in values.items() if k in used}
                )
                changed = result.rowcount
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise self._failure(exc) from exc
            raise ItemProblem(
                "order",
                channel_order_id,
                i18n.text("custom.sql.update_failed", kind=type(exc.orig).__name__),
                field="tracking",
                retry=Retry.LATER,
            ) from exc
        except SQLAlchemyError as exc:
            raise self._failure(exc) from exc
        if changed == 0:
            raise ItemProblem(
                "order",
                channel_order_id,
                i18n.text("custom.sql.no_row"),
                field="tracking",
                hint=i18n.text("custom.sql.no_row.hint"),
                retry=Retry.LATER,
            )

    def close(self) -> None:
        """Release the pool."""
        self._engine.dispose()

    # --- internals ----------------------------------------------------------------------

    def _select(self, since: datetime | None) -> tuple[Any, object]:
        query = self.config.query.strip().rstrip(";")
        moment = since or datetime(1970, 1, 1, tzinfo=UTC)
        dialect = self._engine.dialect.name
        if dialect == "sqlite":
            value: object = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        elif dialect in ("mysql", "mariadb"):
            value = moment.astimezone(UTC).replace(tzinfo=None)
        else:
            value = moment
        if ":since" in query:
            return text(query), value
        quoted = self._engine.dialect.identifier_preparer.quote(self.config.watermark_column)
        wrapped = f"SELECT * FROM ({query}) AS jjdesk_source WHERE jjdesk_source.{quoted} >= :since"
        return text(wrapped), value

    def _read_only(self, connection: Connection, on: bool) -> None:
        """Reads only: SQLite for the connection (reset after), the others per transaction."""
        if self._engine.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA query_only = {'ON' if on else 'OFF'}")
        elif on:
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")

    def _failure(self, exc: SQLAlchemyError) -> NetworkFailure:
        # the driver's text may quote data; only the kind of failure is told
        kind = type(getattr(exc, "orig", None) or exc).__name__
        return NetworkFailure(
            i18n.text("custom.sql.failed", system=self.name),
            i18n.text("custom.sql.failed.msg", kind=kind),
        )
