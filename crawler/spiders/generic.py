"""The spider for a news site Khabar has no definition of.

Reached as ``scrapy crawl news -a site=https://any-news-site.example`` (see
``crawler.spiders.news``).  With no seeds and no URL patterns to go on it
autodiscovers feeds and sitemaps (robots.txt, ``<link rel="alternate">``,
common paths), walks same-site listing pages up to ``max_depth`` hops, and
recognises articles by page signals (og:type, JSON-LD NewsArticle, URL
shape) and the extractor's own classifier.  Crawling a saved copy of the
site, it learns the live domain the copy names (aliases) and maps it onto
the origin crawled.
"""

from __future__ import annotations

import logging
import re
from typing import Any, AsyncIterator, Iterable, Optional
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.http import Response

from ..articles import looks_like_html
from ..discovery import feed_home, parse_sitemap
from ..links import LinkKinds
from ..sites import SiteDefinition, generic_site
from ..urls import host_of, url_key
from .base import KhabarSpider, positive_int

logger = logging.getLogger(__name__)

ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                 "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle"}


def page_says_article(response: Response) -> bool:
    """og:type article or a JSON-LD *Article object for this page."""
    og = response.xpath("//meta[@property='og:type']/@content").get("")
    if og.strip().lower() == "article":
        return True
    for block in response.xpath("//script[@type='application/ld+json']/text()").getall():
        for m in re.finditer(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")', block):
            if any(t.strip(' "').lower() in ARTICLE_TYPES for t in m.group(1).strip("[]").split(",")):
                return True
    return False


COMMON_SITEMAPS = (
    "/sitemap.xml", "/sitemap_index.xml", "/sitemap-index.xml", "/wp-sitemap.xml",
    "/news-sitemap.xml", "/sitemap-news.xml", "/sitemap_news.xml", "/sitemaps/sitemap.xml",
)
COMMON_FEEDS = (
    "/rss", "/rss.xml", "/feed", "/feed/", "/atom.xml", "/feed.xml", "/index.xml",
    "/rss/", "/fa/rss/allnews", "/ar/rss/allnews",
)

# Path words of pages that list rather than tell.
LISTING_WORDS = re.compile(
    r"(^|/)(tag|tags|category|categories|section|sections|topic|topics|author|authors|page|search|"
    r"archive|archives|service|list|feed|rss|video|videos|gallery|photo|photos|login|user|"
    r"برچسب|دسته|آرشیو|بخش|وسم|قسم|تصنيف|أرشيف)(/|$|-)",
    re.IGNORECASE,
)
DATE_PATH = re.compile(r"/(19|20)\d{2}/(0?[1-9]|1[0-2])(/|$)")
ID_SEGMENT = re.compile(r"(^|[/-])\d{4,}([/-]|$)")
PAGINATION_TEXT = re.compile(r"^\s*(next|older|more|بعدی|صفحه بعد|التالي|التالى|المزيد|»|›|>)\s*$", re.IGNORECASE)
PAGINATION_QUERY = re.compile(r"(^|&)(page|pi|p|paged|pg|start|offset)=\d+", re.IGNORECASE)


def looks_like_article_url(url: str) -> bool:
    """URL shape of a single story: an id, a date path or a long slug."""
    path = unquote(urlsplit(url).path).rstrip("/")
    if not path:
        return False
    segments = path.split("/")
    last = segments[-1]
    first = segments[1] if len(segments) > 1 else ""
    if LISTING_WORDS.match(first + "/") and len(segments) <= 3 and not ID_SEGMENT.search(last):
        return False  # /tag/<name>, /category/<a>/<b>, /page/2
    has_words = bool(re.search(r"[^\W\d_]", last))
    if DATE_PATH.search(path + "/") and has_words:
        return True  # /2023/04/25/<slug>
    if ID_SEGMENT.search("/" + last) and not DATE_PATH.search(path + "/"):
        return True  # /news/1533757, /707120-<slug>
    if len(segments) > 2 and re.fullmatch(r"\d{5,}", segments[-2]) and has_words:
        return True  # /news/1533757/<slug>
    if LISTING_WORDS.search("/" + last):
        return False
    return len([w for w in re.split(r"[-_]+", last) if w]) >= 4


class GenericLinkKinds(LinkKinds):
    """A link from an article, on a site without a definition: a story when
    its URL looks like one, else a listing to mine."""

    def __call__(self, url: str) -> Optional[str]:
        if self.site.is_denied(url):
            return None
        return "article" if looks_like_article_url(url) else "listing"


class GenericSpider(KhabarSpider):
    """An unknown site: discovery by probing, articles by page signals.

    Named by whoever builds it (``news`` passes its own name), so Scrapy's
    spider loader does not list it as a second ``news``."""

    # It mines pages that are not articles as listings: they are fetched
    # again every run, so the crawl state does not remember them.
    remembers_non_articles = False

    def __init__(self, site: Optional[str] = None, base_url: Optional[str] = None,
                 max_depth: Optional[str] = None, **kwargs: Any):
        if not site or not site.startswith(("http://", "https://")):
            raise ValueError(f"-a site= must be an http(s) URL for a site without a definition, got {site!r}")
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(site))
        self.max_depth = positive_int(max_depth, "max_depth") or 3
        self._stash: dict[str, list] = {}
        # Everything learned to be this site's (aliases) maps onto the origin given.
        super().__init__(base_url=base_url or origin, site=generic_site(origin), **kwargs)

    # -- a mirror's real domain ---------------------------------------------
    # Crawling a saved copy of an unknown site (``-a site=http://127.0.0.1:PORT``)
    # meets the live site's absolute URLs everywhere.  The site names its own
    # domain in robots.txt ``Sitemap:`` lines, in the home page's canonical /
    # og:url, and (by the sitemap protocol, sitemaps list only their own
    # host's pages) in a sitemap it serves; such a host becomes an alias, and
    # URLs stashed before it was learned are crawled then.
    MAX_STASH = 20000

    def offsite(self, url: str, how: tuple) -> None:
        super().offsite(url, how)
        if len(self._stash) >= self.MAX_STASH:
            return
        host = host_of(url)
        if host and urlsplit(url).scheme in ("http", "https"):
            self._stash.setdefault(host.removeprefix("www."), []).append((url, how))

    def self_reference(self, url: str, referer: str) -> Optional[str]:
        self.learn_alias(host_of(url))
        return self.rebase(url, referer)

    def learn_alias(self, host: str) -> None:
        host = host.removeprefix("www.")
        if not host or host in self.rebase.domains:
            return
        logger.info("Treating %s as this site's own domain (the origin crawled mirrors it)", host)
        self.inc("aliases_learned")
        self.rebase.add_domain(host)
        for url, how in self._stash.pop(host, []):
            target = self.rebase(url)
            request = None
            if target is None:
                continue
            if how[0] == "sitemap":
                request = self.make(target, self.parse_sitemap, "sitemap")
            elif how[0] == "entry":
                if not self.entry_in_window(how[2]):
                    continue
                request = self.candidate(target, how[1], depth=1)
            elif how[0] == "link":
                request = self.candidate(target, "listing", how[1])
            if request is not None:
                self.crawler.engine.crawl(request)

    def learn_redirect(self, from_url: str, to_url: str) -> None:
        """The origin's home page (or a page at the same path) redirecting to
        another host names the site's real domain (called by
        ``crawler.middlewares.redirects.RebaseRedirectMiddleware``)."""
        if host_of(from_url) != host_of(self.origin) or host_of(to_url) == host_of(self.origin):
            return
        src, dst = urlsplit(from_url).path or "/", urlsplit(to_url).path or "/"
        if src == "/" or src.rstrip("/") == dst.rstrip("/") or (
                looks_like_article_url(from_url) and looks_like_article_url(to_url)):
            # the home page, a page at the same path, or a story's short link
            # (/708114 -> /<section>/708114-<slug>) sent to the live domain
            self.learn_alias(host_of(to_url))
        elif host_of(to_url).removeprefix("www.") not in self.rebase.domains:
            # e.g. /node/N -> the live domain's alias: crawled if that domain
            # turns out to be this site's (the redirect itself is dropped).
            self.offsite(to_url, ("link", 1))

    def after_extract(self, article, response: Response) -> None:
        # An article whose canonical URL has the path it was fetched at.
        canonical = article.canonical_url
        if canonical and canonical.startswith(("http://", "https://")):
            if url_key(canonical).split("/", 1)[-1] == url_key(response.url).split("/", 1)[-1]:
                self.learn_alias(host_of(canonical))

    def learn_from_home(self, response: Response) -> None:
        for xp in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
            href = response.xpath(xp).get()
            if href and href.startswith(("http://", "https://")):
                self.learn_alias(host_of(href))

    # -- discovery ----------------------------------------------------------
    def start_requests_list(self) -> list[scrapy.Request]:
        requests = []
        if not self.crawler.settings.getbool("ROBOTSTXT_OBEY"):
            requests.append(self.make(self.url("/robots.txt"), self.parse_robots, "robots"))
        for path in COMMON_SITEMAPS:
            requests.append(self.make(self.url(path), self.parse_sitemap, "probe"))
        for path in COMMON_FEEDS:
            requests.append(self.make(self.url(path), self.parse_feed, "probe"))
        requests.append(self.make(self.url("/"), self.parse_page, "pagination"))
        return requests

    def on_error(self, failure) -> None:
        if failure.request.meta.get("kind") == "probe":
            self.inc("probe_missed")
            self.settle(failure.request.url, "skipped/probe_missed")
            return
        super().on_error(failure)

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        if response.meta.get("kind") == "probe" and not response.body.strip():
            self.settle_response(response, "skipped/probe_missed")
            return
        try:
            _, entries = parse_sitemap(response.body)
        except ValueError:
            entries = []
        hosts = {host_of(e.url).removeprefix("www.") for e in entries}
        if len(hosts) == 1 and host_of(response.url) == host_of(self.origin):
            self.learn_alias(hosts.pop())
        yield from super().parse_sitemap(response)

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        if host_of(response.url) == host_of(self.origin):
            home = feed_home(response.body)  # <channel><link> / Atom alternate
            if home and home.startswith(("http://", "https://")):
                self.learn_alias(host_of(home))
        yield from super().parse_feed(response)

    def candidate(self, url: str, source: str, depth: int, lastmod=None,
                  key: Optional[str] = None) -> Optional[scrapy.Request]:
        if source in ("feed", "sitemap") or looks_like_article_url(url):
            return self.article_request(url, source, depth, lastmod=lastmod, key=key)
        if source == "listing" and depth <= self.max_depth:
            return self.listing_request(url, depth, key=key)
        self.inc("skipped/max_depth")
        return None

    def is_story_url(self, url: str) -> bool:
        return looks_like_article_url(url)

    def next_pages(self, response: Response) -> list[str]:
        found = response.xpath("//a[@rel='next']/@href | //link[@rel='next']/@href").getall()
        for a in response.xpath("//a[@href]"):
            href = a.attrib["href"]
            text = " ".join(a.xpath(".//text()").getall())
            if PAGINATION_TEXT.match(text) or PAGINATION_QUERY.search(urlsplit(href).query):
                found.append(href)
        return found

    def listing_request(self, url: str, depth: int, kind: str = "listing",
                        key: Optional[str] = None) -> Optional[scrapy.Request]:
        request = super().listing_request(url, depth, kind, key)
        return request.replace(callback=self.parse_page) if request is not None else None

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        """A page: an article if the page says so, else a listing."""
        if response.meta.get("khabar_depth", 0) == 0 and looks_like_html(response):
            self.learn_from_home(response)
        if looks_like_html(response) and page_says_article(response):
            async for out in self.parse_article(response):
                yield out
            if response.meta.get("khabar_depth", 0) >= self.max_depth:
                return
            # Some CMSs mark every page og:type=article: a page reached as a
            # listing is mined as one too (requests already made are skipped).
        for out in self.parse_listing(response):
            yield out

    # -- articles -----------------------------------------------------------
    link_kinds = GenericLinkKinds

    def linked_page_request(self, link, depth: int) -> Optional[scrapy.Request]:
        if link.kind == "article":
            return self.article_request(link.target, "article_link", depth, key=link.key)
        if depth <= self.max_depth:
            return self.listing_request(link.target, depth, key=link.key)
        return None

    def extraction_site(self) -> Optional[SiteDefinition]:
        return None  # no site rules: the extractor's generic ones

    async def on_non_article(self, response: Response) -> AsyncIterator[Any]:
        # A page that is not an article may still list articles.
        if response.meta.get("khabar_depth", 0) < self.max_depth:
            for request in self.parse_listing(response):
                yield request
