"""Scrapy's ``DEPTH_LIMIT`` and ``URLLENGTH_LIMIT``, with an outcome for what they drop.

Scrapy's ``DepthMiddleware`` and ``UrlLengthMiddleware`` drop a request over
the limit with a stat and no more: the URL, already met by the crawl, was
left pending and closed as ``unfinished/finished`` with a warning that the
ledger had missed it (33 of 64 URLs of the bundled namehnews mirror under
``-s DEPTH_LIMIT=1``).  These subclasses, in their places in
``SPIDER_MIDDLEWARES``, do exactly what Scrapy's do and settle each dropped
URL as ``skipped/depth_limit`` or ``skipped/url_length`` (crawler/ledger.py);
for the depth limit, the spider forgets it asked for the URL: a shallower
page may lead to it later, as Scrapy's duplicate filter (which never saw the
dropped request) would let it.

The spider's backlog (crawler/backlog.py) hands the requests it makes later
to the crawler's instances of these (``KhabarSpider.as_if_from``), so a
sitemap's entries meet the limits whether made at once or later.
"""

from __future__ import annotations

from scrapy.spidermiddlewares.depth import DepthMiddleware
from scrapy.spidermiddlewares.urllength import UrlLengthMiddleware

from ..ledger import UrlLedger


class _SettlesDrops:
    """What both limits add to Scrapy's: a dropped request's URL gets an
    outcome, for now (another page may lead to it within the limit: the
    ledger's outcome is then that request's, see PROVISIONAL in
    crawler/ledger.py), and the spider is told (``forget_request``); with
    ``forget``, it forgets it asked for the URL, as Scrapy's duplicate filter
    never saw it.  A URL too long stays too long: it is not asked for again
    (another spelling of its story may be)."""

    rule: str
    forget: bool

    def get_processed_request(self, request, response):
        processed = super().get_processed_request(request, response)
        if processed is None:
            ledger = self.crawler.get_extension(UrlLedger)
            if ledger is not None:
                ledger.discovered(request.url)  # met by the spider already (else met now)
                ledger.settle(request.url, f"skipped/{self.rule}")
            forget_request = getattr(self.crawler.spider, "forget_request", None)
            if forget_request is not None:
                forget_request(request, again=self.forget)
        return processed


class LedgeredDepthMiddleware(_SettlesDrops, DepthMiddleware):
    rule, forget = "depth_limit", True


class LedgeredUrlLengthMiddleware(_SettlesDrops, UrlLengthMiddleware):
    rule, forget = "url_length", False
