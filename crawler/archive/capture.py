"""Downloader middleware writing every fetched exchange to WARC.

Place it *above* 600 (e.g. 650) in ``DOWNLOADER_MIDDLEWARES``: responses
travel from high to low priority numbers, so at 650 it sees them before
``RedirectMiddleware`` (600) swallows 3xx and before
``HttpCompressionMiddleware`` (590) decodes gzip/br bodies; it therefore
archives redirects, robots.txt, feeds, sitemaps and pages exactly as sent
(see :mod:`crawler.archive.http` for what Scrapy cannot give).  It writes
through the crawl's :class:`~.extension.WarcArchive`.

For each response it writes, it sets on the request (``response.meta`` is
the same dict):

* ``meta["warc_record"] = {"file", "offset", "record_id"}`` of the response record;
* ``meta["fetched_at"]`` = that record's ``WARC-Date``;
* ``meta["payload_digest"]`` = its ``WARC-Payload-Digest``.

A recheck of a story archived earlier carries ``meta["khabar_recheck"]``
(the earlier capture's digest, URI, date and record id).  A ``304`` to it,
or a ``200`` whose payload digest equals the earlier one, is written as a
``revisit`` record instead of a full copy, and ``meta["khabar_unchanged"]``
names the revisit profile.

Responses whose request carries ``meta["warc_replayed"]`` are never written.
A failed write (disk full, read-only) stops the crawl: the response is
dropped (an exchange not archived is not used) and ``crawler.writefail``
closes the spider with one error line.
"""

from __future__ import annotations

import base64
import hashlib
import logging

from scrapy.exceptions import IgnoreRequest, NotConfigured

from ..writefail import archive_write_failed

from .extension import WarcArchive, archiving

logger = logging.getLogger(__name__)

ARCHIVED_SCHEMES = ("http://", "https://")


def payload_digest(body: bytes) -> str:
    """``WARC-Payload-Digest`` as warcio writes it (``sha1:`` + base32)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


class WarcCaptureMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self._archive = None

    @classmethod
    def from_crawler(cls, crawler):
        if not archiving(crawler.settings):
            raise NotConfigured  # by the user's choice: no warning
        return cls(crawler)

    @property
    def archive(self) -> WarcArchive:
        if self._archive is None:
            self._archive = self.crawler.get_extension(WarcArchive)
            if self._archive is None:
                raise NotConfigured("WarcCaptureMiddleware needs the WarcArchive extension in EXTENSIONS")
        return self._archive

    async def process_response(self, request, response, spider=None):
        if request.meta.get("warc_replayed") or not response.url.startswith(ARCHIVED_SCHEMES):
            return response
        ip = response.ip_address
        common = dict(url=response.url, status=response.status, response_headers=response.headers,
                      protocol=response.protocol, ip=str(ip) if ip else None, method=request.method,
                      request_headers=request.headers)
        digest = payload_digest(response.body)
        earlier = request.meta.get("khabar_recheck")
        profile = None
        if earlier and response.status == 304:
            profile = "server-not-modified"
        elif earlier and response.status == 200 and earlier.get("digest") == digest:
            profile = "identical-payload-digest"
        try:
            if profile:
                pointer, date = await self.archive.call(
                    "write_revisit",
                    profile=profile, refers_to_uri=earlier["uri"], refers_to_date=earlier["date"],
                    refers_to_id=earlier.get("record_id"),
                    payload_digest=earlier.get("digest") if profile == "identical-payload-digest" else None,
                    **common)
                request.meta["khabar_unchanged"] = profile
            else:
                pointer, date = await self.archive.call(
                    "write_exchange", body=response.body, request_body=request.body or b"", **common)
        except OSError as exc:  # disk full, permissions: the crawl stops (crawler/writefail.py)
            self.stats.inc_value("khabar/warc/errors")
            archive_write_failed(self.crawler, "the WARC archive", exc)
            raise IgnoreRequest(f"not archived: {response.url}") from None
        request.meta["warc_record"] = pointer.as_meta()
        request.meta["fetched_at"] = date
        request.meta["payload_digest"] = digest
        self.stats.inc_value(f"khabar/warc/status/{response.status}")
        return response
