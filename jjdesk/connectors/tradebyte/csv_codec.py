"""Reading and writing Tradebyte's CSV files: UTF-8 with BOM, a header row, text values.

The real samples are UTF-8 with a byte order mark, comma-separated, double-quoted where
needed, with LF line ends; delimiter and quoting are the merchant's choice, those are the
defaults. Every value stays text as written: an EAN "0012345678905" keeps its leading
zero and never turns into "1.23E+12" (the damage a spreadsheet did to the sample).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from jjdesk import i18n

BOM = "\ufeff"
DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|"}

i18n.register(
    {
        "tradebyte.csv.encoding": {
            "de": "Die Datei ist kein UTF-8 (Byte {offset})",
            "en": "The file is not UTF-8 (byte {offset})",
        },
        "tradebyte.csv.empty": {
            "de": "Die Datei hat keine Kopfzeile",
            "en": "The file has no header row",
        },
        "tradebyte.csv.duplicate": {
            "de": "Die Spalte „{column}“ kommt in der Kopfzeile mehrfach vor",
            "en": "The column “{column}” appears more than once in the header",
        },
        "tradebyte.csv.fields": {
            "de": "Zeile {line} hat {found} Felder, die Kopfzeile {expected}",
            "en": "Line {line} has {found} fields, the header {expected}",
        },
        "tradebyte.csv.broken": {
            "de": "Zeile {line} ist kein gültiges CSV ({detail})",
            "en": "Line {line} is no valid CSV ({detail})",
        },
    }
)


class CsvFormatError(ValueError):
    """A file that is no readable Tradebyte CSV; the message says where."""


@dataclass(frozen=True, slots=True)
class CsvDialect:
    """How values are separated and quoted (Tradebyte's defaults: comma, as needed)."""

    delimiter: str = ","
    quote_all: bool = False

    @classmethod
    def named(cls, delimiter: str, quoting: str) -> CsvDialect:
        """From the option values: "comma"/"semicolon"/"tab"/"pipe", "needed"/"all"."""
        return cls(DELIMITERS[delimiter], quoting == "all")

    @property
    def signature(self) -> str:
        """Identifies the dialect (a file written in another one is rewritten)."""
        return f"{self.delimiter!r}:{int(self.quote_all)}"


def write_csv(
    columns: Sequence[str], rows: Iterable[Mapping[str, str]], dialect: CsvDialect
) -> bytes:
    """The file: BOM, header, one line per row (missing values empty)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=dialect.delimiter,
        quotechar='"',
        quoting=csv.QUOTE_ALL if dialect.quote_all else csv.QUOTE_MINIMAL,
        lineterminator="\n",
    )
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return (BOM + buffer.getvalue()).encode("utf-8")


def read_csv(data: bytes, delimiter: str | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """(header, rows) of a file; raises `CsvFormatError` naming the line that is wrong.

    Without `delimiter`, the header decides: the candidate that splits it most often.
    """
    header, rows = iter_csv(data, delimiter)
    return header, list(rows)


def iter_csv(
    data: bytes, delimiter: str | None = None
) -> tuple[list[str], Iterator[dict[str, str]]]:
    """(header, rows one by one): a big file is never held as rows all at once.

    The header is checked at once, the rows as they are read (`CsvFormatError`).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFormatError(i18n.text("tradebyte.csv.encoding", offset=exc.start)) from exc
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise CsvFormatError(i18n.text("tradebyte.csv.empty"))
    sep = delimiter or max(DELIMITERS.values(), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"', strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise CsvFormatError(i18n.text("tradebyte.csv.broken", line=1, detail=exc)) from exc
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise CsvFormatError(i18n.text("tradebyte.csv.duplicate", column=column))
        seen.add(column)
    return header, _rows(reader, header)


def _rows(reader: Iterator[list[str]], header: list[str]) -> Iterator[dict[str, str]]:
    line = 1
    try:
        for fields in reader:
            line = getattr(reader, "line_num", line + 1)
            if not fields:
                continue
            if len(fields) != len(header):
                raise CsvFormatError(
                    i18n.text(
                        "tradebyte.csv.fields", line=line, found=len(fields), expected=len(header)
                    )
                )
            yield dict(zip(header, fields, strict=True))
    except csv.Error as exc:
        raise CsvFormatError(i18n.text("tradebyte.csv.broken", line=line + 1, detail=exc)) from exc
