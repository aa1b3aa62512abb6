"""``Retry-After`` honoured on 429 and 503 answers.

Scrapy's ``RetryMiddleware`` retries a 429/503 at once (three tries within a
few milliseconds), so a server asking for a pause never gets one.  This
downloader middleware sits just above it (560 > 550: it sees responses
first).  A 429 or 503 carrying ``Retry-After`` (delay-seconds or an
HTTP-date, RFC 9110 §10.2.3):

* within ``KHABAR_RETRY_AFTER_MAX`` seconds (default 120): the request is
  retried (``RETRY_TIMES``, counted as Scrapy counts retries) no earlier than
  the server asked.  The wait is an ``await`` on the reactor in
  ``process_request``, so the crawl goes on meanwhile; the waiting request
  only holds one of the downloader's ``CONCURRENT_REQUESTS`` places.
  Counted under ``khabar/retry_after/waited``.
* beyond the cap: given up at once, with one log line and
  ``khabar/retry_after/over_cap`` (``RetryMiddleware`` does not retry it
  either; the spider's errback sees the HTTP error).

Answers without ``Retry-After`` (or with one that cannot be read) are left to
``RetryMiddleware``.  A whole-crawl replay (``WARC_REPLAY``) does not wait.
"""

from __future__ import annotations

import logging
import time
from datetime import timezone
from email.utils import parsedate_to_datetime
from typing import Optional

from twisted.internet import reactor
from twisted.internet.task import deferLater

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.utils.defer import maybe_deferred_to_future

logger = logging.getLogger(__name__)

STATUSES = (429, 503)
META = "khabar_retry_at"


def retry_after_seconds(value: Optional[bytes], now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait from a ``Retry-After`` value, or None if it is not one.
    A date in the past means no wait."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class RetryAfterMiddleware:
    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.cap = s.getfloat("KHABAR_RETRY_AFTER_MAX", 120.0)
        self.enabled = s.getbool("RETRY_ENABLED", True)
        self.max_retry_times = s.getint("RETRY_TIMES", 2)
        self.wait = not s.getlist("WARC_REPLAY")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        retry_at = request.meta.get(META)
        if retry_at is not None and self.wait:
            delay = retry_at - time.time()
            if delay > 0:
                await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return None

    def process_response(self, request, response, spider=None):
        if not self.enabled or response.status not in STATUSES or request.meta.get("dont_retry"):
            return response
        delay = retry_after_seconds(response.headers.get(b"Retry-After"))
        if delay is None:
            return response  # RetryMiddleware's business
        if delay > self.cap:
            self.stats.inc_value("khabar/retry_after/over_cap")
            logger.warning("Giving up %s: HTTP %d asks to retry after %ds, more than KHABAR_RETRY_AFTER_MAX=%ds",
                           request.url, response.status, delay, self.cap)
            request.meta["dont_retry"] = True
            return response
        retry = get_retry_request(request, spider=self.crawler.spider,
                                  reason=f"{response.status} Retry-After {delay:g}s",
                                  max_retry_times=request.meta.get("max_retry_times", self.max_retry_times))
        if retry is None:  # retries used up (logged by get_retry_request)
            request.meta["dont_retry"] = True
            return response
        retry.meta[META] = time.time() + delay
        self.stats.inc_value("khabar/retry_after/waited")
        logger.debug("Retrying %s in %gs (HTTP %d, Retry-After)", request.url, delay, response.status)
        return retry
