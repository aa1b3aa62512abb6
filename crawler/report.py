"""A crawl's report, kept on disk: ``ARCHIVE_DIR/reports/<spider>-<time>.json``
(every stat, plus counts by site, by failure kind and by extraction warning)
and a small static HTML page beside it with the same figures.

Written at ``engine_stopped``, after the spider closed, feeds were stored and
WARC files renamed, so the stats are final.  The paths go into the stats as
``khabar/report/json`` and ``khabar/report/html`` (the summary logged after it
shows them).  ``KHABAR_REPORT_ENABLED = False`` turns it off; ``scrapy replay``
leaves it off unless asked (``-s KHABAR_REPORT_ENABLED=1``).
"""

from __future__ import annotations

import html
import json
import logging
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured

from .archive.writer import safe_name

logger = logging.getLogger(__name__)

# stat prefix -> failure kind shown in the report
FAILURE_PREFIXES = {
    "khabar/fetch_failed/": "fetch failed: ",
    "downloader/exception_type_count/": "download error: ",
    "khabar/warc/errors": "WARC write errors",
    "khabar/replay/unreadable": "unreadable archive parts",
    "khabar/replay/missing": "missing from the archive",
    "log_count/ERROR": "errors logged",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return str(value)


def failures_by_kind(stats: dict) -> dict[str, int]:
    out: Counter = Counter()
    for key, value in stats.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        for prefix, label in FAILURE_PREFIXES.items():
            if key == prefix:
                out[label] += value
            elif prefix.endswith("/") and key.startswith(prefix):
                out[label + key[len(prefix):]] += value
        if key.startswith("downloader/response_status_count/") and key.rsplit("/", 1)[1][:1] in "45":
            out[f"HTTP {key.rsplit('/', 1)[1]}"] += value
    return dict(sorted(out.items()))


def rejected_by_reason(stats: dict) -> dict[str, int]:
    prefixes = ("khabar/non_article/", "khabar/replay/non_article/")
    return dict(sorted((key.split("/non_article/", 1)[1], value) for key, value in stats.items()
                       if key.startswith(prefixes)))


class CrawlReportExtension:
    def __init__(self, crawler):
        self.crawler = crawler
        self.archive = Path(crawler.settings.get("ARCHIVE_DIR") or "archive")
        self.per_site: Counter = Counter()
        self.warnings: Counter = Counter()
        self.spider_name = None
        self.reason = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("KHABAR_REPORT_ENABLED", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def item_scraped(self, item, spider):
        adapter = ItemAdapter(item)
        site = adapter.get("site") or "?"
        self.per_site[site] += 1
        if not adapter.get("published"):
            self.warnings["missing date"] += 1
        if not (adapter.get("text") or "").strip():
            self.warnings["empty text"] += 1
        if not adapter.get("title"):
            self.warnings["missing title"] += 1
        expected = self._site_language(site)
        if expected and adapter.get("language") and adapter.get("language") != expected:
            self.warnings["language differs from the site's"] += 1

    @staticmethod
    def _site_language(site: str):
        from crawler.sites import SITES

        definition = SITES.get(site)
        return definition.language if definition is not None else None

    def spider_closed(self, spider, reason):
        self.spider_name, self.reason = spider.name, reason

    def engine_stopped(self):
        if self.spider_name is None:
            return  # the spider never opened
        try:
            json_path, html_path = self.write()
        except OSError as exc:
            logger.error("Could not write the crawl report under %s: %s", self.archive / "reports", exc)
            return
        self.crawler.stats.set_value("khabar/report/json", str(json_path))
        self.crawler.stats.set_value("khabar/report/html", str(html_path))

    def report(self) -> dict:
        stats = self.crawler.stats.get_stats()
        start = stats.get("start_time")
        return {
            "spider": self.spider_name,
            "finish_reason": self.reason,
            "start_time": _jsonable(start),
            "finish_time": _jsonable(stats.get("finish_time")),
            "elapsed_seconds": stats.get("elapsed_time_seconds"),
            "archive_dir": str(self.archive.resolve()),
            "articles": sum(self.per_site.values()),
            "articles_per_site": dict(sorted(self.per_site.items())),
            "failures_by_kind": failures_by_kind(stats),
            "rejected_by_reason": rejected_by_reason(stats),
            "extraction_warnings": dict(sorted(self.warnings.items())),
            "stats": _jsonable(dict(sorted(stats.items()))),
        }

    def write(self) -> tuple[Path, Path]:
        data = self.report()
        start = self.crawler.stats.get_value("start_time") or datetime.now(tz=timezone.utc)
        stamp = start.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace(":", "-")
        folder = self.archive / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        base = f"{safe_name(self.spider_name) or 'crawl'}-{stamp}"  # never a path
        json_path, html_path = folder / f"{base}.json", folder / f"{base}.html"
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        html_path.write_text(render_html(data), encoding="utf-8")
        return json_path.resolve(), html_path.resolve()


def _table(caption: str, rows: dict, css_id: str, empty: str = "none") -> str:
    body = "".join(f"<tr><th scope=row>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                   for k, v in rows.items())
    if not body:
        body = f"<tr><td colspan=2 class=empty>{html.escape(empty)}</td></tr>"
    return f'<table id="{css_id}"><caption>{html.escape(caption)}</caption>{body}</table>\n'


def render_html(data: dict) -> str:
    title = f"Khabar crawl report: {data['spider']} ({data['start_time']})"
    headline = {
        "spider": data["spider"], "finish reason": data["finish_reason"],
        "started": data["start_time"], "finished": data["finish_time"],
        "elapsed (s)": data["elapsed_seconds"], "articles": data["articles"],
        "archive": data["archive_dir"],
    }
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
        "caption{text-align:left;font-weight:bold}th,td{border:1px solid #ccc;padding:.2em .6em;"
        "text-align:left}td{text-align:right}.empty{color:#888}</style></head><body>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        + _table("Crawl", headline, "crawl")
        + _table("Articles per site", data["articles_per_site"], "sites", "no articles")
        + _table("Failures by kind", data["failures_by_kind"], "failures", "no failures")
        + _table("Pages rejected as non-articles, by reason", data["rejected_by_reason"], "rejected")
        + _table("Extraction warnings", data["extraction_warnings"], "warnings", "no warnings")
        + "<details><summary>All stats</summary>\n"
        + _table("Stats", data["stats"], "stats")
        + "</details>\n</body></html>\n"
    )
