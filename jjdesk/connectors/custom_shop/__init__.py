"""One configurable connector for a merchant's own shop system: its orders come from an
HTTP JSON API, from order files (local folder or SFTP) or from its database, and the
field mapper (`domain.mapping`) turns each raw record into jjdesk's `Order`."""

from jjdesk.connectors.custom_shop.file_source import FileLayout, FileSource, parse_file
from jjdesk.connectors.custom_shop.http_source import HttpAuth, HttpConfig, HttpSource
from jjdesk.connectors.custom_shop.presets import PRESETS, preset
from jjdesk.connectors.custom_shop.sql_source import SqlConfig, SqlSource

__all__ = [
    "PRESETS",
    "FileLayout",
    "FileSource",
    "HttpAuth",
    "HttpConfig",
    "HttpSource",
    "SqlConfig",
    "SqlSource",
    "parse_file",
    "preset",
]
