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

Hostile XML is refused before any parser sees it: a sitemap or feed whose
prolog declares entities (``<!ENTITY``: the billion-laughs bomb, or an
external entity naming a local file or URL, XXE) raises
:class:`HostileDocument`, with its ``kind`` (``xml_entities``,
``xml_external_entity``).  This is defusedxml's rule (no entity
declarations at all) applied to the prolog only, with the stdlib's expat:
the scan stops at the root element, so a 50 MB sitemap costs nothing more
and a bomb is never expanded.  A plain ``<!DOCTYPE rss PUBLIC ...>`` (RSS
0.91) declares no entity and is read as before.  ``HostileDocument`` is not a
``ValueError``: it passes the callbacks' "not a sitemap" handling and reaches
:class:`crawler.middlewares.hostilexml.HostileDocumentMiddleware`, which counts it
(``khabar/hostile/<kind>``) and logs one line.
"""

from __future__ import annotations

import gzip
import io
import re
from xml.parsers import expat
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


class HostileDocument(Exception):
    """An XML document built to harm its parser: refused unparsed.

    ``kind`` names it for the stats (``khabar/hostile/<kind>``).
    """

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


class _Stop(Exception):
    pass


MAX_PROLOG = 1 << 20  # bytes scanned for a prolog at most (a DOCTYPE is at the start)
_ENTITY_MARKS = (b"<!ENTITY", "<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be"))


def _entity_declarations(data: bytes) -> list[tuple[str, bool]]:
    """(name, external) of the entities the prolog of ``data`` (its first
    MAX_PROLOG bytes) declares, read by expat up to the root element; nothing
    is expanded, loaded or fetched."""
    found: list[tuple[str, bool]] = []
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def entity(name, is_parameter, value, base, system_id, public_id, notation):
        found.append(((("%" if is_parameter else "") + name), bool(system_id or public_id)))
        if len(found) >= 16:
            raise _Stop

    def root(name, attrs):
        raise _Stop

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        for i in range(0, len(data), 1 << 16):
            parser.Parse(data[i:i + (1 << 16)], False)
        parser.Parse(b"", True)
    except _Stop:
        pass
    except (expat.ExpatError, LookupError, ValueError):
        # not well-formed before its root (an unknown encoding...): a
        # recovering parser might still read what follows, so look for the
        # declaration itself
        if not found and any(mark in data for mark in _ENTITY_MARKS):
            found.append(("?", b"SYSTEM" in data or b"PUBLIC" in data))
    return found


def refuse_hostile_xml(data: bytes, what: str) -> None:
    """Raise :class:`HostileDocument` if ``data`` declares entities (see the module docstring)."""
    head = data[:MAX_PROLOG]
    if b"<!" not in head and b"<\x00!" not in head and b"\x00<\x00!" not in head:
        return  # no DOCTYPE (nor comment, CDATA): the common case, decided without a parser
    declared = _entity_declarations(head)
    if not declared:
        return
    names = ", ".join(name for name, _ in declared[:3]) + (", ..." if len(declared) > 3 else "")
    if any(external for _, external in declared):
        raise HostileDocument("xml_external_entity",
                              f"{what} declares an external entity ({names}): an XXE attempt; refused unparsed")
    raise HostileDocument("xml_entities",
                          f"{what} declares entities ({names}): an entity-expansion bomb?; refused unparsed")


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
    sitemap, :class:`HostileDocument` for one that declares entities.
    """
    data = _maybe_gunzip(body)
    refuse_hostile_xml(data, "sitemap")
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
    """Items of an RSS 0.9x/1.0/2.0 or Atom feed, newest information kept.

    Raises ValueError for something that is not a feed,
    :class:`HostileDocument` for one that declares entities.
    """
    refuse_hostile_xml(body, "feed")
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
    """The site a feed belongs to: RSS ``<channel><link>``, Atom's alternate link
    (:class:`HostileDocument` for a feed that declares entities)."""
    refuse_hostile_xml(body, "feed")
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
