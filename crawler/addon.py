"""Settings derived from other settings, applied before the crawl starts.

A Scrapy add-on runs after ``-s`` overrides are known, so the default JSON
Lines feed can live under whatever ``ARCHIVE_DIR`` the user chose.  A user's
own ``-o``/``-O`` feed is kept as given; the archive copy is added beside it.
"""

from __future__ import annotations

from pathlib import Path


class KhabarAddon:
    def update_settings(self, settings) -> None:
        if not settings.getbool("KHABAR_DEFAULT_FEED", True):
            return
        archive = Path(settings.get("ARCHIVE_DIR") or "archive")
        uri = str(archive.resolve() / "items" / "%(name)s-%(time)s.jsonl")
        feeds = dict(settings.getdict("FEEDS"))
        feeds.setdefault(uri, {"format": "jsonlines", "encoding": "utf8", "store_empty": True})
        settings.set("FEEDS", feeds, priority=max(settings.getpriority("FEEDS") or 0, 15))
