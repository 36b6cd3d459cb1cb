"""Custom shops → Afterbuy: orders every 5 minutes, tracking back every 30 (optional).

A family: the merchant adds as many shops as they run, each with its own name,
connection (HTTP API, order files or database) and field mapping. Each becomes an
ordinary integration keyed `shop-<slug>` with the order prefix `<SLUG>-`; the flows are
the generic ones. The mapping is an option (JSON), so it is saved with the settings and
goes with `jjdesk config export/import`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path

from jjdesk import i18n
from jjdesk.connectors.afterbuy import AfterbuyClient
from jjdesk.connectors.custom_shop import (
    FileLayout,
    FileSource,
    HttpAuth,
    HttpConfig,
    HttpSource,
    SqlConfig,
    SqlSource,
)
from jjdesk.connectors.custom_shop.presets import NESTED_JSON
from jjdesk.connectors.custom_shop.records import ORDER
from jjdesk.connectors.folders import HostKeyPin, LocalFolder, RemoteFolder, SftpConfig, SftpFolder
from jjdesk.connectors.http import HttpTransport
from jjdesk.domain.digests import digest
from jjdesk.domain.mapping import Mapping, mapping_problems
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.errors import ConfigFailure
from jjdesk.flows.context import RunContext
from jjdesk.flows.order_import import FIRST_RUN_LOOKBACK, import_orders
from jjdesk.flows.shipping_update import update_shipping
from jjdesk.integrations.afterbuy_link import ARTICLE_IDENTIFICATION, afterbuy_client
from jjdesk.integrations.base import (
    ConnectionSpec,
    FamilyMember,
    FieldSpec,
    FlowSpec,
    Integration,
    IntegrationFamily,
    OptionSpec,
    Services,
    connection_timeout,
    timeout_field,
)
from jjdesk.store.ledger import LedgerState

FAMILY = "custom_shop"
PREFIX = "shop-"
SOURCES = ("custom.http", "custom.files", "custom.sql")

i18n.register(
    {
        "option.custom.source": {"de": "Bestellungen kommen aus", "en": "Orders come from"},
        "choice.custom.http": {"de": "HTTP-JSON-Schnittstelle", "en": "HTTP JSON API"},
        "choice.custom.files": {
            "de": "Bestelldateien (Ordner/SFTP)",
            "en": "Order files (folder/SFTP)",
        },
        "choice.custom.sql": {"de": "Datenbank (SQL)", "en": "Database (SQL)"},
        "option.custom.paging": {"de": "Blättern in der Liste", "en": "Paging of the list"},
        "choice.custom.paging_none": {"de": "keins (eine Anfrage)", "en": "none (one request)"},
        "choice.custom.paging_page": {"de": "Seite/Offset", "en": "page/offset"},
        "choice.custom.paging_cursor": {"de": "Cursor", "en": "cursor"},
        "option.custom.auth": {"de": "Anmeldung an der Schnittstelle", "en": "API sign-in"},
        "choice.custom.auth_none": {"de": "keine", "en": "none"},
        "choice.custom.auth_token": {"de": "Token im Header", "en": "header token"},
        "choice.custom.auth_basic": {
            "de": "Benutzer/Passwort (Basic)",
            "en": "user/password (Basic)",
        },
        "choice.custom.auth_oauth2": {
            "de": "OAuth2 (Client Credentials)",
            "en": "OAuth2 (client credentials)",
        },
        "option.custom.ship_method": {
            "de": "HTTP-Methode des Versand-Updates",
            "en": "HTTP method of the shipping update",
        },
        "choice.custom.put": {"de": "PUT", "en": "PUT"},
        "choice.custom.post": {"de": "POST", "en": "POST"},
        "choice.custom.patch": {"de": "PATCH", "en": "PATCH"},
        "option.custom.file_transport": {"de": "Bestelldateien liegen", "en": "Order files are"},
        "choice.custom.local": {
            "de": "in einem Ordner dieses Computers",
            "en": "in a folder of this computer",
        },
        "choice.custom.sftp": {"de": "auf einem SFTP-Server", "en": "on an SFTP server"},
        "option.custom.mapping": {"de": "Feldzuordnung", "en": "Field mapping"},
        "field.custom.list_url": {
            "de": "Adresse der Bestellliste ({since}, {page}, {offset}, {limit}, {cursor})",
            "en": "Order list address ({since}, {page}, {offset}, {limit}, {cursor})",
        },
        "field.custom.page_size": {"de": "Bestellungen je Seite", "en": "Orders per page"},
        "field.custom.cursor_path": {
            "de": "JSONPath des nächsten Cursors",
            "en": "JSONPath of the next cursor",
        },
        "field.custom.token_header": {"de": "Header für das Token", "en": "Header of the token"},
        "field.custom.token": {"de": "Token (wie gesendet)", "en": "Token (as sent)"},
        "field.custom.username": {"de": "Benutzername", "en": "User name"},
        "field.custom.password": {"de": "Passwort", "en": "Password"},
        "field.custom.token_url": {"de": "OAuth2-Token-Adresse", "en": "OAuth2 token address"},
        "field.custom.client_id": {"de": "OAuth2-Client-ID", "en": "OAuth2 client ID"},
        "field.custom.client_secret": {"de": "OAuth2-Client-Secret", "en": "OAuth2 client secret"},
        "field.custom.scope": {"de": "OAuth2-Scope", "en": "OAuth2 scope"},
        "field.custom.ship_url": {
            "de": "Adresse des Versand-Updates ({order_id})",
            "en": "Shipping update address ({order_id})",
        },
        "field.custom.ship_body": {
            "de": "JSON-Vorlage des Versand-Updates ({tracking_number}, {tracking_url}, "
            "{carrier}, {shipped_at}, {order_id})",
            "en": "JSON template of the shipping update ({tracking_number}, {tracking_url}, "
            "{carrier}, {shipped_at}, {order_id})",
        },
        "field.custom.folder": {
            "de": "Ordner auf diesem Computer",
            "en": "Folder on this computer",
        },
        "field.custom.host": {"de": "SFTP-Server", "en": "SFTP server"},
        "field.custom.port": {"de": "SFTP-Port", "en": "SFTP port"},
        "field.custom.sftp_user": {"de": "SFTP-Benutzer", "en": "SFTP user"},
        "field.custom.sftp_password": {"de": "SFTP-Passwort", "en": "SFTP password"},
        "field.custom.private_key": {
            "de": "Privater SSH-Schlüssel (statt Passwort)",
            "en": "Private SSH key (instead of a password)",
        },
        "field.custom.host_key": {
            "de": "Server-Schlüssel (beim ersten Verbinden gespeichert; leeren zum Zurücksetzen)",
            "en": "Server key (saved on first connect; empty it to reset)",
        },
        "field.custom.order_folder": {"de": "Ordner mit Bestelldateien", "en": "Order file folder"},
        "field.custom.archive_folder": {"de": "Archivordner", "en": "Archive folder"},
        "field.custom.error_folder": {
            "de": "Ordner für unlesbare Dateien",
            "en": "Folder for unreadable files",
        },
        "field.custom.shipping_folder": {
            "de": "Ordner für Versanddateien",
            "en": "Folder for shipping files",
        },
        "field.custom.dsn": {
            "de": "Datenbank-Adresse (postgresql+psycopg://…, mysql+pymysql://…)",
            "en": "Database address (postgresql+psycopg://…, mysql+pymysql://…)",
        },
        "field.custom.query": {
            "de": "SELECT-Abfrage, eine Zeile je Bestellposition (mit :since)",
            "en": "SELECT query, one row per order line (with :since)",
        },
        "field.custom.watermark_column": {
            "de": "Wasserzeichen-Spalte (statt :since)",
            "en": "Watermark column (instead of :since)",
        },
        "field.custom.update": {
            "de": "UPDATE für das Versand-Update (:order_id, :tracking_number, :carrier, …)",
            "en": "UPDATE for the shipping update (:order_id, :tracking_number, :carrier, …)",
        },
        "custom.test.ok": {
            "de": "{name}: {count} Bestellung(en) der letzten 7 Tage gelesen",
            "en": "{name}: read {count} order(s) of the last 7 days",
        },
        "custom.bad_mapping": {
            "de": "Die Feldzuordnung ist unvollständig",
            "en": "The field mapping is incomplete",
        },
        "custom.bad_mapping.msg": {
            "de": "{problems} – bitte im Reiter „Zuordnungen“ korrigieren.",
            "en": "{problems} – please correct it in the “Mappings” tab.",
        },
        "custom.missing": {
            "de": "{connection}: Angaben fehlen",
            "en": "{connection}: details missing",
        },
        "custom.missing.msg": {
            "de": "Bitte unter „Verbindungen“ bei {connection} eintragen: {fields}.",
            "en": "Please enter under “Connections” for {connection}: {fields}.",
        },
        "custom.bad_number.msg": {
            "de": "„{name}“ ist keine ganze Zahl von 1 bis {high}.",
            "en": "“{name}” is no whole number from 1 to {high}.",
        },
    }
)


def mapping_problem(data: object) -> str | None:
    """Why a saved mapping cannot be used (its shape, then its own problems), or None."""
    try:
        mapping = Mapping.from_data(data)
    except ValueError as exc:
        return str(exc)
    problems = mapping_problems(mapping)
    return "; ".join(p.text for p in problems[:5]) if problems else None


SOURCE = OptionSpec("source", "option.custom.source", "custom.http", choices=SOURCES)
PAGING = OptionSpec(
    "paging",
    "option.custom.paging",
    "custom.paging_page",
    choices=("custom.paging_none", "custom.paging_page", "custom.paging_cursor"),
)
AUTH = OptionSpec(
    "auth",
    "option.custom.auth",
    "custom.auth_token",
    choices=("custom.auth_none", "custom.auth_token", "custom.auth_basic", "custom.auth_oauth2"),
)
SHIP_METHOD = OptionSpec(
    "ship_method",
    "option.custom.ship_method",
    "custom.put",
    choices=("custom.put", "custom.post", "custom.patch"),
)
FILE_TRANSPORT = OptionSpec(
    "file_transport",
    "option.custom.file_transport",
    "custom.local",
    choices=("custom.local", "custom.sftp"),
)
MAPPING = OptionSpec(
    "mapping",
    "option.custom.mapping",
    json.dumps(NESTED_JSON, ensure_ascii=False, sort_keys=True),
    document=mapping_problem,
)
KEEP_DAYS = OptionSpec(
    "keep_days", "option.keep_days", "30", whole_number=True, minimum=1, maximum=3650
)
LAYOUT = FileLayout()


def _fields() -> tuple[FieldSpec, ...]:
    """One form for all three sources; the addresses are not "optional" so that the form
    shows them up front (a `…_url` field marked optional goes under "Advanced")."""
    return (
        FieldSpec("list_url", "field.custom.list_url"),
        FieldSpec("page_size", "field.custom.page_size", default="50", optional=True),
        FieldSpec(
            "cursor_path", "field.custom.cursor_path", default="$.next_cursor", optional=True
        ),
        FieldSpec(
            "token_header", "field.custom.token_header", default="Authorization", optional=True
        ),
        FieldSpec("token", "field.custom.token", secret=True, optional=True),
        FieldSpec("username", "field.custom.username", optional=True),
        FieldSpec("password", "field.custom.password", secret=True, optional=True),
        FieldSpec("token_url", "field.custom.token_url"),
        FieldSpec("client_id", "field.custom.client_id", optional=True),
        FieldSpec("client_secret", "field.custom.client_secret", secret=True, optional=True),
        FieldSpec("scope", "field.custom.scope", optional=True),
        FieldSpec("ship_url", "field.custom.ship_url"),
        FieldSpec("ship_body", "field.custom.ship_body", optional=True),
        FieldSpec("folder", "field.custom.folder", optional=True),
        FieldSpec("host", "field.custom.host", optional=True),
        FieldSpec("port", "field.custom.port", default="22", optional=True),
        FieldSpec("sftp_user", "field.custom.sftp_user", optional=True),
        FieldSpec("sftp_password", "field.custom.sftp_password", secret=True, optional=True),
        FieldSpec("private_key", "field.custom.private_key", secret=True, optional=True),
        FieldSpec("host_key", "field.custom.host_key", optional=True),
        FieldSpec("order_folder", "field.custom.order_folder", default=LAYOUT.orders),
        FieldSpec("archive_folder", "field.custom.archive_folder", default=LAYOUT.archive),
        FieldSpec("error_folder", "field.custom.error_folder", default=LAYOUT.errors),
        FieldSpec("shipping_folder", "field.custom.shipping_folder", default=LAYOUT.shipping),
        FieldSpec("dsn", "field.custom.dsn", secret=True, optional=True),
        FieldSpec("query", "field.custom.query", optional=True),
        FieldSpec("watermark_column", "field.custom.watermark_column", optional=True),
        FieldSpec("update", "field.custom.update", optional=True),
        timeout_field(30),
    )


# --- what a member reads from its settings ---------------------------------------------


def shop_mapping(services: Services) -> Mapping:
    """The member's mapping; `ConfigFailure` in words when it cannot be used."""
    mapping = Mapping.from_data(json.loads(services.option(MAPPING.name)))
    problems = mapping_problems(mapping)
    if problems:
        raise ConfigFailure(
            i18n.text("custom.bad_mapping"),
            i18n.text("custom.bad_mapping.msg", problems="; ".join(p.text for p in problems[:3])),
        )
    return mapping


