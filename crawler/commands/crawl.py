"""``scrapy crawl`` with four additions for Khabar's spiders.

- Settings are checked before anything starts (crawler/validate.py): a wrong
  type (``-s WARC_MAX_SIZE=abc``), an out-of-range value
  (``-s CONCURRENT_REQUESTS=-1``), an unknown ``KHABAR_*``/``WARC_*`` setting or
  an argument the spider does not take (``-a bogus=1``) is one usage error,
  exit status 2.
- Bad spider arguments (``-a since=yesterday``) are a one-line usage error,
  not a traceback: the spider is built once with them before the crawl.
- A crawl stopped by a failed archive write (disk full, read-only archive;
  ``crawler/writefail.py``) exits with status 1.
- A whole-crawl replay (``-s WARC_REPLAY=...``) that could not read part of
  its archives exits with status 1, as ``scrapy replay`` does: a scheduled
  job must notice a damaged capture.
- An archive another run holds, a read-only or full archive directory, or an
  unusable state database stop the crawl before anything is fetched or
  written, in one line (``crawler.state.preflight``).
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from crawler.lifecycle import load_http_handler, skip_final_collection
from crawler.validate import argument_problems, setting_problems, usage_message


class Command(ScrapyCrawlCommand):
    def _create_crawler(self, spidercls):
        self._crawler = super()._create_crawler(spidercls)
        return self._crawler

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        # Here, before Scrapy configures logging or creates the crawler
        # process: a bad LOG_LEVEL is reported like any other setting.
        problems = setting_problems(self.settings)
        spidercls = self.khabar_spider(args[0]) if len(args) == 1 else None
        if spidercls is not None:
            problems += argument_problems(spidercls, opts.spargs)
        if problems:
            raise UsageError(usage_message(problems), print_help=False)
        if spidercls is not None:
            self.check_arguments(spidercls, opts.spargs)
        load_http_handler()  # here, a few frames deep (crawler/lifecycle.py)

    def run(self, args, opts) -> None:
        if len(args) == 1 and not self.ready(self.settings, [args[0]]):
            return
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
        skip_final_collection()

    def ready(self, settings, spider_names) -> bool:
        from crawler.state.preflight import PreflightError, preflight

        try:
            preflight(settings, spider_names)
        except PreflightError as exc:
            print(f"khabar: {exc}", file=sys.stderr)
            self.exitcode = exc.exitcode
            return False
        return True

    def khabar_spider(self, name: str):
        try:
            spidercls = get_spider_loader(self.settings).load(name)
        except KeyError:
            return None  # Scrapy reports an unknown spider itself
        if getattr(spidercls, "site_name", None) is None and spidercls.name != "news":
            return None  # not one of Khabar's spiders
        return spidercls

    def check_arguments(self, spidercls, spargs: dict) -> None:
        try:
            spidercls(**spargs)
        except (ValueError, KeyError) as exc:
            raise UsageError(f"{spidercls.name}: {exc.args[0] if exc.args else exc}", print_help=False) from None
