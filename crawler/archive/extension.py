"""The crawl's WARC archive as a Scrapy extension.

One ``WarcArchive`` per crawler, built ``from_crawler`` and configured by the
``WARC_*`` settings.  On ``spider_opened`` it finishes the files an earlier,
killed crawl left open (:mod:`.recovery`) and starts a rotating
:class:`~.writer.ArchiveWriter`; on ``spider_closed`` it closes the last file
and writes its CDXJ.  The capture middleware and the conversion-record
pipeline reach it with ``crawler.get_extension(WarcArchive)``.

Records are written on the archive's own thread, never on the reactor
thread: digesting and gzip-compressing a page and writing it to disk took
milliseconds per page there, while every download waited.  ``await
archive.call("write_exchange", ...)`` hands the writer one call and resumes
when it is done (its record pointer, or its ``OSError``); calls run one at a
time in the order they were made, so a ``flush()`` awaited after a page's
records (the feed pipeline does, before the page's JSON line) has them on
disk first.  The writer's counts reach the crawl's stats on the reactor thread.

Off (``NotConfigured``) when ``WARC_ENABLED`` is false or ``WARC_REPLAY`` is
set (a replayed crawl must not re-archive what it reads).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Optional

from scrapy import signals
from scrapy.exceptions import NotConfigured

from .recovery import recover_stale
from .writer import DEFAULT_GZIP_LEVEL, DEFAULT_MAX_SIZE, ArchiveWriter

logger = logging.getLogger(__name__)


def archiving(settings) -> bool:
    """Whether this crawl writes WARC files: not with ``WARC_ENABLED`` off, nor
    in a whole-crawl replay (what it reads must not be archived again)."""
    return settings.getbool("WARC_ENABLED", True) and not settings.getlist("WARC_REPLAY")


class _Counts:
    """The writer's stat increments, made on the archive thread and handed to
    the crawl's stats collector on the reactor thread (it is not thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: Counter = Counter()

    def inc_value(self, key: str, count: int = 1) -> None:
        with self._lock:
            self._counts[key] += count

    def drain_into(self, stats) -> None:
        with self._lock:
            counts, self._counts = self._counts, Counter()
        if stats is not None:
            for key, count in counts.items():
                stats.inc_value(key, count)


class WarcArchive:
    def __init__(self, directory: Path, *, spider_name: str, prefix: str, max_size: int,
                 info: dict, cdxj_index: bool, stats=None, gzip_level: int = DEFAULT_GZIP_LEVEL):
        self.directory = Path(directory)
        self.stats = stats
        self._counts = _Counts()
        self.options = dict(spider_name=spider_name, prefix=prefix, max_size=max_size, info=info,
                            cdxj_index=cdxj_index, stats=self._counts, gzip_level=gzip_level)
        self._writer: Optional[ArchiveWriter] = None
        self._thread: Optional[ThreadPoolExecutor] = None
        self.files: list[Path] = []

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not archiving(s):
            raise NotConfigured  # by the user's choice: no warning
        info = {"operator": s.get("KHABAR_CONTACT_URL"), "isPartOf": s.get("BOT_NAME"),
                "http-header-user-agent": s.get("USER_AGENT"),
                "robots": "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore",
                "hostname": socket.gethostname()}
        archive = cls(Path(s.get("ARCHIVE_DIR") or "archive") / "warc",
                      spider_name=getattr(crawler.spidercls, "name", None) or "crawl",
                      prefix=s.get("WARC_PREFIX", "khabar"),
                      max_size=s.getint("WARC_MAX_SIZE", DEFAULT_MAX_SIZE), info=info,
                      cdxj_index=s.getbool("WARC_CDXJ", True), stats=crawler.stats,
                      gzip_level=s.getint("WARC_GZIP_LEVEL", DEFAULT_GZIP_LEVEL))
        crawler.signals.connect(archive.open, signal=signals.spider_opened)
        crawler.signals.connect(archive.close, signal=signals.spider_closed)
        return archive

    def open(self, spider=None) -> ArchiveWriter:
        if self._writer is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            writer = ArchiveWriter(self.directory, **self.options)
            recover_stale(self.directory, writer.host)
            self._writer = writer
        return self._writer

    @property
    def writer(self) -> ArchiveWriter:
        return self._writer if self._writer is not None else self.open()

    async def call(self, method: str, /, **kwargs: Any) -> Any:
        """``writer.<method>(**kwargs)`` on the archive thread, in call order."""
        writer = self.writer
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="khabar-warc")
        try:
            return await asyncio.wrap_future(self._thread.submit(getattr(writer, method), **kwargs))
        finally:
            self._counts.drain_into(self.stats)

    async def flush(self) -> None:
        """Every record written so far handed to the OS (see ``ArchiveWriter.flush``)."""
        if self._writer is not None:
            await self.call("flush")

    def close(self, spider=None, reason=None) -> None:
        if self._thread is not None:
            self._thread.shutdown(wait=True)  # the writes already handed over come first
            self._thread = None
        if self._writer is not None:
            self._writer.close()
            self.files.extend(self._writer.files)
            self._writer = None
        self._counts.drain_into(self.stats)
