"""The discovery machinery every Khabar spider shares.

A spider is bound to one ``SiteDefinition`` and walks the ways the site
publishes articles: robots.txt ``Sitemap:`` lines, sitemaps and sitemap
indexes, RSS/Atom feeds and paginated listings from ``seeds/<site>.json``.
Only URLs matching the site's article pattern are fetched as articles; each
article page is turned into an ``Article`` by ``extract()`` in a worker
process (see ``crawler.workers``).

Spider arguments (``-a name=value``):
  base_url      crawl a mirror: the same paths under another origin
  max_articles  stop after emitting N articles
  since, until  YYYY-MM-DD (inclusive), in the site's time zone
  max_pages     cap on listing pages fetched, and separately on pagination
                pages (default 500 each)

Request priorities: articles first, then pagination of the seed listings,
then other listing pages (sections, tags), so a large tag cloud cannot use
up the listing budget before the archive has been paged through.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import datetime
from typing import Any, AsyncIterator, Iterable, Optional
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spidermiddlewares.depth import DepthMiddleware
from scrapy.spidermiddlewares.referer import RefererMiddleware
from scrapy.spidermiddlewares.urllength import UrlLengthMiddleware
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.response import get_base_url

from ..discovery import (
    Entry,
    html_feed_links,
    is_feed,
    is_sitemap,
    parse_feed,
    parse_sitemap,
    robots_sitemaps,
)
from ..articles import extract_page_response, looks_like_html
from ..backlog import EntryBacklog
from ..items import Article
from ..keyset import KeySet, key_hash
from ..ledger import UrlLedger, failure_outcome
from ..links import Link, LinkPolicy, LinkTriage, PageLinks, SiteLinkKinds
from ..requisites import RequisiteCapture
from ..sites import SiteDefinition, get_site
from ..state.extension import CrawlState
from ..urls import Rebaser, host_of, origin_problem, url_key
from ..window import DateWindow
from ..workers import ExtractionPool

logger = logging.getLogger(__name__)

FEED_LINK = re.compile(r"(^|/)(rss|feeds?|atom)([/._-]|$)", re.I)
LOOPBACK_HOSTS = ("127.", "localhost", "::1", "[::1]")
PRIORITY = {"robots": 30, "sitemap": 20, "feed": 20, "article": 10, "pagination": 5, "listing": 0}


def positive(value: Optional[str], name: str, kind: type = int):
    """A spider argument that must be above 0 (``kind`` int or float), or None."""
    if value in (None, ""):
        return None
    try:
        number = kind(value)
    except (TypeError, ValueError):
        number = 0
    if not number > 0:
        noun = "a whole number" if kind is int else "a number"
        raise ValueError(f"-a {name}= must be {noun} above 0, got {value!r}")
    return number


def positive_int(value: Optional[str], name: str) -> Optional[int]:
    return positive(value, name, int)


class KhabarSpider(RequisiteCapture, scrapy.Spider):
    """A spider bound to one definition: subclasses set ``site_name`` (see
    ``crawler.spiders.sites``), or ``site=`` passes one (``news``)."""

    site_name: Optional[str] = None
    # A page found not to be an article is not fetched as one again (a
    # spider that mines such pages as listings fetches them every run).
    remembers_non_articles = True

    def __init__(
        self,
        base_url: Optional[str] = None,
        max_articles: Optional[str] = None,
        since: Optional[str] = None,
        until: Optional[str] = None,
        max_pages: Optional[str] = None,
        recheck: Optional[str] = None,
        site: Optional[SiteDefinition] = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.site: SiteDefinition = site if site is not None else get_site(self.site_name)
        if base_url:
            problem = origin_problem(base_url)  # a usage error: no traceback, nothing fetched
            if problem:
                raise ValueError(f"-a base_url= must be an http(s) origin, got {base_url!r} ({problem})")
            base_url = base_url.rstrip("/")
        self.base_url = base_url
        self.origin = base_url or self.site.home.rstrip("/")
        self.rebase = Rebaser(self.site.domains, base_url)
        # how this spider judges links: applied by the extraction worker to an
        # article's links, and here (LinkTriage: what each href of a listing
        # comes to, worked out once per crawl, bounded)
        self.link_policy = LinkPolicy(self.rebase, self.link_kinds(self.site))
        self.links = LinkTriage(self.rebase, self.link_policy.kinds)
        self.allowed_domains = [host_of(self.origin)] if base_url else list(self.site.domains)
        self.max_articles = positive_int(max_articles, "max_articles")
        self.max_pages = positive_int(max_pages, "max_pages") or 500
        self.zone = ZoneInfo(self.site.timezone)
        self.window = DateWindow.from_args(since, until)
        self.recheck_days = positive(recheck, "recheck", float)
        self.pages_fetched = {"listing": 0, "pagination": 0}
        # URL keys requested in this run, as hashes (crawler/keyset.py: the
        # crawl's per-URL memory is ~60 bytes a URL, not the URL)
        self._listings_seen = KeySet()
        self._articles_seen = KeySet()
        # URLs DEPTH_LIMIT dropped (their keys' hashes), and the depth it dropped them at
        self._too_deep: dict[int, int] = {}
        # known from an earlier run and met without a date: a feed or sitemap
        # entry dated after the last capture may still ask for a recheck
        self._known_unfetched = KeySet()
        # story id -> other spellings met while one is being fetched (tried
        # in turn if it fails), or None once the story is done in this run
        self._story_alternates: dict[str, Optional[list]] = {}
        # story id -> the ledger's hash of the spelling requested, while it is fetched
        self._story_first: dict[str, int] = {}
        # sitemap and feed entries not made into requests yet (crawler/backlog.py),
        # and the requests waiting in the scheduler by kind (crawler/frontier.py counts)
        self._backlog = EntryBacklog()
        self.frontier_waiting: Counter = Counter()
        self._entries_ahead: Optional[int] = None

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.apply_site_settings(crawler.settings)
        crawler.signals.connect(spider.on_robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(spider.top_up, signal=signals.response_received)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        # before the ledger's (an extension, connected later): what is left
        # of the backlog is counted before the ledger sums its outcomes
        crawler.signals.connect(spider.backlog_closed, signal=signals.spider_closed)
        return spider

    def apply_site_settings(self, settings) -> None:
        """Per-site quirks that are settings (the site is known only now, from
        the spider's arguments; settings are still open for the spider's
        priority).  A user's own ``-s USER_AGENT`` still wins, with a warning
        when the site is known to refuse browser-like agents."""
        if settings.frozen:
            return
        if self.base_url and host_of(self.base_url).startswith(LOOPBACK_HOSTS):
            # A mirror on this machine: no one to be polite to.
            for name, value in (("DOWNLOAD_DELAY", 0), ("AUTOTHROTTLE_ENABLED", False),
                                ("CONCURRENT_REQUESTS_PER_DOMAIN", 16)):
                if (settings.getpriority(name) or 0) < SETTINGS_PRIORITIES["cmdline"]:
                    settings.set(name, value, priority="spider")
        agent = settings.get("USER_AGENT", "")
        if self.site.user_agent and (settings.getpriority("USER_AGENT") or 0) < SETTINGS_PRIORITIES["cmdline"]:
            settings.set("USER_AGENT", self.site.user_agent, priority="spider")
        elif self.site.extra.get("refuses_browser_agents") and "mozilla/" in agent.lower():
            logger.warning("%s is reported to refuse browser-like User-Agents (403); USER_AGENT=%r may be blocked",
                           self.site.name, agent)

    # -- helpers ----------------------------------------------------------
    def url(self, path: str) -> str:
        return self.rebase(path, self.origin + "/") or (self.origin + path)

    @property
    def pool(self) -> ExtractionPool:
        return self.crawler.get_extension(ExtractionPool)

    def inc(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"khabar/{key}", n)

    @property
    def state(self) -> Optional[CrawlState]:
        return self.crawler.get_extension(CrawlState)

    # -- the URL ledger (crawler/ledger.py): every URL met ends in one outcome
    @property
    def ledger(self) -> Optional[UrlLedger]:
        return self.crawler.get_extension(UrlLedger)

    def met(self, url: str, key: Optional[str] = None) -> None:
        if self.ledger is not None:
            self.ledger.discovered(url, key)

    def settle(self, url: str, outcome: str, key: Optional[str] = None) -> None:
        if self.ledger is not None:
            self.ledger.settle(url, outcome, key)

    def settle_response(self, response: Response, outcome: str) -> None:
        if self.ledger is not None:
            self.ledger.settle_response(response, outcome)

    def skip(self, url: str, rule: str, key: Optional[str] = None) -> None:
        """A URL met and left alone by ``rule`` (counted twice: the rule's own
        stat ``khabar/skipped/<rule>`` and the ledger's outcome)."""
        self.inc(f"skipped/{rule}")
        if self.ledger is not None:
            self.ledger.skip(url, rule, key)

    def entry_in_window(self, entry: Entry) -> bool:
        return self.window.may_hold(entry.published, entry.modified, self.site.timezone)

    def make(self, url: str, callback, kind: str, khabar_depth: int = 0, key: Optional[str] = None,
             **meta: Any) -> scrapy.Request:
        self.met(url, key)
        meta["kind"] = kind
        meta["khabar_depth"] = khabar_depth
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta,
                              priority=PRIORITY.get(kind, 0))

    def on_error(self, failure) -> None:
        request = failure.request
        for url in [*request.meta.get("redirect_urls", ()), request.url]:  # the URL met, and where it led
            self.settle(url, failure_outcome(failure))
        self.inc(f"fetch_failed/{request.meta.get('kind', 'page')}")
        logger.info("Could not fetch %s (%s): %s", request.url, request.meta.get("kind"), failure.getErrorMessage())
        if request.meta.get("kind") == "article":
            response = getattr(failure.value, "response", None)
            self.article_failed(request.url, "failed", getattr(response, "status", None))

    # -- start ------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for request in self.recheck_requests():
            yield request
        for request in self.start_requests_list():
            yield request

    def live_url(self, url: str) -> str:
        """``url`` with the origin crawled (``-a base_url``) put back to the
        site's own: the form the crawl state remembers it in."""
        if self.base_url and url.startswith(self.base_url + "/"):
            return self.site.home.rstrip("/") + url[len(self.base_url):]
        return url

    def recheck_requests(self) -> list[scrapy.Request]:
        """``-a recheck=DAYS``: stories published in the last DAYS days, asked
        for again with the validators of their last capture."""
        state = self.state
        if not self.recheck_days or state is None:
            return []
        requests = []
        for record in state.recent(self.recheck_days):
            if not self.site.owns("http:" + record.key):
                continue  # another site's story (the key holds the live host: see CrawlState.url_key)
            # the same path on the origin crawled now (a mirror may have moved to another port)
            parts = urlsplit(record.url)
            target = self.rebase(self.origin + parts.path + (f"?{parts.query}" if parts.query else ""))
            if not target:
                continue
            self._articles_seen.add(url_key(target))
            requests.append(self.recheck_request(target, record, "recheck"))
        self.inc("recheck/requested", len(requests))
        return requests

    def recheck_request(self, url: str, record, source: str) -> scrapy.Request:
        headers = {}
        if record.etag:
            headers["If-None-Match"] = record.etag
        if record.last_modified:
            headers["If-Modified-Since"] = record.last_modified
        request = self.make(url, self.parse_article, "article", 1, source=source, handle_httpstatus_list=[304])
        if record.payload_digest and record.fetched_at:
            request.meta["khabar_recheck"] = {"digest": record.payload_digest, "uri": record.url,
                                              "date": record.fetched_at, "record_id": record.record_id}
        return request.replace(headers=headers) if headers else request

    def start_requests_list(self) -> list[scrapy.Request]:
        seeds = self.site.seeds
        requests = []
        if self.site.follow_robots_sitemaps and not self.crawler.settings.getbool("ROBOTSTXT_OBEY"):
            # (when robots.txt is obeyed, Scrapy fetches it anyway: its
            # Sitemap: lines arrive through on_robots_parsed instead)
            requests.append(self.make(self.url("/robots.txt"), self.parse_robots, "robots"))
        for path in seeds["sitemaps"]:
            requests.append(self.make(self.url(path), self.parse_sitemap, "sitemap"))
        for path in seeds["feeds"]:
            requests.append(self.make(self.url(path), self.parse_feed, "feed"))
        for path in seeds["listings"]:
            requests.append(self.make(self.url(path), self.parse_listing, "pagination"))
        return requests

    # -- discovery callbacks ----------------------------------------------
    def parse_robots(self, response: Response) -> Iterable[scrapy.Request]:
        self.settle_response(response, "discovery/robots")
        yield from self.robots_sitemap_requests(robots_sitemaps(response.body), response.url)

    def on_robots_parsed(self, robotparser, request) -> None:
        """``Sitemap:`` lines of the robots.txt Scrapy fetched to obey it."""
        if not self.site.follow_robots_sitemaps or host_of(request.url) != host_of(self.origin):
            return
        sitemaps = list(getattr(getattr(robotparser, "rp", None), "sitemaps", []) or [])
        robots_url = self.origin + "/robots.txt"
        for req in self.robots_sitemap_requests(sitemaps, robots_url):
            self.crawler.engine.crawl(req)

    def robots_sitemap_requests(self, urls: Iterable[str], robots_url: str) -> Iterable[scrapy.Request]:
        for url in urls:
            target = self.rebase(url, robots_url) or self.self_reference(url, robots_url)
            if target:
                self.inc("discovered/robots_sitemap")
                yield self.make(target, self.parse_sitemap, "sitemap")

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        self.settle_response(response, "discovery/sitemap")
        try:
            kind, entries = parse_sitemap(response.body, self.zone, lambda _: self.inc("bad_date"))
        except ValueError as exc:
            self.inc("bad_sitemap")
            logger.warning("Not a sitemap: %s (%s)", response.url, exc)
            return
        if kind == "index":
            for entry in entries:
                start = self.window.start(self.site.timezone)
                if entry.modified and start and entry.modified < start:
                    # A child sitemap last modified before the window holds nothing newer.
                    self.skip(entry.url, "sitemap_out_of_window")
                    continue
                target = self.rebase(entry.url, response.url)
                if target:
                    yield self.make(target, self.parse_sitemap, "sitemap")
                else:
                    self.offsite(entry.url, ("sitemap",))
            return
        yield from self.follow_entries(entries, response, "sitemap")

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        self.settle_response(response, "discovery/feed")
        if is_sitemap(response.body):
            yield from self.parse_sitemap(response)
            return
        try:
            entries = parse_feed(response.body, lambda _: self.inc("bad_date"))
        except ValueError as exc:
            if looks_like_html(response):
                # e.g. an "RSS help" page listing the site's feeds
                base = get_base_url(response)
                hrefs = list(html_feed_links(response))
                hrefs += [h for h in response.xpath("//a/@href").getall() if FEED_LINK.search(h)]
                for href in hrefs:
                    target = self.rebase(href, base)
                    if target:
                        yield self.make(target, self.parse_feed, "feed")
                return
            self.inc("bad_feed")
            logger.warning("Not a feed: %s (%s)", response.url, exc)
            return
        yield from self.follow_entries(entries, response, "feed")

    def follow_entries(self, entries: list[Entry], response: Response, source: str) -> Iterable[scrapy.Request]:
        """Requests for a sitemap's or feed's entries: out-of-window and
        off-site ones are settled now, the rest wait as URLs in the backlog
        and the first of them are made into requests now."""
        came_from = (response.url, response.meta.get("depth", 0))
        for entry in entries:
            target = self.rebase(entry.url, response.url)
            if not target:
                self.offsite(entry.url, ("entry", source, entry))
                continue
            if not self.entry_in_window(entry):
                self.skip(target, "out_of_window")
                continue
            self._backlog.add(target, source, entry.modified, came_from)
        for request, later in self.entry_requests(self.entries_wanted(), page=response.url):
            if later:
                # an entry of another page, waiting: not from this one, whose
                # depth the spider middlewares would give it
                self.crawler.engine.crawl(request)
                self.inc("backlog/requested_later")
            else:
                yield request

    # -- the backlog of sitemap and feed entries (crawler/backlog.py) -------
    def entries_ahead(self) -> int:
        """How many article requests to keep waiting in the scheduler
        (``KHABAR_FRONTIER_ENTRIES``); 0: every entry becomes a request as
        it is read.  So only with Scrapy's own in-memory scheduler: a
        cluster's shared frontier (Redis) or a ``JOBDIR``'s disk queues keep
        waiting requests out of this process, and a paused ``JOBDIR`` crawl
        must find every entry in its queues when resumed."""
        if self._entries_ahead is None:
            settings = self.crawler.settings
            default = settings.get("SCHEDULER") in ("scrapy.core.scheduler.Scheduler", None)
            self._entries_ahead = (max(0, settings.getint("KHABAR_FRONTIER_ENTRIES", 64))
                                   if default and not settings.get("JOBDIR") else 0)
        return self._entries_ahead

    def entry_requests(self, limit: int, page: Optional[str] = None) -> Iterable[tuple[scrapy.Request, bool]]:
        """Up to ``limit`` requests made from the backlog's entries (an entry
        the spider's rules skip is settled as it is taken), each with
        ``later``: True unless read on ``page``, the page whose callback
        yields it (see :meth:`as_if_from`)."""
        made = 0
        while made < limit and self._backlog:
            batch = self._backlog.take(min(limit - made, 64))
            done = 0
            try:
                for url, source, lastmod, came_from in batch:
                    request = self.candidate(url, source, depth=1, lastmod=lastmod)
                    done += 1
                    later = page is None or (came_from is not None and came_from[0] != page)
                    if request is not None:
                        request = self.as_if_from(request, came_from, later)
                    if request is not None:
                        made += 1
                        yield request, later
            finally:
                # an error (the crawl state's store failing) or a consumer
                # that stops early: the entries not decided on wait again
                self._backlog.put_back(batch[done:])

    def as_if_from(self, request: scrapy.Request, came_from, later: bool = False) -> Optional[scrapy.Request]:
        """The Referer and depth Scrapy's spider middlewares give a request
        yielded from the page it was read on: a request made from the
        backlog later is not yielded from there.  The Referer follows the
        project's referrer policy (``REFERRER_POLICY``; none with
        ``REFERER_ENABLED = False`` or the middleware turned off).  Made
        ``later``, the request also goes through the crawl's own depth and
        URL-length middlewares (``DEPTH_LIMIT``, ``DEPTH_PRIORITY``, the
        depth stats, ``URLLENGTH_LIMIT``), as if yielded from the page: None
        when one of them drops it (its URL settled as ``skipped/depth_limit``
        or ``skipped/url_length``).  (Yielded from there, the middlewares
        keep the header and set the same depth.)"""
        if came_from is None:
            return request
        page, depth = came_from
        policy = self.referrer_policy
        referrer = policy.referrer(page, request.url) if policy is not None else None
        if referrer and b"Referer" not in request.headers:
            request.headers[b"Referer"] = referrer
        limits = self.request_limits if later else ()
        if limits:
            source = self._page_standin(page, depth)
            for middleware in limits:
                request = middleware.get_processed_request(request, source)
                if request is None:
                    return None
        request.meta.setdefault("depth", depth + 1)
        return request

    @property
    def request_limits(self) -> tuple:
        """The crawl's ``DepthMiddleware`` and ``UrlLengthMiddleware`` (Scrapy's
        or a subclass), in the order a callback's requests meet them in
        Scrapy's default places (900, then 800); those turned off are left
        out."""
        if not hasattr(self, "_request_limits"):
            try:
                found = [self.crawler.get_spider_middleware(cls) for cls in (DepthMiddleware, UrlLengthMiddleware)]
            except RuntimeError:  # not crawling (a spider built for its rules alone)
                return ()
            self._request_limits = tuple(m for m in found if m is not None)
        return self._request_limits

    def _page_standin(self, page: str, depth: int) -> Response:
        """The response an entry was read from, as the limits see it: its
        URL and its depth (the page itself is not kept)."""
        cached = getattr(self, "_standin", None)
        if cached is None or cached.url != page or cached.meta.get("depth") != depth:
            cached = self._standin = Response(page, request=scrapy.Request(page, meta={"depth": depth}))
        return cached

    @property
    def referrer_policy(self):
        """The policy the project's ``RefererMiddleware`` (Scrapy's, or a
        subclass in ``SPIDER_MIDDLEWARES``) applies by default, or None when
        no such middleware runs."""
        if not hasattr(self, "_referrer_policy"):
            self._referrer_policy = None
            settings = self.crawler.settings
            for path in build_component_list(settings.getwithbase("SPIDER_MIDDLEWARES")):
                cls = load_object(path)
                if isinstance(cls, type) and issubclass(cls, RefererMiddleware):
                    try:  # built as Scrapy builds it (REFERER_ENABLED = False: NotConfigured)
                        self._referrer_policy = build_from_crawler(cls, self.crawler).default_policy()
                    except NotConfigured:
                        pass
                    break
        return self._referrer_policy

    def entries_wanted(self, force: bool = False) -> int:
        """How many requests to make from the backlog now: enough to bring
        the articles waiting in the scheduler back to ``entries_ahead``
        once fewer than half of that wait (``force``: however many wait)."""
        ahead = self.entries_ahead()
        if not ahead:
            return len(self._backlog)
        want = ahead - self.frontier_waiting["article"]
        if want < ahead // 2:
            return ahead if force else 0
        return want

    def top_up(self, *args: Any, force: bool = False, **kwargs: Any) -> int:
        """More requests from the backlog if the scheduler runs low on
        articles (after every response, and when the crawl is idle)."""
        if not self._backlog or self.crawler.engine is None:
            return 0
        made = 0
        for request, _ in self.entry_requests(self.entries_wanted(force)):
            self.crawler.engine.crawl(request)
            made += 1
        self.inc("backlog/requested_later", made)
        return made

    def on_idle(self, spider=None) -> None:
        """Nothing left to fetch: the crawl goes on while the backlog has entries."""
        if spider is self and self.top_up(force=True):
            raise DontCloseSpider

    def backlog_closed(self, spider=None, reason: str = "finished") -> None:
        """Entries still waiting when the crawl stops (``max_articles``,
        shutdown): met, and ``unfinished/<reason>``, as the requests waiting
        in the scheduler are."""
        if spider is not self:
            return
        left = self._backlog.drain()
        if left:
            self.inc("backlog/left_unrequested", len(left))
        ledger = self.ledger
        for url, *_ in left:
            if ledger is not None and ledger.discovered(url):
                ledger.settle(url, f"unfinished/{reason}")

    def candidate(self, url: str, source: str, depth: int,
                  lastmod: Optional[datetime] = None, key: Optional[str] = None) -> Optional[scrapy.Request]:
        """A request for a discovered URL, or None if the site does not want it
        (``key``: its ``url_key``, when known)."""
        if self.site.is_denied(url):
            self.skip(url, "denied", key)
            return None
        if self.site.is_article_url(url, listed_in_feed=source in ("feed", "sitemap")):
            return self.article_request(url, source, depth, lastmod=lastmod, key=key)
        if source == "listing" and self.site.is_article_url(url, listed_in_feed=True):
            # A shape both stories and sections use (a short slug under a
            # section): the extractor decides; a listing is then mined as one.
            return self.article_request(url, source, depth, maybe_listing=True, key=key)
        if source == "listing" and self.site.is_listing_url(url):
            return self.listing_request(url, depth, key=key)
        self.skip(url, "not_article_url", key)
        return None

    def article_request(self, url: str, source: str, depth: int, maybe_listing: bool = False,
                        lastmod: Optional[datetime] = None, key: Optional[str] = None) -> Optional[scrapy.Request]:
        """One request per story and run: a second spelling of a story being
        fetched (same story id) waits as an alternate, tried only if the
        first fails; a story an earlier run archived is not fetched again
        (unless a feed/sitemap date says it changed since)."""
        key = key or url_key(url)
        if key in self._articles_seen:
            if lastmod is None or key not in self._known_unfetched:
                return None  # already requested (or known) under this spelling
            self._known_unfetched.discard(key)  # a dated entry may say it changed since
        self._articles_seen.add(key)
        story_id = self.site.article_id(url)
        if story_id is not None and story_id in self._story_alternates:
            alternates = self._story_alternates[story_id]
            if alternates is not None:  # waits: settled when the story is done, or tried
                alternates.append((url, source, depth, maybe_listing))
                self.met(url, key)
                if self.ledger is not None and story_id in self._story_first:
                    self.ledger.waits_on(url, self._story_first[story_id], key)
                self.inc("skipped/same_story")
            else:
                self.skip(url, "same_story", key)
            return None
        self.inc(f"discovered/{source}")
        recheck = None
        if self.state is not None and not maybe_listing:
            fetch, recheck = self.state.should_fetch(url, story_id, lastmod)
            if not fetch:
                if lastmod is None:
                    self._known_unfetched.add(key)
                if self.ledger is not None:
                    self.ledger.skip(url, recheck or "known", key)
                return None
        if story_id is not None:
            self._story_alternates[story_id] = []
            self._story_first[story_id] = UrlLedger.hash_of(url, key)
        if recheck is not None:
            return self.recheck_request(url, recheck, source)
        request = self.make(url, self.parse_article, "article", depth, key=key, source=source,
                            maybe_listing=maybe_listing)
        if key in self._listings_seen:
            # fetched once already as a listing: as an article it is a second
            # role, which Scrapy's duplicate filter must not swallow
            self.inc("refetched/second_role")
            request = request.replace(dont_filter=True)
        return request

    def article_failed(self, url: str, outcome: str, status: Optional[int] = None) -> None:
        """An article request ended without an article: remember the failure
        (the next run tries again) and try the story's next spelling."""
        if self.state is not None and (outcome != "not_article" or self.remembers_non_articles):
            self.state.fetch_failed(url, outcome, status)
        self.next_spelling(self.site.article_id(url))

    def next_spelling(self, story_id: Optional[str]) -> None:
        """The story's request ended without it: its next spelling waiting is
        tried (else a spelling met later may be)."""
        alternates = self._story_alternates.get(story_id) if story_id else None
        if alternates:
            alt_url, source, depth, maybe_listing = alternates.pop(0)
            self.inc("retried/other_spelling")
            self.crawler.engine.crawl(self.make(alt_url, self.parse_article, "article", depth, source=source,
                                                maybe_listing=maybe_listing))
        elif story_id in self._story_alternates:
            del self._story_alternates[story_id]  # a spelling met later may still be tried

    def forget_request(self, request: scrapy.Request, again: bool = True) -> None:
        """A request a spider middleware dropped (``DEPTH_LIMIT``,
        ``URLLENGTH_LIMIT``: crawler/middlewares/limits.py): its page budget
        back, and a story's other spelling waiting on it tried instead.
        ``again``: as if never made, so another page may lead to its URL
        within the limit (a page as deep or deeper passes it over at once:
        ``_too_deep``, the depth it was dropped at)."""
        key = url_key(request.url)
        kind = request.meta.get("kind")
        if kind == "article":
            if again and key in self._articles_seen:
                self._articles_seen.discard(key)
                self._too_deep[key_hash(key)] = request.meta.get("depth", 0)
            story_id = self.site.article_id(request.url)
            if story_id is not None and self._story_first.get(story_id) == UrlLedger.hash_of(request.url, key):
                if not self._story_alternates.get(story_id):
                    self._story_first.pop(story_id, None)
                self.next_spelling(story_id)
        elif kind in self.pages_fetched and key in self._listings_seen:  # not a seed: those are not budgeted
            self.pages_fetched[kind] -= 1
            if again:
                self._listings_seen.discard(key)
                self._too_deep[key_hash(key)] = request.meta.get("depth", 0)

    def dropped_as_deep(self, link: Link, depth: int) -> bool:
        """``DEPTH_LIMIT`` dropped this link's URL at ``depth`` or less deep:
        asked for at ``depth`` (Scrapy's), it would be dropped again."""
        return bool(self._too_deep) and self._too_deep.get(link.key_hash, depth + 1) <= depth

    def article_done(self, url: str) -> None:
        story_id = self.site.article_id(url)
        if story_id:
            for alt_url, *_ in self._story_alternates.get(story_id) or ():
                self.settle(alt_url, "duplicate/same_story")
            self._story_alternates[story_id] = None
            self._story_first.pop(story_id, None)

    def listing_request(self, url: str, depth: int, kind: str = "listing",
                        key: Optional[str] = None) -> Optional[scrapy.Request]:
        """A listing page, within the budget of its kind (``pagination`` of
        seed listings, or other ``listing`` pages such as sections and tags)."""
        key = key or url_key(url)
        if key in self._listings_seen:
            return None  # already requested (the dupefilter would drop it anyway)
        if self.pages_fetched[kind] >= self.max_pages:
            self.skip(url, "max_pages", key)
            return None
        self.pages_fetched[kind] += 1
        self._listings_seen.add(key)
        return self.make(url, self.parse_listing, kind, depth, key=key)

    def parse_listing(self, response: Response) -> Iterable[scrapy.Request]:
        self.settle_response(response, "discovery/listing")
        if not isinstance(response, scrapy.http.TextResponse):
            return
        body = response.body
        if is_sitemap(body):
            yield from self.parse_sitemap(response)
            return
        if is_feed(body[:2048], response.headers.get("Content-Type", b"").decode("latin-1")):
            yield from self.parse_feed(response)
            return
        self.inc("listing_pages")
        depth = response.meta.get("khabar_depth", 0)
        base = get_base_url(response)  # <base href> if the page sets one
        for href in html_feed_links(response):
            target = self.rebase(href, base)
            if target:
                yield self.make(target, self.parse_feed, "feed")
        for href in self.next_pages(response):
            target = self.rebase(href, base)
            if target and not self.site.is_denied(target):
                if self.is_story_url(target):
                    # a headline with "next" in it («دور بعدی…», «التالي») is a story, not a page
                    self.inc("next_link_is_article")
                    continue  # met again below, among the page's links, as an article
                request = self.listing_request(target, depth, "pagination")
                if request is not None:
                    yield request
        hrefs = response.xpath("//a/@href").getall()
        scrapy_depth = response.meta.get("depth", 0) + 1
        for href, link in zip(hrefs, self.links(hrefs, base)):
            if link is None:
                self.offsite(urljoin(base, href), ("link", depth + 1))
                continue
            if self.dropped_as_deep(link, scrapy_depth):
                continue
            request = self.candidate(link.target, "listing", depth + 1, key=link.key)
            if request is not None:
                yield request

    def is_story_url(self, url: str) -> bool:
        """Whether ``url`` has the shape of a story page (the site's patterns)."""
        return self.site.is_article_url(url)

    def next_pages(self, response: Response) -> list[str]:
        found: list[str] = []
        for xp in self.site.next_page_xpaths or ("//a[@rel='next']/@href", "//link[@rel='next']/@href"):
            found.extend(response.xpath(xp).getall())
        return found

    # -- other origins ------------------------------------------------------
    def offsite(self, url: str, how: tuple) -> None:
        """A URL on another host: ignored by site spiders (see GenericSpider)."""
        self.inc("skipped/offsite")

    def self_reference(self, url: str, referer: str) -> Optional[str]:
        """Rebased URL if ``url`` is the site naming itself under another
        host (only the generic spider learns such aliases)."""
        return None

    # -- articles -----------------------------------------------------------
    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """A page reached with no role (``scrapy parse URL``): a story page by
        the site's URL patterns goes through the article path, anything else is
        read as a listing."""
        if self.is_story_url(response.url):
            async for out in self.parse_article(response):
                yield out
        else:
            for out in self.parse_listing(response):
                yield out

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        """An article page: its ``Article`` (window, dedup and versions are
        decided by the item pipelines), then the stories it links to."""
        if response.meta.get("khabar_unchanged") or response.status == 304:
            self.settle_response(response, "unchanged")
            self.inc(f"recheck/unchanged/{response.meta.get('khabar_unchanged') or 'not-modified'}")
            self.article_done(response.url)
            if self.state is not None:
                self.state.fetch_done_unchanged(response)
            return
        follow_links = not self.window.active
        article, links = await extract_page_response(self, response, self.extraction_site(), links=follow_links,
                                                     requisites_site=self.requisites_site(response),
                                                     link_policy=self.link_policy)
        if article is None:
            outcome = response.meta.get("khabar_outcome", "failed")
            self.settle_response(response, f"{outcome}/{response.meta.get('khabar_reason') or 'unreadable'}")
            self.article_failed(response.url, outcome, response.status)
            if response.meta.get("khabar_outcome") == "not_article" or response.meta.get("khabar_reason"):
                async for request in self.on_non_article(response):
                    yield request
            return
        self.after_extract(article, response)
        self.article_done(response.url)
        yield article
        # its CSS, images, scripts (crawler/requisites.py), as the worker read them
        for request in self.requisite_requests(response, links.requisites if links is not None else None):
            yield request
        if follow_links:
            # Stories linked from a story (related, read-also) on the same site.
            for request in self.article_links(response, links):
                yield request

    def article_links(self, response: Response, links: Optional[PageLinks] = None) -> Iterable[scrapy.Request]:
        """Stories and listings (tags, sections) an article links to (``links``:
        as the extraction worker read them; else read here)."""
        depth = response.meta.get("khabar_depth", 0) + 1
        if links is None:
            links = PageLinks(get_base_url(response), tuple(dict.fromkeys(response.xpath("//a/@href").getall())))
        triaged = links.links if links.links is not None else self.links(links.hrefs, links.base)
        articles, listings = self._articles_seen, self._listings_seen
        scrapy_depth = response.meta.get("depth", 0) + 1
        for link in triaged:
            if link is None or link.kind is None:
                continue
            # Most of a page's links (menus, sidebars) were requested from an
            # earlier page: what article_request/listing_request would find
            # first, found here by one lookup of the hash the triage worked out.
            if (articles if link.kind == "article" else listings).has_hash(link.key_hash):
                continue
            if self.dropped_as_deep(link, scrapy_depth):
                continue
            request = self.linked_page_request(link, depth)
            if request is not None:
                yield request

    # What a link from an article is to the spider: "article", "listing" or
    # None (not followed); a picklable callable of the URL alone, built from
    # the site definition (the extraction worker applies it).  A spider
    # with its own rule sets another class here (GenericSpider does).
    link_kinds = SiteLinkKinds

    def linked_page_request(self, link: Link, depth: int) -> Optional[scrapy.Request]:
        """A page an article links to: a story, a listing worth following, or nothing."""
        if link.kind == "article":
            return self.article_request(link.target, "article_link", depth, key=link.key)
        if link.kind == "listing":
            return self.listing_request(link.target, depth, key=link.key)
        return None

    def after_extract(self, article: Article, response: Response) -> None:
        """Hook: what an extracted page teaches the spider (see GenericSpider)."""

    def extraction_site(self) -> Optional[SiteDefinition]:
        return self.site

    async def on_non_article(self, response: Response) -> AsyncIterator[Any]:
        """A page fetched on an ambiguous URL that is not a story is a listing."""
        if response.meta.get("maybe_listing"):
            for request in self.parse_listing(response):
                yield request