def _require(services: Services, key: str, names: tuple[str, ...]) -> None:
    """A clear refusal when a connection field the source needs is empty."""
    missing = [
        f.label for f in _fields() if f.name in names and not services.setting(key, f.name).strip()
    ]
    if missing:
        raise ConfigFailure(
            i18n.text("custom.missing", connection=key),
            i18n.text("custom.missing.msg", connection=key, fields=", ".join(missing)),
        )


def _number(services: Services, key: str, field: str, high: int) -> int:
    text = services.setting(key, field).strip()
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= high):
        raise ConfigFailure(
            i18n.text("config.invalid"), i18n.text("custom.bad_number.msg", name=field, high=high)
        )
    return int(text)


def _http(services: Services, key: str, name: str, ctx: RunContext | None) -> HttpSource:
    _require(services, key, ("list_url",))
    auth_kind = services.option(AUTH.name).removeprefix("custom.auth_")
    auth = HttpAuth(
        kind=auth_kind,
        token_header=services.setting(key, "token_header").strip(),
        token=services.optional_secret(key, "token") if auth_kind == "token" else "",
        username=services.setting(key, "username").strip(),
        password=services.optional_secret(key, "password") if auth_kind == "basic" else "",
        token_url=services.setting(key, "token_url").strip(),
        client_id=services.setting(key, "client_id").strip(),
        client_secret=(services.secret(key, "client_secret") if auth_kind == "oauth2" else ""),
        scope=services.setting(key, "scope").strip(),
    )
    config = HttpConfig(
        system=name,
        connection=key,
        list_url=services.setting(key, "list_url").strip(),
        paging=services.option(PAGING.name).removeprefix("custom.paging_"),
        page_size=_number(services, key, "page_size", 1000),
        cursor_path=services.setting(key, "cursor_path").strip() or "$.next_cursor",
        auth=auth,
        ship_url=services.setting(key, "ship_url").strip(),
        ship_method=services.option(SHIP_METHOD.name).removeprefix("custom.").upper(),
        ship_body=services.setting(key, "ship_body").strip(),
    )
    transport = HttpTransport(
        name, timeout=connection_timeout(services, key, 30), cancel=ctx.cancel if ctx else None
    )
    return HttpSource.open(
        config, shop_mapping(services), key, transport, numeric_skus=_numeric(services)
    )


