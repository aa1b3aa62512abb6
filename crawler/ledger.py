"""Every URL of the site a crawl meets ends in exactly one counted outcome.

A story must never vanish without a word.  The ledger (an extension) keeps,
for this crawl, each same-site URL the spiders met (``discovered``, by URL
key) and settles it once, with the first outcome that applies:

* ``emitted``; ``duplicate`` (a copy of a story emitted in this run, or a
  second spelling of one), ``unchanged`` (no new text since an earlier run),
  ``out_of_window``, ``max_articles``;
* ``not_article/<reason>``; ``failed/<reason>`` (HTTP status, timeout, an
  extraction error...);
* ``skipped/<rule>`` (denied pattern, not an article URL, page budget, known
  from an earlier run, robots.txt, a duplicate request...);
* ``discovery/<kind>`` for the robots.txt, sitemaps, feeds and listings read;
* ``requisite/captured``, ``requisite/unchanged`` for an article page's
  stylesheets, images and scripts archived (crawler/requisites.py);
* ``handed_off/other_worker``: in a cluster, a URL this worker put in (or
  found already in) the shared frontier that another worker took: that
  worker's ledger gives its outcome (a worker counts what it takes from the
  frontier as discovered, so each URL's outcome is counted by the worker that
  fetched it, and the identity holds in every worker); and
  ``handed_off/same_story`` for another spelling of a story held back here
  while another worker fetched the story;
* ``unfinished/<finish reason>`` for what was still pending when the crawl
  stopped (none when it finished by itself).

Stats: ``khabar/urls/discovered`` and ``khabar/urls/<outcome>``; their sum is
the discovered count, and the crawl summary prints the identity.

A URL is known by a 60-bit hash of its ``url_key`` (crawler/keyset.py): the
settled ones, all of the crawl's URLs, cost ~60 bytes each, not the URL.  A
pending URL keeps its text until settled, to be named if it never is.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Optional

from scrapy import signals

from .keyset import key_hash
from .urls import url_key

logger = logging.getLogger(__name__)


class UrlLedger:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        # all keyed by key_hash(url_key(url))
        self._pending: dict[int, str] = {}  # met, not settled yet -> the URL
        self._settled: set[int] = set()
        self._provisional: dict[int, str] = {}  # settled as a discovery page, for now
        self._elsewhere: set[int] = set()  # in a cluster's shared frontier
        self._waiting: dict[int, int] = {}  # a story's other spelling -> the one fetched
        self.outcomes: Counter = Counter()

    @classmethod
    def from_crawler(cls, crawler):
        ledger = cls(crawler)
        crawler.signals.connect(ledger.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ledger.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ledger.spider_error, signal=signals.spider_error)
        crawler.signals.connect(ledger.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(ledger.spider_closed, signal=signals.spider_closed)
        return ledger

    @staticmethod
    def hash_of(url: str, key: Optional[str] = None) -> int:
        """What the ledger knows ``url`` by (``key``: its ``url_key``, when known)."""
        return key_hash(key or url_key(url))

    # -- the two verbs --------------------------------------------------------
    def discovered(self, url: str, key: Optional[str] = None) -> bool:
        """Note a URL met; True if it is new to this crawl."""
        h = self.hash_of(url, key)
        if h in self._pending or h in self._settled:
            return False
        self._pending[h] = url
        self.stats.inc_value("khabar/urls/discovered")
        return True

    def settle(self, url: str, outcome: str, key: Optional[str] = None) -> bool:
        """Give a discovered URL its outcome (the first one given counts,
        except that a page read for discovery that also turns out to be a
        story takes the story's outcome)."""
        return self._settle(self.hash_of(url, key), outcome)

    def _settle(self, h: int, outcome: str) -> bool:
        earlier = self._provisional.get(h)
        if earlier is not None and _replaces(earlier, outcome):
            del self._provisional[h]
            self.outcomes[earlier] -= 1
            self.stats.inc_value(f"khabar/urls/{earlier}", -1)
            if outcome.startswith(PROVISIONAL):  # a dropped page read after all: for discovery, so far
                self._provisional[h] = outcome
        elif h not in self._pending:
            return False
        else:
            del self._pending[h]
            self._settled.add(h)
            if outcome.startswith(PROVISIONAL):
                self._provisional[h] = outcome
        self.outcomes[outcome] += 1
        self.stats.inc_value(f"khabar/urls/{outcome}")
        return True

    def skip(self, url: str, rule: str, key: Optional[str] = None) -> None:
        """A URL met and left alone by a rule: discovered and settled at once."""
        if self.discovered(url, key):
            self.settle(url, f"skipped/{rule}", key)

    def settle_response(self, response, outcome: str) -> None:
        """Settle the URL a response answers (and the one it was redirected from)."""
        for url in [*response.meta.get("redirect_urls", ()), response.url]:
            self.settle(url, outcome)

    # -- outcomes decided after the callback ----------------------------------------
    def item_scraped(self, item, response=None, spider=None) -> None:
        if response is not None:
            self.settle_response(response, "emitted")

    def item_dropped(self, item, response=None, exception=None, spider=None) -> None:
        if response is not None:
            self.settle_response(response, getattr(exception, "outcome", None) or "failed/dropped")

    def request_dropped(self, request, spider=None) -> None:
        # a redirect to a URL already requested: the target has its own outcome,
        # the URLs that redirected to it are copies of it
        for url in request.meta.get("redirect_urls", ()):
            self.settle(url, "duplicate/redirect")

    def waits_on(self, url: str, first: int, key: Optional[str] = None) -> None:
        """``url`` is another spelling of the story fetched under the URL
        whose :meth:`hash_of` is ``first``, held back unless that fails: if
        that one goes to another worker of a cluster, so does the outcome of
        ``url``."""
        if self._elsewhere:  # only a cluster worker hands URLs off
            self._waiting[self.hash_of(url, key)] = first

    def taken(self, url: str) -> None:
        """This worker took ``url`` from a cluster's shared frontier: its
        outcome is counted here (discovered here if another worker met it)."""
        self.discovered(url)
        self._elsewhere.discard(self.hash_of(url))

    def handed_off(self, url: str) -> None:
        """This URL's request went to a cluster's shared frontier: the worker
        that takes it settles it (this one too, if it is the one)."""
        self._elsewhere.add(self.hash_of(url))

    def spider_error(self, failure, response, spider=None) -> None:
        self.settle_response(response, "failed/spider_error")

    def spider_closed(self, spider=None, reason: str = "finished") -> None:
        for h in self._elsewhere & self._pending.keys():
            self._settle(h, "handed_off/other_worker")
        for h, first in self._waiting.items():
            if h in self._pending and first in self._elsewhere:
                self._settle(h, "handed_off/same_story")
        if self._pending and reason == "finished":
            # a crawl that ran to its end left these without an outcome: a path the ledger misses
            logger.warning("%d URLs met but never settled, e.g. %s", len(self._pending),
                           ", ".join(sorted(self._pending.values())[:5]))
        for h in list(self._pending):
            self._settle(h, f"unfinished/{reason}")
        self._provisional.clear()
        total = sum(self.outcomes.values())
        self.stats.set_value("khabar/urls/accounted", total)
        logger.info("URLs: %s", identity(self.stats.get_stats()))


# Outcomes a later one replaces: a page read for discovery that turns out to
# be a story; a request a limit dropped (``DEPTH_LIMIT``, ``URLLENGTH_LIMIT``)
# whose URL another page then leads to within the limit (read as a story, or
# for discovery).
LIMITED = ("skipped/depth_limit", "skipped/url_length")
PROVISIONAL = ("discovery/", *LIMITED)


def _replaces(earlier: str, outcome: str) -> bool:
    if earlier.startswith(LIMITED):
        return not outcome.startswith(LIMITED)
    return not outcome.startswith(PROVISIONAL)


def failure_outcome(failure) -> str:
    """The ledger outcome of a request that failed: ``failed/http_404``,
    ``skipped/robots`` (refused by a rule before it was sent), ``failed/timeouterror``..."""
    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError

    if failure.check(HttpError):
        return f"failed/http_{failure.value.response.status}"
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        return "skipped/robots" if "robots" in message else "failed/ignored"
    return f"failed/{type(failure.value).__name__.lower()}"


GROUPS = ("emitted", "duplicate", "unchanged", "out_of_window", "max_articles", "not_article", "failed",
          "skipped", "discovery", "requisite", "handed_off", "unfinished")


def identity(stats: dict) -> str:
    """``discovered N = emitted a + duplicate b + ...`` from the stats."""
    prefix = "khabar/urls/"
    groups: Counter = Counter()
    for key, value in stats.items():
        if key.startswith(prefix) and key not in (prefix + "discovered", prefix + "accounted"):
            groups[key[len(prefix):].split("/", 1)[0]] += value
    parts = [f"{groups[g]} {g.replace('_', ' ')}" for g in GROUPS if groups.get(g)]
    return f"discovered {stats.get(prefix + 'discovered', 0)} = " + (" + ".join(parts) or "0")
