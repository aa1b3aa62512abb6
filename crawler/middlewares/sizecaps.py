"""Size caps per kind of document: a gzip bomb or an endless page cannot take
the crawl's memory.

Scrapy's own cap is ``DOWNLOAD_MAXSIZE`` (1 GB) for every response: one
hostile URL could buffer a gigabyte, four of them four.  A news page over a
few MB is not an article, so each request gets the cap of its kind
(``request.meta["kind"]``, set by the spiders: article, listing, pagination,
feed, sitemap, probe, robots) through ``meta["download_maxsize"]``, which
Scrapy honours twice:

* for the transfer (the download handler aborts at the ``Content-Length``,
  or as soon as the bytes received pass the cap): counted here under
  ``khabar/hostile/oversize`` (and ``.../<kind>``);
* for decompression (``HttpCompressionMiddleware`` inflates in 64 KiB steps
  and stops at the cap): ``CappedHttpCompressionMiddleware`` counts it under
  ``khabar/hostile/gzip_bomb`` (and ``.../<kind>``).

Scrapy logs one warning line for each, naming the URL and the sizes; the
request then fails (the spider's errback counts ``fetch_failed/<kind>``).

``KHABAR_MAXSIZE`` maps a kind to bytes (``-s 'KHABAR_MAXSIZE={"article": 4000000}'``
changes only the kinds it names); ``default`` applies to a request of any
other kind.  A request's own ``meta["download_maxsize"]`` wins.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.utils._compression import _DecompressionMaxSizeExceeded

logger = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_MAXSIZE = {
    "article": 8 * MB,
    "listing": 8 * MB,
    "pagination": 8 * MB,
    "feed": 32 * MB,
    "sitemap": 64 * MB,  # the sitemap protocol allows 50 MB uncompressed
    "probe": 64 * MB,  # the generic spider's sitemap and feed guesses
    "robots": 2 * MB,  # RFC 9309 asks parsers to read at least 500 KiB
    "default": 16 * MB,
}


def maxsizes(settings) -> dict[str, int]:
    caps = dict(DEFAULT_MAXSIZE)
    caps.update({k: int(v) for k, v in settings.getdict("KHABAR_MAXSIZE").items()})
    return caps


def kind_of(request) -> str:
    return request.meta.get("kind") or "default"


class SizeCapMiddleware:
    """Sets ``meta["download_maxsize"]`` by kind; counts transfers cut short."""

    def __init__(self, crawler):
        self.stats = crawler.stats
        self.caps = maxsizes(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        kind = kind_of(request)
        request.meta.setdefault("download_maxsize", self.caps.get(kind, self.caps["default"]))
        return None

    def process_exception(self, request, exception, spider=None):
        if isinstance(exception, DownloadCancelledError) and request.meta.get("download_maxsize"):
            kind = kind_of(request)
            self.stats.inc_value("khabar/hostile/oversize")
            self.stats.inc_value(f"khabar/hostile/oversize/{kind}")
        return None


class CappedHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression (capped by ``download_maxsize``), with the
    responses it cuts counted."""

    def process_response(self, request, response, spider=None):
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            if isinstance(exc.__cause__, _DecompressionMaxSizeExceeded):
                kind = kind_of(request)
                self.stats.inc_value("khabar/hostile/gzip_bomb")
                self.stats.inc_value(f"khabar/hostile/gzip_bomb/{kind}")
            raise
