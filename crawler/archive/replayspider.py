"""The spider behind ``scrapy replay``: archived responses -> the crawl's extraction -> items.

It makes no request at all.  ``start()`` reads captures from the archives
(:class:`crawler.archive.reader.ArchiveReader`, in this process: reading and
gzip are cheap), sends each HTML response of interest to a process pool where
:func:`extract_capture` content-decodes it and runs the same
``crawler.extraction.extract`` as a live crawl, and yields the resulting
``Article`` items in archive order.  Items then go through the project's item
pipelines and feed exports (``-o``/``-O``), exactly like a crawl's, so the JSON
Lines are the same byte for byte.

Which site's rules apply to a capture: the site owning the URL; else, for a
file Khabar wrote (``khabar-<spider>-…``) by a site spider, that site (a crawl
of a mirror on another host); else the generic path (``site=None``).  As in a
crawl, a known site's pages are extracted only when the site calls their URL
an article URL; other responses are counted, not extracted
(``-a article_urls_only=0`` hands every HTML page to the extractor instead).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
import time
from collections import deque
from typing import Optional
from urllib.parse import urlsplit

import scrapy

from .reader import ArchiveReader, Capture, ReadError

logger = logging.getLogger(__name__)

KHABAR_FILE = re.compile(r"^(?:[A-Za-z0-9_.]+)-([A-Za-z0-9_.]+)-\d{20}-\d{5}-")


def extract_capture(job: tuple) -> tuple[str, object]:
    """Worker: (url, body, headers, site_name, date, pointer) -> ("article", Article) | (kind, reason).

    A body that decodes past the reader's size cap comes back as ("capped", bytes)."""
    from crawler.extraction import ExtractionError, NotAnArticle, extract, looks_like_html
    from crawler.sites import get_site

    from .reader import MAX_DECODED, decode

    url, body, headers, site_name, date, pointer = job
    body, headers, capped = decode(body, headers)
    if capped:
        return "capped", MAX_DECODED
    ctype = next((v for k, v in headers if k.lower() == "content-type"), "")
    if not looks_like_html(ctype, body):
        return "not_html", ctype or "no content-type"
    site = get_site(site_name) if site_name else None
    try:
        article = extract(url, body, headers, site)
    except NotAnArticle as exc:
        return "non_article", exc.reason
    except ExtractionError as exc:
        return "extraction_error", str(exc)
    except Exception as exc:  # a bug in extraction must not end the replay
        return "extraction_error", f"{type(exc).__name__}: {exc}"
    if not article.site:
        # as the crawl names it: the definition, else the bare host (news spider)
        article.site = site.name if site is not None else (urlsplit(url).hostname or "").removeprefix("www.") or None
    article.fetched_at = date
    article.warc = pointer
    return "article", article


