"""URL hygiene shared by spiders and pipelines.

News sites link one article in many spellings (percent-encoded or raw
Persian/Arabic slugs, tracking parameters, fragments, the real domain inside
a saved mirror).  These helpers reduce them to one form so an article is
requested and emitted once.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Iterable, Optional
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

# Query parameters that never change what page is served.
TRACKING_PARAMS = frozenset(
    {
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid",
        "ref_src", "_ga",
    }
)


def strip_tracking(url: str) -> str:
    """Drop the fragment and tracking query parameters, keep everything else."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query, doseq=True), ""))


# The same URL is keyed many times in one crawl: a story's URL by the
# request, the ledger, the crawl state and the story pipeline, a stylesheet or
# menu link on every page.  These functions are pure, so their last few
# hundred answers are kept: w3lib's canonicalisation and ``unquote`` were a
# tenth of the crawl process.  Bounded by what recurs (a site's menus, the
# stories in flight), not the site: at 2,048 they filled with story URLs
# between 500 and 5,000 stories, memory growing with the crawl (issue 10).
_URL_MEMO = 512


@lru_cache(maxsize=_URL_MEMO)
def normalize(url: str) -> str:
    """The request form of ``url``: percent-encoded UTF-8, no tracking, no fragment."""
    return safe_url_string(strip_tracking(url))


@lru_cache(maxsize=_URL_MEMO)
def decoded_path(url: str) -> tuple[str, str]:
    """``url``'s path percent-decoded, and the same with its decoded query:
    what site definitions' URL patterns are matched against."""
    parts = urlsplit(url)
    path = unquote(parts.path or "/")
    return path, path + ("?" + unquote(parts.query) if parts.query else "")


@lru_cache(maxsize=_URL_MEMO)
def url_key(url: str) -> str:
    """A comparison key: canonical (sorted query, one percent-encoding), no
    tracking parameters, host without ``www.``, scheme-agnostic."""
    canon = canonicalize_url(strip_tracking(url))
    parts = urlsplit(canon)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port:
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, parts.query, ""))


def article_keys(url: str, canonical_url: Optional[str] = None) -> list[str]:
    """Keys under which an emitted article counts as seen: its URL, and its
    canonical URL when that names a page other than a home page (some sites
    point every canonical tag at ``/``)."""
    keys = [url_key(url)]
    if canonical_url and urlsplit(canonical_url).path.strip("/"):
        keys.append(url_key(canonical_url))
    return keys


_BAD_IN_HOST = frozenset(" \t\r\n%/\\@:?#[]<>\"'`{}|^")


def origin_problem(url: str) -> Optional[str]:
    """What is wrong with ``url`` as the site a crawl starts from (``-a site=``,
    ``-a base_url=``), or None: an http(s) URL with a real host name (no
    ``..``, no percent-encoding), a numeric port, and no ``user@`` part (a
    news site needs none, and ``http://news.example@127.0.0.1/`` is the trick
    that makes one host look like another)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # a port that is not a number, a bad [IPv6] literal
        return f"must be an http(s) URL with a valid host and port ({exc})"
    if parts.scheme not in ("http", "https"):
        return "must be an http(s) URL"
    if "@" in parts.netloc:
        return "must not name a user or password (user@host)"
    host = parts.hostname or ""
    if not host:
        return "must name a host"
    if parts.netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"has an invalid IPv6 address {host!r}"
        return None
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if any(not label or len(label) > 63 or _BAD_IN_HOST.intersection(label) for label in labels):
        return f"has an invalid host name {host!r}"
    if port == 0:
        return "must not use port 0"
    return None


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def same_site(host: str, domains: Iterable[str]) -> bool:
    """``host`` is one of ``domains`` or its ``www.`` form."""
    return host.lower().removeprefix("www.") in tuple(domains)


class Rebaser:
    """Maps URLs of a site's real domains onto the origin actually crawled.

    A saved mirror keeps the live site's absolute links (feeds, sitemaps,
    canonical tags, robots.txt ``Sitemap:`` lines); crawling it under
    ``-a base_url=http://127.0.0.1:PORT`` means following those links to the
    same paths under the mirror's origin.
    """

    def __init__(self, domains: Iterable[str], base_url: Optional[str]):
        self.domains = tuple(d.lower() for d in domains)
        self.base = urlsplit(base_url) if base_url else None
        self.base_host = host_of(base_url) if base_url else None

    def add_domain(self, domain: str) -> None:
        """Treat ``domain`` as one of the site's own (a mirror's real domain)."""
        domain = domain.lower()
        if domain.startswith("www."):
            domain = domain[4:]
        if domain and domain not in self.domains:
            self.domains = self.domains + (domain,)

    def __call__(self, url: str, referer: Optional[str] = None) -> Optional[str]:
        """Absolute URL to request, or None if it is off-site."""
        if referer:
            url = urljoin(referer, url.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        host = (parts.hostname or "").lower()
        if self.base is not None:
            if host == self.base_host and (parts.port == self.base.port):
                return normalize(url)
            if same_site(host, self.domains):
                return normalize(urlunsplit((self.base.scheme, self.base.netloc, parts.path, parts.query, "")))
            return None
        if same_site(host, self.domains):
            return normalize(url)
        return None
