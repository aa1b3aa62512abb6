"""What ``scrapy cluster-status`` shows: the cluster's frontiers, leases,
workers and items, read from Redis."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from .connection import RedisLink

RECENT = 60  # seconds: "workers seen in the last minute"


@dataclass
class Frontier:
    name: str
    queued: int
    leased: int
    requeued: int
    seen: int
    items: int
    leases_by_worker: dict = field(default_factory=dict)


@dataclass
class Status:
    frontiers: list
    workers: dict  # worker -> seconds since last seen (in the last minute)
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
    workers = {w.decode(): now - at for w, at in seen}
    stories = sum(1 for _ in link.call(lambda: list(r.scan_iter(link.key("state", "story", "*"), count=1000)),
                                       "status"))
    return Status(frontiers, workers, stories)


def render(status: Status, url: str) -> str:
    lines = [f"Redis {url}",
             f"{'frontier':<22} {'queued':>8} {'leased':>7} {'requeued':>9} {'seen':>7} {'items':>7}"]
    for f in status.frontiers:
        lines.append(f"{f.name:<22} {f.queued:>8} {f.leased:>7} {f.requeued:>9} {f.seen:>7} {f.items:>7}")
    if not status.frontiers:
        lines.append("(no frontier: no worker has run against this Redis and prefix)")
    lines.append(f"workers seen in the last minute: {len(status.workers)}")
    for worker, ago in sorted(status.workers.items()):
        held = sum(f.leases_by_worker.get(worker, 0) for f in status.frontiers)
        lines.append(f"  {worker:<40} {ago:5.0f}s ago  {held} leases")
    lines.append(f"stories recorded: {status.stories}")
    return "\n".join(lines)
