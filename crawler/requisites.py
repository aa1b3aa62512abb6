"""Page requisites: what an article page needs to replay as it looked.

An archive of the HTML alone replays unstyled and without pictures.  For each
article page a crawl emits, Khabar also fetches and archives the page's
stylesheets (and what they ``@import`` or ``url()``), images (the lead image
of ``og:image``, every ``<img src>`` and the best ``srcset`` candidate) and
scripts, when they are the site's own: served from the page's host, a
subdomain of the site's registrable domain (``static.example.com``), or a
CDN host the site definition lists (``requisite_domains``).  Third-party
hosts (ad networks, analytics) are left alone.

Two halves:

* :func:`requisites` and :func:`css_requisites` are pure: a page (or a
  stylesheet) in, the URLs it loads out.  No Scrapy, no network.
* :class:`RequisiteCapture`, mixed into ``KhabarSpider``, turns them into
  requests: each URL once per crawl, through robots.txt, politeness and the
  scheduler like any request, size-capped (``REQUISITE_MAX_SIZE``), archived
  by the WARC capture middleware with its real ``Content-Type``, never
  extracted.  Each ends in one ledger outcome (``requisite/captured``,
  ``requisite/unchanged``, ``skipped/requisite_known``, ``failed/...``) and
  is counted under ``khabar/requisites/*``.

Across runs the crawl state remembers each captured requisite (by URL): a
later run does not ask for it again for ``REQUISITE_REFRESH_DAYS`` days (an
hourly crawl does not download the menu CSS every hour; the capture it has
is in an earlier WARC of the same archive), then asks with
``If-None-Match``/``If-Modified-Since`` and archives a ``revisit`` record
when it has not changed.

``CAPTURE_REQUISITES = False`` turns it all off.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Iterable, Iterator, Optional
from urllib.parse import urljoin

import scrapy
from lxml import etree
from scrapy.exceptions import DownloadCancelledError
from scrapy.http import Response

from .keyset import KeySet
from .ledger import failure_outcome
from .urls import host_of, same_site, url_key

logger = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_MAX_SIZE = 5 * MB
DEFAULT_MAX_PER_PAGE = 200
DEFAULT_REFRESH_DAYS = 7.0
PRIORITY = 12  # just above articles (10): a page's requisites are fetched close to the page
STATE_PREFIX = "requisite "  # crawl-state key of a requisite: "requisite <url_key>"
CSS_TYPES = ("text/css",)


@dataclass(frozen=True)
class Requisite:
    url: str
    kind: str  # "stylesheet", "image", "script", or "css" (an @import/url() of a stylesheet)


# -- the pure half -----------------------------------------------------------------
@lru_cache(maxsize=1)
def _suffixes():
    """The public suffix list bundled with tldextract (no network)."""
    try:
        import tldextract
    except ImportError:  # pragma: no cover - tldextract comes with trafilatura
        return None
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """``static.alaraby.co.uk`` -> ``alaraby.co.uk``; an IP address or a bare
    name stays as it is."""
    host = host.lower().rstrip(".")
    extract = _suffixes()
    if extract is None:
        return host
    found = extract(host).top_domain_under_public_suffix
    return found or host


def host_allowed(host: str, page_host: str, site=None) -> bool:
    """Whether a requisite on ``host`` is the site's own: the page's host, a
    subdomain of the site's (or the page's) registrable domain, or a CDN host
    the site definition lists in ``requisite_domains`` (the host or a parent)."""
    host = host.lower()
    if not host:
        return False
    if host == page_host.lower():
        return True
    domains = {registrable_domain(page_host)}
    if site is not None:
        domains.update(registrable_domain(d) for d in site.domains)
    listed = tuple(d.lower() for d in getattr(site, "requisite_domains", ()) or ())
    for d in (*domains, *listed):
        if d and (host == d or host.endswith("." + d)):
            return True
    return False


_SRCSET_ITEM = re.compile(r"\s*(\S+?)(?:\s+([\d.]+)([wx]))?\s*(?:,|$)")


def best_srcset(srcset: str) -> Optional[str]:
    """The largest candidate of a ``srcset`` (by its ``w`` or ``x`` descriptor)."""
    best, best_size = None, -1.0
    for m in _SRCSET_ITEM.finditer(srcset or ""):
        url = m.group(1)
        if not url or url == ",":
            continue
        try:
            size = float(m.group(2)) if m.group(2) else 1.0
        except ValueError:
            size = 1.0
        if size > best_size:
            best, best_size = url.rstrip(","), size
    return best


def _absolute(ref: Optional[str], base: str) -> Optional[str]:
    ref = (ref or "").strip()
    if not ref or ref.startswith(("data:", "javascript:", "#", "about:", "blob:")):
        return None
    try:
        url = urljoin(base, ref).split("#", 1)[0]
    except ValueError:  # "http://[oops/": not a URL; one bad reference costs only itself
        return None
    return url if url.startswith(("http://", "https://")) else None


def _keep(found: Iterable[Requisite], page_host: str, site) -> list[Requisite]:
    out, seen = [], set()
    for req in found:
        if req.url in seen or not host_allowed(host_of(req.url), page_host, site):
            continue
        seen.add(req.url)
        out.append(req)
    return out


# The elements that load something, in one walk of the page (each kind once
# walked on its own: nine walks of a 50 KB page); sorted by kind below.
_LOADERS = etree.XPath("//base[@href] | //link[@href] | //meta[@content] | //img | //picture/source[@srcset]"
                       " | //script[@src]")
_IMAGE_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image")


def requisites(url: str, body, site=None, selector=None) -> list[Requisite]:
    """The stylesheets, images and scripts an HTML page loads from the site's
    own hosts, in page order, each once (absolute URLs): stylesheet and
    preload links, then the ``og:image``/``twitter:image`` metas, images,
    ``<picture>`` sources, scripts.  ``selector``: the page already parsed
    (a response's), else ``body`` is."""
    sel = selector
    if sel is None:
        from parsel import Selector

        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        sel = Selector(text=body or "<html></html>", type="html")
    kinds = {"base": [], "link": [], "meta": [], "img": [], "source": [], "script": []}
    for el in _LOADERS(sel.root):
        kinds[el.tag].append(el)
    base = _absolute(kinds["base"][0].get("href") if kinds["base"] else None, url) or url
    found: list[Requisite] = []

    def add(ref, kind):
        absolute = _absolute(ref, base)
        if absolute:
            found.append(Requisite(absolute, kind))

    for link in kinds["link"]:
        rel = (link.get("rel") or "").lower().split()
        if "stylesheet" in rel:
            add(link.get("href"), "stylesheet")
        elif "preload" in rel and (link.get("as") or "").lower() in ("style", "image", "script"):
            kind = {"style": "stylesheet"}.get(link.get("as").lower(), link.get("as").lower())
            add(link.get("href"), kind)
    for prop in _IMAGE_META:
        for meta in kinds["meta"]:
            if meta.get("property") == prop or meta.get("name") == prop:
                add(meta.get("content"), "image")
    for img in kinds["img"]:
        add(img.get("src"), "image")
        add(best_srcset(img.get("srcset", "")), "image")
    for source in kinds["source"]:
        add(best_srcset(source.get("srcset")), "image")
    for script in kinds["script"]:
        add(script.get("src"), "script")
    return _keep(found, host_of(url), site)


_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""", re.I)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""", re.I)


