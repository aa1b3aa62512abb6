"""Spider middleware stamping where and when each article was captured.

Every ``Article`` a callback yields gets, from the response it came from
(as Scrapy's ``DepthMiddleware`` stamps depth, so no callback does it by hand):

* ``warc``: the response record's pointer (set by the WARC capture middleware
  in a crawl, or by the replay middlewares from the record read);
* ``fetched_at``: that record's ``WARC-Date`` (now, when nothing was archived);
* ``site``: the site definition the page was extracted with
  (``meta["khabar_site"]``, else the spider's site), unless extraction named it.

Crawls and whole-crawl replays pass through it; ``scrapy replay`` calls its
:func:`stamp` on each article it reads.
"""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from ..items import Article


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def stamp(item: Article, meta: dict, spider) -> Article:
    """``item`` stamped from the ``meta`` of the response it came from (the
    one rule of this module, which ``scrapy replay`` also applies to the
    articles it reads without a response round trip)."""
    if not item.site:
        site = meta.get("khabar_site")
        if site is None:
            site = getattr(getattr(spider, "site", None), "name", None)
        item.site = site
    item.warc = meta.get("warc_record")
    item.fetched_at = meta.get("fetched_at") or now_iso()
    return item


class ProvenanceMiddleware(BaseSpiderMiddleware):
    def get_processed_item(self, item, response):
        if not isinstance(item, Article) or response is None:
            return item
        return stamp(item, response.meta, self.crawler.spider)