def _folder(services: Services, key: str) -> RemoteFolder:
    if services.option(FILE_TRANSPORT.name) == "custom.local":
        _require(services, key, ("folder",))
        path = Path(services.setting(key, "folder").strip()).expanduser()
        with contextlib.suppress(OSError):
            path.mkdir(parents=True, exist_ok=True)
        return LocalFolder(path)
    _require(services, key, ("host", "sftp_user"))
    pinned = services.setting(key, "host_key").strip() or None
    pin = HostKeyPin(pinned, lambda value: services.save_setting(key, "host_key", value))
    config = SftpConfig(
        host=services.setting(key, "host").strip(),
        username=services.setting(key, "sftp_user").strip(),
        port=_number(services, key, "port", 65535),
        password=services.optional_secret(key, "sftp_password"),
        private_key=services.optional_secret(key, "private_key"),
    )
    return SftpFolder(config, pin)


def _layout(services: Services, key: str) -> FileLayout:
    return FileLayout(
        orders=services.setting(key, "order_folder"),
        archive=services.setting(key, "archive_folder"),
        errors=services.setting(key, "error_folder"),
        shipping=services.setting(key, "shipping_folder"),
    )


def _files(services: Services, key: str, name: str, read_only: bool) -> FileSource:
    ledger = services.store.ledger

    def imported(order_id: str) -> bool:
        entry = ledger.get(key, order_id)
        return entry is not None and entry.state is not LedgerState.PENDING

    return FileSource(
        _folder(services, key),
        _layout(services, key),
        shop_mapping(services),
        key,
        imported,
        name=name,
        read_only=read_only,
        numeric_skus=_numeric(services),
    )