class ReplaySpider(scrapy.Spider):
    name = "replay"
    custom_settings = {
        "WARC_ENABLED": False,  # reading archives must not write new ones
        "ROBOTSTXT_OBEY": False,
        "LOGSTATS_INTERVAL": 0,
    }

    def __init__(self, paths=(), site: Optional[str] = None, since: Optional[str] = None,
                 until: Optional[str] = None, progress: Optional[str] = None,
                 article_urls_only: str = "1", **kw):
        super().__init__(**kw)
        from crawler.sites import SITES

        self.paths = list(paths)
        if site and site not in SITES:
            raise ValueError(f"unknown site {site!r}; known: {', '.join(sorted(SITES))}")
        for name, value in (("since", since), ("until", until)):
            if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(f"-a {name}= must be YYYY-MM-DD, got {value!r}")
        self.site_filter, self.since, self.until = site, since, until
        self.progress_mode = progress  # "bar", "log", "off" or None (auto)
        # As a crawl does: a known site's page is extracted only if its URL is an article URL.
        # -a article_urls_only=0 sends every HTML page of known sites to the extractor's classifier.
        self.article_urls_only = str(article_urls_only).lower() not in ("0", "false", "no")
        self.errors: list[ReadError] = []

    # -- site of a capture ------------------------------------------------------
    def _site_name(self, cap: Capture) -> Optional[str]:
        from crawler.sites import SITES, site_for_url

        site = site_for_url(cap.url)
        if site is not None:
            return site.name
        m = KHABAR_FILE.match(cap.file)
        if m and m.group(1) in SITES:
            return m.group(1)
        return None

    def _job(self, cap: Capture) -> Optional[tuple]:
        stats = self.crawler.stats
        if not 200 <= cap.status < 300:
            stats.inc_value("khabar/replay/skipped/status")
            return None
        site_name = self._site_name(cap)
        if self.site_filter and site_name != self.site_filter:
            stats.inc_value("khabar/replay/skipped/other_site")
            return None
        if site_name and self.article_urls_only:
            from crawler.sites import get_site

            # listed_in_feed: the crawl may have met this URL in a feed or sitemap
            if not get_site(site_name).is_article_url(cap.url, listed_in_feed=True):
                stats.inc_value("khabar/replay/skipped/not_article_url")
                return None
        return (cap.url, cap.body, cap.headers, site_name, cap.date, cap.pointer)

    def _in_window(self, article) -> bool:
        day = (article.published or "")[:10]
        if not day:
            return True
        if self.since and day < self.since:
            return False
        if self.until and day > self.until:
            return False
        return True

    # -- the loop ----------------------------------------------------------------
    def _on_error(self, err: ReadError) -> None:
        if err.fatal:
            self.errors.append(err)
            self.crawler.stats.inc_value("khabar/replay/unreadable")
            logger.error("%s", err)
        else:
            self.crawler.stats.inc_value("khabar/replay/warnings")
            logger.warning("%s", err)

    async def start(self):
        from crawler.workers import make_executor

        stats = self.crawler.stats
        workers = self.crawler.settings.getint("REPLAY_WORKERS", 0) or os.cpu_count() or 1
        window = max(4, workers * 4)
        pool = make_executor(workers)  # the crawl's pool kind: forked workers on Linux
        reader = ArchiveReader(on_error=self._on_error)
        self.reader = reader
        progress = Progress(self, reader)
        pending: deque = deque()
        loop = asyncio.get_running_loop()
        try:
            for cap in reader.iter_paths(self.paths):
                stats.inc_value("khabar/replay/responses")
                job = self._job(cap)
                if job is not None:
                    pending.append((loop.run_in_executor(pool, extract_capture, job), cap))
                while len(pending) >= window:
                    item = await self._next_result(pending)
                    if item is not None:
                        yield item
                    progress.tick()
                progress.tick()
            while pending:
                item = await self._next_result(pending)
                if item is not None:
                    yield item
                progress.tick()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for key, value in reader.stats.items():
                stats.set_value(f"khabar/replay/reader/{key}", value)
            progress.done()

    async def _next_result(self, pending: deque) -> Optional[object]:
        future, cap = pending.popleft()
        return self._result(await future, cap)

    def _result(self, result, cap: Capture) -> Optional[object]:
        kind, value = result
        stats = self.crawler.stats
        if kind == "capped":
            self.reader.capped(cap, value)
        if kind == "article":
            if not self._in_window(value):
                stats.inc_value("khabar/replay/out_of_window")
                return None
            stats.inc_value("khabar/replay/articles")
            return value
        stats.inc_value(f"khabar/replay/{kind}")
        if kind == "non_article":
            stats.inc_value(f"khabar/replay/non_article/{value}")
        elif kind == "extraction_error":
            logger.warning("Cannot extract: %s", value)
        return None


class Progress:
    """records/s, articles, skipped: a bar on a terminal, a log line every 10 s otherwise."""

    def __init__(self, spider: ReplaySpider, reader: ArchiveReader):
        self.spider, self.reader = spider, reader
        mode = spider.progress_mode
        if mode is None:
            mode = "bar" if sys.stderr.isatty() else "log"
        self.mode = mode
        self.t0 = self.last = time.monotonic()
        self.total_bytes = sum(os.path.getsize(p) for p in self._files())

    def _files(self):
        from .reader import expand_paths

        return [p for p in expand_paths(self.spider.paths, lambda e: None) if os.path.isfile(p)]

    def _line(self) -> str:
        s = self.spider.crawler.stats
        el = max(time.monotonic() - self.t0, 1e-6)
        recs = self.reader.stats["records"]
        line = (f"{recs} records ({recs / el:.0f}/s), {s.get_value('khabar/replay/articles', 0)} articles, "
                f"{s.get_value('khabar/replay/non_article', 0)} non-articles, "
                f"{s.get_value('khabar/replay/unreadable', 0)} unreadable")
        return line

    def tick(self) -> None:
        now = time.monotonic()
        if self.mode == "bar" and now - self.last >= 0.2:
            self.last = now
            frac = min(self.reader.bytes_read / self.total_bytes, 1.0) if self.total_bytes else 0.0
            bar = "#" * int(frac * 30)
            sys.stderr.write(f"\r[{bar:<30}] {frac:4.0%} {self._line()}   ")
            sys.stderr.flush()
        elif self.mode == "log" and now - self.last >= 10:
            self.last = now
            logger.info("Replay progress: %s", self._line())

    def done(self) -> None:
        if self.mode == "bar":
            sys.stderr.write("\n")
        el = time.monotonic() - self.t0
        logger.info("Replay done in %.1f s: %s", el, self._line())
