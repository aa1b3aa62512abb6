"""A crawl's report, kept on disk: ``ARCHIVE_DIR/reports/<spider>-<time>.json``
(every stat, plus counts by site, by failure kind and by extraction warning)
and a small static HTML page beside it with the same figures.

Written at ``engine_stopped``, after the spider closed, feeds were stored and
WARC files renamed, so the stats are final.  The paths go into the stats as
``khabar/report/json`` and ``khabar/report/html`` (the summary logged after it
shows them).

The HTML page is one file with no scripts and no external CSS, so it opens
offline and from ``file://``: tables of per-site counts, failures by kind and
extraction warnings (with the first few URLs of each), a sample of the
articles (``KHABAR_REPORT_SAMPLE``, each linked to its WARC file and record
offset under ``../warc/``) and an inline SVG chart of the crawl's rate over
time, one point per rate sample the status extension took
(crawler/status.py, every ``KHABAR_STATUS_INTERVAL`` seconds).  ``KHABAR_REPORT_ENABLED = False`` turns it off; ``scrapy replay``
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
from .status import rate_sampled

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
        self.warning_examples: dict[str, list[str]] = {}
        self.sample_size = crawler.settings.getint("KHABAR_REPORT_SAMPLE", 20)
        self.sample: list[dict] = []
        self.rate_samples: list[dict] = []
        self.spider_name = None
        self.reason = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("KHABAR_REPORT_ENABLED", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.rate_sampled, signal=rate_sampled)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def item_scraped(self, item, spider):
        adapter = ItemAdapter(item)
        site = adapter.get("site") or "?"
        self.per_site[site] += 1
        url = adapter.get("url") or ""
        if not adapter.get("published"):
            self.warn("missing date", url)
        if not (adapter.get("text") or "").strip():
            self.warn("empty text", url)
        if not adapter.get("title"):
            self.warn("missing title", url)
        expected = self._site_language(site)
        if expected and adapter.get("language") and adapter.get("language") != expected:
            self.warn("language differs from the site's", url)
        if len(self.sample) < self.sample_size:
            warc = adapter.get("warc") or {}
            self.sample.append({"url": url, "site": site, "title": adapter.get("title") or "",
                                "published": adapter.get("published"), "authors": list(adapter.get("authors") or []),
                                "warc": {k: warc.get(k) for k in ("file", "offset", "record_id")} if warc else None})

    def warn(self, kind: str, url: str, examples: int = 5) -> None:
        self.warnings[kind] += 1
        shown = self.warning_examples.setdefault(kind, [])
        if len(shown) < examples:
            shown.append(url)

    def rate_sampled(self, sample: dict):
        self.rate_samples.append(sample)

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
            "extraction_warning_examples": dict(sorted(self.warning_examples.items())),
            "rate_samples": self.rate_samples,
            "sample_items": self.sample,
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
        "caption{text-align:left;font-weight:bold;white-space:nowrap}th,td{border:1px solid #ccc;padding:.2em .6em;"
        "text-align:left}td{text-align:right}.empty{color:#888}#sample td{text-align:left}"
        "figure{margin:1em 0}svg text{font:11px sans-serif}</style></head><body>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        + _table("Crawl", headline, "crawl")
        + _table("Articles per site", data["articles_per_site"], "sites", "no articles")
        + _table("Failures by kind", data["failures_by_kind"], "failures", "no failures")
        + _table("Pages rejected as non-articles, by reason", data["rejected_by_reason"], "rejected")
        + _table("Extraction warnings", data["extraction_warnings"], "warnings", "no warnings")
        + _warning_examples(data.get("extraction_warning_examples") or {})
        + rate_chart(data.get("rate_samples") or [])
        + _sample_table(data.get("sample_items") or [])
        + "<details><summary>All stats</summary>\n"
        + _table("Stats", data["stats"], "stats")
        + "</details>\n</body></html>\n"
    )


def _warning_examples(examples: dict) -> str:
    if not examples:
        return ""
    items = "".join(
        f"<li>{html.escape(kind)}: " + ", ".join(f'<a href="{html.escape(u)}">{html.escape(u)}</a>' for u in urls) + "</li>"
        for kind, urls in examples.items())
    return f'<ul id="warning-examples">{items}</ul>\n'


def _sample_table(sample: list[dict]) -> str:
    """Articles with links to the page and into the WARC (``../warc/<file>``
    from ``reports/``; the offset is the record's, for ``warcio extract``)."""
    rows = []
    for item in sample:
        warc = item.get("warc") or {}
        if warc.get("file"):
            where = (f'<a class=warc href="../warc/{html.escape(warc["file"])}" title="{html.escape(str(warc.get("record_id") or ""))}">'
                     f'{html.escape(warc["file"])}</a> @ {html.escape(str(warc.get("offset")))}')
        else:
            where = ""
        rows.append(f'<tr><td>{html.escape(item.get("site") or "")}</td>'
                    f'<td dir=auto><a class=page href="{html.escape(item.get("url") or "")}">{html.escape(item.get("title") or item.get("url") or "")}</a></td>'
                    f'<td>{html.escape(", ".join(item.get("authors") or []))}</td>'
                    f'<td>{html.escape(str(item.get("published") or ""))}</td><td>{where}</td></tr>')
    body = "".join(rows) or "<tr><td colspan=5 class=empty>no articles</td></tr>"
    return ('<table id="sample"><caption>A sample of the articles, with their WARC records</caption>'
            "<tr><th>site</th><th>title</th><th>authors</th><th>published</th><th>WARC record</th></tr>"
            f"{body}</table>\n")


def rate_chart(samples: list[dict], width: int = 640, height: int = 200, pad: int = 40) -> str:
    """Pages/min and articles/min over elapsed time as an inline SVG: one
    circle per rate sample on the pages line, so the page needs nothing else."""
    if not samples:
        return '<p id="rate-chart" class=empty>no rate samples</p>\n'
    t_max = max(s["t"] for s in samples) or 1.0
    y_max = max(max(s["pages_per_min"], s["articles_per_min"]) for s in samples) or 1.0
    x = lambda t: pad + (width - 2 * pad) * t / t_max  # noqa: E731
    y = lambda v: height - pad - (height - 2 * pad) * v / y_max  # noqa: E731

    def series(key: str, css: str, colour: str) -> str:
        points = " ".join(f"{x(s['t']):.1f},{y(s[key]):.1f}" for s in samples)
        dots = "".join(f'<circle class="{css}" cx="{x(s["t"]):.1f}" cy="{y(s[key]):.1f}" r="2.5" fill="{colour}">'
                       f'<title>{s["t"]:.0f} s: {s[key]:g}/min</title></circle>' for s in samples)
        return f'<polyline class="{css}" fill="none" stroke="{colour}" stroke-width="1.5" points="{points}"/>{dots}'

    axes = (f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#444"/>'
            f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#444"/>'
            f'<text x="{pad}" y="{height - pad + 15}">0</text>'
            f'<text x="{width - pad}" y="{height - pad + 15}" text-anchor="end">{t_max:.0f} s</text>'
            f'<text x="{pad - 4}" y="{pad + 4}" text-anchor="end">{y_max:.0f}</text>'
            f'<text x="{pad - 4}" y="{height - pad}" text-anchor="end">0</text>'
            f'<text x="{pad + 8}" y="{pad - 10}" fill="#1f77b4">pages/min</text>'
            f'<text x="{pad + 90}" y="{pad - 10}" fill="#d62728">articles/min</text>')
    return (f'<figure><figcaption><b>Rate over time</b> ({len(samples)} samples)</figcaption>'
            f'<svg id="rate-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="pages and articles per minute over the crawl">'
            f'{axes}{series("pages_per_min", "pages", "#1f77b4")}{series("articles_per_min", "articles", "#d62728")}'
            "</svg></figure>\n")
