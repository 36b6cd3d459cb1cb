"""Uploading the feed to Tradebyte's SFTP `/in`: a full file at most once a day, a delta at
most once an hour (Tradebyte's rule for product data).

What was uploaded is remembered as one fingerprint per row (IDs and digests, no product
data): a delta carries the rows of the current feed whose fingerprint differs from the
one uploaded. Changes made between two allowed uploads simply wait for the next one.
The file name starts with `PRODUCT_` and carries the time; it never contains "test"
(Tradebyte ignores such files).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from jjdesk.connectors.folders import RemoteFolder
from jjdesk.connectors.tradebyte.columns import A_NR
from jjdesk.connectors.tradebyte.feed import TradebyteFeed
from jjdesk.domain.digests import digest

FULL_EVERY = timedelta(hours=24)
DELTA_EVERY = timedelta(hours=1)


class UploadKind(Enum):
    """Which of Tradebyte's two product uploads."""

    FULL = "full"
    DELTA = "delta"


class UploadMemory(Protocol):
    """Row fingerprints as uploaded and the moments of the last uploads (the store)."""

    def uploaded(self, keys: list[str]) -> dict[str, str]:
        """The fingerprint each key had when it was last uploaded."""
        ...

    def remember(self, values: dict[str, str], *, only: bool) -> None:
        """Record fingerprints; `only`: these are all there are now (after a full file)."""
        ...

    def last(self, kind: UploadKind) -> datetime | None:
        """When the last upload of that kind went through (a full one counts for both)."""
        ...

    def mark(self, kind: UploadKind, moment: datetime) -> None:
        """Record an upload that went through."""
        ...


@dataclass(frozen=True, slots=True)
class Upload:
    """One file uploaded."""

    kind: UploadKind
    path: str
    rows: int


def plan_upload(
    fingerprints: Mapping[str, str], memory: UploadMemory, now: datetime
) -> tuple[UploadKind, set[str]] | None:
    """What may go now (`fingerprints`: the feed's rows by article number): a full file
    when a day has passed, else a delta of the changed rows when an hour has passed since
    the last upload; None when nothing may or must."""
    last_full = memory.last(UploadKind.FULL)
    if last_full is None or now - last_full >= FULL_EVERY:
        return UploadKind.FULL, set(fingerprints)
    last = memory.last(UploadKind.DELTA)
    if last is not None and now - last < DELTA_EVERY:
        return None
    sent = memory.uploaded(sorted(fingerprints))
    changed = {key for key, value in fingerprints.items() if sent.get(key) != value}
    return (UploadKind.DELTA, changed) if changed else None


def upload_feed(
    feed: TradebyteFeed,
    target: RemoteFolder,
    folder: str,
    memory: UploadMemory,
    now: datetime,
) -> Upload | None:
    """Upload what `plan_upload` allows (atomically: `.tmp`, then renamed)."""
    fingerprints = {row[A_NR]: _fingerprint(row) for row in feed.rows()}
    planned = plan_upload(fingerprints, memory, now)
    if planned is None:
        return None
    kind, keys = planned
    path = f"{folder.strip('/')}/PRODUCT_{now:%Y%m%d_%H%M%S}.csv".lstrip("/")
    if kind is UploadKind.FULL:
        data = feed.data  # the feed file itself
    else:
        chosen = [row for row in feed.rows() if row[A_NR] in keys]
        data = feed.file_bytes(lambda: chosen)
    target.write(path, data)
    memory.remember({key: fingerprints[key] for key in keys}, only=kind is UploadKind.FULL)
    memory.mark(kind, now)
    return Upload(kind, path, len(keys))


def _fingerprint(row: Mapping[str, str]) -> str:
    return digest(sorted((k, v) for k, v in row.items() if v))
