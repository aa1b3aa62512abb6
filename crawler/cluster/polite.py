"""Politeness across workers: one delay and one concurrency limit per site
for the whole cluster, not per process.

A downloader middleware, enabled by the cluster add-on (turn it off with
``-s KHABAR_REDIS_POLITENESS=0``).  Before each download it asks Redis, in
one Lua script on Redis' clock, for the host's slot::

    <prefix>:polite:<host>:next     the earliest time (ms) the next request may start
    <prefix>:polite:<host>:active   ZSET token -> expiry: downloads under way, all workers

A request waits (``asyncio.sleep``) while ``CONCURRENT_REQUESTS_PER_DOMAIN``
downloads of the host are under way across the cluster, or until
``DOWNLOAD_DELAY`` (the spider's ``download_delay`` if set) has passed since the
previous start by any worker; the response or error frees its place.  A place
held by a worker killed mid-download frees itself after ``DOWNLOAD_TIMEOUT`` +
30 s.  So N workers on one site are no ruder than one.  (AutoThrottle still
adapts each worker's own delay on top of this; its latency-based delay is not
shared.)
"""

from __future__ import annotations

import asyncio
import uuid
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured

from .connection import RedisLink

# KEYS: next, active; ARGV: delay ms, limit, token, hold ms
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return -1 end
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < nxt then return nxt - now end
redis.call('SET', KEYS[1], now + tonumber(ARGV[1]), 'PX', tonumber(ARGV[1]) + 60000)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]))
return 0
"""

TOKEN = "khabar_polite"


class SharedPolitenessMiddleware:
    BUSY_WAIT = 0.05  # seconds between tries while the host's places are all taken

    def __init__(self, crawler, link: RedisLink):
        self.crawler = crawler
        self.stats = crawler.stats
        self.link = link
        self.r = link.client
        s = crawler.settings
        self.delay = s.getfloat("DOWNLOAD_DELAY", 0)
        self.limit = max(1, s.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 8))
        self.hold_ms = int((s.getfloat("DOWNLOAD_TIMEOUT", 180) + 30) * 1000)
        self._acquire = self.r.register_script(ACQUIRE)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("KHABAR_REDIS_URL"):
            raise NotConfigured("no KHABAR_REDIS_URL")
        return cls(crawler, RedisLink.from_settings(crawler.settings, crawler.stats))

    def _delay_ms(self) -> int:
        spider = self.crawler.spider
        delay = getattr(spider, "download_delay", None)
        return int(1000 * (delay if delay is not None else self.delay))

    async def process_request(self, request, spider=None):
        host = urlsplit(request.url).netloc.lower()  # a site, whatever its port
        keys = [self.link.key("polite", host, "next"), self.link.key("polite", host, "active")]
        token = uuid.uuid4().hex
        waited = 0.0
        while True:
            wait = self.link.call(lambda: self._acquire(keys=keys, args=[self._delay_ms(), self.limit, token,
                                                                          self.hold_ms]), "politeness")
            if wait == 0:
                break
            pause = self.BUSY_WAIT if wait < 0 else wait / 1000
            waited += pause
            await asyncio.sleep(pause)
        if waited:
            self.stats.inc_value("khabar/cluster/polite_waits")
        request.meta[TOKEN] = (keys[1], token)
        return None

    def _release(self, request) -> None:
        held = request.meta.pop(TOKEN, None)
        if held is not None:
            self.link.call(lambda: self.r.zrem(held[0], held[1]), "politeness")

    def process_response(self, request, response, spider=None):
        self._release(request)
        return response

    def process_exception(self, request, exception, spider=None):
        self._release(request)
        return None
