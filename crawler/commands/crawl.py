"""``scrapy crawl``, plus a non-zero exit when a whole-crawl replay
(``-s WARC_REPLAY=...``) could not read part of its archives, as ``scrapy
replay`` does: a scheduled job must notice a damaged capture."""

from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawlCommand


class Command(ScrapyCrawlCommand):
    def _create_crawler(self, spidercls):
        self._crawler = super()._create_crawler(spidercls)
        return self._crawler

    def run(self, args, opts) -> None:
        super().run(args, opts)
        crawler = getattr(self, "_crawler", None)
        stats = getattr(crawler, "stats", None)
        if stats is not None and stats.get_value("khabar/replay/unreadable"):
            print(f"replay: {stats.get_value('khabar/replay/unreadable')} archive part(s) unreadable; see the log")
            self.exitcode = 1
