"""One Redis connection per component, and patience when Redis goes away.

Every Redis call of the cluster goes through :meth:`RedisLink.call`: when
Redis restarts (``LOADING``), refuses connections or times out, the call is
logged once, retried with exponential backoff (0.1 s doubling to 5 s), and
the worker goes on when Redis is back, logging how long it waited.  The crawl
pauses meanwhile (a worker can neither lease, acknowledge nor record a story
without Redis), so no request and no story is lost.  After
``KHABAR_REDIS_MAX_WAIT`` seconds :class:`RedisUnavailable` is raised: the
spider closes with reason ``redis_unavailable``, its leases expire and other
workers (or its own next start) take its requests.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import time
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.exceptions import BusyLoadingError, ConnectionError, ReadOnlyError, TimeoutError

logger = logging.getLogger(__name__)

T = TypeVar("T")
TRANSIENT = (ConnectionError, TimeoutError, BusyLoadingError, ReadOnlyError, ConnectionRefusedError)
DEFAULT_PREFIX = "khabar"


class RedisUnavailable(OSError):
    """Redis stayed unreachable longer than KHABAR_REDIS_MAX_WAIT.  An
    OSError: the crawl state reports it as a failed write (one error line,
    the crawl stops: crawler/writefail.py)."""


def process_id() -> str:
    """This process, as other workers see it: ``host-pid``."""
    return f"{socket.gethostname()}-{os.getpid()}"


def crawl_id(spider: str) -> str:
    """One crawl of this process (one consumer of a frontier; ``crawlall``
    runs several), as other workers see it: ``host-pid/spider/token``.  Its
    liveness key and its claims are its own, so they die with it, not with
    the process.  The token tells apart two crawls that would otherwise share
    a name (a restart given the same pid: a container's pid 1)."""
    return f"{process_id()}/{spider}/{secrets.token_hex(3)}"


def process_of(crawl: str) -> str:
    """The ``host-pid`` a crawl runs in (a host name holds no ``/``)."""
    return crawl.split("/", 1)[0]


def shown(url: str) -> str:
    """The URL without its password, for logs."""
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class RedisLink:
    def __init__(self, url: str, prefix: str = DEFAULT_PREFIX, max_wait: float = 300.0, stats=None):
        self.url = url
        self.prefix = prefix
        self.max_wait = max_wait
        self.stats = stats
        self.client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5,
                                           health_check_interval=30)

    @classmethod
    def from_settings(cls, settings, stats=None) -> "RedisLink":
        return cls(settings.get("KHABAR_REDIS_URL"), settings.get("KHABAR_REDIS_PREFIX") or DEFAULT_PREFIX,
                   settings.getfloat("KHABAR_REDIS_MAX_WAIT", 300.0), stats)

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def call(self, fn: Callable[[], T], what: str = "Redis") -> T:
        """``fn()``, retried with backoff while Redis is unreachable."""
        delay, waited, warned = 0.1, 0.0, False
        started = time.monotonic()
        while True:
            if self.stats is not None:  # one call: one command, one pipeline or one script
                self.stats.inc_value("khabar/cluster/redis_calls")
            try:
                result = fn()
            except TRANSIENT as exc:
                waited = time.monotonic() - started
                if waited >= self.max_wait:
                    raise RedisUnavailable(f"{shown(self.url)} unreachable for {waited:.0f}s ({exc})") from None
                if not warned:
                    logger.warning("Redis %s unreachable (%s: %s); waiting for it (%s)",
                                   shown(self.url), type(exc).__name__, exc, what)
                    warned = True
                    if self.stats is not None:
                        self.stats.inc_value("khabar/cluster/redis_outages")
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if warned:
                logger.warning("Redis %s reachable again after %.1fs", shown(self.url),
                               time.monotonic() - started)
            return result

    def ping(self) -> Any:
        return self.call(self.client.ping, "ping")

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:  # closing a connection to a Redis that went away
            pass