def css_requisites(url: str, body, site=None) -> list[Requisite]:
    """What a stylesheet loads (``@import``, ``url()``: images, fonts,
    other stylesheets), from the site's own hosts, each once."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    found = [Requisite(u, "stylesheet") for u in (_absolute(m.group(1), url) for m in _CSS_IMPORT.finditer(body)) if u]
    found += [Requisite(u, "css") for u in (_absolute(m.group(2), url) for m in _CSS_URL.finditer(body)) if u]
    return _keep(found, host_of(url), site)


REQUISITE_TYPES = ("text/css", "text/javascript", "application/javascript", "application/x-javascript",
                   "image/", "font/", "application/font", "application/vnd.ms-fontobject")


def is_requisite_type(content_type: str) -> bool:
    """A ``Content-Type`` no article is served as (a stylesheet, script,
    image or font): replay passes such records by."""
    return content_type.strip().lower().startswith(REQUISITE_TYPES)


# -- the spider half ---------------------------------------------------------------
def capturing(settings) -> bool:
    """Requisites are fetched when asked for and archived: not without WARC
    output, nor in a whole-crawl replay (``WARC_REPLAY``), which writes none."""
    from .archive.extension import archiving

    return settings.getbool("CAPTURE_REQUISITES", True) and archiving(settings)


class RequisiteCapture:
    """Mixed into ``KhabarSpider``: ``requisite_requests(response)`` after an
    article is emitted; ``parse_requisite``/``requisite_failed`` settle each."""

    def _requisite_seen(self) -> KeySet:
        seen = getattr(self, "_requisites_seen", None)
        if seen is None:
            seen = self._requisites_seen = KeySet()  # URL keys as hashes (crawler/keyset.py)
        return seen

    def _requisite_inc(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"khabar/requisites/{key}", n)

    def requisites_site(self, response: Response):
        """The definition an article page's requisites are judged by, or False
        when none are captured (the extraction worker reads them then)."""
        if not capturing(self.crawler.settings) or not isinstance(response, scrapy.http.TextResponse):
            return False
        return self.site

    def requisite_requests(self, response: Response, found: Optional[list] = None) -> Iterator[scrapy.Request]:
        """Requests for what ``response`` (an article page, or a captured
        stylesheet with ``found``) needs, each URL once per crawl."""
        settings = self.crawler.settings
        if not capturing(settings) or not isinstance(response, scrapy.http.TextResponse):
            return
        if found is None:
            # not read by the extraction worker (scrapy parse, a page read here anyway)
            found = requisites(response.url, None, self.site, selector=response.selector)
        limit = settings.getint("REQUISITE_MAX_PER_PAGE", DEFAULT_MAX_PER_PAGE)
        mirror = not same_site(host_of(self.origin), self.rebase.domains)
        seen = self._requisite_seen()
        taken = 0
        for req in found:
            # the site's own hosts onto the origin crawled (a mirror); other
            # hosts as they are, except on a mirror, which serves only its own
            target = self.rebase(req.url) or (None if mirror else req.url)
            if target is None:
                self._requisite_inc("skipped/offsite")
                continue
            key = url_key(target)
            if key in seen:
                continue  # fetched (or decided) once this crawl: menu CSS is on every page
            if taken >= limit:
                self._requisite_inc("skipped/per_page_cap")
                continue
            seen.add(key)
            taken += 1
            self._requisite_inc("found")
            self._requisite_inc(f"found/{req.kind}")
            request = self._requisite_request(target, req.kind, key)
            if request is not None:
                yield request

    def _requisite_request(self, url: str, kind: str, key: str) -> Optional[scrapy.Request]:
        settings = self.crawler.settings
        meta = {"kind": "requisite", "requisite": kind, "allow_offsite": True,
                "download_maxsize": settings.getint("REQUISITE_MAX_SIZE", DEFAULT_MAX_SIZE)}
        headers = {}
        state = self.state
        record = state.requisite(url) if state is not None else None
        if record is not None:
            refresh = settings.getfloat("REQUISITE_REFRESH_DAYS", DEFAULT_REFRESH_DAYS)
            checked = parse_iso(record.published or record.fetched_at)
            if checked is not None and datetime.now(timezone.utc) - checked < timedelta(days=refresh):
                self._requisite_inc("known")
                if self.ledger is not None:
                    self.ledger.skip(url, "requisite_known", key)
                return None
            # asked again, with the validators of the last capture: unchanged = a revisit record
            if record.etag:
                headers["If-None-Match"] = record.etag
            if record.last_modified:
                headers["If-Modified-Since"] = record.last_modified
            meta["handle_httpstatus_list"] = [304]
            if record.payload_digest and record.fetched_at:
                meta["khabar_recheck"] = {"digest": record.payload_digest, "uri": record.url,
                                          "date": record.fetched_at, "record_id": record.record_id}
            self._requisite_inc("rechecked")
        self.met(url, key)
        self._requisite_inc("requested")
        return scrapy.Request(url, callback=self.parse_requisite, errback=self.requisite_failed, meta=meta,
                              headers=headers or None, priority=PRIORITY)

    def parse_requisite(self, response: Response) -> Iterator[scrapy.Request]:
        """A requisite archived (the capture middleware wrote it): settled,
        remembered, and for a stylesheet what it imports."""
        if response.meta.get("khabar_unchanged") or response.status == 304:
            self.settle_response(response, "requisite/unchanged")
            self._requisite_inc("unchanged")
        else:
            self.settle_response(response, "requisite/captured")
            self._requisite_inc("captured")
            self._requisite_inc(f"captured/{response.meta.get('requisite', 'other')}")
            self._requisite_inc("bytes", len(response.body))
        if self.state is not None:
            self.state.requisite_captured(response)
        ctype = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if response.status == 200 and (ctype.startswith(CSS_TYPES) or response.meta.get("requisite") == "stylesheet"):
            yield from self.requisite_requests(response, css_requisites(response.url, response.body, self.site))

    def requisite_failed(self, failure) -> None:
        request = failure.request
        if failure.check(DownloadCancelledError):  # over REQUISITE_MAX_SIZE: cut, not archived
            outcome = "skipped/requisite_too_large"
            self._requisite_inc("too_large")
        else:
            outcome = failure_outcome(failure)  # failed/http_404, skipped/robots...
            self._requisite_inc(outcome)
        for url in [*request.meta.get("redirect_urls", ()), request.url]:  # the URL met, and where it led
            self.settle(url, outcome)
        logger.debug("Requisite %s not captured: %s", request.url, failure.getErrorMessage())


def parse_iso(value: Optional[str]) -> Optional[datetime]:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
