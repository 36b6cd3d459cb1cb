"""Afterbuy ↔ Tradebyte: product CSV feed, stock, orders, shipping, channel messages.

The flows are the generic ones; this module only wires Tradebyte's connector to them and
keeps Tradebyte's clocks: the feed is rebuilt from Afterbuy once a day (and whenever the
last file jjdesk wrote cannot serve as the base), uploaded in full at most once a day and
as a delta at most hourly; stock goes out at most every `stock_floor_minutes` (Tradebyte:
a delta at most every 10 minutes); after a REST 5xx nothing is called for ten minutes.
What jjdesk keeps for this is IDs, moments and fingerprints, never product or buyer data.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from jjdesk import i18n
from jjdesk.connectors.afterbuy import AfterbuyClient
from jjdesk.connectors.folders import (
    HostKeyPin,
    LocalFolder,
    SftpConfig,
    SftpFolder,
)
from jjdesk.connectors.http import HttpTransport
from jjdesk.connectors.tradebyte import (
    CsvDialect,
    FolderMessages,
    FolderOrders,
    Folders,
    FolderStock,
    MessageBatch,
    RestConfig,
    RestMessages,
    RestOrders,
    RestStock,
    RowSettings,
    TradebyteFeed,
    TradebyteRest,
    TradebyteStock,
    UploadKind,
    message_problem,
    upload_feed,
)
from jjdesk.connectors.tradebyte.orders_xml import parse_orders
from jjdesk.connectors.tradebyte.rest import REST_URL
from jjdesk.connectors.tradebyte.shipping import ORDER_IDS, forget_order
from jjdesk.connectors.tradebyte.stock import StockTarget
from jjdesk.domain.levels import TRADEBYTE_DEFAULT
from jjdesk.domain.models import Catalog, Unreadable
from jjdesk.domain.ports import IdLinks
from jjdesk.domain.timestamps import parse_iso, utcnow
from jjdesk.errors import ConfigFailure, ItemProblem
from jjdesk.flows.context import RunContext
from jjdesk.flows.deletion_check import check_deletions
from jjdesk.flows.order_import import import_orders
from jjdesk.flows.product_export import export_products
from jjdesk.flows.shipping_update import update_shipping
from jjdesk.flows.stock_update import update_stock
from jjdesk.integrations.afterbuy_link import (
    ARTICLE_IDENTIFICATION,
    afterbuy_client,
    afterbuy_timeout,
)
from jjdesk.integrations.base import (
    ConnectionSpec,
    FieldSpec,
    FlowSpec,
    Integration,
    OptionSpec,
    Services,
    table_of,
)
from jjdesk.store.ledger import LedgerState

log = logging.getLogger(__name__)

KEY = "tradebyte"
SFTP = "tradebyte_sftp"
REST = "tradebyte_rest"
FEED_FILE = "tradebyte_produkte.csv"
REBUILD_EVERY = timedelta(hours=24)
UPLOADED = "upload"  # fingerprint kind: a feed row as last uploaded to Tradebyte
_SEEN = "tradebyte.message_seen"
LAYOUT = Folders()  # TB.One's folders, the defaults of the connection form

i18n.register(
    {
        "flow.tradebyte.products": {"de": "Produkt-Feed (CSV)", "en": "Product feed (CSV)"},
        "flow.tradebyte.messages": {"de": "Kanalmeldungen", "en": "Channel messages"},
        "field.tradebyte.host": {"de": "SFTP-Server", "en": "SFTP server"},
        "field.tradebyte.port": {"de": "Port", "en": "Port"},
        "field.tradebyte.username": {"de": "Benutzername", "en": "User name"},
        "field.tradebyte.password": {"de": "Passwort", "en": "Password"},
        "field.tradebyte.private_key": {
            "de": "Privater SSH-Schlüssel (statt Passwort)",
            "en": "Private SSH key (instead of a password)",
        },
        "field.tradebyte.passphrase": {
            "de": "Passphrase des Schlüssels",
            "en": "Passphrase of the key",
        },
        "field.tradebyte.host_key": {
            "de": "Server-Schlüssel (beim ersten Verbinden gespeichert; leeren zum Zurücksetzen)",
            "en": "Server key (saved on first connect; empty it to reset)",
        },
        "field.tradebyte.upload_folder": {"de": "Ordner für Uploads", "en": "Upload folder"},
        "field.tradebyte.order_folder": {
            "de": "Ordner mit Bestelldateien",
            "en": "Folder with order files",
        },
        "field.tradebyte.archive_folder": {"de": "Archivordner", "en": "Archive folder"},
        "field.tradebyte.error_folder": {
            "de": "Ordner für unlesbare Dateien",
            "en": "Folder for unreadable files",
        },
        "field.tradebyte.base_url": {"de": "REST-Adresse", "en": "REST address"},
        "field.tradebyte.hnr": {
            "de": "Tradebyte-Kontonummer (HNR)",
            "en": "Tradebyte account number (HNR)",
        },
        "field.tradebyte.rest_user": {"de": "REST-Benutzer", "en": "REST user"},
        "field.tradebyte.rest_password": {"de": "REST-Passwort", "en": "REST password"},
        "field.tradebyte.channel": {
            "de": "Kanal-ID (leer = alle Kanäle)",
            "en": "Channel ID (empty = all channels)",
        },
        "option.tradebyte.feed_folder": {
            "de": "Ordner für den Produkt-Feed (jjdesk schreibt die Datei neu: Änderungen "
            "bitte in einer Kopie)",
            "en": "Folder for the product feed (jjdesk rewrites the file: make changes in a copy)",
        },
        "option.tradebyte.channels": {
            "de": "Tradebyte-Kanalkürzel für Preise und Aktiv-Spalten (mit Komma getrennt)",
            "en": "Tradebyte channel signs for prices and active columns (comma separated)",
        },
        "option.tradebyte.delimiter": {"de": "CSV-Trennzeichen", "en": "CSV delimiter"},
        "option.tradebyte.quoting": {"de": "CSV-Anführungszeichen", "en": "CSV quoting"},
        "option.tradebyte.upload": {
            "de": "Feed auf Tradebytes SFTP hochladen (voll höchstens 1× am Tag, Änderungen "
            "höchstens stündlich)",
            "en": "Upload the feed to Tradebyte's SFTP (in full at most once a day, changes "
            "at most hourly)",
        },
        "option.tradebyte.transport": {
            "de": "Bestellungen, Meldungen, Bestand über",
            "en": "Orders, messages, stock via",
        },
        "option.tradebyte.stock_format": {"de": "Format der Bestandsdatei", "en": "Stock file"},
        "option.tradebyte.stock_floor": {
            "de": "Bestand höchstens alle … Minuten senden (Tradebyte: frühestens alle 10)",
            "en": "Send stock at most every … minutes (Tradebyte: no more often than 10)",
        },
        "option.tradebyte.parcel_types": {
            "de": "Pakettyp (Import-Key) je Afterbuy-Versandart",
            "en": "Package type (import key) per Afterbuy shipping method",
        },
        "column.tradebyte.shipping_method": {
            "de": "Afterbuy-Versandart",
            "en": "Afterbuy shipping method",
        },
        "column.tradebyte.parcel_type": {
            "de": "Tradebyte-Import-Key",
            "en": "Tradebyte import key",
        },
        "choice.tradebyte.comma": {"de": "Komma ,", "en": "Comma ,"},
        "choice.tradebyte.semicolon": {"de": "Semikolon ;", "en": "Semicolon ;"},
        "choice.tradebyte.tab": {"de": "Tabulator", "en": "Tab"},
        "choice.tradebyte.pipe": {"de": "Senkrechter Strich |", "en": "Vertical bar |"},
        "choice.tradebyte.quote_needed": {
            "de": "nur wo nötig (Tradebyte-Standard)",
            "en": "only where needed (Tradebyte's default)",
        },
        "choice.tradebyte.quote_all": {"de": "jedes Feld", "en": "every field"},
        "choice.tradebyte.upload_off": {
            "de": "nein, ich lade selbst hoch",
            "en": "no, I upload it myself",
        },
        "choice.tradebyte.upload_on": {"de": "ja", "en": "yes"},
        "choice.tradebyte.sftp": {"de": "SFTP (Dateien)", "en": "SFTP (files)"},
        "choice.tradebyte.rest": {"de": "REST-Schnittstelle", "en": "REST interface"},
        "choice.tradebyte.stock_csv": {"de": "CSV (a_nr, a_stock)", "en": "CSV (a_nr, a_stock)"},
        "choice.tradebyte.stock_xml": {"de": "TB.Stock-XML", "en": "TB.Stock XML"},
        "tradebyte.test.sftp": {
            "de": "SFTP {host}: {files} Bestelldatei(en) in „{folder}“ · Server-Schlüssel {key} "
            "({state})",
            "en": "SFTP {host}: {files} order file(s) in “{folder}” · server key {key} ({state})",
        },
        "tradebyte.test.pinned": {
            "de": "jetzt gespeichert; prüfen Sie ihn beim Anbieter",
            "en": "saved now; check it with the provider",
        },
        "tradebyte.test.known": {"de": "unverändert", "en": "unchanged"},
        "tradebyte.test.rest": {
            "de": "Tradebyte REST, Konto {account}: {orders} offene Bestellung(en)",
            "en": "Tradebyte REST, account {account}: {orders} open order(s)",
        },
        "tradebyte.bad_port": {"de": "Ungültiger Port", "en": "Invalid port"},
        "tradebyte.missing": {
            "de": "{connection}: Angaben fehlen",
            "en": "{connection}: details missing",
        },
        "tradebyte.missing.msg": {
            "de": "Bitte unter „Verbindungen“ bei {connection} eintragen: {fields}.",
            "en": "Please enter under “Connections” for {connection}: {fields}.",
        },
        "tradebyte.bad_port.msg": {
            "de": "Der SFTP-Port „{port}“ ist keine Zahl von 1 bis 65535.",
            "en": "The SFTP port “{port}” is no number from 1 to 65535.",
        },
        "tradebyte.feed.changed": {
            "de": "Die Feed-Datei wurde außerhalb von jjdesk geändert; jjdesk hat sie aus "
            "Afterbuy neu geschrieben",
            "en": "The feed file was changed outside jjdesk; jjdesk wrote it anew from Afterbuy",
        },
        "tradebyte.feed.changed.hint": {
            "de": "Für eigene Anpassungen eine Kopie der Datei bearbeiten.",
            "en": "Edit a copy of the file for changes of your own.",
        },
    }
)

DELIMITERS = {
    "tradebyte.comma": "comma",
    "tradebyte.semicolon": "semicolon",
    "tradebyte.tab": "tab",
    "tradebyte.pipe": "pipe",
}
FEED_FOLDER = OptionSpec(
    "feed_folder", "option.tradebyte.feed_folder", str(Path("~") / "Tradebyte")
)
CHANNELS = OptionSpec("channels", "option.tradebyte.channels", "zade")
DELIMITER = OptionSpec(
    "delimiter", "option.tradebyte.delimiter", "tradebyte.comma", choices=tuple(DELIMITERS)
)
QUOTING = OptionSpec(
    "quoting",
    "option.tradebyte.quoting",
    "tradebyte.quote_needed",
    choices=("tradebyte.quote_needed", "tradebyte.quote_all"),
)
UPLOAD = OptionSpec(
    "upload_feed",
    "option.tradebyte.upload",
    "tradebyte.upload_off",
    choices=("tradebyte.upload_off", "tradebyte.upload_on"),
)
TRANSPORT = OptionSpec(
    "transport",
    "option.tradebyte.transport",
    "tradebyte.sftp",
    choices=("tradebyte.sftp", "tradebyte.rest"),
)
STOCK_FORMAT = OptionSpec(
    "stock_format",
    "option.tradebyte.stock_format",
    "tradebyte.stock_csv",
    choices=("tradebyte.stock_csv", "tradebyte.stock_xml"),
)
STOCK_FLOOR = OptionSpec(
    "stock_floor_minutes",
    "option.tradebyte.stock_floor",
    "10",
    whole_number=True,
    minimum=10,
    maximum=1440,
)
PARCEL_TYPES = OptionSpec(
    "parcel_types",
    "option.tradebyte.parcel_types",
    "{}",
    table_columns=("column.tradebyte.shipping_method", "column.tradebyte.parcel_type"),
)
DONE_TAG = OptionSpec("done_tag", "option.done_tag", "Tradebyte abgeschlossen")
KEEP_DAYS = OptionSpec(
    "keep_days", "option.keep_days", "30", whole_number=True, minimum=1, maximum=3650
)
DELETION_SHARE = OptionSpec(
    "deletion_share", "option.deletion_share", "10", whole_number=True, minimum=1, maximum=100
)


# --- what jjdesk remembers for Tradebyte (moments, fingerprints, IDs) ------------------


class _Moment:
    """One moment kept as a watermark of the integration."""

    def __init__(self, services: Services, name: str) -> None:
        self._store = services.store
        self._name = name

    def get(self) -> datetime | None:
        return parse_iso(self._store.watermarks.get(KEY, self._name))

    def set(self, moment: datetime) -> None:
        self._store.watermarks.set(KEY, self._name, moment.isoformat())


class _FeedMemory:
    """`FeedMemory`: the fingerprint of the last feed file, in the settings."""

    def __init__(self, services: Services) -> None:
        self._settings = services.store.settings

    def recall(self) -> str:
        return self._settings.get(f"integration.{KEY}.feed.fingerprint") or ""

    def remember(self, value: str) -> None:
        self._settings.set(f"integration.{KEY}.feed.fingerprint", value)


class _UploadMemory:
    """`UploadMemory`: row fingerprints as uploaded, and the moments of the uploads."""

    def __init__(self, services: Services) -> None:
        self._fingerprints = services.store.fingerprints
        self._moments = {
            UploadKind.FULL: _Moment(services, "products:upload:full"),
            UploadKind.DELTA: _Moment(services, "products:upload:any"),
        }

    def uploaded(self, keys: list[str]) -> dict[str, str]:
        return self._fingerprints.get_many(KEY, UPLOADED, keys)

    def remember(self, values: dict[str, str], *, only: bool) -> None:
        if only:
            gone = set(self._fingerprints.keys(KEY, UPLOADED)) - set(values)
            self._fingerprints.delete_many(KEY, UPLOADED, sorted(gone))
        self._fingerprints.set_many(KEY, UPLOADED, values)

    def last(self, kind: UploadKind) -> datetime | None:
        return self._moments[kind].get()

    def mark(self, kind: UploadKind, moment: datetime) -> None:
        self._moments[UploadKind.DELTA].set(moment)
        if kind is UploadKind.FULL:
            self._moments[UploadKind.FULL].set(moment)


class _Gate:
    """`RestGate`: the moment before which no REST call may go (after a 5xx)."""

    def __init__(self, services: Services) -> None:
        self._moment = _Moment(services, "rest:not_before")

    def closed_until(self) -> datetime | None:
        return self._moment.get()

    def close(self, until: datetime) -> None:
        self._moment.set(until)


# --- connections -----------------------------------------------------------------------


def folders(services: Services) -> Folders:
    """The SFTP folder layout as the merchant set it."""
    return Folders(
        upload=services.setting(SFTP, "upload_folder"),
        orders=services.setting(SFTP, "order_folder"),
        archive=services.setting(SFTP, "archive_folder"),
        errors=services.setting(SFTP, "error_folder"),
    )


def sftp_folder(services: Services) -> SftpFolder:
    """Tradebyte's SFTP server, its host key pinned in the connection's settings."""
    port = services.setting(SFTP, "port").strip()
    if not (port.isdigit() and 0 < int(port) < 65536):
        raise ConfigFailure(
            i18n.text("tradebyte.bad_port"), i18n.text("tradebyte.bad_port.msg", port=port)
        )
    _require(services, SFTP_CONNECTION, ("host", "username"))
    pinned = services.setting(SFTP, "host_key").strip() or None
    pin = HostKeyPin(pinned, lambda key: services.save_setting(SFTP, "host_key", key))
    config = SftpConfig(
        host=services.setting(SFTP, "host").strip(),
        username=services.setting(SFTP, "username").strip(),
        port=int(port),
        password=services.optional_secret(SFTP, "password"),
        private_key=services.optional_secret(SFTP, "private_key"),
        passphrase=services.optional_secret(SFTP, "passphrase"),
    )
    return SftpFolder(config, pin)


def rest_client(services: Services, ctx: RunContext | None = None) -> TradebyteRest:
    """The REST client; with a run, its Cancel also ends waits."""
    _require(services, REST_CONNECTION, ("hnr", "username"))
    config = RestConfig(
        account=services.setting(REST, "hnr").strip(),
        username=services.setting(REST, "username").strip(),
        password=services.secret(REST, "password"),
        base_url=services.setting(REST, "base_url").strip() or REST_URL,
        channel=services.setting(REST, "channel").strip(),
    )
    return TradebyteRest(
        config, _Gate(services), services.store.links(KEY), cancel=ctx.cancel if ctx else None
    )


def _require(services: Services, spec: ConnectionSpec, names: tuple[str, ...]) -> None:
    """A clear refusal when a connection field the flow needs is empty."""
    missing = [
        f.label
        for f in spec.fields
        if f.name in names and not services.setting(spec.key, f.name).strip()
    ]
    if missing:
        raise ConfigFailure(
            i18n.text("tradebyte.missing", connection=spec.title),
            i18n.text("tradebyte.missing.msg", connection=spec.title, fields=", ".join(missing)),
        )


def _uses_rest(services: Services) -> bool:
    return services.option(TRANSPORT.name) == "tradebyte.rest"


def _dialect(services: Services) -> CsvDialect:
    quoting = "all" if services.option(QUOTING.name) == "tradebyte.quote_all" else "needed"
    return CsvDialect.named(DELIMITERS[services.option(DELIMITER.name)], quoting)


def _row_settings(services: Services) -> RowSettings:
    raw = services.option(CHANNELS.name).replace(";", ",")
    channels = tuple(dict.fromkeys(c.strip() for c in raw.split(",") if c.strip()))
    return RowSettings(channels)


def _feed_folder(services: Services) -> LocalFolder:
    path = Path(services.option(FEED_FOLDER.name)).expanduser()
    with contextlib.suppress(OSError):  # a drive that is not there: LocalFolder says so
        path.mkdir(parents=True, exist_ok=True)
    return LocalFolder(path)


class _CatalogPaths:
    """Full catalogue paths for `p_cluster`, read from Afterbuy once per run when needed."""

    def __init__(self, afterbuy: AfterbuyClient) -> None:
        self._afterbuy = afterbuy
        self._paths: dict[str, tuple[str, ...]] | None = None

    def __call__(self, catalog_id: str) -> tuple[str, ...]:
        if self._paths is None:
            catalogs: list[Catalog] = self._afterbuy.catalogs()
            self._paths = {c.catalog_id: c.path or (c.name,) for c in catalogs}
        return self._paths.get(catalog_id, ())


@contextmanager
def _run(services: Services, ctx: RunContext) -> Iterator[tuple[ExitStack, AfterbuyClient]]:
    """The run's Afterbuy client and a stack that closes whatever else the flow opens."""
    with ExitStack() as stack:
        transport = HttpTransport("Afterbuy", timeout=afterbuy_timeout(services), cancel=ctx.cancel)
        stack.callback(transport.close)
        yield stack, afterbuy_client(services, ctx, transport)


