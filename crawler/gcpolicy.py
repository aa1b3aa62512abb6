"""The crawl process's garbage collector, tuned for a crawl.

CPython starts a young-generation collection every 700 net allocations of
container objects.  A crawl allocates requests, responses, deferreds and items
by the hundred thousand, nearly all freed by reference counting moments later;
at 700 the collector ran ~400 times per 500 articles and walked the same
young objects again and again (6% of the crawl process's CPU).  At
``KHABAR_GC_THRESHOLD`` (10,000) it runs ~20 times and what it would have
found is gone already; cycles are still collected, a little later.  The
extraction workers go back to Python's thresholds (crawler/workers.py: their
garbage is whole page trees).  The previous thresholds come back when the
crawl ends (several crawls may share a process).
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.exceptions import NotConfigured


class CollectorPolicy:
    def __init__(self, threshold: int):
        self.threshold = threshold
        self._before = gc.get_threshold()
        gc.set_threshold(threshold, *self._before[1:])

    @classmethod
    def from_crawler(cls, crawler):
        threshold = crawler.settings.getint("KHABAR_GC_THRESHOLD", 10_000)
        if threshold <= 0:
            raise NotConfigured  # 0: Python's own thresholds
        policy = cls(threshold)
        crawler.signals.connect(policy.restore, signal=signals.engine_stopped)
        return policy

    def restore(self) -> None:
        gc.set_threshold(*self._before)
