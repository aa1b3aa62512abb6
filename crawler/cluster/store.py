"""The crawl state in Redis: what :class:`~crawler.state.sqlite.SqliteStore`
keeps, shared by every worker of a cluster (``-s KHABAR_REDIS_URL=``).

Keys (``<prefix>`` is ``KHABAR_REDIS_PREFIX``, default ``khabar``)::

    <prefix>:state:story:<key>      JSON of a Story (its keys included)
    <prefix>:state:key:<any key>    -> the story's first key
    <prefix>:state:url:<url key>    JSON of a UrlRecord
    <prefix>:state:published        ZSET url key -> published (epoch seconds), outcome "done"
    <prefix>:state:feeds            HASH "<host>:<feed path>" -> offset committed
    <prefix>:claim:<key>:<version>  the crawl emitting that version of that story

Writes inside :meth:`transaction` go to Redis in one MULTI/EXEC when it ends
(read back meanwhile from a local overlay).

**Claims** (:meth:`claim`): the story pipeline claims ``(story, version)``
under every key of the story in one Lua script, in the name of its crawl
(``host-pid/spider/token``: one crawl of a process, ``crawlall`` runs
several).  A key claimed by a live crawl (its liveness key
``<prefix>:worker:<crawl>`` exists) refuses the claim, so each version of each
story is emitted by one crawl in total; a claim of a crawl that died before
the story was recorded is taken over.

A crawl's scheduler (crawler/cluster/scheduler.py) binds the store to its
crawl (:meth:`claim_as`) and renews that key with its leases, expiring no
later than them, so a claim does not outlive the crawl's lease on the request
whose item made it: the worker that takes a dead crawl's requeued request
takes over its claim too, in the same run.
A store no scheduler binds (a script, a test) keeps itself alive: each claim
it wins renews its liveness key for one lease (``KHABAR_REDIS_LEASE_SECONDS``).
"""

from __future__ import annotations

import json
import socket
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Iterable, Iterator, Optional

from ..state.records import Story, UrlRecord
from .connection import RedisLink, crawl_id

CLAIM_TTL = 30 * 86400  # claims are only garbage after their story is recorded

# KEYS: claim keys; ARGV[1]: this crawl; ARGV[2]: liveness key prefix; ARGV[3]: ttl;
# ARGV[4]: ms a won claim keeps this crawl alive (0: its scheduler keeps it alive)
CLAIM = """
for i, key in ipairs(KEYS) do
  local holder = redis.call('GET', key)
  if holder and holder ~= ARGV[1] and redis.call('EXISTS', ARGV[2] .. holder) == 1 then
    return 0
  end
end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[1], 'EX', tonumber(ARGV[3]))
end
if tonumber(ARGV[4]) > 0 then
  redis.call('SET', ARGV[2] .. ARGV[1], 'store', 'PX', tonumber(ARGV[4]))
end
return 1
"""


def epoch(iso: Optional[str]) -> Optional[float]:
    if not iso:
        return None
    try:
        return datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        return None


