"""Downloader middleware writing every fetched exchange to WARC.

Place it *above* 600 (e.g. 650) in ``DOWNLOADER_MIDDLEWARES``: responses
travel from high to low priority numbers, so at 650 it sees them before
``RedirectMiddleware`` (600) swallows 3xx and before
``HttpCompressionMiddleware`` (590) decodes gzip/br bodies; it therefore
archives redirects, robots.txt, feeds, sitemaps and pages exactly as sent
(see :mod:`crawler.archive.http` for what Scrapy cannot give).

For each response it writes, it sets on the request (``response.meta`` is
the same dict):

* ``meta["warc_record"] = {"file", "offset", "record_id"}`` of the response record;
* ``meta["fetched_at"]`` = that record's ``WARC-Date``.

Disabled (``NotConfigured``) when ``WARC_ENABLED`` is false or ``WARC_REPLAY``
is set (a replayed crawl must not re-archive what it reads); responses whose
request carries ``meta["warc_replayed"]`` are never written either.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import NotConfigured

from .writer import writer_for_crawler

logger = logging.getLogger(__name__)

ARCHIVED_SCHEMES = ("http://", "https://")


class WarcCaptureMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self._writer = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("WARC_ENABLED", True):
            raise NotConfigured("WARC_ENABLED is off")
        if s.getlist("WARC_REPLAY"):
            raise NotConfigured("WARC_REPLAY is set: replayed responses are not re-archived")
        return cls(crawler)

    @property
    def writer(self):
        if self._writer is None:
            self._writer = writer_for_crawler(self.crawler)
        return self._writer

    def process_response(self, request, response, spider=None):
        if request.meta.get("warc_replayed") or not response.url.startswith(ARCHIVED_SCHEMES):
            return response
        try:
            ip = response.ip_address
            pointer, date = self.writer.write_exchange(
                url=response.url, status=response.status, response_headers=response.headers,
                body=response.body, protocol=response.protocol, ip=str(ip) if ip else None,
                method=request.method, request_headers=request.headers, request_body=request.body or b"")
        except OSError as exc:  # disk full, permissions: say so, keep crawling
            logger.error("WARC capture failed for %s: %s", response.url, exc)
            self.stats.inc_value("khabar/warc/errors")
            return response
        request.meta["warc_record"] = pointer.as_meta()
        request.meta["fetched_at"] = date
        self.stats.inc_value(f"khabar/warc/status/{response.status}")
        return response
