"""Logs one readable summary of a crawl's ``khabar/*`` stats when it closes."""

from __future__ import annotations

import logging

from scrapy import signals

logger = logging.getLogger(__name__)


class CrawlSummaryExtension:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        values = {k[len("khabar/"):]: v for k, v in self.stats.get_stats().items() if k.startswith("khabar/")}
        lines = [f"  {k}: {v}" for k, v in sorted(values.items())]
        logger.info("Khabar summary for %s (%s):\n%s", spider.name, reason, "\n".join(lines) or "  (nothing)")