class RedisStore:
    persistent = True

    def __init__(self, link: RedisLink, worker: Optional[str] = None, lease_seconds: float = 60.0):
        self.link = link
        self.r = link.client
        self.worker = worker or crawl_id("store")  # the crawl its claims are made for
        self.alive_ms = int(lease_seconds * 1000)  # kept alive by its own claims, until claim_as()
        self.host = socket.gethostname()
        self._claim = self.r.register_script(CLAIM)
        self._pipe = None
        self._overlay: dict[str, Optional[str]] = {}
        self.link.ping()

    @classmethod
    def from_crawler(cls, crawler) -> "RedisStore":
        s = crawler.settings
        spider = getattr(crawler.spidercls, "name", None) or "store"
        return cls(RedisLink.from_settings(s, crawler.stats), crawl_id(spider),
                   s.getfloat("KHABAR_REDIS_LEASE_SECONDS", 60))

    def claim_as(self, crawl: str) -> None:
        """Claim for ``crawl`` from now on: the crawl whose scheduler renews
        ``<prefix>:worker:<crawl>`` with its leases (claims no longer renew it)."""
        self.worker = crawl
        self.alive_ms = 0

    def k(self, *parts: str) -> str:
        return self.link.key("state", *parts)

    # -- reads (through the overlay of the open transaction) -------------------
    def _get(self, key: str) -> Optional[str]:
        if key in self._overlay:
            return self._overlay[key]
        value = self.link.call(lambda: self.r.get(key), "read")
        return value.decode("utf-8") if value is not None else None

    def _set(self, key: str, value: str) -> None:
        if self._pipe is not None:
            self._overlay[key] = value
            self._pipe.set(key, value)
        else:
            self.link.call(lambda: self.r.set(key, value), "write")

    # -- stories ------------------------------------------------------------
    def find_story(self, keys: Iterable[str]) -> Optional[Story]:
        keys = list(keys)
        if not keys:
            return None
        names = [self.k("key", key) for key in keys]
        pending = [self._overlay.get(n) for n in names]
        found = self.link.call(lambda: self.r.mget(names), "read")
        for local, remote in zip(pending, found):
            first = local if local is not None else (remote.decode("utf-8") if remote is not None else None)
            if first is not None:
                data = self._get(self.k("story", first))
                if data is not None:
                    return Story(**json.loads(data))
        return None

    def save_story(self, story: Story) -> None:
        self._set(self.k("story", story.key), json.dumps(asdict(story), ensure_ascii=False))
        for key in story.keys:
            self._set(self.k("key", key), story.key)

    def claim(self, story: Story) -> bool:
        """Whether this crawl may emit ``story`` (this version of it)."""
        keys = [self.link.key("claim", key, str(story.version)) for key in story.keys or [story.key]]
        won = self.link.call(lambda: self._claim(keys=keys, args=[self.worker, self.link.key("worker", ""),
                                                                   CLAIM_TTL, self.alive_ms]), "claim")
        return bool(won)

    # -- article URLs -------------------------------------------------------
    def url(self, key: str) -> Optional[UrlRecord]:
        data = self._get(self.k("url", key))
        return UrlRecord(**json.loads(data)) if data is not None else None

    def save_url(self, record: UrlRecord) -> None:
        self._set(self.k("url", record.key), json.dumps(asdict(record), ensure_ascii=False))
        when = epoch(record.published) if record.outcome == "done" else None
        target = self._pipe if self._pipe is not None else None
        if when is not None:
            if target is not None:
                target.zadd(self.k("published"), {record.key: when})
            else:
                self.link.call(lambda: self.r.zadd(self.k("published"), {record.key: when}), "write")

    def recent_urls(self, since_iso: str) -> Iterator[UrlRecord]:
        since = epoch(since_iso) or 0
        keys = self.link.call(lambda: self.r.zrevrangebyscore(self.k("published"), "+inf", since), "read")
        for key in keys:
            record = self.url(key.decode("utf-8"))
            if record is not None and record.outcome == "done" and record.published and record.published >= since_iso:
                yield record

    # -- the default feed, as a log of emitted items ----------------------------
    def _feed_field(self, path: str) -> str:
        return f"{self.host}:{path}"

    def feed_offset(self, path: str) -> int:
        value = self.link.call(lambda: self.r.hget(self.k("feeds"), self._feed_field(path)), "read")
        return int(value) if value is not None else 0

    def save_feed_offset(self, path: str, offset: int) -> None:
        if self._pipe is not None:
            self._pipe.hset(self.k("feeds"), self._feed_field(path), offset)
        else:
            self.link.call(lambda: self.r.hset(self.k("feeds"), self._feed_field(path), offset), "write")

    # -- transactions -------------------------------------------------------
    @contextmanager
    def transaction(self):
        if self._pipe is not None:  # nested: the outer one commits
            yield
            return
        self._pipe = self.r.pipeline(transaction=True)
        try:
            yield
            pipe = self._pipe
            if pipe.command_stack:
                commands = list(pipe.command_stack)

                def commit():
                    # a pipeline that failed half-way is rebuilt whole: MULTI/EXEC is all or nothing
                    again = self.r.pipeline(transaction=True)
                    again.command_stack = list(commands)
                    return again.execute()

                self.link.call(commit, "commit")
        finally:
            self._pipe = None
            self._overlay = {}

    def close(self) -> None:
        self.link.close()