def _sftp(services: Services, stack: ExitStack) -> SftpFolder:
    folder = sftp_folder(services)
    stack.callback(folder.close)
    return folder


def _rest(services: Services, ctx: RunContext, stack: ExitStack) -> TradebyteRest:
    client = rest_client(services, ctx)
    stack.callback(client.close)
    return client


def _feed(services: Services, afterbuy: AfterbuyClient) -> TradebyteFeed:
    return TradebyteFeed(
        _feed_folder(services),
        FEED_FILE,
        _row_settings(services),
        _dialect(services),
        _FeedMemory(services),
        _CatalogPaths(afterbuy),
    )


# --- flows -----------------------------------------------------------------------------


def _products(services: Services, ctx: RunContext) -> None:
    """The feed: a delta on the last file, rebuilt from Afterbuy daily; then the upload."""
    rebuilt = _Moment(services, "products:rebuilt")
    now = utcnow()
    with _run(services, ctx) as (stack, afterbuy):
        feed = _feed(services, afterbuy)
        last = rebuilt.get()
        rebuild = last is None or now - last >= REBUILD_EVERY or not feed.open_base()
        if feed.changed_outside:
            ctx.needs_attention(
                ItemProblem(
                    "feed file",
                    FEED_FILE,
                    i18n.text("tradebyte.feed.changed"),
                    field="file",
                    hint=i18n.text("tradebyte.feed.changed.hint"),
                )
            )
        export_products(ctx, afterbuy, feed, services.level_rules(), rebuild=rebuild)
        if ctx.dry_run:
            return
        if rebuild:
            rebuilt.set(now)
        if services.option(UPLOAD.name) == "tradebyte.upload_on":
            upload = upload_feed(
                feed, _sftp(services, stack), folders(services).upload, _UploadMemory(services), now
            )
            if upload is not None:
                log.info("feed uploaded: %s, %d rows (%s)", upload.path, upload.rows, upload.kind)


