"""Tradebyte (TB.One): the product CSV feed, stock, TB.Order files, TB.Msg messages, REST.

Files go through the shared remote folders (`connectors.folders`): the feed into the
merchant's folder (and, when enabled, Tradebyte's SFTP `in`), stock and shipping messages
into `in`, orders and channel messages out of `out`. The REST variant (`rest`) carries
orders, messages and stock with Tradebyte's rules for REST.
"""

from jjdesk.connectors.tradebyte.channel_messages import (
    FolderMessages,
    MessageBatch,
    RestMessages,
    message_problem,
)
from jjdesk.connectors.tradebyte.csv_codec import CsvDialect, CsvFormatError, read_csv, write_csv
from jjdesk.connectors.tradebyte.feed import FeedMemory, TradebyteFeed
from jjdesk.connectors.tradebyte.order_folder import FolderOrders, Folders
from jjdesk.connectors.tradebyte.rest import RestConfig, RestGate, RestRefused, TradebyteRest
from jjdesk.connectors.tradebyte.rest_source import RestOrders, RestStock
from jjdesk.connectors.tradebyte.rows import RowSettings
from jjdesk.connectors.tradebyte.shipping import ORDER_IDS
from jjdesk.connectors.tradebyte.stock import FolderStock, TradebyteStock
from jjdesk.connectors.tradebyte.upload import Upload, UploadKind, UploadMemory, upload_feed

__all__ = [
    "ORDER_IDS",
    "CsvDialect",
    "CsvFormatError",
    "FeedMemory",
    "FolderMessages",
    "FolderOrders",
    "FolderStock",
    "Folders",
    "MessageBatch",
    "RestConfig",
    "RestGate",
    "RestMessages",
    "RestOrders",
    "RestRefused",
    "RestStock",
    "RowSettings",
    "TradebyteFeed",
    "TradebyteRest",
    "TradebyteStock",
    "Upload",
    "UploadKind",
    "UploadMemory",
    "message_problem",
    "read_csv",
    "upload_feed",
    "write_csv",
]
