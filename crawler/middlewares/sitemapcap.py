"""A crawl-level cap on sitemap documents and on sitemap-index depth.

A sitemap index may name further indexes without end (a CMS that answers
``/sitemap.xml?page=N`` with an index naming ``?page=N+1`` was followed
27,000 times).  This spider middleware watches every request a callback
yields with ``meta["kind"] == "sitemap"``:

* its depth is its parent's plus one (a sitemap from a seed, a probe or
  robots.txt is depth 0), kept in ``meta["khabar_sitemap_depth"]``; a request
  deeper than ``KHABAR_SITEMAP_DEPTH`` (default 5) is dropped and counted
  under ``khabar/hostile/sitemap_loop``;
* at most ``KHABAR_MAX_SITEMAPS`` (default 2000) distinct sitemap URLs are
  requested from callbacks; the rest are dropped and counted under
  ``khabar/skipped/sitemap_cap``.

Each cap logs one warning line the first time it is hit.  The spiders stay
as they are: they only set ``meta["kind"]``.
"""

from __future__ import annotations

import logging

from scrapy import Request

from ..ledger import UrlLedger

logger = logging.getLogger(__name__)

DEPTH = "khabar_sitemap_depth"


class SitemapCapMiddleware:
    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_sitemaps = s.getint("KHABAR_MAX_SITEMAPS", 2000)
        self.max_depth = s.getint("KHABAR_SITEMAP_DEPTH", 5)
        self.requested: set[str] = set()
        self.warned: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def keep(self, response, request) -> bool:
        if not isinstance(request, Request) or request.meta.get("kind") != "sitemap":
            return True
        depth = (response.meta.get(DEPTH, 0) if response is not None else 0) + 1
        request.meta[DEPTH] = depth
        if depth > self.max_depth:
            self.drop("khabar/hostile/sitemap_loop", request.url, "Sitemap index deeper than KHABAR_SITEMAP_DEPTH=%d "
                      "(a sitemap loop?): %s from %s not followed", self.max_depth, request.url,
                      response.url if response is not None else "?")
            return False
        if request.url in self.requested:
            return True  # the dupefilter's business
        if len(self.requested) >= self.max_sitemaps:
            self.drop("khabar/skipped/sitemap_cap", request.url, "KHABAR_MAX_SITEMAPS=%d sitemaps requested: %s and further "
                      "sitemaps not followed", self.max_sitemaps, request.url)
            return False
        self.requested.add(request.url)
        return True

    def drop(self, stat: str, url: str, message: str, *args) -> None:
        self.stats.inc_value(stat)
        ledger = self.crawler.get_extension(UrlLedger)
        if ledger is not None:  # the request is not followed: its URL's outcome
            ledger.settle(url, f"skipped/{stat.rsplit('/', 1)[-1]}")
        if stat not in self.warned:
            self.warned.add(stat)
            logger.warning(message, *args)

    def process_spider_output(self, response, result, spider=None):
        for out in result:
            if self.keep(response, out):
                yield out

    async def process_spider_output_async(self, response, result, spider=None):
        async for out in result:
            if self.keep(response, out):
                yield out
