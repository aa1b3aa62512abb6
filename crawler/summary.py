"""Logs one readable summary of a crawl's ``khabar/*`` stats, as the last
thing the crawl logs: at ``engine_stopped``, after Scrapy's stats dump and
"Spider closed", so it is what stays on screen.  Its first line says what a
scheduled run most needs to know (new stories and versions, article pages
fetched, known ones left alone, "nothing new" when that is so); it ends with
where the output went: the feeds written, the WARC directory, the report
(crawler/report.py).  The full ``khabar/*`` figures are in Scrapy's stats
dump just above it and in the report's JSON."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy import signals

from .ledger import identity
from .report import failures_by_kind

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


def drift_lines(stats: dict) -> list[str]:
    """One line per site whose definition no longer matched its pages:
    which fields fell back to the generic path, on how many pages."""
    by_site: dict[str, list[str]] = {}
    for key, count in sorted(stats.items()):
        if key.startswith("khabar/site_drift/"):
            site, _, field = key[len("khabar/site_drift/"):].rpartition("/")
            by_site.setdefault(site, []).append(f"{field} on {count} pages")
    return [f"  site definition drift: {site}: {', '.join(fields)} (generic path used; update "
            f"crawler/sites/{site}.py)" for site, fields in by_site.items()]


class CrawlSummaryExtension:
    def __init__(self, stats, crawler=None):
        self.stats = stats
        self.crawler = crawler
        self.spider_name = None
        self.reason = None
        self.per_site: Counter = Counter()

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.stats, crawler)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def item_scraped(self, item, spider):
        self.per_site[ItemAdapter(item).get("site") or "?"] += 1

    def spider_closed(self, spider, reason):
        self.spider_name, self.reason = spider.name, reason

    def engine_stopped(self):
        if self.spider_name is None:
            return  # the spider never opened
        stats = self.stats.get_stats()
        # every figure is in Scrapy's stats dump above and in the report; here
        # only what a reader needs first: per site, failures, where things went
        lines = [f"  articles: {stats.get('khabar/articles', 0)}"]
        if self.per_site:
            lines.append("  articles per site: " + ", ".join(f"{site} {n}" for site, n in sorted(self.per_site.items())))
        failures = failures_by_kind(stats)
        lines.append("  failures by kind: " + ("; ".join(f"{k}: {v}" for k, v in failures.items()) or "none"))
        lines += drift_lines(stats)
        lines += [f"  feed: {uri}" for uri in self.feed_uris()]
        if stats.get("khabar/feed/path"):
            lines.append(f"  archive feed: {stats['khabar/feed/path']}")
        if stats.get("khabar/warc/files"):
            archive = Path(self.crawler.settings.get("ARCHIVE_DIR") or "archive") if self.crawler else Path("archive")
            lines.append(f"  WARC files: {stats['khabar/warc/files']} in {(archive / 'warc').resolve()}")
        for kind in ("json", "html"):
            if stats.get(f"khabar/report/{kind}"):
                lines.append(f"  report ({kind}): {stats[f'khabar/report/{kind}']}")
        if stats.get("khabar/urls/discovered"):
            lines.insert(0, f"  URLs: {identity(stats)}")
        logger.info("Khabar summary for %s (%s): %s\n%s", self.spider_name, self.reason, headline(stats),
                    "\n".join(lines))

    def feed_uris(self) -> list[str]:
        """The feeds actually stored (Scrapy's FeedExporter keeps its slots)."""
        from scrapy.extensions.feedexport import FeedExporter

        if self.crawler is None or self.crawler.extensions is None:
            return []
        uris = []
        for ext in self.crawler.extensions.middlewares:
            if isinstance(ext, FeedExporter):
                uris += [slot.uri for slot in ext.slots if slot.itemcount or slot.store_empty]
        return uris
