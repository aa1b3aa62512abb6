"""The spider behind ``scrapy replay``: archived responses through the crawl's own steps.

``start()`` reads captures from the archives
(:class:`crawler.archive.reader.ArchiveReader`) and, for each HTML response of
interest, takes the crawl's steps without the engine's request round trip
(scheduler, downloader slots, middleware chains: two thirds of the main
process's CPU per record when each capture was a request): the response is
rebuilt as both replays rebuild it (:func:`.replay.replayed_response`) and
decoded by the crawl's capped decompression middleware; the same callback
step extracts it (:mod:`crawler.articles`, ``extract()`` in the extraction
pool); the crawl's provenance rule stamps it (``warc`` = the record read,
``fetched_at`` = its ``WARC-Date``: :func:`crawler.middlewares.provenance.stamp`);
and ``start()`` yields the ``Article`` as an item, in archive order, to the
same item pipelines (date window, one item per story per run, versions) and
feed exports, so the JSON Lines are the crawl's, line for line.

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
from collections import deque
from typing import Optional
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object

from ..articles import extract_response
from ..items import Article
from ..middlewares.provenance import stamp
from ..middlewares.sizecaps import maxsizes
from ..requisites import is_requisite_type
from ..sites import SITES, get_site, site_for_url
from ..window import DateWindow
from .reader import ArchiveReader, Capture, ReadError
from .replay import oversize, replayed_response

logger = logging.getLogger(__name__)

KHABAR_FILE = re.compile(r"^(?:[A-Za-z0-9_.]+)-([A-Za-z0-9_.]+)-\d{20}-\d{5}-")


_YIELD_EVERY = 64  # records read without handing the loop a turn, at most
# what a crawl's downloader does to a response that replay does too (the rest
# is fetching: robots, retries, redirects, size caps on the wire, capture)
_REPLAYED_STEPS = (HttpCompressionMiddleware, MetaRefreshMiddleware)


class ReplaySpider(scrapy.Spider):
    name = "replay"
    custom_settings = {
        "WARC_ENABLED": False,  # reading archives must not write new ones
        "KHABAR_STATE": "",  # one run: a story's versions come from the archive itself
        "ROBOTSTXT_OBEY": False,
        "LOGSTATS_INTERVAL": 0,
        # A replay requests nothing: no downloader middleware or download handler
        # is built (their imports, TLS among them, were a fifth of a start-up),
        # and a request that reached the downloader would fail, not fetch.
        "DOWNLOADER_MIDDLEWARES_BASE": {},
        "DOWNLOADER_MIDDLEWARES": {},
        "DOWNLOAD_HANDLERS_BASE": {},
        "DOWNLOAD_HANDLERS": {},
        # pages per hand-off to an extraction worker (crawler/workers.py)
        "EXTRACTION_BATCH": 4,
    }

    # Spider middlewares see a replay's items through ``process_start`` only:
    # the ones that act on requests or responses have nothing to do, and each
    # would wrap every item in one more async generator.  (Provenance is
    # stamped by the spider itself, with the middleware's own rule.)
    UNUSED_SPIDER_MIDDLEWARES = ("scrapy.spidermiddlewares.urllength.UrlLengthMiddleware",
                                 "scrapy.spidermiddlewares.depth.DepthMiddleware",
                                 "crawler.middlewares.provenance.ProvenanceMiddleware",
                                 "crawler.middlewares.sitemapcap.SitemapCapMiddleware",
                                 "crawler.middlewares.hostilexml.HostileDocumentMiddleware",
                                 "crawler.middlewares.limits.LedgeredUrlLengthMiddleware",
                                 "crawler.middlewares.limits.LedgeredDepthMiddleware")

    @classmethod
    def update_settings(cls, settings):
        # the crawl's downloader middlewares, as the project configures them,
        # read before the replay turns the downloader off: its response
        # steps come from there (see _downloader_steps)
        crawl_steps = build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))
        super().update_settings(settings)
        settings.set("KHABAR_CRAWL_DOWNLOADER_MIDDLEWARES", crawl_steps, priority="spider")
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
        """The request ``cap`` answers, or None: which captures a replay
        extracts, each skip counted."""
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
            # download_maxsize: the article cap, for decompression (crawler/middlewares/sizecaps.py)
            return scrapy.Request(cap.url, dont_filter=True,
                                  meta={"kind": "article", "khabar_site": site_name or host or None,
                                        "khabar_rules": site_name, "download_maxsize": self._article_cap})
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

    def _downloader_steps(self) -> list:
        """The crawl's downloader middlewares that still act on a replayed
        response, taken from the crawl's own ``DOWNLOADER_MIDDLEWARES`` (so a
        project that swaps one for its own subclass is followed) in the order
        a response meets them: the decompression (Khabar's cuts a bomb at the
        article size cap, counted under ``khabar/hostile/gzip_bomb``), then the
        meta refresh a crawl follows instead of extracting the page; each left
        out when its setting turns it off, as for a crawl."""
        steps = []
        enabled = self.crawler.settings.getlist("KHABAR_CRAWL_DOWNLOADER_MIDDLEWARES")
        for path in reversed(enabled):  # process_response runs from the highest order down
            cls = load_object(path)
            if not (isinstance(cls, type) and issubclass(cls, _REPLAYED_STEPS)):
                continue
            try:
                steps.append(build_from_crawler(cls, self.crawler))
            except NotConfigured:
                pass
        return steps

    async def start(self):
        stats = self.crawler.stats
        settings = self.crawler.settings
        reader = ArchiveReader(on_error=self._on_error, max_record=settings.getint("KHABAR_REPLAY_MAX_RECORD"))
        self.reader = reader
        self._article_cap = maxsizes(settings)["article"]
        self._steps = self._downloader_steps()
        self.progress = progress = Progress(self, reader)
        # Captures in flight are held in memory: at most a window of them,
        # yielded in archive order (the first capture of a story is the one kept).
        window = max(8, settings.getint("EXTRACTION_WORKERS", 1) * 8)
        pending: deque[asyncio.Future] = deque()
        try:
            for n, cap in enumerate(reader.iter_paths(self.paths), 1):
                stats.inc_value("khabar/replay/responses")
                progress.tick()
                request = self._request(cap)
                if request is not None:
                    pending.append(asyncio.ensure_future(self._replay(request, cap)))
                elif n % _YIELD_EVERY == 0:
                    # a long run of skipped records (requisites, other sites)
                    # still lets the loop turn: batches go out, Ctrl-C is heard
                    await asyncio.sleep(0)
                while pending and (len(pending) >= window or pending[0].done()):
                    article = await pending.popleft()
                    if article is not None:
                        yield article
            while pending:
                article = await pending.popleft()
                if article is not None:
                    yield article
        finally:
            for task in pending:  # the replay was stopped (Ctrl-C, an error): nothing left running
                task.cancel()
            for key, value in reader.stats.items():
                stats.set_value(f"khabar/replay/reader/{key}", value)

    async def _replay(self, request: scrapy.Request, cap: Capture) -> Optional[Article]:
        """``cap`` as the crawl's response to ``request``, decoded, extracted and stamped."""
        try:
            try:
                response = self._downloaded(request, replayed_response(cap, request))
            except Exception as exc:  # as the crawl's errback hears it: counted, one line, the replay goes on
                self.crawler.stats.inc_value("khabar/replay/failed")
                # a bomb cut by the size cap was already reported by the middleware
                log = logger.debug if isinstance(exc, IgnoreRequest) else logger.warning
                log("%s: offset %s: cannot replay %s: %s", cap.path, cap.offset, cap.url, exc)
                return None
            if response is None:
                return None
            self.crawler.signals.send_catch_log(signals.response_received, response=response, request=request,
                                                spider=self)
            rules = request.meta.get("khabar_rules")
            article = await extract_response(self, response, get_site(rules) if rules else None)
            return stamp(article, response.meta, self) if article is not None else None
        except Exception:  # a bug must not end the replay: this capture is lost, and said so
            self.crawler.stats.inc_value("khabar/replay/failed")
            logger.exception("%s: offset %s: cannot replay %s", cap.path, cap.offset, cap.url)
            return None
        finally:
            self.progress.tick()

    def _downloaded(self, request: scrapy.Request, response) -> Optional[scrapy.http.Response]:
        """``response`` through :meth:`_downloader_steps`; None (counted) for a
        page the crawl would leave by its meta refresh (the page it points to,
        if archived, is replayed from its own record).  Raises as the
        middlewares do: ``IgnoreRequest`` for a bomb, or a decoder's error."""
        for step in self._steps:
            result = step.process_response(request, response)
            if isinstance(result, scrapy.Request):
                self.crawler.stats.inc_value("khabar/replay/skipped/meta_refresh")
                return None
            response = result
        return response

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