def _stock_target(services: Services, ctx: RunContext, stack: ExitStack) -> StockTarget:
    if _uses_rest(services):
        return RestStock(_rest(services, ctx, stack))
    file_format = "xml" if services.option(STOCK_FORMAT.name) == "tradebyte.stock_xml" else "csv"
    return FolderStock(
        _sftp(services, stack), folders(services).upload, file_format, _dialect(services)
    )


def _stock(services: Services, ctx: RunContext) -> None:
    """Changed quantities, but never sooner than the floor after the last stock upload."""
    sent = _Moment(services, "stock:sent")
    floor = timedelta(minutes=int(services.option(STOCK_FLOOR.name)))
    last = sent.get()
    now = utcnow()
    if last is not None and now - last < floor:
        log.info("tradebyte stock: next upload allowed at %s", (last + floor).isoformat())
        if ctx.dry_run:
            until = f"{(last + floor).astimezone():%H:%M}"
            ctx.skip("floor", f"stock waits until {until} (Tradebyte's floor)")
        return
    with _run(services, ctx) as (stack, afterbuy):
        channel = TradebyteStock(_stock_target(services, ctx, stack))
        update_stock(ctx, afterbuy, channel, services.level_rules())
    if channel.sent and not ctx.dry_run:
        sent.set(now)


