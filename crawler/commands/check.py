"""``scrapy check SPIDER [-a base_url=URL]``: Scrapy's contract check
(crawler/contracts.py) without a crawl's side effects on the archive.

Scrapy already drops item pipelines and feeds for a check; Khabar also
writes no WARC, no crawl state, no lock, no report and no progress lines,
so checking a spider against the live site or a mirror leaves ARCHIVE_DIR
as it was; and a sitemap's entries are all made into requests by its callback
(``KHABAR_FRONTIER_ENTRIES=0``), none fetched later from the backlog
(crawler/backlog.py): a check fetches only the pages its contracts name.
Values given with ``-s`` still win.
"""

from __future__ import annotations

from scrapy.commands.check import Command as ScrapyCheck
from scrapy.settings import SETTINGS_PRIORITIES

QUIET = {
    "WARC_ENABLED": False,
    "KHABAR_STATE": "",
    "KHABAR_DEFAULT_FEED": False,
    "KHABAR_REPORT_ENABLED": False,
    "KHABAR_STATUS_INTERVAL": 0,
    "KHABAR_STATUS_BAR": "off",
    "KHABAR_FRONTIER_ENTRIES": 0,
}


class Command(ScrapyCheck):
    def process_options(self, args, opts):
        super().process_options(args, opts)
        # between the spider's settings and the command line, as Scrapy does for pipelines
        priority = (SETTINGS_PRIORITIES["spider"] + SETTINGS_PRIORITIES["cmdline"]) // 2
        for name, value in QUIET.items():
            if (self.settings.getpriority(name) or 0) < priority:
                self.settings.set(name, value, priority=priority)
