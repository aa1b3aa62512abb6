"""Feed exporters for tables: Parquet (typed columns) and CSV (JSON-encoded nesting).

Registered in ``FEED_EXPORTERS`` (crawler/settings.py), so ``-O items.parquet``
and ``-O items.csv`` pick them by file extension.

Parquet (needs ``pyarrow``: ``pip install "khabar[parquet]"``), one column
per :class:`crawler.items.Article` field, typed:

- ``published``, ``modified``, ``fetched_at``: ``timestamp[us, tz=UTC]``, each
  followed by ``<name>_offset``, the UTC offset the ISO string carried
  (``"+03:30"``), so the local time the page stated is not lost;
- ``authors``, ``tags``, ``drift``: ``list<string>``;
- ``embeds``: ``list<struct<kind, url, author, text: string>>``;
- ``warc``: ``struct<file: string, offset: int64, record_id: string>``;
- ``previous``: ``struct<fetched_at: string, warc: struct<...>>``;
- ``word_count``, ``version``: ``int64``; ``language_confidence``: ``double``; the rest strings.

Items are buffered and written as one row group every
``KHABAR_PARQUET_ROW_GROUP_SIZE`` items (default 1000), so memory stays
bounded however long the crawl.  Fields an item has beyond Article's become
string columns (JSON text for non-strings).

CSV: Scrapy's CSV exporter, except that lists and dicts (``warc``,
``authors``, ``tags``, ``embeds``, ``drift``) are written as JSON text, not ``a,b`` joins or a Python
dict repr.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from typing import Any, Optional

from scrapy.exporters import BaseItemExporter, CsvItemExporter

from crawler.items import Article

TIMESTAMP_FIELDS = ("published", "modified", "fetched_at")
DEFAULT_ROW_GROUP_SIZE = 1000


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonCsvItemExporter(CsvItemExporter):
    """CSV whose nested values (lists, dicts) are JSON text."""

    def serialize_field(self, field, name, value):
        if "serializer" not in field and isinstance(value, (list, tuple, dict)):
            return _json(value)
        return super().serialize_field(field, name, value)


def parse_timestamp(value: Any) -> tuple[Optional[datetime], Optional[str]]:
    """``"2023-04-25T21:46:00+03:30"`` -> (that instant in UTC, ``"+03:30"``).
    A string without an offset is taken as UTC; an unreadable one is null."""
    if not isinstance(value, str) or not value:
        return None, None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None, None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    offset_text = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return moment.astimezone(timezone.utc), offset_text


def article_schema(fields: Optional[list[str]] = None):
    """The Arrow schema of Article (restricted to ``fields`` when given)."""
    import pyarrow as pa

    types = {
        "authors": pa.list_(pa.string()),
        "tags": pa.list_(pa.string()),
        "drift": pa.list_(pa.string()),
        "embeds": pa.list_(pa.struct([(k, pa.string()) for k in ("kind", "url", "author", "text")])),
        "word_count": pa.int64(),
        "version": pa.int64(),
        "language_confidence": pa.float64(),
        "warc": pa.struct([("file", pa.string()), ("offset", pa.int64()), ("record_id", pa.string())]),
    }
    # the version before: its capture time as text (a WARC-Date) and its record
    types["previous"] = pa.struct([("fetched_at", pa.string()), ("warc", types["warc"])])
    names = [f.name for f in dataclasses.fields(Article)]
    columns = []
    for name in (fields if fields is not None else names):
        if name in TIMESTAMP_FIELDS:
            columns.append(pa.field(name, pa.timestamp("us", tz="UTC")))
            columns.append(pa.field(f"{name}_offset", pa.string()))
        else:
            columns.append(pa.field(name, types.get(name, pa.string())))
    return pa.schema(columns)


class _NoClose:
    """The feed's file as pyarrow's sink: closing the Parquet writer must not
    close it (Scrapy's feed storage closes, or uploads, the file itself)."""

    def __init__(self, file):
        self._file = file
        self.closed = False

    def write(self, data):
        return self._file.write(data)

    def flush(self):
        self._file.flush()

    def tell(self):
        return self._file.tell()

    def close(self):
        self.closed = True
        self._file.flush()


class ParquetItemExporter(BaseItemExporter):
    def __init__(self, file, row_group_size: int = DEFAULT_ROW_GROUP_SIZE, **kwargs: Any):
        super().__init__(dont_fail=True, **kwargs)
        try:
            import pyarrow  # noqa: F401
        except ImportError:  # pragma: no cover - depends on the environment
            raise RuntimeError('the Parquet feed needs pyarrow: pip install "khabar[parquet]"') from None
        self.file = file
        self.row_group_size = max(1, int(row_group_size))
        self._rows: list[dict] = []
        self._writer = None
        self._schema = None

    @classmethod
    def from_crawler(cls, crawler, file, *args, **kwargs):
        kwargs.setdefault("row_group_size",
                          crawler.settings.getint("KHABAR_PARQUET_ROW_GROUP_SIZE", DEFAULT_ROW_GROUP_SIZE))
        return cls(file, *args, **kwargs)

    def _fields(self) -> Optional[list[str]]:
        if self.fields_to_export is None:
            return None
        if isinstance(self.fields_to_export, dict):
            return list(self.fields_to_export.values())
        return [f if isinstance(f, str) else f[1] for f in self.fields_to_export]

    def start_exporting(self) -> None:
        self._schema = article_schema(self._fields())

    def export_item(self, item: Any) -> None:
        row: dict[str, Any] = {}
        for name, value in self.get_serialized_fields(item, include_empty=True):
            if name in TIMESTAMP_FIELDS:
                row[name], row[f"{name}_offset"] = parse_timestamp(value)
            else:
                row[name] = value
        self._extend_schema(row)
        self._rows.append(row)
        if len(self._rows) >= self.row_group_size:
            self._flush()

    def _extend_schema(self, row: dict) -> None:
        """Fields Article does not declare: string columns (before any row
        group is written; later ones are JSON text in existing columns only)."""
        import pyarrow as pa

        for name, value in row.items():
            if self._schema.get_field_index(name) < 0:
                if self._writer is None:
                    self._schema = self._schema.append(pa.field(name, pa.string()))
                else:
                    continue
            if self._schema.field(name).type == pa.string() and value is not None and not isinstance(value, str):
                row[name] = _json(value)

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            self._writer = pq.ParquetWriter(pa.PythonFile(_NoClose(self.file), mode="w"), self._schema,
                                            compression="zstd")
        if self._rows:
            table = pa.Table.from_pylist(self._rows, schema=self._schema)
            self._writer.write_table(table, row_group_size=self.row_group_size)
            self._rows = []

    def finish_exporting(self) -> None:
        self._flush()  # also writes a valid empty file when there were no items
        self._writer.close()
        self._writer = None