def _order_source(
    services: Services, ctx: RunContext, stack: ExitStack
) -> FolderOrders | RestOrders:
    parcels = table_of(services.option(PARCEL_TYPES.name))
    links = services.store.links(KEY)
    if _uses_rest(services):
        return RestOrders(_rest(services, ctx, stack), links, parcels)
    ledger = services.store.ledger

    def imported(order_id: str) -> bool:
        entry = ledger.get(KEY, order_id)
        return entry is not None and entry.state is not LedgerState.PENDING

    return FolderOrders(
        _sftp(services, stack),
        folders(services),
        links,
        imported,
        parcels,
        read_only=ctx.dry_run,
    )


def _orders(services: Services, ctx: RunContext) -> None:
    """Generic order import; the files' and marks' notices are reported after it."""
    with _run(services, ctx) as (stack, afterbuy):
        source = _order_source(services, ctx, stack)
        try:
            import_orders(ctx, source, afterbuy, prefix=TRADEBYTE.order_prefix)
        finally:
            for notice in source.notices:
                ctx.needs_attention(notice)


def _shipping(services: Services, ctx: RunContext) -> None:
    """Generic shipping update (SHIP messages, tag); then forget IDs no longer needed."""
    with _run(services, ctx) as (stack, afterbuy):
        source = _order_source(services, ctx, stack)
        update_shipping(
            ctx,
            source,
            afterbuy,
            done_tag=services.option(DONE_TAG.name),
            keep=timedelta(days=int(services.option(KEEP_DAYS.name))),
        )
    if not ctx.dry_run:
        _forget_shipped(services)


