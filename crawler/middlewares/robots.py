"""robots.txt obeyed by RFC 9309, for every request (start requests too).

Replaces ``scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware``
(disabled in ``crawler/settings.py``) for two reasons:

* **Requests that wait for robots.txt were let through.**  Scrapy 2.19 keeps
  one ``Deferred`` per host while robots.txt is being fetched, and every
  request that arrives meanwhile awaits it through
  ``maybe_deferred_to_future`` = ``Deferred.asFuture``.  ``asFuture``
  *consumes* the result (its callback returns None), so only the first
  waiter gets the parser; every later one gets ``None``, which means "no
  robots.txt, allow".  Khabar's spiders yield all their probes, feeds,
  sitemaps and seed listings from ``start()`` at once, so most of them were
  waiting: with ``Disallow: /`` 14 of the generic spider's 19 start requests
  were fetched.  Here each waiter gets its own Deferred.
* **Unreachable robots.txt meant "allow everything".**  RFC 9309 §2.3.1:
  a 4xx answer ("unavailable") allows everything; a 5xx answer or a network
  error or timeout ("unreachable") means *complete disallow*.  Khabar also
  reads 429 Too Many Requests as unreachable (the server is asking us to go
  away), and so is a robots.txt over its size cap (``crawler/middlewares/sizecaps.py``,
  e.g. a gzip bomb).  One warning line per host, counted under
  ``khabar/robots/unreachable``, no traceback.

Each refused request raises ``IgnoreRequest`` (counted under
``khabar/robots/forbidden`` and Scrapy's ``robotstxt/forbidden``).  The
``robots_parsed`` signal is still sent for a robots.txt that was read, so the
spiders get its ``Sitemap:`` lines.  A robots.txt request that is itself
ignored (``IgnoreRequest``, e.g. a whole-crawl replay whose archive lacks it)
leaves the host unrestricted, as in Scrapy.

A robots.txt that fails is tried ``RETRY_TIMES`` more times first.

Settings: ``ROBOTSTXT_OBEY``, ``ROBOTSTXT_PARSER``, ``ROBOTSTXT_USER_AGENT``
as in Scrapy, and ``KHABAR_ROBOTSTXT_TIMEOUT`` (seconds, default 30): the
download timeout of a robots.txt request.
"""

from __future__ import annotations

import logging
from typing import Union

from twisted.internet.defer import Deferred

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object

logger = logging.getLogger(__name__)


class DisallowAll:
    """The rule set of an unreachable robots.txt (RFC 9309 §2.3.1.4)."""

    def __init__(self, reason: str):
        self.reason = reason

    def allowed(self, url, user_agent) -> bool:
        return False


class AllowAll:
    """The rule set of an unavailable (4xx) robots.txt (RFC 9309 §2.3.1.3)."""

    def allowed(self, url, user_agent) -> bool:
        return True


Rules = Union[DisallowAll, AllowAll, object]  # object: a ROBOTSTXT_PARSER instance


