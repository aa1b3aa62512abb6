"""The page's links, read once before pruning: what the body and the
listing tests compare the extracted text against.

Why: a listing's "text" is the headlines of other pages; a story's is not.
Links to the page itself (its URL or canonical) are left out of the
headline keys, so a headline linking to its own page is no teaser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Optional
from urllib.parse import unquote, urlsplit

from . import chars, metadata
from .chars import line_key

if TYPE_CHECKING:
    from .page import Page

_HEADING_LINKS = "//h2//a|//h3//a|//h4//a|//a[.//h2 or .//h3 or .//h4]"


@dataclass(frozen=True)
class Links:
    anchor_texts: tuple[str, ...]  # texts of the page's links (two characters or more), raw
    anchors: frozenset  # the same, cleaned
    link_keys: frozenset  # keys of long link texts to other pages: teaser headlines
    label_links: frozenset  # keys of short link labels: menu and section names
    heading_links: int  # links inside or around h2–h4 headings
    own: frozenset  # the page's own URLs (``norm_url`` form)


def read(page: Page) -> Links:
    tree, url = page.tree, page.url
    pairs = [(_text(a), a.get("href") or "") for a in tree.iter("a")]
    anchor_texts = tuple(t for t, _ in pairs if len(t) >= 2)
    own = own_urls(url, page.meta.canonical)
    link_keys = frozenset(k for k in (line_key(t) for t, h in pairs if len(t) >= 12 and norm_url(url, h) not in own)
                          if len(k) >= 12)
    anchors = frozenset(c for c in map(chars.clean, anchor_texts) if len(c) >= 2)
    return Links(anchor_texts=anchor_texts, anchors=anchors, link_keys=link_keys,
                 label_links=frozenset(line_key(c) for c in anchors if len(c) < 40),
                 heading_links=len(tree.xpath(_HEADING_LINKS)), own=own)


def _text(a) -> str:
    """An anchor's ``text_content()``: for one with no child elements (most
    links), its text, without an XPath evaluation (~1 µs an anchor)."""
    return (a.text or "") if len(a) == 0 else a.text_content()


def share(text: str, anchors: frozenset) -> float:
    """How much of the "text" is the page's link labels."""
    return sum(len(a) for a in anchors if a in text) / len(text) if text else 0.0


def norm_url(base: str, href: str) -> str:
    """Host without ``www.`` and decoded path without trailing slash: one form for one page."""
    if not href:
        return ""
    if _SITE_WIDE.match(href.strip()):
        # Joined on the base's scheme and host alone (see _SITE_WIDE): the
        # menu links every page of a site carries are worked out once.
        try:
            parts = urlsplit(base)
        except ValueError:
            return _joined_norm(base, href)
        if parts.scheme in ("http", "https") and parts.netloc:
            return _site_wide_norm(f"{parts.scheme}://{parts.netloc}", href)
    return _joined_norm(base, href)


# An href whose ``urljoin`` with a page's URL depends on that URL's scheme and
# host only: a path from the root (``/x``), or a network location (``//host``,
# ``http://host``); not ``//``, ``/\t/`` or ``http://?q`` (no host and no path
# once urlsplit drops tabs and newlines: urljoin takes the base's path then).
_SITE_WIDE = re.compile(r"/[^/\t\r\n]|(?:https?:)?//[^/?#\s]")


def _joined_norm(base: str, href: str) -> str:
    try:
        u = urlsplit(metadata.safe_join(base, href) or "")
        return f"{(u.hostname or '').removeprefix('www.')}{_decoded_path(u.path)}"
    except ValueError:
        return ""


# A site's menu links recur on every page, and Persian paths are long %XX
# runs.  The bound is the menus and sidebars (a few hundred paths), not the
# site: at 16,384 the cache held every story a crawl had met (~0.45 KB each,
# +2 MB per extraction worker at 5,000 stories).
_site_wide_norm = lru_cache(maxsize=512)(_joined_norm)


@lru_cache(maxsize=512)
def _decoded_path(path: str) -> str:
    return unquote(path).rstrip("/")


def own_urls(url: str, canonical: Optional[str]) -> frozenset:
    return frozenset({norm_url(url, url), *([norm_url(url, canonical)] if canonical else [])})
