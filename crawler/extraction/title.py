"""The headline: the rules' title element, else the ``<h1>`` that the page's
declared titles (JSON-LD headline, og:title, twitter:title, ``<title>``)
name, else a declared title without the site's name.

Why not ``<title>`` alone: it carries the site's name and section
(«… | خبرگزاری فارس»), and an ``<h1>`` may be the logo.  The Persian
surtitle («روتیتر») written inside a headline element is not the headline.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Optional

from . import blocks, chars
from .chars import line_key

if TYPE_CHECKING:
    from .page import Page


def read(page: Page) -> tuple[Optional[str], Optional[object]]:
    """The title and its element (None when it comes from metadata)."""
    for el in page.select("title_selectors"):
        text = headline_text(el)
        if text:
            return text, el
    pm = page.meta
    art = pm.article or {}
    claimed = [t for t in (art.get("headline") if isinstance(art.get("headline"), str) else None,
                           pm.first("og:title"), pm.first("twitter:title")) if t]
    page_title = None
    t_el = page.tree.find(".//title")
    if t_el is not None:
        page_title = chars.clean(t_el.text_content())
    declared = claimed + ([page_title] if page_title else [])
    site_name_raw = pm.first("og:site_name")
    keys = [line_key(t) for t in declared] + [line_key(strip_site_name(t, site_name_raw)) for t in declared] \
        + [line_key(max(_SITE_SEPARATORS.split(t), key=len)) for t in declared]  # its longest part
    h1s = [(headline_text(h), h) for h in page.tree.iter("h1")]
    h1s = [(t, h) for t, h in h1s if t and len(t) <= 400]
    for t, h1 in h1s:
        k = line_key(t)
        if not keys or any(_same_title(k, c) for c in keys if c):
            return t, h1
    site_name = line_key(pm.first("og:site_name") or "")
    names_only = all(line_key(c) == site_name or len(c.split()) <= 2 for c in claimed)
    if len(h1s) == 1 and names_only and len(h1s[0][0].split()) >= 3:
        # The declared titles only name the site: the page's single headline is the title.
        return h1s[0]
    if claimed:
        return strip_site_name(chars.clean(claimed[0]), site_name_raw), None
    if page_title:
        return strip_site_name(page_title, site_name_raw), None
    return None, None


def found_by_rules(page: Page) -> bool:
    """The rules' title selectors still name a headline on the page."""
    return any(headline_text(el) for el in page.select("title_selectors"))


# Only the Persian newsroom's «روتیتر» (surtitle) is cut: Iranian CMSs and
# their readers keep it apart from the headline, whereas European kickers and
# overlines are part of the title by their publishers' own metadata (fundus).
_KICKER_CLASS = re.compile(r"(?:^|[\s_-])(?:rutitr|ro-?titr|news-rutitr)(?:$|[\s_-])", re.I)


def headline_text(h) -> str:
    """A headline element's text without a surtitle written inside it
    («<h1><span class="rutitr">در دیدار …</span> عنوان</h1>»)."""
    inner = [e for e in h.iterdescendants() if isinstance(e.tag, str) and _KICKER_CLASS.search(e.get("class") or "")]
    if not inner:
        return blocks.text_content(h)
    clone = copy.deepcopy(h)
    for e in list(clone.iterdescendants()):
        if isinstance(e.tag, str) and _KICKER_CLASS.search(e.get("class") or "") and e.getparent() is not None:
            blocks.remove(e)
    return blocks.text_content(clone).lstrip(" :-–—|،؛") or blocks.text_content(h)


def _same_title(a: str, b: str) -> bool:
    """Keys of a heading and a declared title name the same headline (one may
    carry the site name; a logo's "CNN" inside "…CNNArabic.com" does not count)."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.5 * len(long_)


_SITE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|:)\s+")
_SEP_SPLIT = re.compile(r"(\s+(?:\||-|–|—|::|»|:)\s+)")


def strip_site_name(title: str, site_name: Optional[str] = None) -> str:
    """The headline without the site's name (and section) that ``<title>`` and
    og:title add: «… تهران - اصفهان | خبرگزاری فارس» keeps «تهران - اصفهان»."""
    pieces = _SEP_SPLIT.split(title)
    parts, seps = pieces[0::2], [p.strip() for p in pieces[1::2]]
    if len(parts) < 2:
        return title
    name = line_key(site_name or "")

    def named(part: str) -> bool:
        k = line_key(part)
        return bool(name and k and (k in name or name in k))

    stripped = False
    # The site's name (known from og:site_name) at either end, with any section next to it.
    while len(parts) > 1 and named(parts[-1]):
        parts.pop(); seps.pop(); stripped = True
    while len(parts) > 1 and named(parts[0]):
        parts.pop(0); seps.pop(0); stripped = True
    # «headline | section | site»: short parts after a bar.
    while len(parts) > 1 and seps[-1] == "|" and len(parts[-1].split()) <= 4:
        parts.pop(); seps.pop(); stripped = True
    # «site | headline»
    if len(parts) > 1 and seps[0] == "|" and len(parts[0].split()) <= 3 and len(parts[1].split()) > 3:
        parts.pop(0); seps.pop(0); stripped = True
    if not stripped and len(parts) > 1 and seps[-1] in ("-", "–", "—", "::", "»") and len(parts[-1].split()) <= 4 \
            and sum(len(p.split()) for p in parts[:-1]) > 3:
        parts.pop(); seps.pop()  # «headline - Site Name»
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += f" {sep} {part}"
    return out.strip()
