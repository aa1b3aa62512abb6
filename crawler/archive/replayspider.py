"""The spider behind ``scrapy replay``: archived responses through the crawl's own path.

``start()`` reads captures from the archives
(:class:`crawler.archive.reader.ArchiveReader`) and yields, for each HTML
response of interest, a request that :class:`~.replay.CaptureResponseMiddleware`
answers with the archived response (no network).  From there every capture
takes the crawl's path: the same callback step (:mod:`crawler.articles`,
``extract()`` in the extraction pool), the same provenance stamping
(``warc`` = the record read, ``fetched_at`` = its ``WARC-Date``), the same
item pipelines (date window, one item per story per run, versions) and feed
exports, so the JSON Lines are the crawl's, line for line.

Which site's rules apply to a capture: the site owning the URL; else, for a
file Khabar wrote (``khabar-<spider>-…``) by a site spider, that site (a crawl
of a mirror on another host); else the generic path (the bare host).  As in
a crawl, a known site's pages are extracted only when the site calls their
URL an article URL; other responses are counted, not extracted
(``-a article_urls_only=0`` hands every HTML page to the extractor instead).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
import time
from typing import Optional
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest

from ..articles import extract_response
from ..middlewares.sizecaps import maxsizes
from ..requisites import is_requisite_type
from ..sites import SITES, get_site, site_for_url
from ..window import DateWindow
from .reader import ArchiveReader, Capture, ReadError
from .replay import oversize

logger = logging.getLogger(__name__)

KHABAR_FILE = re.compile(r"^(?:[A-Za-z0-9_.]+)-([A-Za-z0-9_.]+)-\d{20}-\d{5}-")


class ReplaySpider(scrapy.Spider):
    name = "replay"
    custom_settings = {
        "WARC_ENABLED": False,  # reading archives must not write new ones
        "KHABAR_STATE": "",  # one run: a story's versions come from the archive itself
        "ROBOTSTXT_OBEY": False,
        "LOGSTATS_INTERVAL": 0,
        "CONCURRENT_REQUESTS": 64,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "RETRY_ENABLED": False,
        "REDIRECT_ENABLED": False,
        # A replayed response yields at most one item.  Scrapy starts
        # CONCURRENT_ITEMS (default 100) asyncio tasks for every response's
        # output whatever its size: a third of the main process's CPU here.
        "CONCURRENT_ITEMS": 1,
        # answers each request with its capture (replaces the crawl's own
        # list), decoded under the crawl's size caps (a bomb in a WARC is cut)
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.archive.replay.CaptureResponseMiddleware": 950,
            "crawler.middlewares.sizecaps.SizeCapMiddleware": 50,
            "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
            "crawler.middlewares.sizecaps.CappedHttpCompressionMiddleware": 590,
            # what only dresses or routes an outgoing request: no request leaves a replay
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
            "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            "scrapy.downloadermiddlewares.downloadtimeout.DownloadTimeoutMiddleware": None,
            "scrapy.downloadermiddlewares.defaultheaders.DefaultHeadersMiddleware": None,
            "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
            "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware": None,
        },
    }

    # A replayed article yields items only: the spider middlewares that
    # follow requests have nothing to do (the crawl's own ones stay).
    # (RefererMiddleware stays: MetaRefreshMiddleware asks for it.)
    UNUSED_SPIDER_MIDDLEWARES = ("scrapy.spidermiddlewares.urllength.UrlLengthMiddleware",
                                 "scrapy.spidermiddlewares.depth.DepthMiddleware")

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        middlewares = settings.getdict("SPIDER_MIDDLEWARES")
        middlewares.update(dict.fromkeys(cls.UNUSED_SPIDER_MIDDLEWARES))
        settings.set("SPIDER_MIDDLEWARES", middlewares, priority="spider")

    def __init__(self, paths=(), site: Optional[str] = None, since: Optional[str] = None,
                 until: Optional[str] = None, progress: Optional[str] = None,
                 article_urls_only: str = "1", **kw):
        super().__init__(**kw)
        self.paths = list(paths)
        if site and site not in SITES:
            raise ValueError(f"unknown site {site!r}; known: {', '.join(sorted(SITES))}")
        self.site_filter = site
        self.window = DateWindow.from_args(since, until)
        self.progress_mode = progress  # "bar", "log", "off" or None (auto)
        # As a crawl does: a known site's page is extracted only if its URL is an article URL.
        # -a article_urls_only=0 sends every HTML page of known sites to the extractor's classifier.
        self.article_urls_only = str(article_urls_only).lower() not in ("0", "false", "no")
        self.errors: list[ReadError] = []
        self._outstanding = 0
        self._room: Optional[asyncio.Event] = None

    # -- site of a capture ------------------------------------------------------
    def _site_name(self, cap: Capture) -> Optional[str]:
        site = site_for_url(cap.url)
        if site is not None:
            return site.name
        m = KHABAR_FILE.match(cap.file)
        if m and m.group(1) in SITES:
            return m.group(1)
        return None

    def _request(self, cap: Capture) -> Optional[scrapy.Request]:
        stats = self.crawler.stats
        if not 200 <= cap.status < 300:
            stats.inc_value("khabar/replay/skipped/status")
            return None
        content_type = next((v for k, v in cap.headers if k.lower() == "content-type"), "")
        if is_requisite_type(content_type):  # a page's stylesheet, image, script (crawler/requisites.py)
            stats.inc_value("khabar/replay/skipped/requisite")
            return None
        site_name = self._site_name(cap)
        if self.site_filter and site_name != self.site_filter:
            stats.inc_value("khabar/replay/skipped/other_site")
            return None
        if site_name and self.article_urls_only:
            # listed_in_feed: the crawl may have met this URL in a feed or sitemap
            if not get_site(site_name).is_article_url(cap.url, listed_in_feed=True):
                stats.inc_value("khabar/replay/skipped/not_article_url")
                return None
        if oversize(cap, "article", self._article_cap, stats):
            return None
        host = (urlsplit(cap.url).hostname or "").removeprefix("www.")
        try:
            return scrapy.Request(cap.url, callback=self.parse_article, errback=self.on_error, dont_filter=True,
                                  meta={"warc_capture": cap, "kind": "article", "khabar_site": site_name or host or None,
                                        "khabar_rules": site_name})
        except ValueError as exc:
            stats.inc_value("khabar/replay/skipped/bad_url")
            logger.warning("%s: offset %s: not a URL Scrapy can request (%s)", cap.path, cap.offset, exc)
            return None

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
        stats = self.crawler.stats
        # Captures in flight are held in memory: at most a window of them.
        window = max(8, self.crawler.settings.getint("EXTRACTION_WORKERS", 1) * 8)
        self._room = asyncio.Event()
        settings = self.crawler.settings
        reader = ArchiveReader(on_error=self._on_error, max_record=settings.getint("KHABAR_REPLAY_MAX_RECORD"))
        self.reader = reader
        self._article_cap = maxsizes(settings)["article"]
        self.progress = progress = Progress(self, reader)
        try:
            for cap in reader.iter_paths(self.paths):
                stats.inc_value("khabar/replay/responses")
                request = self._request(cap)
                progress.tick()
                if request is None:
                    continue
                while self._outstanding >= window:
                    self._room.clear()
                    await self._room.wait()
                self._outstanding += 1
                yield request
        finally:
            for key, value in reader.stats.items():
                stats.set_value(f"khabar/replay/reader/{key}", value)

    def _release(self) -> None:
        self._outstanding -= 1
        self.progress.tick()
        if self._room is not None:
            self._room.set()

    async def parse_article(self, response):
        try:
            rules = response.meta.get("khabar_rules")
            article = await extract_response(self, response, get_site(rules) if rules else None)
            if article is not None:
                yield article
        finally:
            self._release()

    def on_error(self, failure) -> None:
        self._release()
        self.crawler.stats.inc_value("khabar/replay/failed")
        # a response dropped by a middleware (a size cap...) was already reported by it
        log = logger.debug if failure.check(IgnoreRequest) else logger.warning
        log("Cannot replay %s: %s", failure.request.url, failure.getErrorMessage())

    def closed(self, reason) -> None:
        progress = getattr(self, "progress", None)
        if progress is not None:
            progress.done()


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
        line = (f"{recs} records ({recs / el:.0f}/s), {s.get_value('khabar/articles', 0)} articles, "
                f"{s.get_value('khabar/non_article', 0)} non-articles, "
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
