"""Drop an article already emitted in this crawl.

Scrapy's dupefilter stops the same *request* twice, but one story still
arrives under several URLs: a redirecting short link, a mirror and the
canonical domain, tracking parameters.  Keys are the fetched URL and the
page's own canonical URL (when it names a story page on the same site, so a
site that points every canonical tag at its home page does not collapse all
articles into one).
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.urls import article_keys


class DuplicateArticlePipeline:
    def __init__(self, stats):
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        adapter = ItemAdapter(item)
        keys = article_keys(adapter["url"], adapter.get("canonical_url"))
        if any(k in self.seen for k in keys):
            self.stats.inc_value("khabar/duplicates")
            raise DropItem(f"duplicate article {adapter['url']}")
        self.seen.update(keys)
        return item
