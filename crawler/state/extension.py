"""The crawl state extension: what this archive already holds, across runs.

Built ``from_crawler``; with ``KHABAR_STATE`` (default
``ARCHIVE_DIR/state.sqlite``) it keeps a :class:`~.sqlite.SqliteStore` and
holds the archive's lock for this spider; with ``-s KHABAR_STATE=`` (and in
``scrapy replay``) a :class:`~.memory.MemoryStore` for this run only.

* **Before fetching**, spiders ask :meth:`should_fetch` about each article URL:
  known stories (and pages found not to be articles) are not fetched again,
  failures are retried up to ``KHABAR_MAX_ATTEMPTS`` runs, and a feed/sitemap date newer than the last
  capture asks for a recheck; :meth:`recent` lists stories to recheck.
* **Stories** are claimed for this run by the story pipeline and written to
  the store only on ``item_scraped``, i.e. once the item is in the default
  feed and its WARC records are flushed; a URL whose item was dropped as a
  copy is remembered too.  Commits are batched; after a crash the items the
  feed holds beyond the last commit are read back at the next start
  (:meth:`recover_feeds`), so every story is emitted exactly once across runs.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from collections import deque
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

from itemadapter import ItemAdapter
from scrapy import signals

from ..archive.writer import run_of, safe_name
from ..discovery import parse_date
from ..identity import story_keys, text_digest
from ..sites import definition_named
from ..urls import url_key
from ..writefail import NotWritten, archive_write_failed
from .lock import ArchiveLock
from .memory import MemoryStore
from .records import Story, UrlRecord
from .sqlite import SqliteStore

logger = logging.getLogger(__name__)

DEFAULT_STATE = "state.sqlite"  # under ARCHIVE_DIR
RETRYABLE = ("failed",)  # "not_article" (a gallery, a listing) is remembered


class ArchiveUnusable(Exception):
    pass


def utc_iso(value: Optional[str]) -> Optional[str]:
    """An ISO date as sortable UTC text (for 'published in the last N days')."""
    when = parse_date(value) if value else None
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if when else None


def state_path(settings) -> Optional[Path]:
    """The state database of this crawl, or None for a crawl that remembers
    nothing: ``-s KHABAR_STATE=``, or a whole-crawl replay (``WARC_REPLAY``),
    which re-reads a past capture and must not mark its stories as new work done."""
    value = settings.get("KHABAR_STATE", "default")
    if value in (None, "", False) or settings.getlist("WARC_REPLAY"):
        return None
    archive = Path(settings.get("ARCHIVE_DIR") or "archive")
    return archive / DEFAULT_STATE if value == "default" else Path(value)


def check_writable(directory: Path, min_free: int) -> None:
    """One clear error before any fetch for an archive we cannot write to."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".probe-{os.getpid()}"
        with open(probe, "wb") as fh:
            fh.write(b"\0" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
        probe.unlink()
    except OSError as exc:
        raise ArchiveUnusable(f"{directory}: cannot write to the archive directory ({exc.strerror or exc})") from None
    free = shutil.disk_usage(directory).free
    if free < min_free:
        raise ArchiveUnusable(f"{directory}: only {free // 2**20} MB free (KHABAR_MIN_FREE_MB is "
                              f"{min_free // 2**20}); free some space or move ARCHIVE_DIR")


class CrawlState:
    def __init__(self, crawler, store, archive_dir: Path, lock: Optional[ArchiveLock] = None):
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = store
        self.archive_dir = archive_dir
        self.lock = lock
        self.run = f"run-{uuid.uuid4()}"  # the run of items archived nowhere
        self.max_attempts = crawler.settings.getint("KHABAR_MAX_ATTEMPTS", 3)
        self.lastmod_skew = crawler.settings.getfloat("KHABAR_LASTMOD_SKEW_SECONDS", 60)
        # stories of this run not yet in the store (a claim is dropped once
        # its story is written there: the store answers for it, and the run
        # does not hold every story it emitted in memory)
        self._claims: dict[str, Story] = {}
        self._claimed = False  # whether this run emitted anything
        # per feed, the offset its next start reads back from (every line
        # before it recorded), and the lines written past it, in file order:
        # [end offset, item, recorded]
        self._feed_offsets: dict[str, int] = {}
        self._feed_lines: dict[str, deque] = {}
        self._write_failed = False

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        archive_dir = Path(s.get("ARCHIVE_DIR") or "archive")
        path = state_path(s)
        lock = None
        if path is None and not s.get("KHABAR_REDIS_URL"):
            store = MemoryStore()
        else:
            check_writable(archive_dir, s.getint("KHABAR_MIN_FREE_MB", 64) * 2**20)
            spider_name = getattr(crawler.spidercls, "name", None) or "crawl"
            lock = ArchiveLock(archive_dir, spider_name).acquire()
            try:
                if s.get("KHABAR_REDIS_URL"):  # one state for a cluster of workers (crawler/cluster)
                    from ..cluster.store import RedisStore
                    store = RedisStore.from_crawler(crawler)
                else:
                    store = SqliteStore(path, s.get("KHABAR_VERSION", ""))
            except Exception:
                lock.release()
                raise
        state = cls(crawler, store, archive_dir, lock)
        crawler.signals.connect(state.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(state.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(state.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(state.item_error, signal=signals.item_error)
        crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(state.response_received, signal=signals.response_received)
        return state

    def response_received(self, response, request, spider=None) -> None:
        self.stats.inc_value(f"khabar/fetched/{request.meta.get('kind', 'page')}")

    def url_key(self, url: str) -> str:
        """The key an article URL is remembered by: the spider's live form of
        it (a mirror crawled under ``-a base_url`` on another port next time is
        still the same site), then :func:`crawler.urls.url_key`."""
        live_url = getattr(self.crawler.spider, "live_url", None)
        return url_key(live_url(url) if live_url else url)

    @property
    def persistent(self) -> bool:
        return self.store.persistent

    def _write(self, write) -> None:
        """``write()`` in one short transaction.  A failed write (disk full)
        stops the crawl with one error line (crawler/writefail.py) and later
        writes are skipped; the next run records what the feed holds."""
        if self._write_failed:
            return
        try:
            with self.store.transaction():
                write()
        except OSError as exc:
            self._write_failed = True
            archive_write_failed(self.crawler, "the crawl state", exc)

    # -- opening and closing ----------------------------------------------------
    def spider_opened(self, spider=None) -> None:
        if self.persistent:
            self.recover_feeds(self.crawler.spider.name)

    def spider_closed(self, spider=None, reason=None) -> None:
        self.store.close()
        if self.lock is not None:
            self.lock.release()

    def recover_feeds(self, spider_name: str) -> int:
        """Items a killed run wrote to its feed after its last commit count as
        emitted; a line cut off mid-write is removed (its story is fetched again)."""
        counted = []
        self._write(lambda: counted.append(self._recover_feeds(spider_name)))
        recovered = counted[0] if counted else 0
        if recovered:
            logger.warning("Crawl state: %d items written by an interrupted run were not yet recorded; "
                           "recorded now", recovered)
            self.stats.inc_value("khabar/state/recovered_items", recovered)
        return recovered

    def _recover_feeds(self, spider_name: str) -> int:
        recovered = 0
        # the feed's own file name for this spider (pipelines/feed.py): never a path
        for path in sorted((self.archive_dir / "items").glob(f"{safe_name(spider_name) or 'crawl'}-*.jsonl")):
            offset = self.store.feed_offset(str(path))
            size = path.stat().st_size
            if offset >= size:
                continue
            with open(path, "r+b") as fh:
                fh.seek(offset)
                data = fh.read()
                end = data.rfind(b"\n") + 1
                if end < len(data):
                    fh.truncate(offset + end)
                    logger.warning("%s: removed an item cut off by a crash (its story will be fetched again)", path)
            kept, elsewhere = [], 0
            for line in data[:end].splitlines():
                if line.strip():
                    try:
                        item = json.loads(line)
                        if self._emitted_elsewhere(item):
                            elsewhere += 1
                            continue
                        self._remember_item(item)
                    except (ValueError, KeyError, TypeError) as exc:
                        logger.warning("%s: unreadable line skipped: %s", path, exc)
                        kept.append(line + b"\n")
                        continue
                    recovered += 1
                kept.append(line + b"\n")
            if elsewhere:  # a cluster worker killed between its feed line and its record
                with open(path, "r+b") as fh:
                    fh.seek(offset)
                    fh.truncate()
                    fh.write(b"".join(kept))
                end = len(b"".join(kept))
                logger.warning("%s: removed %d items another worker emitted after this one was killed", path, elsewhere)
                self.stats.inc_value("khabar/cluster/recovered_elsewhere", elsewhere)
            self.store.save_feed_offset(str(path), offset + end)
        return recovered

    def _emitted_elsewhere(self, item: dict) -> bool:
        """A cluster's store (crawler/cluster) records this version of the
        story as captured in another run: another worker emitted it."""
        if not hasattr(self.store, "claim"):
            return False
        keys = story_keys(item["url"], item.get("canonical_url"), definition_named(item.get("site")))
        known = self.store.find_story(keys)
        warc = item.get("warc")
        run = run_of(warc["file"]) if warc else None
        return known is not None and known.version >= (item.get("version") or 1) and known.run != run

    def _remember_item(self, item: dict) -> Story:
        site = definition_named(item.get("site"))
        keys = story_keys(item["url"], item.get("canonical_url"), site)
        known = self.store.find_story(keys)
        if known is not None:
            keys = known.keys + [k for k in keys if k not in known.keys]
        warc = item.get("warc")
        story = Story(key=known.key if known else keys[0], site=item.get("site"), url=item["url"],
                      version=item.get("version") or 1, text_digest=text_digest(item.get("text")),
                      run=run_of(warc["file"]) if warc else self.run, fetched_at=item.get("fetched_at"),
                      warc=warc, published=item.get("published"), keys=keys)
        self.store.save_story(story)
        self.store.save_url(UrlRecord(key=self.url_key(item["url"]), url=item["url"], outcome="done", story=story.key,
                                      fetched_at=item.get("fetched_at"),
                                      record_id=(warc or {}).get("record_id"),
                                      published=utc_iso(item.get("published"))))
        return story

    # -- stories (the story pipeline) ------------------------------------------
    def find_story(self, keys: list[str]) -> Optional[Story]:
        for key in keys:
            if key in self._claims:
                return self._claims[key]
        return self.store.find_story(keys)

    def claim(self, story: Story) -> bool:
        """Claim ``story`` for this run; False when another worker of a
        cluster emits it (the store's own ``claim``, atomic across workers)."""
        shared = getattr(self.store, "claim", None)
        if shared is not None and not shared(story):
            return False
        for key in story.keys:
            self._claims[key] = story
        self._claimed = True
        return True

    def feed_written(self, path: str, offset: int, item) -> None:
        """``item``'s line ends at ``offset`` of the feed ``path``."""
        self._feed_lines.setdefault(path, deque()).append([offset, item, False])

    def _recorded_lines(self, item) -> None:
        """``item`` is being recorded: a feed's committed offset moves past
        its line and the recorded lines after it, never past a line written
        and not yet recorded (items finish their pipelines out of order: a
        crash then left that line's story neither recorded nor read back)."""
        for path, lines in self._feed_lines.items():
            for line in lines:
                if line[1] is item:
                    line[2] = True
                    break
            else:
                continue
            while lines and lines[0][2]:
                self._feed_offsets[path] = lines.popleft()[0]
            break

    def item_scraped(self, item, response=None, spider=None) -> None:
        self._recorded_lines(item)
        adapter = ItemAdapter(item)
        story = self.find_story(story_keys(adapter["url"], adapter.get("canonical_url"),
                                           definition_named(adapter.get("site"))))

        def write():
            if story is not None:
                self.store.save_story(story)
            self._save_fetch(adapter["url"], response, "done", story.key if story else None,
                             utc_iso(adapter.get("published")), adapter)
            self._save_redirects(response, story.key if story else None)
            for path, offset in self._feed_offsets.items():
                self.store.save_feed_offset(path, offset)

        self._write(write)
        if story is not None and not self._write_failed:
            for key in story.keys or [story.key]:  # in the store now
                if self._claims.get(key) is story:
                    del self._claims[key]

    def item_error(self, item, response=None, spider=None, failure=None) -> None:
        """A pipeline after the feed's failed on an item already written: its
        line is settled, so the feed's offset goes on past it (else it would
        stop there for the rest of the run, every later item held in memory);
        its story is not recorded, so the next run may emit it again."""
        self._recorded_lines(item)

    def item_dropped(self, item, response=None, exception=None, spider=None) -> None:
        # a copy of a known story, or outside the window: known, not to be fetched again
        self._recorded_lines(item)  # a line a later pipeline dropped: settled (its URL is recorded below)
        if isinstance(exception, NotWritten):
            return  # its output could not be written: the story is not done
        if getattr(exception, "claimed_elsewhere", False):
            # a live crawl's claim (crawler/cluster/store.py): that crawl
            # records the story when it emits it.  Not recorded as done here:
            # if that crawl dies before its record, the next run fetches the
            # URL again rather than losing the story.
            return
        adapter = ItemAdapter(item)
        story = self.find_story(story_keys(adapter["url"], adapter.get("canonical_url"),
                                           definition_named(adapter.get("site"))))

        def write():
            self._save_fetch(adapter["url"], response, "done", story.key if story else None,
                             utc_iso(adapter.get("published")), adapter)
            self._save_redirects(response, story.key if story else None)

        self._write(write)

    def _save_redirects(self, response, story: Optional[str]) -> None:
        """URLs that redirected to the page (a short link) are known with it."""
        for url in (response.meta.get("redirect_urls", ()) if response is not None else ()):
            if self.url_key(url) != self.url_key(response.url):
                self.store.save_url(UrlRecord(key=self.url_key(url), url=url, outcome="done", story=story,
                                              status=response.meta.get("redirect_reasons", [None])[0]))

    # -- article URLs (the spiders) ---------------------------------------------
    def _save_fetch(self, url: str, response, outcome: str, story: Optional[str], published: Optional[str],
                    item=None) -> None:
        meta = response.meta if response is not None else {}
        if response is None and item is not None:
            # an item with no response (``scrapy replay`` yields its articles
            # from start()) carries where and when it was captured itself
            meta = {"fetched_at": item.get("fetched_at"), "warc_record": item.get("warc")}
        headers = response.headers if response is not None else {}
        earlier = self.store.url(self.url_key(url))

        def header(name):
            value = headers.get(name) if headers else None
            return value.decode("latin-1") if value else None

        pointer = meta.get("warc_record") or {}
        unchanged = meta.get("khabar_unchanged")
        record = UrlRecord(
            key=self.url_key(url), url=url, outcome=outcome, attempts=0, story=story or (earlier.story if earlier else None),
            status=response.status if response is not None else None,
            etag=header("ETag") or (earlier.etag if earlier and unchanged else None),
            last_modified=header("Last-Modified") or (earlier.last_modified if earlier and unchanged else None),
            # a revisit keeps pointing at the full capture it refers to
            payload_digest=(earlier.payload_digest if unchanged and earlier else meta.get("payload_digest")),
            fetched_at=(earlier.fetched_at if unchanged and earlier else meta.get("fetched_at")),
            record_id=(earlier.record_id if unchanged and earlier else pointer.get("record_id")),
            published=published or (earlier.published if earlier else None))
        self.store.save_url(record)

    def fetch_done_unchanged(self, response) -> None:
        """A recheck answered 304 or with the same payload: nothing new."""
        self._write(lambda: self._save_fetch(response.url, response, "done", None, None))

    def fetch_failed(self, url: str, outcome: str, status: Optional[int] = None) -> None:
        key = self.url_key(url)
        earlier = self.store.url(key)
        if earlier is not None and earlier.outcome == "done":
            return  # a failed recheck does not undo a capture
        attempts = (earlier.attempts if earlier else 0) + 1
        self._write(lambda: self.store.save_url(UrlRecord(key=key, url=url, outcome=outcome, attempts=attempts,
                                                          status=status)))

    def should_fetch(self, url: str, story_id: Optional[str], lastmod: Optional[datetime] = None):
        """``(fetch, detail)``: whether to request an article URL; when it is
        to be fetched, the earlier capture to recheck against (None for a
        first fetch), else why not (``known``, ``gave_up``)."""
        if not self.persistent and not self._claimed:
            return True, None
        record = self.store.url(self.url_key(url))
        if record is not None:
            if record.outcome in RETRYABLE:
                if record.attempts >= self.max_attempts:
                    self.stats.inc_value("khabar/skipped/gave_up")
                    return False, "gave_up"
                self.stats.inc_value("khabar/state/retried")
                return True, None
            if lastmod is not None and record.fetched_at and lastmod > parse_date(record.fetched_at):
                if lastmod > datetime.now(timezone.utc) - timedelta(seconds=self.lastmod_skew):
                    # a date of "now" (or later) is a sitemap stamped when served, not an edit
                    self.stats.inc_value("khabar/recheck/lastmod_untrusted")
                else:
                    self.stats.inc_value("khabar/recheck/lastmod")
                    return True, record
            self.stats.inc_value("khabar/skipped/known")
            return False, "known"
        if story_id and self.store.find_story([story_id]) is not None:
            self.stats.inc_value("khabar/skipped/known")
            return False, "known"
        return True, None

    # -- page requisites (crawler/requisites.py) --------------------------------
    # Kept beside the article URLs, under "requisite <url key>", outcome
    # "requisite"; ``published`` holds when it was last checked (fetched or
    # found unchanged), ``fetched_at``/``record_id``/``payload_digest`` the
    # full capture a revisit record refers to.
    def requisite_key(self, url: str) -> str:
        return "requisite " + self.url_key(url)

    def requisite(self, url: str) -> Optional[UrlRecord]:
        """The last capture of a requisite by an earlier run, or None."""
        if not self.persistent:
            return None
        return self.store.url(self.requisite_key(url))

    def requisite_captured(self, response) -> None:
        if not self.persistent:
            return
        meta = response.meta
        # known under the URL the page asked for (a redirect's target is where it led)
        key = self.requisite_key((meta.get("redirect_urls") or [response.url])[0])
        unchanged = meta.get("khabar_unchanged") or response.status == 304
        checked = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

        def header(name):
            value = response.headers.get(name)
            return value.decode("latin-1") if value else None

        def write():
            earlier = self.store.url(key)
            if unchanged and earlier is not None:
                earlier.published = checked
                earlier.etag = header("ETag") or earlier.etag
                earlier.last_modified = header("Last-Modified") or earlier.last_modified
                self.store.save_url(earlier)
                return
            pointer = meta.get("warc_record") or {}
            self.store.save_url(UrlRecord(
                key=key, url=response.url, outcome="requisite", status=response.status, etag=header("ETag"),
                last_modified=header("Last-Modified"), payload_digest=meta.get("payload_digest"),
                fetched_at=meta.get("fetched_at"), record_id=pointer.get("record_id"), published=checked))

        self._write(write)

    def recent(self, days: float) -> list[UrlRecord]:
        since = (datetime.now(timezone.utc) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        return list(self.store.recent_urls(since))
