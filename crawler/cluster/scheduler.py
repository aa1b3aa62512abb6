"""A Scrapy scheduler on Redis shared by every worker of a crawl, with leases.

Enabled by ``-s KHABAR_REDIS_URL=redis://host:port/db`` (the add-on in
:mod:`crawler.cluster.addon` sets ``SCHEDULER`` to this class).  Keys, for a
frontier named after the spider (and its site, for ``news -a site=``)::

    <prefix>:<frontier>:queue     ZSET request id -> score (priority first, then FIFO)
    <prefix>:<frontier>:requests  HASH request id -> the pickled request (Request.to_dict)
    <prefix>:<frontier>:scores    HASH request id -> its queue score (to put it back)
    <prefix>:<frontier>:leases    ZSET request id -> lease expiry (ms, Redis' clock)
    <prefix>:<frontier>:owners    HASH request id -> the crawl holding the lease
    <prefix>:<frontier>:requeues  HASH request id -> times its lease expired
    <prefix>:<frontier>:seen      SET of request fingerprints (the shared duplicate filter)
    <prefix>:<frontier>:items     items emitted, all workers
    <prefix>:workers              ZSET crawl -> last seen (epoch seconds)
    <prefix>:worker:<crawl>       liveness of a crawl: expires with its leases

**Crawls.**  Each scheduler is one consumer of a frontier, named
``host-pid/spider/token`` (:func:`~crawler.cluster.connection.crawl_id`):
``scrapy crawlall`` runs one per site in one process.  Its leases, its
liveness key and the story claims its items make
(:meth:`~crawler.cluster.store.RedisStore.claim_as`) are its own, renewed
together in one script, so the liveness key expires no later than any lease
of the crawl: a crawl that dies (or stalls, or closes) while the other crawls
of its process go on loses its claims with its leases, and the worker that
takes a requeued request may emit its story in this run.

**Leases.**  :meth:`next_request` moves a request from the queue to the
leases in one Lua script; it stays there, renewed every
``KHABAR_REDIS_LEASE_SECONDS``/4 by this worker, until the engine is done
with it: downloaded, its callback run and every item it yielded through the
pipelines (written to the feed and recorded), or its errback run, or its
redirect/retry enqueued.  Only then is it acknowledged (deleted).  When a
worker dies (``kill -9``) its leases stop being renewed, expire, and the next
pop by any worker puts them back in the queue with their priority.  A
requeued article whose URL the crawl state already records as done is not
fetched again.

**Priorities** are kept: the queue is ordered by ``-priority`` and, within a
priority, first in first out.

**Rounds.**  The duplicate filter lives as long as the crawl: the worker that
finds the frontier empty and no lease held when it finishes clears it, so the
next scheduled crawl fetches the seeds (front pages, feeds) again.

**Redis away.**  Every call goes through :meth:`RedisLink.call` (log, back
off, go on).  After ``KHABAR_REDIS_MAX_WAIT`` seconds the spider closes with
reason ``redis_unavailable``.

Knowing when the engine is done with a request reads the engine's set of
requests in progress (``engine._slot.inprogress``, Scrapy 2.x): the one place
this module touches Scrapy internals, in :func:`in_progress`.
"""

from __future__ import annotations

import logging
import pickle
import time
import uuid
from typing import Optional

from scrapy import signals
from scrapy.http import Request
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.request import request_from_dict
from twisted.internet import task

from ..ledger import UrlLedger
from ..urls import url_key
from .connection import RedisLink, RedisUnavailable, crawl_id

logger = logging.getLogger(__name__)

ENQUEUE = """
if ARGV[2] == '0' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
local seq = redis.call('INCR', KEYS[5])
local score = -tonumber(ARGV[3]) * 4294967296 + seq
redis.call('HSET', KEYS[3], ARGV[5], ARGV[4])
redis.call('HSET', KEYS[4], ARGV[5], score)
redis.call('ZADD', KEYS[2], score, ARGV[5])
return 1
"""

