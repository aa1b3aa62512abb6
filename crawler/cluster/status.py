"""What ``scrapy cluster-status`` shows: the cluster's frontiers, leases,
workers and items, read from Redis.

A worker is a process (``host-pid``); each of its crawls (one per site under
``scrapy crawlall``) beats, leases and claims on its own, as
``host-pid/spider/token`` (crawler/cluster/connection.py), so the workers are
listed with their crawls beneath them."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .connection import RedisLink, process_of

RECENT = 60  # seconds: "workers seen in the last minute"


@dataclass
class Frontier:
    name: str
    queued: int
    leased: int
    requeued: int
    seen: int
    items: int
    leases_by_crawl: dict = field(default_factory=dict)


@dataclass
class Status:
    frontiers: list
    workers: dict  # process -> seconds since one of its crawls was last seen (in the last minute)
    crawls: dict  # crawl -> seconds since last seen (in the last minute)
    stories: int


def cluster_status(link: RedisLink) -> Status:
    r = link.client
    names = sorted({key.decode().rsplit(":", 1)[0][len(link.prefix) + 1:]
                    for pattern in ("queue", "items", "seen", "leases")
                    for key in link.call(lambda: list(r.scan_iter(link.key("*", pattern), count=1000)), "status")})
    frontiers = []
    for name in names:
        if name.startswith(("state", "polite", "claim")):
            continue
        k = lambda part: link.key(name, part)  # noqa: E731
        pipe = r.pipeline(transaction=False)
        pipe.zcard(k("queue"))
        pipe.zcard(k("leases"))
        pipe.hvals(k("requeues"))
        pipe.scard(k("seen"))
        pipe.get(k("items"))
        pipe.hvals(k("owners"))
        queued, leased, requeues, seen, items, owners = link.call(pipe.execute, "status")
        frontiers.append(Frontier(name, queued, leased, sum(int(v) for v in requeues), seen, int(items or 0),
                                  dict(Counter(o.decode() for o in owners))))
    now = time.time()
    seen = link.call(lambda: r.zrangebyscore(link.key("workers"), now - RECENT, "+inf", withscores=True), "status")
    crawls = {c.decode(): now - at for c, at in seen}
    workers: dict = {}
    for crawl, ago in crawls.items():
        process = process_of(crawl)
        workers[process] = min(ago, workers.get(process, ago))
    stories = sum(1 for _ in link.call(lambda: list(r.scan_iter(link.key("state", "story", "*"), count=1000)),
                                       "status"))
    return Status(frontiers, workers, crawls, stories)


def render(status: Status, url: str) -> str:
    lines = [f"Redis {url}",
             f"{'frontier':<22} {'queued':>8} {'leased':>7} {'requeued':>9} {'seen':>7} {'items':>7}"]
    for f in status.frontiers:
        lines.append(f"{f.name:<22} {f.queued:>8} {f.leased:>7} {f.requeued:>9} {f.seen:>7} {f.items:>7}")
    if not status.frontiers:
        lines.append("(no frontier: no worker has run against this Redis and prefix)")
    held = {crawl: sum(f.leases_by_crawl.get(crawl, 0) for f in status.frontiers) for crawl in status.crawls}
    by_process = defaultdict(list)
    for crawl in status.crawls:
        by_process[process_of(crawl)].append(crawl)
    lines.append(f"workers seen in the last minute: {len(status.workers)} ({len(status.crawls)} crawls)")
    for worker, ago in sorted(status.workers.items()):
        crawls = sorted(by_process[worker])
        lines.append(f"  {worker:<40} {ago:5.0f}s ago  {sum(held[c] for c in crawls)} leases")
        for crawl in crawls:
            if crawl != worker:  # (a worker of before crawl names: host-pid only)
                lines.append(f"    {crawl[len(worker) + 1:]:<38} {status.crawls[crawl]:5.0f}s ago  {held[crawl]} leases")
    lines.append(f"stories recorded: {status.stories}")
    return "\n".join(lines)
