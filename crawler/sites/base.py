"""What Khabar knows about one news site, in one small declarative object.

Spiders read the discovery half (domains, seeds, URL patterns); the extractor
reads the extraction half (selectors, phrases, date hints).  Nothing here runs
code against the network: a definition is data, so it pickles into extraction
worker processes and tests can walk the whole registry.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from ..urls import decoded_path


def _seeds_dir():
    """``crawler/seeds`` where Khabar is installed (a wheel, or a zipped egg on
    Scrapyd: hence importlib.resources), the top-level ``seeds/`` in a checkout."""
    packaged = resources.files("crawler") / "seeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "seeds"


SEEDS_DIR = _seeds_dir()


@dataclass(frozen=True)
class SiteDefinition:
    # -- identity -------------------------------------------------------
    name: str
    domains: tuple[str, ...]
    home: str  # canonical origin, e.g. "https://www.mashreghnews.ir"
    language: str  # the site's main language (a prior for detection)
    timezone: str = "UTC"  # IANA zone used when a page date has no offset
    calendar: str = "gregorian"  # "jalali" for Iranian sites: a date-parsing hint

    # -- discovery (paths are relative to the origin being crawled) ----
    # Regexes matched against the *decoded* URL path (+ query).
    article_url_patterns: tuple[str, ...] = ()  # matched on the path alone
    # Looser patterns trusted only for URLs a feed or sitemap lists (those
    # list stories, so a short slug there is still an article).
    feed_article_url_patterns: tuple[str, ...] = ()
    # A story's id in its URL (one capture group): two URLs with the same id
    # are one story even when neither page names a canonical URL.
    article_id_patterns: tuple[str, ...] = ()
    listing_url_patterns: tuple[str, ...] = ()  # section/archive pages worth following
    deny_url_patterns: tuple[str, ...] = ()  # never request these
    next_page_xpaths: tuple[str, ...] = ()  # pagination links on listings
    # Start points are read from seeds/<name>.json (feeds, sitemaps, listings).
    user_agent: Optional[str] = None  # override when the site refuses the default
    follow_robots_sitemaps: bool = True
    # A spider of its own (``scrapy crawl <name>``); aggregators are crawled
    # with ``scrapy crawl news -a site=<name>`` instead.
    own_spider: bool = True
    # CDN hosts (or their parent domains) the site serves its stylesheets,
    # images and scripts from, beyond its own domains and their subdomains
    # (page requisites, crawler/requisites.py).
    requisite_domains: tuple[str, ...] = ()

    # -- extraction -----------------------------------------------------
    title_selectors: tuple[str, ...] = ()
    lead_selectors: tuple[str, ...] = ()
    body_selectors: tuple[str, ...] = ()
    boilerplate_selectors: tuple[str, ...] = ()  # removed before extraction
    boilerplate_phrases: tuple[str, ...] = ()  # lines starting so are dropped
    date_selectors: tuple[str, ...] = ()
    author_selectors: tuple[str, ...] = ()
    section_selectors: tuple[str, ...] = ()
    tag_selectors: tuple[str, ...] = ()
    source_credit_selectors: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, hash=False, compare=False)
    # ``scrapy check``: (callback, a sample page's live URL) pairs; the site's
    # spider tests each callback on its page (crawler/contracts.py)
    contract_urls: tuple[tuple[str, str], ...] = ()

    # ------------------------------------------------------------------
    def extend(self, **changes) -> "SiteDefinition":
        """A definition built on this one (a CMS family, ``sites/families.py``):
        ``changes`` replace its values; a site that adds selectors to the
        family's says so (``lead_selectors=("#own .lead", *ASAM.lead_selectors)``)."""
        changes.setdefault("extra", dict(self.extra))  # never one dict shared by two definitions
        return dataclasses.replace(self, **changes)

    @cached_property
    def _article_res(self):
        return [re.compile(p) for p in self.article_url_patterns]

    @cached_property
    def _id_res(self):
        return [re.compile(p) for p in self.article_id_patterns]

    def article_id(self, url: str) -> Optional[str]:
        """``"<site>:<id>"`` when the URL carries the story's id, else None."""
        path = decoded_path(url)[0]
        for r in self._id_res:
            m = r.search(path)
            if m:
                return f"{self.name}:{m.group(1)}"
        return None

    @cached_property
    def _feed_article_res(self):
        return [re.compile(p) for p in self.feed_article_url_patterns]

    @cached_property
    def _listing_res(self):
        return [re.compile(p) for p in self.listing_url_patterns]

    @cached_property
    def _deny_res(self):
        return [re.compile(p) for p in self.deny_url_patterns]

    def is_article_url(self, url: str, listed_in_feed: bool = False) -> bool:
        """Whether ``url`` names a story page.  The query string is ignored
        (``?ref=rss`` does not make a story something else); ``listed_in_feed``
        also accepts the looser feed patterns."""
        if self.is_denied(url):
            return False
        path = decoded_path(url)[0]
        if any(r.search(path) for r in self._article_res):
            return True
        return listed_in_feed and any(r.search(path) for r in self._feed_article_res)

    def is_listing_url(self, url: str) -> bool:
        path = decoded_path(url)[1]
        if any(r.search(path) for r in self._deny_res):
            return False
        return any(r.search(path) for r in self._listing_res)

    def is_denied(self, url: str) -> bool:
        path = decoded_path(url)[1]
        return any(r.search(path) for r in self._deny_res)

    def owns(self, url: str) -> bool:
        """The site's own hosts: each domain and its ``www.`` form (other
        subdomains, e.g. english.alaraby.co.uk, are other publications)."""
        host = (urlsplit(url).hostname or "").lower()
        return host.removeprefix("www.") in self.domains

    @cached_property
    def seeds(self) -> dict:
        """Start points from ``seeds/<name>.json``: feeds, sitemaps, listings."""
        path = SEEDS_DIR / f"{self.name}.json"
        if not path.exists():
            return {"feeds": [], "sitemaps": [], "listings": []}
        data = json.loads(path.read_text(encoding="utf-8"))
        return {k: list(data.get(k, [])) for k in ("feeds", "sitemaps", "listings")}
