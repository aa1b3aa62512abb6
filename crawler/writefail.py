"""Stop the crawl at the first failed write to the archive (disk full, read-only).

A crawl that cannot write what it fetches must not go on fetching: on a full
disk it used to fetch 187 more responses it could not archive, print 206
tracebacks, leave half a JSON line and exit 0.

``ArchiveWriteGuard`` (an extension) is the one place a writer reports such a
failure: ``archive_write_failed(crawler, what, exc)``.  The first report logs
one error line, counts ``khabar/archive/write_failed`` and closes the spider
with the reason ``archive_write_failed``; later ones are only counted, and
no request is scheduled any more.  When the spider opens, the guard writes
(and removes) a 4 KiB probe file in ``ARCHIVE_DIR``, so a read-only or full
archive stops the crawl before anything is fetched.
``scrapy crawl`` then exits with status 1 (``crawler/commands/crawl.py``).

``GuardedFileFeedStorage`` is Scrapy's local-file feed storage (the JSON Lines
under ``ARCHIVE_DIR/items`` and ``-o``/``-O`` files) made safe for this: each
line is written through unbuffered and at once, so a failure is met at a line
boundary; the partial line is cut off again, later lines are dropped (the
crawl is stopping), and the guard is told.  The file holds whole lines only.

The WARC writer and the capture middleware report through
``archive_write_failed`` as well (see ``crawler/archive``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Optional

from scrapy import signals
from scrapy.exceptions import DropItem, IgnoreRequest
from scrapy.extensions.feedexport import FileFeedStorage

logger = logging.getLogger(__name__)

STAT = "khabar/archive/write_failed"
REASON = "archive_write_failed"


class ArchiveWriteGuard:
    def __init__(self, crawler):
        self.crawler = crawler
        self.failure: Optional[str] = None

    @classmethod
    def from_crawler(cls, crawler):
        guard = cls(crawler)
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(guard.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def spider_opened(self, spider) -> None:
        """A read-only or full archive is found before anything is fetched."""
        directory = Path(self.crawler.settings.get("ARCHIVE_DIR") or "archive")
        probe = directory / f".khabar-write-test-{os.getpid()}"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            with open(probe, "wb") as fh:
                fh.write(b"\0" * 4096)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            self.failed(f"the archive directory {directory}", exc)
        finally:
            try:
                probe.unlink()
            except OSError:
                pass

    def request_scheduled(self, request, spider=None) -> None:
        if self.failure is not None:  # nothing more is fetched once the archive cannot be written
            raise IgnoreRequest(f"archive write failed: {self.failure}")

    def failed(self, what: str, exc: BaseException) -> None:
        self.crawler.stats.inc_value(STAT)
        if self.failure is not None:
            return
        detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        filename = getattr(exc, "filename", None)
        self.failure = f"cannot write {what}{f' ({filename})' if filename else ''}: {detail}"
        logger.error("Stopping the crawl: %s. What was written before is kept.", self.failure)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None and getattr(engine, "running", True):
            from scrapy.utils.defer import deferred_from_coro
            deferred_from_coro(engine.close_spider_async(reason=REASON))

    def spider_closed(self, spider, reason) -> None:
        if self.failure is not None:
            self.crawler.stats.set_value("khabar/archive/write_failure", self.failure)


class NotWritten(DropItem):
    """An item whose output could not be written: not emitted, and not
    recorded as done (the next run fetches its story again)."""

    outcome = "failed/not_written"

    def __init__(self, message: str):
        super().__init__(message, log_level="DEBUG")


def archive_write_failed(crawler, what: str, exc: BaseException) -> None:
    """Report a failed archive write (OSError from a WARC, CDXJ or feed write)."""
    guard = crawler.get_extension(ArchiveWriteGuard) if crawler is not None else None
    if guard is None:  # the extension is off: at least say it
        logger.error("Cannot write %s: %s", what, exc)
        return
    guard.failed(what, exc)


class GuardedFile:
    """A feed file written a whole line at a time; stops at the first failure."""

    def __init__(self, raw, on_error):
        self.raw = raw  # unbuffered (FileIO)
        self.on_error = on_error
        self.good = raw.seek(0, os.SEEK_END)
        self.failed = False

    def write(self, data: bytes) -> int:
        if self.failed:
            return len(data)
        view = memoryview(data)
        try:
            while view:
                n = self.raw.write(view)
                view = view[n:]
            self.good = self.raw.tell()
        except OSError as exc:
            self.failed = True
            try:
                self.raw.truncate(self.good)  # no half line
            except OSError:
                pass
            self.on_error(exc)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        try:
            self.raw.close()
        except OSError as exc:
            if not self.failed:
                self.failed = True
                self.on_error(exc)

    @property
    def closed(self) -> bool:
        return self.raw.closed

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _Unwritable:
    """The feed file that could not even be opened."""

    closed = False

    def write(self, data: bytes) -> int:
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


class GuardedFileFeedStorage(FileFeedStorage):
    def __init__(self, uri: str, *, feed_options=None, crawler=None):
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler, uri: str, *, feed_options=None):
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def _failed(self, exc: BaseException) -> None:
        archive_write_failed(self.crawler, f"the feed {self.path}", exc)

    def open(self, spider):
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            raw = open(self.path, self.write_mode, buffering=0)
        except OSError as exc:
            self._failed(exc)
            return _Unwritable()
        return GuardedFile(raw, self._failed)
