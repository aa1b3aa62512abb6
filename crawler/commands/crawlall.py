"""``scrapy crawlall``: every site spider in one process, one summary, one cron line.

    scrapy crawlall                                  # every site with a spider of its own
    scrapy crawlall -a sites=mashregh,alaraby -a recheck=2
    scrapy crawlall -a base_urls=mashregh=http://127.0.0.1:8001,alaraby=http://127.0.0.1:8002

Other ``-a`` arguments (``since``, ``until``, ``max_articles``, ``recheck``,
``max_pages``) go to every spider.  The spiders run side by side in one
reactor, each with its own WARC files, feed and archive lock, sharing the
archive's crawl state and one set of extraction processes
(``EXTRACTION_WORKERS``, not one set per site).  Exit status: 0 when every
crawl finished, 1 if one did not, 75 if another run holds the archive
(nothing was done).
"""

from __future__ import annotations

import os
import sys

from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from crawler.lifecycle import skip_final_collection
from crawler.workers import WorkerGroup
from crawler.validate import argument_problems, usage_message

from .crawl import Command as CrawlCommand


class Command(CrawlCommand):
    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Run every site spider (or -a sites=a,b) in one process, with one summary"

    def run(self, args, opts) -> None:
        from crawler.sites import spider_sites

        if args:
            raise UsageError("crawlall takes no spider name; choose with -a sites=a,b", print_help=False)
        spargs = dict(opts.spargs)
        known = [site.name for site in spider_sites()]
        wanted = [s.strip() for s in spargs.pop("sites", ",".join(known)).split(",") if s.strip()]
        unknown = sorted(set(wanted) - set(known))
        if unknown or not wanted:
            raise UsageError(f"-a sites= must name site spiders among {', '.join(known)}; got {', '.join(unknown) or 'none'}",
                             print_help=False)
        base_urls = {}
        for pair in filter(None, spargs.pop("base_urls", "").split(",")):
            name, _, url = pair.partition("=")
            if name not in wanted or not url:
                raise UsageError(f"-a base_urls= takes site=URL pairs for the sites crawled, got {pair!r}",
                                 print_help=False)
            base_urls[name] = url
        if "base_url" in spargs:
            raise UsageError("crawlall: give mirrors per site with -a base_urls=site=URL,...", print_help=False)
        per_spider = {name: dict(spargs, **({"base_url": base_urls[name]} if name in base_urls else {}))
                      for name in wanted}
        for name, args_ in per_spider.items():
            spidercls = self.khabar_spider(name)
            problems = argument_problems(spidercls, args_)
            if problems:
                raise UsageError(usage_message(problems), print_help=False)
            self.check_arguments(spidercls, args_)
        if not self.ready(self.settings, wanted):
            return
        if (self.settings.getpriority("KHABAR_STATUS_BAR") or 0) < SETTINGS_PRIORITIES["cmdline"]:
            # one terminal, several crawls: status lines per site, no bars fighting for a line
            self.settings.set("KHABAR_STATUS_BAR", "off", priority="cmdline")
        crawlers = {}
        # one set of extraction processes for every crawl of this process
        group = WorkerGroup(self.settings.getint("EXTRACTION_WORKERS", os.cpu_count() or 1))
        for name, args_ in per_spider.items():
            crawlers[name] = self.crawler_process.create_crawler(name)
            if crawlers[name].settings.get("EXTRACTION_GROUP") is None:
                crawlers[name].settings.set("EXTRACTION_GROUP", group, priority="cmdline")
            self.crawler_process.crawl(crawlers[name], **args_)
        self.crawler_process.start()
        self.exitcode = 1 if self.crawler_process.bootstrap_failed else 0
        skip_final_collection()
        print(summary(crawlers), file=sys.stderr)
        for crawler in crawlers.values():
            reason = crawler.stats.get_value("finish_reason")
            if reason not in ("finished", "max_articles"):
                self.exitcode = 1


def summary(crawlers: dict) -> str:
    rows = [f"{'site':<12} {'new':>6} {'versions':>8} {'fetched':>8} {'known':>7} {'failed':>7}  finish"]
    total = 0
    for name, crawler in crawlers.items():
        st = crawler.stats
        new = (st.get_value("khabar/articles", 0) or 0)
        total += new
        failed = sum(v for k, v in st.get_stats().items() if k.startswith("khabar/fetch_failed/article"))
        rows.append(f"{name:<12} {new:>6} {st.get_value('khabar/versions', 0):>8} "
                    f"{st.get_value('khabar/fetched/article', 0):>8} {st.get_value('khabar/skipped/known', 0):>7} "
                    f"{failed:>7}  {st.get_value('finish_reason')}")
    rows.append(f"crawlall: {total} new articles from {len(crawlers)} sites")
    return "\n".join(rows)