def _sql(services: Services, key: str, name: str) -> SqlSource:
    _require(services, key, ("query",))
    config = SqlConfig(
        system=name,
        dsn=services.secret(key, "dsn"),
        query=services.setting(key, "query"),
        watermark_column=services.setting(key, "watermark_column").strip(),
        update=services.setting(key, "update"),
    )
    return SqlSource(config, shop_mapping(services), key, numeric_skus=_numeric(services))


def _numeric(services: Services) -> bool:
    """Lines name Afterbuy ProductIDs (digits) unless Afterbuy identifies articles itself."""
    return services.option(ARTICLE_IDENTIFICATION.name) == "product_id"


Source = HttpSource | FileSource | SqlSource


def open_source(services: Services, key: str, name: str, ctx: RunContext | None = None) -> Source:
    """The member's order source as its options say (close it with `close_source`)."""
    kind = services.option(SOURCE.name)
    if kind == "custom.http":
        return _http(services, key, name, ctx)
    if kind == "custom.files":
        return _files(services, key, name, read_only=bool(ctx and ctx.dry_run))
    return _sql(services, key, name)


def close_source(source: Source) -> None:
    """Release what the source holds (connections, pools)."""
    if isinstance(source, FileSource):
        source.folder.close()
    else:
        source.close()


