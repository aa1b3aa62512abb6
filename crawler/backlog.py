"""Sitemap and feed entries kept as URLs until the scheduler needs them.

Why: a sitemap names every story of a site at once.  Made into requests as
it was read, a whole site's stories waited in the scheduler together (~4,600
at 5,000 stories): each a pickled request, a pending URL in the ledger and a
story map entry in the spider, and the interpreter's arenas, grown to that
peak, stayed grown.  Kept here as (URL, source, lastmod) until the frontier
runs low, a crawl's memory is the same at 500 stories and at 5,000.

An entry here is not yet *discovered* (``crawler/ledger.py``): it is made
into a request, or skipped by the spider's rules, when it is taken; what is
left when the crawl stops is counted then (``unfinished/<reason>``), so
every URL met still ends in one outcome.

Taken last in, first out, a batch at a time in the order the entries were
read, so that with the scheduler's own last-in-first-out queue the stories
are fetched in the order they were when every request was queued at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional


# The page an entry was read from and its Scrapy depth, shared by all of
# that page's entries: a request made from the backlog later, outside the
# sitemap's callback, is given the Referer and depth Scrapy's spider
# middlewares give the ones yielded from it.
CameFrom = tuple[str, int]


class EntryBacklog:
    """Waiting entries: ``(url, source, lastmod, came_from)`` tuples."""

    def __init__(self) -> None:
        self._entries: list[tuple[str, str, Optional[datetime], Optional[CameFrom]]] = []

    def add(self, url: str, source: str, lastmod: Optional[datetime], came_from: Optional[CameFrom] = None) -> None:
        self._entries.append((url, source, lastmod, came_from))

    def put_back(self, entries: list) -> None:
        """Entries taken but not decided on, back where they were."""
        self._entries.extend(entries)

    def take(self, n: int) -> list[tuple[str, str, Optional[datetime], Optional[CameFrom]]]:
        """The last ``n`` entries added, in the order they were added."""
        if n <= 0:
            return []
        batch = self._entries[-n:]
        del self._entries[-n:]
        return batch

    def drain(self) -> list[tuple[str, str, Optional[datetime], Optional[CameFrom]]]:
        return self.take(len(self._entries))

    def __len__(self) -> int:
        return len(self._entries)
