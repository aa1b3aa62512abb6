"""Logs one readable summary of a crawl's ``khabar/*`` stats when it closes.

The first line says what a scheduled run most needs to know: how many new
stories and versions, how many article pages were fetched, how many known
ones were left alone, and "nothing new" when that is so.
"""

from __future__ import annotations

import logging

from scrapy import signals

logger = logging.getLogger(__name__)


def headline(stats: dict) -> str:
    get = lambda k: stats.get(f"khabar/{k}", 0) or 0  # noqa: E731
    new, versions = get("articles"), get("versions")
    fetched, known = get("fetched/article"), get("skipped/known")
    failed = sum(v for k, v in stats.items() if k.startswith("khabar/fetch_failed/article"))
    unchanged = sum(v for k, v in stats.items() if k.startswith("khabar/recheck/unchanged/")) + get("unchanged")
    if new == 0 and fetched == 0:
        lead = "nothing new: 0 articles, 0 article pages fetched"
    else:
        lead = f"{new - versions} new stories, {versions} new versions, {fetched} article pages fetched"
    return (f"{lead}; {known} known articles not fetched again, {unchanged} rechecks unchanged, "
            f"{failed} article fetches failed")


class CrawlSummaryExtension:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        stats = self.stats.get_stats()
        values = {k[len("khabar/"):]: v for k, v in stats.items() if k.startswith("khabar/")}
        lines = [f"  {k}: {v}" for k, v in sorted(values.items())]
        logger.info("Khabar summary for %s (%s): %s\n%s", spider.name, reason, headline(stats),
                    "\n".join(lines) or "  (nothing)")