def _forget_shipped(services: Services) -> None:
    """Tradebyte's item IDs of orders that are done (or forgotten by the ledger)."""
    links = services.store.links(KEY)
    for order_id in links.keys(ORDER_IDS):
        entry = services.store.ledger.get(KEY, order_id)
        if entry is None or entry.state is LedgerState.DONE:
            forget_order(links, order_id)


def _messages(services: Services, ctx: RunContext) -> None:
    """Channel messages (a customer's cancellation) reported once each, then put away."""
    links = services.store.links(KEY)
    with _run(services, ctx) as (stack, _afterbuy):
        inbox: FolderMessages | RestMessages
        if _uses_rest(services):
            inbox = RestMessages(_rest(services, ctx, stack))
        else:
            inbox = FolderMessages(_sftp(services, stack), folders(services))
        for batch in inbox.batches():
            ctx.check_cancel()
            _report(ctx, links, batch)


def _report(ctx: RunContext, links: IdLinks, batch: MessageBatch) -> None:
    keys = []
    for message in batch.messages:
        ctx.read()
        keys.append(message.key)
        if links.get(_SEEN, message.key) is not None:
            continue
        if isinstance(message, Unreadable):
            problem = ItemProblem(
                message.kind, message.key, message.message, field=message.field, hint=message.hint
            )
        else:
            problem = message_problem(message)
        ctx.needs_attention(problem)
        if not ctx.dry_run:
            links.put(_SEEN, message.key, "1")
    if ctx.dry_run:
        return
    still_listed = batch.done()
    for key in keys:
        if key not in still_listed:
            links.delete(_SEEN, key)