class RobotsTxtMiddleware:
    DOWNLOAD_PRIORITY = 1000

    def __init__(self, crawler):
        s = crawler.settings
        if not s.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self._default_useragent = s.get("USER_AGENT")
        self._robotstxt_useragent = s.get("ROBOTSTXT_USER_AGENT")
        self._timeout = s.getfloat("KHABAR_ROBOTSTXT_TIMEOUT", 30.0)
        self._retries = max(s.getint("RETRY_TIMES", 2), 0) if s.getbool("RETRY_ENABLED", True) else 0
        self._parserimpl = load_object(s.get("ROBOTSTXT_PARSER"))
        # netloc -> rules, or the list of Deferreds waiting for them
        self._rules: dict[str, Rules] = {}
        self._waiting: dict[str, list[Deferred]] = {}
        self._fetches: dict[str, Deferred] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request: Request, spider=None) -> None:
        if request.meta.get("dont_obey_robotstxt") or request.url.startswith(("data:", "file:")):
            return None
        rules = await self.rules_for(request)
        useragent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        if not rules.allowed(request.url, useragent):
            self.stats.inc_value("robotstxt/forbidden")
            self.stats.inc_value("khabar/robots/forbidden")
            reason = getattr(rules, "reason", None)
            logger.debug("Forbidden by robots.txt%s: %s", f" ({reason})" if reason else "", request)
            raise IgnoreRequest(f"Forbidden by robots.txt{f' ({reason})' if reason else ''}")
        return None

    async def rules_for(self, request: Request) -> Rules:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc in self._rules:
            return self._rules[netloc]
        waiter: Deferred = Deferred()
        first = netloc not in self._waiting
        self._waiting.setdefault(netloc, []).append(waiter)
        if first:
            # Not awaited here: the first request waits like the others.
            self._fetch(f"{url.scheme}://{netloc}/robots.txt", netloc, request)
        return await maybe_deferred_to_future(waiter)

    def _fetch(self, robots_url: str, netloc: str, request: Request) -> None:
        robots_request = Request(
            robots_url,
            priority=self.DOWNLOAD_PRIORITY,
            meta={"dont_obey_robotstxt": True, "kind": "robots", "download_timeout": self._timeout,
                  "dont_retry": True},
            callback=NO_CALLBACK,
        )
        dfd = deferred_from_coro(self._read(robots_request, netloc, request))
        dfd.addErrback(lambda f: self._settle(netloc, DisallowAll(f"internal error: {f.getErrorMessage()}")))
        self._fetches[netloc] = dfd  # keep a reference until it is done

    async def _read(self, robots_request: Request, netloc: str, request: Request) -> None:
        # Retried here (RETRY_TIMES), not by RetryMiddleware: one warning line
        # when robots.txt stays unreachable, not an ERROR per give-up as well.
        for attempt in range(self._retries + 1):
            self.stats.inc_value("robotstxt/request_count")
            try:
                response: Response = await self.crawler.engine.download_async(robots_request.copy())
            except IgnoreRequest as exc:
                if isinstance(exc.__cause__, _DecompressionMaxSizeExceeded):  # a gzip bomb
                    self._unreachable(netloc, robots_request.url, f"inflates past {exc.__cause__.max_size} bytes")
                else:  # not fetched (e.g. a replay whose archive lacks it): as in Scrapy
                    self._settle(netloc, AllowAll())
                return
            except Exception as exc:  # timeout, refused, DNS, TLS...: unreachable
                failure = f"{type(exc).__name__}: {exc}".rstrip(": ")
                continue
            self.stats.inc_value("robotstxt/response_count")
            self.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            if response.status >= 500 or response.status == 429:
                failure = f"HTTP {response.status}"
                continue
            break
        else:
            self._unreachable(netloc, robots_request.url, failure)
            return
        if 400 <= response.status < 500:
            self.stats.inc_value("khabar/robots/unavailable")
            logger.info("%s answered HTTP %d: no robots.txt, every path allowed (RFC 9309)",
                        robots_request.url, response.status)
            rules = build_from_crawler(self._parserimpl, self.crawler, b"")
        else:
            rules = build_from_crawler(self._parserimpl, self.crawler, response.body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=rules, request=request)
        self._settle(netloc, rules)

    def _unreachable(self, netloc: str, url: str, reason: str) -> None:
        self.stats.inc_value("khabar/robots/unreachable")
        logger.warning("robots.txt unreachable (%s): %s; nothing on %s is fetched (RFC 9309: "
                       "an unreachable robots.txt means complete disallow)", reason, url, netloc)
        self._settle(netloc, DisallowAll(f"unreachable: {reason}"))

    def _settle(self, netloc: str, rules: Rules) -> None:
        if netloc in self._rules:
            return
        self._rules[netloc] = rules
        self._fetches.pop(netloc, None)
        for waiter in self._waiting.pop(netloc, []):
            waiter.callback(rules)
