"""The Scrapy add-on that turns a crawl into a cluster worker.

Listed in ``ADDONS`` (crawler/settings.py); it does nothing unless
``KHABAR_REDIS_URL`` is set.  With it, the scheduler is
:class:`~crawler.cluster.scheduler.RedisScheduler` (shared frontier, shared
duplicate filter, leases) and the shared politeness gate
(:class:`~crawler.cluster.polite.SharedPolitenessMiddleware`) is enabled; the
crawl state picks :class:`~crawler.cluster.store.RedisStore` itself
(crawler/state/extension.py).
"""

from __future__ import annotations

SCHEDULER = "crawler.cluster.scheduler.RedisScheduler"
POLITENESS = "crawler.cluster.polite.SharedPolitenessMiddleware"
POLITENESS_ORDER = 960  # closest to the download, after the replay middleware (950)


class ClusterAddon:
    def update_settings(self, settings) -> None:
        if not settings.get("KHABAR_REDIS_URL"):
            return
        settings.set("SCHEDULER", SCHEDULER, "addon")
        if settings.getbool("KHABAR_REDIS_POLITENESS", True):
            middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
            middlewares.setdefault(POLITENESS, POLITENESS_ORDER)
            settings.set("DOWNLOADER_MIDDLEWARES", middlewares, settings.getpriority("DOWNLOADER_MIDDLEWARES"))
