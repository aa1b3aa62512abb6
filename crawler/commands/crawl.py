"""``scrapy crawl`` with two additions for Khabar's spiders.

- Bad spider arguments (``-a since=yesterday``) are a one-line usage error,
  not a traceback: the spider is built once with them before the crawl.
- A crawl stopped by a failed archive write (disk full, read-only archive;
  ``crawler/writefail.py``) exits with status 1.
- A whole-crawl replay (``-s WARC_REPLAY=...``) that could not read part of
  its archives exits with status 1, as ``scrapy replay`` does: a scheduled
  job must notice a damaged capture.
"""

from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCrawlCommand):
    def _create_crawler(self, spidercls):
        self._crawler = super()._create_crawler(spidercls)
        return self._crawler

    def run(self, args, opts) -> None:
        if len(args) == 1:
            self.check_arguments(args[0], opts.spargs)
        super().run(args, opts)
        stats = None
        try:
            stats = getattr(self, "_crawler", None) and self._crawler.stats
        except RuntimeError:  # the crawl never started (it failed to bootstrap)
            pass
        if stats and stats.get_value("khabar/archive/write_failed"):
            # disk full, read-only archive: logged once by crawler.writefail
            self.exitcode = 1
        if stats and stats.get_value("khabar/replay/unreadable"):
            print(f"replay: {stats.get_value('khabar/replay/unreadable')} archive part(s) unreadable; see the log")
            self.exitcode = 1

    def check_arguments(self, name: str, spargs: dict) -> None:
        try:
            spidercls = self.crawler_process.spider_loader.load(name)
        except KeyError:
            return  # Scrapy reports an unknown spider itself
        if getattr(spidercls, "site_name", None) is None and spidercls.name != "news":
            return  # not one of Khabar's spiders
        try:
            spidercls(**spargs)
        except (ValueError, KeyError) as exc:
            raise UsageError(f"{name}: {exc.args[0] if exc.args else exc}", print_help=False) from None
