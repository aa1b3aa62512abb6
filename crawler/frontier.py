"""The scheduler's in-memory queue, holding each waiting request as one
pickled dict (``SCHEDULER_MEMORY_QUEUE``).

Why: a sitemap names every story of a site at once, so the frontier of a
crawl holds nearly all of its article requests early on.  As ``Request``
objects (URL, headers with the Referer, meta, bound callbacks) each took
~1.75 KB in some 30 small objects: ~8 MB for 4,400 waiting requests at 5,000
stories, and the interpreter's small-object arenas, once grown to that
peak, did not shrink as the frontier drained.  Pickled as Scrapy's own disk
queues (``JOBDIR``) store them, ``Request.to_dict`` then pickle, a waiting
request is one ~0.6 KB bytes object, rebuilt when the scheduler pops it.

Last in, first out, as Scrapy's default ``LifoMemoryQueue``.  It counts the
requests waiting by their ``kind`` (meta) in the spider's ``frontier_waiting``
(a ``Counter``, when the spider has one): the spider makes its sitemap
entries into requests as the articles waiting run low (crawler/backlog.py);
the most articles waiting at once is the stat
``khabar/frontier/most_articles_waiting``.  A request that
will not serialize (a callback that is not a method of the spider, meta that
will not pickle) is kept as it is.

``Request.to_dict`` finds a callback's name by listing every method of the
spider (``inspect.getmembers``): ~1 ms a request on a Khabar spider, 6% of the
crawl's reactor thread.  A bound method of the spider already carries its
name; :func:`request_dict` takes it from there when it names that very
method, and falls back to Scrapy's search otherwise.
"""

from __future__ import annotations

import pickle
from typing import Any, Optional, Union

from scrapy import Request
from scrapy.utils.request import request_from_dict


def _method_name(spider, func) -> Optional[str]:
    """The name under which ``spider`` has the bound method ``func``, when
    the method's own name is that name; else None (ask Scrapy)."""
    if getattr(func, "__self__", None) is not spider:
        return None
    name = getattr(func, "__name__", None)
    own = getattr(spider, name, None) if name else None
    return name if getattr(own, "__func__", None) is getattr(func, "__func__", func) else None


def request_dict(request: Request, spider) -> dict:
    """``request.to_dict(spider=spider)``, the same dict, without listing
    the spider's methods for each callback."""
    names = {}
    for attr in ("callback", "errback"):
        func = getattr(request, attr)
        if callable(func):
            names[attr] = _method_name(spider, func)
            if names[attr] is None:
                return request.to_dict(spider=spider)
    d = {"url": request.url, "callback": names.get("callback", request.callback),
         "errback": names.get("errback", request.errback), "headers": dict(request.headers)}
    for attr in request.attributes:
        d.setdefault(attr, getattr(request, attr))
    if type(request) is not Request:
        d["_class"] = request.__module__ + "." + request.__class__.__name__
    return d


class CompactLifoMemoryQueue:
    def __init__(self, crawler, key: str = ""):
        self.crawler = crawler
        self._items: list[Union[bytes, Request]] = []

    @classmethod
    def from_crawler(cls, crawler, key: str = "", *args: Any, **kwargs: Any):
        return cls(crawler, key)

    def _count(self, request: Request, n: int) -> None:
        waiting = getattr(self.crawler.spider, "frontier_waiting", None)
        if waiting is not None:
            kind = request.meta.get("kind")
            waiting[kind] += n
            if n > 0 and kind == "article":
                self.crawler.stats.max_value("khabar/frontier/most_articles_waiting", waiting[kind])

    def push(self, request: Request) -> None:
        self._count(request, 1)
        try:
            item: Union[bytes, Request] = pickle.dumps(request_dict(request, self.crawler.spider),
                                                       protocol=pickle.HIGHEST_PROTOCOL)
        except (ValueError, TypeError, AttributeError, pickle.PicklingError):
            item = request
        self._items.append(item)

    def _request(self, item: Union[bytes, Request]) -> Request:
        if isinstance(item, bytes):
            return request_from_dict(pickle.loads(item), spider=self.crawler.spider)
        return item

    def pop(self) -> Optional[Request]:
        if not self._items:
            return None
        request = self._request(self._items.pop())
        self._count(request, -1)
        return request

    def peek(self) -> Optional[Request]:
        return self._request(self._items[-1]) if self._items else None

    def close(self) -> None:
        self._items = []

    def __len__(self) -> int:
        return len(self._items)
