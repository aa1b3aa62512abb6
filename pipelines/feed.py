"""The archive's own JSON Lines: ``ARCHIVE_DIR/items/<spider>-<time>.jsonl``.

Written with Scrapy's ``JsonLinesItemExporter`` (the same lines as a
``-o x.jsonl`` feed) but so that a crash loses nothing: before an item's
line is written the WARC file is flushed (its records are on disk first),
each line goes out in one write and is flushed at once, and the crawl state
records how far the file is known to be whole.  A line cut off by a
``kill -9`` is removed at the next start (see ``CrawlState.recover_feeds``).

Last in ``ITEM_PIPELINES``.  Off with ``-s KHABAR_DEFAULT_FEED=0``; a
``scrapy replay`` given ``-o``/``-O`` writes only the user's feed.
"""

from __future__ import annotations

import dataclasses
import io
import os
from datetime import datetime, timezone
from pathlib import Path

from scrapy.exceptions import NotConfigured
from scrapy.exporters import JsonLinesItemExporter

from crawler.archive.extension import WarcArchive
from crawler.archive.writer import safe_name
from crawler.state.extension import CrawlState
from crawler.writefail import NotWritten, archive_write_failed


def _plain_fields(item_class) -> tuple[str, ...] | None:
    """The field names of a dataclass item none of whose fields has a
    serializer (``metadata={"serializer": ...}``), else None."""
    if not dataclasses.is_dataclass(item_class):
        return None
    fields = dataclasses.fields(item_class)
    if any("serializer" in f.metadata for f in fields):
        return None
    return tuple(f.name for f in fields)


class JsonLine:
    """Scrapy's ``JsonLinesItemExporter`` line for an item, as bytes.

    For a dataclass item without field serializers (Khabar's ``Article``)
    the same bytes are built directly: the exporter's encoder on a dict of
    every field in declaration order, as its ``_get_serialized_fields``
    yields them.  The exporter walks an ``ItemAdapter`` field by field, 0.2
    ms an item on the crawl's one reactor thread; this is a fifth of that.
    Any other item goes through the exporter itself."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._buffer = io.BytesIO()
        self.exporter = JsonLinesItemExporter(self._buffer, encoding=encoding)
        self._fields: dict[type, tuple[str, ...] | None] = {}

    def __call__(self, item) -> bytes:
        cls = type(item)
        if cls not in self._fields:
            self._fields[cls] = _plain_fields(cls)
        names = self._fields[cls]
        if names is not None:
            line = self.exporter.encoder.encode({name: getattr(item, name) for name in names}) + "\n"
            return line.encode(self.encoding)
        self._buffer.seek(0)
        self._buffer.truncate()
        self.exporter.export_item(item)
        return self._buffer.getvalue()


class ArchiveFeedPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.path = None
        self._fh = None
        self._failed = False

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("KHABAR_DEFAULT_FEED", True):
            raise NotConfigured  # KHABAR_DEFAULT_FEED is off (by choice: no warning)
        return cls(crawler)

    def open_spider(self, spider=None) -> None:
        s = self.crawler.settings
        name = safe_name(self.crawler.spider.name) or "crawl"  # never a path: -a name=../.. stays inside
        stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace(":", "-").replace("+00-00", "")
        self.path = Path(s.get("ARCHIVE_DIR") or "archive").resolve() / "items" / f"{name}-{stamp}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "ab")
        self._line = JsonLine(s.get("FEED_EXPORT_ENCODING") or "utf-8")
        self._line.exporter.start_exporting()

    async def process_item(self, item, spider=None):
        if self._failed:
            raise NotWritten(f"not written: {self.path} could not be written to")
        archive = self.crawler.get_extension(WarcArchive)
        if archive is not None:
            try:
                await archive.flush()
            except OSError as exc:  # the page's records may not be on disk: the item is not written
                archive_write_failed(self.crawler, "the WARC archive", exc)
                raise NotWritten(f"not written: the WARC archive could not be written to ({exc})") from None
        if self._failed or self._fh is None:
            # while this item waited for the archive, another item's write
            # failed (disk full) or the feed was closed: not written, not recorded
            raise NotWritten(f"not written: {self.path} could not be written to")
        line = self._line(item)
        start = self._fh.tell()
        try:
            self._fh.write(line)
            self._fh.flush()
        except OSError as exc:  # disk full: no half line is left, the crawl stops
            self._cut_back(start)
            archive_write_failed(self.crawler, "the JSON Lines feed", exc)
            raise NotWritten(f"not written to {self.path}: {exc}") from None
        state = self.crawler.get_extension(CrawlState)
        if state is not None:
            state.feed_written(str(self.path), self._fh.tell(), item)
        self.crawler.stats.inc_value("khabar/feed/items")
        return item

    def _cut_back(self, offset: int) -> None:
        try:
            self._fh.close()
        except OSError:
            pass
        try:
            os.truncate(self.path, offset)
        except OSError:
            pass
        self._fh = None
        self._failed = True  # later items are refused the same way

    def close_spider(self, spider=None) -> None:
        if self._fh is not None:
            self._line.exporter.finish_exporting()
            try:
                os.fsync(self._fh.fileno())
                self._fh.close()
            except OSError:
                pass
            self._fh = None
            self.crawler.stats.set_value("khabar/feed/path", str(self.path))
