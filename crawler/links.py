"""A page's links, from its HTML to the crawl's decision about each.

Why: an article page carries 100+ links, nearly all of them the same menu,
sidebar and footer links on every page of the site.  Read in the crawl's
main process (a second parse of the page) and run one by one through URL
rebasing, canonicalisation and the site's patterns, they cost more than
fetching the page and kept the reactor thread busy while the extraction
workers waited.  So:

* the extraction worker reads an article page's ``<a href>`` values from
  the extractor's own parse of the page, before the extractor prunes it
  (:func:`tree_links`; crawler/workers.py), and :func:`page_links` from a
  parse of its own where the extractor decoded the page otherwise than
  Scrapy did: either way what Scrapy's ``response.xpath("//a/@href")`` and
  ``get_base_url`` give (tested on every mirror and golden page), once per
  distinct value;
* :class:`LinkTriage` (one per spider) remembers, for a bounded number of
  hrefs, what each comes to (the URL to request, its comparison key, its
  kind), so a menu link met on every page is worked out once per crawl;
* for an article page the worker goes on to triage its links itself with the
  spider's :class:`LinkPolicy` (pickled with the page: the site's domains,
  the origin crawled, the spider's link kinds), and hands back only the
  links the crawl follows.  The crawl process, whose one thread runs every
  download, is left the set lookups: about 0.6 ms a page less on it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Callable, Iterator, NamedTuple, Optional
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from parsel.selector import create_root_node
from w3lib.encoding import html_to_unicode
from w3lib.html import get_base_url

from .keyset import key_hash
from .urls import Rebaser, url_key


@dataclass(frozen=True)
class PageLinks:
    """The ``<base href>``-resolved base URL of a page and its distinct hrefs,
    in page order; and, when asked for, the page requisites it loads
    (crawler/requisites.py), read from the same parse."""

    base: str
    hrefs: tuple[str, ...]
    requisites: Optional[tuple] = None
    error: Optional[str] = None  # why the links could not be read (none then)
    # the followed links, when triaged in the worker (LinkPolicy); hrefs is then empty
    links: Optional[tuple["Link", ...]] = None

    def triaged(self, policy: "LinkPolicy") -> "PageLinks":
        """These links as the crawl follows them (:meth:`LinkPolicy.follow`)."""
        return PageLinks(self.base, (), self.requisites, links=policy.follow(self.hrefs, self.base))


# Plain strings: a "smart" one holds its element, built (and its Python class
# looked up) for each of a page's 100+ links only to be dropped.
_HREFS = etree.XPath("//a/@href", smart_strings=False)


def page_links(url: str, body: bytes, encoding: str, requisites_site=False,
               policy: Optional["LinkPolicy"] = None) -> PageLinks:
    """What ``response.xpath("//a/@href").getall()`` and ``get_base_url(response)``
    give for this page (``encoding`` is the response's, as Scrapy decided it),
    with repeats dropped.  ``requisites_site`` (a site definition, or None
    for no definition; False: not wanted): also the page's requisites, as
    :func:`crawler.requisites.requisites` finds them.  ``policy``: the
    links triaged as the crawl would (:meth:`LinkPolicy.follow`) instead of
    the hrefs.  Pure: runs in an extraction worker."""
    text = html_to_unicode(f"charset={encoding}", body)[1]
    base = base_url(url, text, encoding)
    root = create_root_node(text, lxml.html.HTMLParser, base_url=base)
    return tree_links(url, root, base, requisites_site, policy)


def tree_links(url: str, root, base: str, requisites_site=False,
               policy: Optional["LinkPolicy"] = None) -> PageLinks:
    """:func:`page_links` of a page already parsed (``root``, before anything
    changed it; ``base``: ``get_base_url`` of its text): the extraction
    worker's one parse of an article page serves both."""
    hrefs = tuple(dict.fromkeys(_HREFS(root)))
    found = None
    if requisites_site is not False:
        from parsel import Selector

        from .requisites import requisites

        found = tuple(requisites(url, None, requisites_site, selector=Selector(root=root, type="html")))
    links = PageLinks(base, hrefs, found)
    return links.triaged(policy) if policy is not None else links


def base_url(url: str, text: str, encoding: str) -> str:
    """``get_base_url(response)``: the ``<base href>`` of a page's first 4 KB
    (as Scrapy reads it), else its URL."""
    return get_base_url(text[:4096], url, encoding)


def same_codec(a: Optional[str], b: Optional[str]) -> bool:
    """Whether two encoding labels name one codec (``utf8`` and ``UTF-8``)."""
    if not a or not b:
        return False
    try:
        return codecs.lookup(a).name == codecs.lookup(b).name
    except LookupError:
        return False


class Link(NamedTuple):
    """What one href comes to: the URL to request, its ``url_key``, its kind
    for the spider (``"article"``, ``"listing"``, or None: not followed) and
    the key's :func:`crawler.keyset.key_hash`, worked out once with the rest,
    so the crawl tells a link it already requested (the menus on every page)
    by one set lookup."""

    target: str
    key: str
    kind: Optional[str]
    key_hash: int


class LinkTriage:
    """Per-crawl memo of ``href -> Link`` (None for an href off the site).

    An href's meaning depends on the page only as far as URL joining does: an
    absolute href on nothing, ``//host/..`` on the scheme, ``/path`` on the
    origin, a relative one on the whole base URL; the memo is keyed so.
    Bounded (``limit`` entries, then it starts again), and emptied when the
    rebaser learns another domain of the site (the generic spider does).
    """

    # The menus, sidebars and footers a site repeats on every page are a few
    # hundred hrefs; the rest (related stories) is met once.  A small bound
    # keeps the crawl's memory flat as it grows (about 0.8 KB an entry).  A
    # full memo keeps the entries asked for again since it last filled (the
    # recurring hrefs) and drops the rest: emptied instead, it resolved
    # every menu link again each ~70 pages (7.1 resolutions a page, not
    # 5.1, at ~0.1 ms each).
    def __init__(self, rebase: Rebaser, classify: Callable[[str], Optional[str]], limit: int = 512):
        self.rebase = rebase
        self.classify = classify
        self.limit = limit
        self._memo: dict[tuple[str, str], Optional[Link]] = {}
        self._again: set[tuple[str, str]] = set()  # entries hit since the memo last filled
        self._domains = rebase.domains

    def link(self, href: str, base: str) -> Optional[Link]:
        """One href, resolved against ``base``."""
        return next(self((href,), base))

    def __call__(self, hrefs, base: str) -> Iterator[Optional[Link]]:
        """The ``Link`` of each href of one page (``base``: its base URL)."""
        if self.rebase.domains is not self._domains:  # a domain learned: decisions change
            self._memo.clear()
            self._again.clear()
            self._domains = self.rebase.domains
        memo, again = self._memo, self._again
        parts = urlsplit(base)
        scheme, origin = parts.scheme, f"{parts.scheme}://{parts.netloc}"
        for href in hrefs:
            if href.startswith(("http://", "https://")):
                context = ""
            elif href.startswith("//"):
                context = scheme
            elif href.startswith("/"):
                context = origin
            else:
                context = base
            key = (context, href)
            entry = memo.get(key, memo)
            if entry is memo:
                entry = self._resolve(href, base)
                if len(memo) >= self.limit:
                    self._sweep()
                memo[key] = entry
            else:
                again.add(key)
            yield entry

    def _sweep(self) -> None:
        """Keep what was asked for again since the last sweep (at most half
        the bound, so a sweep always frees room); drop the rest.  In place:
        a page's links being read hold these very dict and set."""
        keep = self._again if len(self._again) <= self.limit // 2 else set(list(self._again)[: self.limit // 2])
        kept = {key: self._memo[key] for key in keep if key in self._memo}
        self._memo.clear()
        self._memo.update(kept)
        self._again.clear()

    def _resolve(self, href: str, base: str) -> Optional[Link]:
        target = self.rebase(href, base)
        if target is None:
            return None
        key = url_key(target)
        return Link(target, key, self.classify(target), key_hash(key))


class LinkKinds:
    """What a link from an article is to a spider: ``"article"``,
    ``"listing"`` or None (not followed).  Pure in the URL, built from a site
    definition, pickled to the extraction workers; equal by kind and site, so
    a worker keeps one memo per spider it serves."""

    def __init__(self, site):
        self.site = site

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and self.site == other.site

    def __hash__(self) -> int:
        return hash((type(self).__qualname__, self.site))

    def __call__(self, url: str) -> Optional[str]:
        raise NotImplementedError


class SiteLinkKinds(LinkKinds):
    """A site spider's: by its definition's patterns."""

    def __call__(self, url: str) -> Optional[str]:
        if self.site.is_denied(url):
            return None
        if self.site.is_article_url(url):
            return "article"
        if self.site.is_listing_url(url):
            return "listing"
        return None


# In an extraction worker process: a LinkTriage memo for each policy it is
# handed (a spider's, as it stands; a few under crawlall), bounded as each
# memo is.
_WORKER_MEMO_POLICIES = 8
_WORKER_MEMOS: dict[tuple, LinkTriage] = {}


@dataclass(frozen=True)
class LinkPolicy:
    """How a spider judges the links of a page: its rebaser (the site's
    domains and the origin crawled; the generic spider learns domains as it
    goes, so the policy goes with each page as it stands then) and its link
    kinds.  Picklable: the extraction worker applies it."""

    rebase: Rebaser
    kinds: Callable[[str], Optional[str]]

    def follow(self, hrefs, base: str) -> tuple[Link, ...]:
        """The links of one page the crawl follows (a kind, on the site), in
        page order, each (key, kind) once.  The worker keeps a memo per
        policy across pages, as the spider keeps its own (without one, the
        menu links every page repeats cost 2.8 ms a page)."""
        key = (self.rebase.domains, self.rebase.base, self.kinds)
        triage = _WORKER_MEMOS.get(key)
        if triage is None:
            if len(_WORKER_MEMOS) >= _WORKER_MEMO_POLICIES:
                _WORKER_MEMOS.clear()
            triage = _WORKER_MEMOS[key] = LinkTriage(self.rebase, self.kinds)
        out, seen = [], set()
        for link in triage(hrefs, base):
            if link is None or link.kind is None or (link.key, link.kind) in seen:
                continue
            seen.add((link.key, link.kind))
            out.append(link)
        return tuple(out)