# KEYS: queue, leases, owners, requests, scores, requeues; ARGV: lease ms, worker
POP = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  local score = redis.call('HGET', KEYS[5], id)
  if score then
    redis.call('ZADD', KEYS[1], score, id)
    redis.call('HINCRBY', KEYS[6], id, 1)
  end
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0)
if #first == 0 then return {#expired} end
local id = first[1]
redis.call('ZREM', KEYS[1], id)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), id)
redis.call('HSET', KEYS[3], id, ARGV[2])
return {#expired, id, redis.call('HGET', KEYS[4], id), redis.call('HGET', KEYS[6], id) or '0'}
"""

# KEYS: queue, leases, owners, requests, scores, requeues; ARGV: worker, ids...
ACK = """
local n = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local leased = redis.call('ZSCORE', KEYS[2], id)
  local mine = leased and redis.call('HGET', KEYS[3], id) == ARGV[1]
  if mine or (not leased and redis.call('ZSCORE', KEYS[1], id)) then
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    redis.call('HDEL', KEYS[3], id)
    redis.call('HDEL', KEYS[4], id)
    redis.call('HDEL', KEYS[5], id)
    redis.call('HDEL', KEYS[6], id)
    n = n + 1
  end
end
return n
"""

# KEYS: leases, owners, liveness key; ARGV: crawl, lease ms, frontier, ids...
# The liveness key expires a millisecond before the leases renewed with it
# (a key lives through its expiry instant, a lease does not): a lease found
# expired never leaves its crawl's claims alive.
BEAT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expiry = now + tonumber(ARGV[2])
redis.call('SET', KEYS[3], ARGV[3])
redis.call('PEXPIREAT', KEYS[3], expiry - 1)
local n = 0
for i = 4, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[1] then
    redis.call('ZADD', KEYS[1], 'XX', expiry, ARGV[i])
    n = n + 1
  end
end
return n
"""

# KEYS: queue, leases, seen, seq; the round is over when nothing is queued or leased
END_ROUND = """
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3], KEYS[4])
  return 1
end
return 0
"""


def engine_slot(crawler):
    try:
        return getattr(crawler.engine, "_slot", None)
    except RuntimeError:  # no engine yet
        return None


def in_progress(crawler) -> Optional[set]:
    """The requests the engine is working on (downloading, or scraping the
    response and processing its items); None when it has no open slot."""
    return getattr(engine_slot(crawler), "inprogress", None)


def wake(crawler) -> None:
    """Ask the engine for requests now rather than at its next heartbeat (5 s)."""
    slot = engine_slot(crawler)
    if slot is not None and getattr(slot, "nextcall", None) is not None:
        slot.nextcall.schedule()


def frontier_name(spider) -> str:
    site = getattr(getattr(spider, "site", None), "name", None)
    return spider.name if not site or site == spider.name else f"{spider.name}.{site}"


class RedisScheduler:
    TICK = 0.5  # seconds between acknowledgements, renewals and wake-ups
    FORGET = 3600  # seconds after which a crawl not seen leaves <prefix>:workers

    def __init__(self, crawler, link: RedisLink, lease_seconds: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.link = link
        self.r = link.client
        self.lease_ms = int(lease_seconds * 1000)
        self.worker = crawl_id(getattr(crawler.spidercls, "name", None) or "crawl")  # this crawl
        self.leased: dict[str, Request] = {}  # request id -> the request the engine got
        self.local: list[Request] = []  # requests that cannot be pickled: this worker only
        self._scripts = {name: self.r.register_script(src) for name, src in
                         (("enqueue", ENQUEUE), ("pop", POP), ("ack", ACK), ("beat", BEAT),
                          ("end_round", END_ROUND))}
        self._pending_cache: tuple[float, bool] = (0.0, True)
        self._last_renew = 0.0
        self._items = 0
        self._closing = False
        self._loop: Optional[task.LoopingCall] = None

    @classmethod
    def from_crawler(cls, crawler) -> "RedisScheduler":
        s = crawler.settings
        return cls(crawler, RedisLink.from_settings(s, crawler.stats), s.getfloat("KHABAR_REDIS_LEASE_SECONDS", 60))

    # -- keys ---------------------------------------------------------------
    def k(self, name: str) -> str:
        return self.link.key(self.frontier, name)

    @property
    def lease_keys(self) -> list[str]:
        return [self.k("queue"), self.k("leases"), self.k("owners"), self.k("requests"), self.k("scores"),
                self.k("requeues")]

    # -- the Scrapy scheduler interface --------------------------------------
    def open(self, spider) -> None:
        self.spider = spider
        self.frontier = frontier_name(spider)
        self.fingerprinter = self.crawler.request_fingerprinter
        self.crawler.signals.connect(self._item_scraped, signal=signals.item_scraped)
        store = getattr(self.state, "store", None)
        if hasattr(store, "claim_as"):  # the story claims of this crawl live as long as its leases
            store.claim_as(self.worker)
        self._heartbeat()
        self._forget_old_crawls()
        queued = self._call(lambda: self.r.zcard(self.k("queue")), "open", 0)
        logger.info("Cluster crawl %s on Redis %s: frontier %r, %d requests queued, leases of %.0fs",
                    self.worker, self.link.url.split("@")[-1], self.frontier, queued, self.lease_ms / 1000)
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(self.TICK, now=False)

    def close(self, reason: str) -> None:
        self._closing = True
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self._acknowledge(everything=True)
        self._flush_items()
        # done with everything it held: its claims of stories not recorded
        # (an item whose write failed) are for any worker to take over now
        self._call(lambda: self.r.delete(self.liveness_key), "close", None)
        if reason == "finished":
            ended = self._call(lambda: self._scripts["end_round"](
                keys=[self.k("queue"), self.k("leases"), self.k("seen"), self.k("seq")]), "close", 0)
            if ended:
                logger.info("Cluster: frontier %r is empty and nothing is leased; this crawl is over "
                            "(its duplicate filter is cleared for the next one)", self.frontier)
        self.link.close()

    def has_pending_requests(self) -> bool:
        if self.local:
            return True
        self._acknowledge()
        at, pending = self._pending_cache
        if time.monotonic() - at < self.TICK:
            return pending

        def count():
            pipe = self.r.pipeline(transaction=False)
            pipe.zcard(self.k("queue"))
            pipe.zcard(self.k("leases"))
            return pipe.execute()

        queued, leased = self._call(count, "status", (0, 0))
        pending = bool(queued or leased or self.leased)
        self._pending_cache = (time.monotonic(), pending)
        return pending

    def enqueue_request(self, request: Request) -> bool:
        if request.meta.get("kind") == "article":
            # two spellings of one article URL (tracking parameters, www., a
            # trailing slash) are one page, as in a single process (base.py)
            fingerprint = "article " + url_key(request.url)
        else:
            fingerprint = self.fingerprinter.fingerprint(request).hex()
        try:
            data = pickle.dumps(request.to_dict(spider=self.spider), protocol=4)
        except (ValueError, TypeError, AttributeError, pickle.PicklingError) as exc:
            # a callback that is not a spider method, or a meta value that cannot travel
            logger.debug("Kept in this worker (cannot be shared: %s): %s", exc, request)
            self.stats.inc_value("khabar/cluster/local_requests")
            self.local.append(request)
            return True
        added = self._call(lambda: self._scripts["enqueue"](
            keys=[self.k("seen"), self.k("queue"), self.k("requests"), self.k("scores"), self.k("seq")],
            args=[fingerprint, int(request.dont_filter), request.priority, data, uuid.uuid4().hex]),
            "enqueue", None)
        if added is None:  # Redis gone for good: the spider is closing
            return False
        ledger = self.ledger
        if ledger is not None:  # whichever worker takes it from the frontier settles it
            for url in [*request.meta.get("redirect_urls", ()), request.url]:
                ledger.handed_off(url)
        if not added:
            self.stats.inc_value("dupefilter/filtered")
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.stats.inc_value("scheduler/enqueued")
        self._pending_cache = (time.monotonic(), True)
        return True

    def next_request(self) -> Optional[Request]:
        if self.local:
            self.stats.inc_value("scheduler/dequeued")
            return self.local.pop()
        if self._closing:
            return None
        self._acknowledge()
        while True:
            got = self._call(lambda: self._scripts["pop"](keys=self.lease_keys, args=[self.lease_ms, self.worker]),
                             "lease", None)
            if not got:
                return None
            if got[0]:
                logger.warning("Cluster: %d expired leases (a worker died or stalled) put back in the queue",
                               got[0])
                self.stats.inc_value("khabar/cluster/requeued", int(got[0]))
            if len(got) < 3:
                return None
            rid, data, requeues = got[1].decode(), got[2], int(got[3])
            if data is None:  # acknowledged meanwhile by the worker whose lease expired
                self._ack_ids([rid])
                continue
            request = request_from_dict(pickle.loads(data), spider=self.spider)
            if requeues and self._already_done(request):
                self.stats.inc_value("khabar/cluster/requeued_known")
                self._ack_ids([rid])
                continue
            request.meta["khabar_lease"] = rid
            self.leased[rid] = request
            if self.ledger is not None:  # met by another worker, perhaps: settled here
                for url in [*request.meta.get("redirect_urls", ()), request.url]:
                    self.ledger.taken(url)
            self.stats.inc_value("scheduler/dequeued/redis")
            self.stats.inc_value("scheduler/dequeued")
            return request

    @property
    def ledger(self) -> Optional[UrlLedger]:
        return self.crawler.get_extension(UrlLedger) if self.crawler is not None else None

    @property
    def state(self):
        """The crawl state (crawler/state/extension.py), or None."""
        from ..state.extension import CrawlState

        return self.crawler.get_extension(CrawlState) if self.crawler is not None else None

    def __len__(self) -> int:
        return len(self.local) + self._call(lambda: self.r.zcard(self.k("queue")), "status", 0)

    # -- leases -------------------------------------------------------------
    def _already_done(self, request: Request) -> bool:
        """A requeued article the crawl state records as done (its worker
        wrote the item, then died before acknowledging)."""
        if request.meta.get("kind") != "article":
            return False
        state = self.state
        # under the key the state records it by (a mirror's URL in its site's form)
        record = state.store.url(state.url_key(request.url)) if state is not None and state.persistent else None
        return record is not None and record.outcome == "done"

    def _acknowledge(self, everything: bool = False) -> None:
        if not self.leased:
            return
        busy = in_progress(self.crawler)
        if busy is None and not everything:
            return
        done = [rid for rid, request in self.leased.items() if everything or request not in busy]
        if done:
            self._ack_ids(done)
            for rid in done:
                self.leased.pop(rid, None)
            self._pending_cache = (0.0, True)

    def _ack_ids(self, ids: list[str]) -> None:
        acked = self._call(lambda: self._scripts["ack"](keys=self.lease_keys, args=[self.worker, *ids]), "ack", 0)
        self.stats.inc_value("khabar/cluster/acknowledged", acked or 0)

    @property
    def liveness_key(self) -> str:
        return self.link.key("worker", self.worker)

    def _heartbeat(self) -> None:
        """This crawl's liveness and its leases, renewed in one script."""
        def beat():
            pipe = self.r.pipeline(transaction=False)
            self._scripts["beat"](keys=[self.k("leases"), self.k("owners"), self.liveness_key],
                                  args=[self.worker, self.lease_ms, self.frontier, *self.leased], client=pipe)
            pipe.zadd(self.link.key("workers"), {self.worker: time.time()})
            return pipe.execute()

        self._call(beat, "heartbeat", None)
        self._last_renew = time.monotonic()

    def _forget_old_crawls(self) -> None:
        """One entry per crawl (a new one each run): drop those long gone."""
        def forget():
            pipe = self.r.pipeline(transaction=False)
            pipe.zremrangebyscore(self.link.key("workers"), "-inf", time.time() - self.FORGET)
            # <frontier>:workers, kept per frontier once and read by nothing: dropped
            pipe.delete(self.k("workers"))
            return pipe.execute()

        self._call(forget, "heartbeat", None)

    def _item_scraped(self, item, response=None, spider=None) -> None:
        self._items += 1

    def _flush_items(self) -> None:
        if self._items:
            n, self._items = self._items, 0
            self._call(lambda: self.r.incrby(self.k("items"), n), "count", None)

    def _tick(self) -> None:
        try:
            self._acknowledge()
            if time.monotonic() - self._last_renew >= self.lease_ms / 4000:
                self._heartbeat()
                self._flush_items()
            # new requests from other workers, expired leases, or the end of
            # the crawl: the engine looks now, not at its next heartbeat (5 s)
            wake(self.crawler)
        except Exception:  # the loop must go on; the next tick tries again
            logger.exception("Cluster scheduler tick failed")

    def _call(self, fn, what: str, default):
        try:
            return self.link.call(fn, what)
        except RedisUnavailable as exc:
            if not self._closing:
                self._closing = True
                logger.error("Cluster: %s; closing the spider (its leases expire and go back to the queue)", exc)
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="redis_unavailable"))
            return default
