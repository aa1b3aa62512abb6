"""What a running crawl is doing, while it runs.

Every ``KHABAR_STATUS_INTERVAL`` seconds (default 30; 0 = none) one log line:

    Status [mashregh]: 412 pages fetched (96/min), 35 articles (8/min), 120 queued, 4 in flight, 2 failed URLs, 0:04:17

and one last line when the spider closes, with the final figures (so the last
status line's article count is the crawl's).  It replaces Scrapy's LogStats
line (``Crawled N pages...``), which knows nothing of articles or the queue.

On a terminal (stderr is a TTY) a live bar redraws twice a second as well:
pages done out of pages done + queued + in flight, with the article count.
``KHABAR_STATUS_BAR``: ``auto`` (default: on a terminal only, never in a cron
or CI log), ``on``, ``off``.  Log lines printed while the bar is drawn clear it
first and redraw it after, so the two never mix on one line.

Each status tick is also a *rate sample* (elapsed seconds, pages, articles,
pages/min and articles/min since the previous one), sent with the
:data:`rate_sampled` signal; the crawl report (crawler/report.py) keeps them
and draws the crawl's rate over time.  A sample is taken at the start, at
each tick and at the close, so even a short crawl has a line to draw.
"""

from __future__ import annotations

import logging
import sys
import time
from datetime import timedelta
from typing import Optional

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

logger = logging.getLogger(__name__)

#: sent at each status tick (and at the start and close): ``sample=dict``
rate_sampled = object()

BAR_REFRESH_SECONDS = 0.5
BAR_MODES = ("auto", "on", "off")


def bar_mode(value) -> str:
    """``KHABAR_STATUS_BAR`` as one of auto/on/off (booleans allowed)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    text = str(value).strip().lower()
    return {"true": "on", "1": "on", "false": "off", "0": "off", "": "off"}.get(text, text)


class CrawlStatusExtension:
    def __init__(self, crawler, interval: float, bar: str):
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = interval
        self.bar_mode = bar
        self.task = None
        self.bar_task = None
        self.bar = None
        self._console = None  # (the console handler the bar wraps, its wrapper)
        self.t0 = 0.0
        self.previous: Optional[dict] = None
        self.spider_name = ""

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("KHABAR_STATUS_INTERVAL", 30.0)
        bar = bar_mode(crawler.settings.get("KHABAR_STATUS_BAR", "auto"))
        if not interval and bar == "off":
            raise NotConfigured
        ext = cls(crawler, interval, bar)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    # -- figures ---------------------------------------------------------------
    def figures(self) -> dict:
        stats = self.stats.get_stats()
        engine = self.crawler.engine
        queued = in_flight = 0
        if engine is not None:
            scheduler = getattr(engine, "scheduler", None)
            try:
                queued = len(scheduler) if scheduler is not None else 0
            except TypeError:  # a scheduler without a length
                queued = 0
            in_flight = len(getattr(engine.downloader, "active", ()))
        return {
            "t": round(time.monotonic() - self.t0, 3),
            "pages": stats.get("response_received_count", 0),
            "articles": stats.get("item_scraped_count", 0),
            "queued": queued,
            "in_flight": in_flight,
            "failed": sum(v for k, v in stats.items() if k.startswith("khabar/urls/failed/")),
        }

    def sample(self) -> dict:
        """Take a rate sample: the figures plus rates since the previous one."""
        now = self.figures()
        before = self.previous or {"t": 0.0, "pages": 0, "articles": 0}
        span = now["t"] - before["t"]
        per_min = (lambda a, b: round((a - b) * 60.0 / span, 1) if span > 0 else 0.0)  # noqa: E731
        now["pages_per_min"] = per_min(now["pages"], before["pages"])
        now["articles_per_min"] = per_min(now["articles"], before["articles"])
        self.previous = now
        self.crawler.signals.send_catch_log(rate_sampled, sample=dict(now))
        return now

    @staticmethod
    def line(s: dict) -> str:
        return (f"{s['pages']} pages fetched ({s['pages_per_min']:.0f}/min), {s['articles']} articles "
                f"({s['articles_per_min']:.0f}/min), {s['queued']} queued, {s['in_flight']} in flight, "
                f"{s['failed']} failed URLs, {timedelta(seconds=round(s['t']))} elapsed")

    # -- signals -----------------------------------------------------------------
    def spider_opened(self, spider):
        self.spider_name = spider.name  # crawlall runs several spiders in one log
        self.t0 = time.monotonic()
        self.previous = None
        self.sample()
        if self.interval:
            self.task = create_looping_call(self.tick)
            self.task.start(self.interval, now=False)
        if self.bar_mode == "on" or (self.bar_mode == "auto" and sys.stderr.isatty()):
            self.open_bar()

    def tick(self):
        logger.info("Status [%s]: %s", self.spider_name, self.line(self.sample()))

    def spider_closed(self, spider, reason):
        for task in (self.task, self.bar_task):
            if task is not None and task.running:
                task.stop()
        self.close_bar()
        if self.interval:
            logger.info("Status at close [%s] (%s): %s", self.spider_name, reason, self.line(self.sample()))
        else:
            self.sample()

    # -- the bar -----------------------------------------------------------------
    def open_bar(self):
        try:
            from tqdm import tqdm
        except ImportError:  # pragma: no cover - tqdm is a dependency
            logger.debug("no progress bar: tqdm is not installed")
            return
        console = _console_handler()
        if console is None or isinstance(console, BarAwareHandler):
            return  # nothing prints to the terminal, or another crawl's bar holds it
        self.bar = tqdm(total=0, file=console.stream, unit="page", dynamic_ncols=True, leave=False,
                        bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} pages [{elapsed}, {rate_fmt}{postfix}]")
        wrapper = BarAwareHandler(console, self.bar)
        logging.root.handlers = [wrapper if h is console else h for h in logging.root.handlers]
        self._console = (console, wrapper)
        self.bar_task = create_looping_call(self.redraw)
        self.bar_task.start(BAR_REFRESH_SECONDS)

    def redraw(self):
        if self.bar is None:
            return
        f = self.figures()
        self.bar.total = f["pages"] + f["queued"] + f["in_flight"]
        self.bar.n = f["pages"]
        self.bar.set_postfix_str(f"{f['articles']} articles, {f['queued']} queued, {f['failed']} failed",
                                 refresh=False)
        self.bar.refresh()

    def close_bar(self):
        if self._console is not None:
            console, wrapper = self._console
            logging.root.handlers = [console if h is wrapper else h for h in logging.root.handlers]
            self._console = None
        if self.bar is not None:
            self.bar.close()  # leave=False: the line is cleared, the summary follows on a clean screen
            self.bar = None


def _console_handler() -> Optional[logging.Handler]:
    """The root handler writing to stderr/stdout (Scrapy's, when there is no LOG_FILE)."""
    for handler in logging.root.handlers:
        if isinstance(handler, BarAwareHandler):
            return handler
        if isinstance(handler, logging.StreamHandler) and handler.stream in (sys.stderr, sys.stdout):
            return handler
    return None


class BarAwareHandler(logging.Handler):
    """Stands in for the console handler while a bar is drawn: clears the bar,
    lets the real handler write the record, redraws the bar."""

    def __init__(self, inner: logging.Handler, bar):
        super().__init__(level=inner.level)
        self.inner, self.bar = inner, bar

    @property
    def stream(self):
        return self.inner.stream

    def handle(self, record):
        with self.bar.external_write_mode(file=self.inner.stream):
            return self.inner.handle(record)

    def emit(self, record):  # pragma: no cover - handle() delegates
        self.inner.emit(record)
