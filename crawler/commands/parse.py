"""``scrapy parse URL``: Scrapy's, with every sitemap entry a request of the
callback (``KHABAR_FRONTIER_ENTRIES=0``).

A crawl keeps a sitemap's entries as URLs and makes them into requests as
the scheduler drains (crawler/backlog.py).  ``scrapy parse`` shows what a
callback yields and fetches no more than ``--depth`` asks: with the backlog,
it would show the first entries only and fetch the rest when idle.  A value
given with ``-s`` still wins.
"""

from __future__ import annotations

from scrapy.commands.parse import Command as ScrapyParse
from scrapy.settings import SETTINGS_PRIORITIES


class Command(ScrapyParse):
    def process_options(self, args, opts):
        super().process_options(args, opts)
        priority = (SETTINGS_PRIORITIES["spider"] + SETTINGS_PRIORITIES["cmdline"]) // 2
        if (self.settings.getpriority("KHABAR_FRONTIER_ENTRIES") or 0) < priority:
            self.settings.set("KHABAR_FRONTIER_ENTRIES", 0, priority=priority)
