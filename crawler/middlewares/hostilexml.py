"""Hostile XML documents named: a stat and one log line each (issue 9).

:mod:`crawler.discovery` refuses a sitemap or feed that declares entities
(the billion-laughs bomb, XXE) before any parser sees it, by raising
:class:`~crawler.discovery.HostileDocument` from the spider callback that
parses it.  This spider middleware catches it there, counts
``khabar/hostile/<kind>`` and ``khabar/hostile/<kind>/<request kind>``
(``xml_entities`` or ``xml_external_entity``; ``sitemap``, ``feed``,
``probe``...), logs one warning naming the URL, and ends that callback
quietly: the document is refused, the crawl goes on.  The spiders stay as
they are.
"""

from __future__ import annotations

import logging

from ..discovery import HostileDocument

logger = logging.getLogger(__name__)


class HostileDocumentMiddleware:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_spider_exception(self, response, exception, spider=None):
        if not isinstance(exception, HostileDocument):
            return None
        kind = response.meta.get("kind") or "default"
        self.stats.inc_value(f"khabar/hostile/{exception.kind}")
        self.stats.inc_value(f"khabar/hostile/{exception.kind}/{kind}")
        logger.warning("Hostile document refused (khabar/hostile/%s): %s: %s", exception.kind, response.url,
                       exception.detail)
        return []