def _deletions(services: Services, ctx: RunContext) -> None:
    """Products deleted in Afterbuy leave the feed (only on the file jjdesk wrote)."""
    share = int(services.option(DELETION_SHARE.name)) / 100
    with _run(services, ctx) as (_stack, afterbuy):
        feed = _feed(services, afterbuy)
        if not feed.open_base():
            return  # the next product run rebuilds the feed from Afterbuy anyway
        check_deletions(ctx, afterbuy, feed, max_share=share)


# --- connection tests ------------------------------------------------------------------


def _test_sftp(services: Services) -> str:
    folder = sftp_folder(services)
    try:
        layout = folders(services)
        files = folder.list(layout.orders, (".xml",))
        state = "tradebyte.test.pinned" if folder.pinned_now else "tradebyte.test.known"
        return i18n.text(
            "tradebyte.test.sftp",
            host=folder.config.host,
            files=sum(1 for f in files if f.name.upper().startswith("ORDER")),
            folder=layout.orders,
            key=folder.host_key,
            state=i18n.text(state),
        )
    finally:
        folder.close()


def _test_rest(services: Services) -> str:
    client = rest_client(services)
    try:
        orders = parse_orders(client.get("orders/", channel=client.config.channel), utcnow())
        return i18n.text("tradebyte.test.rest", account=client.config.account, orders=len(orders))
    finally:
        client.close()