def sample_records(services: Services, key: str, name: str, limit: int = 5) -> list[object]:
    """A few raw orders as the shop delivers them now, for the mapping editor (network)."""
    source = open_source(services, key, name)
    try:
        if isinstance(source, FileSource):
            found = source.records()
        else:
            found = iter(source.records(utcnow() - FIRST_RUN_LOOKBACK))
        return [record for _, record in zip(range(limit), found, strict=False)]
    finally:
        close_source(source)


MAPPING_MARK = "orders:mapping"  # the digest of the mapping the last import used


def rewind_after_mapping_change(services: Services, key: str) -> None:
    """After the merchant changed the mapping, read back far enough to reach the orders
    it could not map before: they are owed, but the list's `since` has moved past them.

    Orders read again that are in Afterbuy already are skipped by the ledger; ones still
    broken the same way are not reported again (same raw data).
    """
    store = services.store
    current = digest(services.option(MAPPING.name))
    kept = store.watermarks.get(key, MAPPING_MARK)
    if kept == current:
        return
    owed = store.owed.of(key, "orders", ORDER)
    mark = parse_iso(store.watermarks.get(key, "orders"))
    if kept is not None and owed and mark is not None:
        back = min(o.first_failed for o in owed.values()) - FIRST_RUN_LOOKBACK
        if back < mark:
            store.watermarks.set(key, "orders", back.isoformat())
    store.watermarks.set(key, MAPPING_MARK, current)


# --- the member ------------------------------------------------------------------------


def make_member(member: FamilyMember) -> tuple[Integration, ConnectionSpec]:
    """One custom shop as an integration with its own connection."""
    key = f"{PREFIX}{member.slug}"
    name = member.name

    @contextmanager
    def run(services: Services, ctx: RunContext) -> Iterator[tuple[Source, AfterbuyClient]]:
        with ExitStack() as stack:
            transport = HttpTransport("Afterbuy", timeout=60, cancel=ctx.cancel)
            stack.callback(transport.close)
            afterbuy = afterbuy_client(services, ctx, transport)
            source = open_source(services, key, name, ctx)
            stack.callback(close_source, source)
            yield source, afterbuy

    def orders(services: Services, ctx: RunContext) -> None:
        if not ctx.dry_run:
            rewind_after_mapping_change(services, key)
        with run(services, ctx) as (source, afterbuy):
            try:
                import_orders(
                    ctx, source, afterbuy, prefix=integration.order_prefix, channel_title=name
                )
            finally:
                if isinstance(source, FileSource):
                    for notice in source.notices:
                        ctx.needs_attention(notice)

    def shipping(services: Services, ctx: RunContext) -> None:
        with run(services, ctx) as (source, afterbuy):
            update_shipping(
                ctx,
                source,
                afterbuy,
                done_tag=services.option("done_tag"),
                keep=timedelta(days=int(services.option(KEEP_DAYS.name))),
            )

    def test(services: Services) -> str:
        count = len(sample_records(services, key, name, limit=1000))
        return i18n.text("custom.test.ok", name=name, count=count)

    integration = Integration(
        key=key,
        title=name,
        connections=("afterbuy", key),
        flows=(
            FlowSpec("orders", "flow.orders", timedelta(minutes=5), orders),
            FlowSpec(
                "shipping",
                "flow.shipping",
                timedelta(minutes=30),
                shipping,
                enabled_by_default=False,
            ),
        ),
        default_levels=None,
        options=(
            SOURCE,
            MAPPING,
            PAGING,
            AUTH,
            SHIP_METHOD,
            FILE_TRANSPORT,
            OptionSpec("done_tag", "option.done_tag", f"{name} abgeschlossen"),
            KEEP_DAYS,
            ARTICLE_IDENTIFICATION,
        ),
        order_prefix=f"{member.slug.upper()}-",
    )
    connection = ConnectionSpec(key, name, _fields(), test)
    return integration, connection


CUSTOM_SHOPS = IntegrationFamily(FAMILY, PREFIX, make_member)
