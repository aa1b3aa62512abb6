"""Parsers for the ways news sites publish their article lists.

Pure functions over response bytes: robots.txt ``Sitemap:`` lines, XML
sitemaps and sitemap indexes (plain, gzip, Google News), RSS/Atom/RDF feeds
(via feedparser) and feed autodiscovery links in HTML.  Each returns
``Entry`` objects carrying the URL and, where the source says it, a date, so
the spider can apply ``since``/``until`` before fetching anything.

One bad entry costs one entry, never the document: a date that cannot be a
date (``<lastmod>0000-01-01</lastmod>``, an RSS ``pubDate`` of
``0000-00-00 00:00:00`` that feedparser reads as year -1) leaves that
entry's date None, and the ``on_bad_date`` callback, if given, is called with
the raw value (the spiders count ``khabar/bad_date``).
"""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterator, Optional

import feedparser
from protego import Protego
from lxml import etree

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit

OnBadDate = Optional[Callable[[str], None]]


@dataclass(frozen=True)
class Entry:
    url: str
    # Aware UTC datetimes when the source gives them.  ``published`` is a
    # publication date (news:publication_date, RSS pubDate, Atom published);
    # ``modified`` only says the page changed then (sitemap lastmod, Atom
    # updated), so it bounds the publication date from above, nothing more.
    published: Optional[datetime] = None
    modified: Optional[datetime] = None
    title: Optional[str] = None

    @property
    def date(self) -> Optional[datetime]:
        return self.published or self.modified


def robots_sitemaps(body: bytes) -> list[str]:
    """``Sitemap:`` lines of a robots.txt, in order (parsed by Protego, the
    robots.txt parser Scrapy itself uses)."""
    return list(Protego.parse(body.decode("utf-8-sig", "replace")).sitemaps)


def _maybe_gunzip(body: bytes) -> bytes:
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
            return f.read(MAX_SITEMAP_BYTES)
    return body


def parse_date(value: Optional[str], zone=timezone.utc, on_bad_date: OnBadDate = None) -> Optional[datetime]:
    """W3C datetime / RFC 3339 as used in sitemaps; a value without an offset
    is taken in ``zone`` (the site's own time zone).  None for a value that
    is not a date, or a date out of range (``on_bad_date(value)`` is called
    for one that looked like a date)."""
    if not value:
        return None
    value = value.strip()
    try:
        try:
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
            if not m:
                return None
            dt = datetime(int(m[1]), int(m[2]), int(m[3]))
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=zone)
        return dt.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # year 0, month 13, 0001-01-01T00:00+05:00...
        if on_bad_date is not None:
            on_bad_date(value)
        return None


def _struct_date(parsed, raw: Optional[str], on_bad_date: OnBadDate) -> Optional[datetime]:
    """feedparser's time tuple as an aware UTC datetime (None if out of range)."""
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=timezone.utc)
    except (ValueError, OverflowError, TypeError):
        if on_bad_date is not None:
            on_bad_date(raw or str(tuple(parsed[:6])))
        return None


def is_sitemap(body: bytes) -> bool:
    head = _maybe_gunzip(body)[:16384].lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def parse_sitemap(body: bytes, zone=timezone.utc, on_bad_date: OnBadDate = None) -> tuple[str, list[Entry]]:
    """Returns ``("index", child sitemaps)`` or ``("urlset", page entries)``.

    Reads the ``news:publication_date`` of Google News sitemaps and
    ``lastmod`` otherwise.  Raises ValueError for something that is not a
    sitemap.
    """
    data = _maybe_gunzip(body)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not a sitemap: {exc}") from None
    if root is None:
        raise ValueError("not a sitemap: empty document")
    kind = etree.QName(root).localname.lower()
    if kind not in ("urlset", "sitemapindex"):
        raise ValueError(f"not a sitemap: root element <{kind}>")
    child = "sitemap" if kind == "sitemapindex" else "url"
    entries = []
    for node in root.iter("{*}" + child, child):
        loc = node.findtext("{*}loc") or node.findtext("loc")
        if not loc or not loc.strip():
            continue
        published = parse_date(node.findtext("{*}news/{*}publication_date"), zone, on_bad_date)
        modified = parse_date(node.findtext("{*}lastmod") or node.findtext("lastmod"), zone, on_bad_date)
        title = node.findtext("{*}news/{*}title")
        entries.append(Entry(loc.strip(), published, modified, title.strip() if title else None))
    return ("index" if kind == "sitemapindex" else "urlset"), entries


def is_feed(body: bytes, content_type: str = "") -> bool:
    ct = content_type.lower()
    if any(t in ct for t in ("rss", "atom", "rdf")):
        return True
    head = body[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def parse_feed(body: bytes, on_bad_date: OnBadDate = None) -> list[Entry]:
    """Items of an RSS 0.9x/1.0/2.0 or Atom feed, newest information kept."""
    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise ValueError(f"not a feed: {parsed.get('bozo_exception') or 'no RSS/Atom document'}")
    out = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            for alt in item.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    link = alt["href"]
                    break
        if not link:
            guid = item.get("id") or ""
            link = guid if guid.startswith("http") else None
        if not link:
            continue
        # feedparser maps RSS pubDate to "published" and Atom updated to "updated".
        # (read the raw keys: feedparser's get() aliases one to the other, with a warning)
        published = _struct_date(dict.get(item, "published_parsed"), dict.get(item, "published"), on_bad_date)
        modified = _struct_date(dict.get(item, "updated_parsed"), dict.get(item, "updated"), on_bad_date)
        out.append(Entry(link.strip(), published, modified, item.get("title")))
    return out


def feed_home(body: bytes) -> Optional[str]:
    """The site a feed belongs to: RSS ``<channel><link>``, Atom's alternate link."""
    parsed = feedparser.parse(body)
    return parsed.feed.get("link") if parsed.get("feed") else None


FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


def html_feed_links(selector) -> Iterator[str]:
    """``<link rel="alternate" type="application/rss+xml" href=...>`` hrefs."""
    for link in selector.xpath("//link[@href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        typ = (link.attrib.get("type") or "").lower()
        if "alternate" in rel and typ in FEED_TYPES:
            yield link.attrib["href"]