SFTP_CONNECTION = ConnectionSpec(
    key=SFTP,
    title="Tradebyte SFTP",
    fields=(
        FieldSpec("host", "field.tradebyte.host"),
        FieldSpec("port", "field.tradebyte.port", default="22"),
        FieldSpec("username", "field.tradebyte.username"),
        FieldSpec("password", "field.tradebyte.password", secret=True, optional=True),
        FieldSpec("private_key", "field.tradebyte.private_key", secret=True, optional=True),
        FieldSpec("passphrase", "field.tradebyte.passphrase", secret=True, optional=True),
        FieldSpec("host_key", "field.tradebyte.host_key", optional=True),
        FieldSpec("upload_folder", "field.tradebyte.upload_folder", default=LAYOUT.upload),
        FieldSpec("order_folder", "field.tradebyte.order_folder", default=LAYOUT.orders),
        FieldSpec("archive_folder", "field.tradebyte.archive_folder", default=LAYOUT.archive),
        FieldSpec("error_folder", "field.tradebyte.error_folder", default=LAYOUT.errors),
    ),
    test=_test_sftp,
)

REST_CONNECTION = ConnectionSpec(
    key=REST,
    title="Tradebyte REST",
    fields=(
        FieldSpec("base_url", "field.tradebyte.base_url", default=REST_URL, optional=True),
        FieldSpec("hnr", "field.tradebyte.hnr", optional=True),
        FieldSpec("username", "field.tradebyte.rest_user", optional=True),
        FieldSpec("password", "field.tradebyte.rest_password", secret=True, optional=True),
        FieldSpec("channel", "field.tradebyte.channel", optional=True),
    ),
    test=_test_rest,
)

TRADEBYTE = Integration(
    key=KEY,
    title="Tradebyte",
    connections=("afterbuy", SFTP, REST),
    flows=(
        FlowSpec("products", "flow.tradebyte.products", timedelta(minutes=15), _products),
        FlowSpec("stock", "flow.stock", timedelta(minutes=5), _stock),
        # Tradebyte provides new orders every 15 minutes and names that its technical
        # maximum poll rate (the reference product's 5 minutes would poll three times for
        # nothing); the merchant may lengthen it, as Tradebyte recommends for REST
        FlowSpec("orders", "flow.orders", timedelta(minutes=15), _orders),
        FlowSpec("shipping", "flow.shipping", timedelta(minutes=30), _shipping),
        FlowSpec("messages", "flow.tradebyte.messages", timedelta(minutes=15), _messages),
        FlowSpec("deletions", "flow.deletions", timedelta(hours=6), _deletions),
    ),
    default_levels=TRADEBYTE_DEFAULT,
    options=(
        FEED_FOLDER,
        CHANNELS,
        DELIMITER,
        QUOTING,
        UPLOAD,
        TRANSPORT,
        STOCK_FORMAT,
        STOCK_FLOOR,
        PARCEL_TYPES,
        DONE_TAG,
        KEEP_DAYS,
        DELETION_SHARE,
        ARTICLE_IDENTIFICATION,
    ),
    order_prefix="TRADEBYTE-",
)
