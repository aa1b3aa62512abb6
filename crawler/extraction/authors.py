"""The story's authors: the rules' byline elements and JSON-LD persons, else
the page's byline markup, else ``<meta name=author>``; one name per entry.

Why JSON-LD organisations are left out: publishers name themselves as the
author of every story in their metadata; that is the site, not a byline.  A
byline the page *shows* is kept as shown, the outlet's own name included
(«العربي الجديد» on a staff story), as fundus's gold records it; a dateline
byline «غزة ــ العربي الجديد» (place ــ credit) keeps the part after the place.

Byline markup, for pages whose rules name none (or no rules): ``itemprop=author``,
``rel=author`` links, and elements whose class says byline or author
(``byline``, ``author``, ``article-author``, ``author-name``, ``writer``...).
Comment threads, related-story boxes and sidebars, which name other people,
are skipped; so are lines too long or too wordy to be a name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree

from . import blocks, chars, metadata
from .chars import line_key

if TYPE_CHECKING:
    from .page import Page

# a class token that marks a byline: byline, author, article-author, author-name, post_author...
BYLINE_CLASS = re.compile(r"^(?:[a-z]+[-_])*(?:by-?line|author|authors|writer)(?:[-_]?name)?$", re.I)
# blocks that name people other than the story's authors
ELSEWHERE = re.compile(r"comment|related|read-?also|sidebar|widget|footer|popular|most-|recommend|bio|desc|avatar"
                       r"|author-?box|authorbox|newsletter|share|embed", re.I)
# "By", «بقلم», «كتب», «نویسنده», «گزارش» ... before the name
PREFIX = re.compile(r"^(?:by|written by|von|par|por|توسط|بقلم|كتب|كتبت|كتبه|إعداد|تحرير|نویسنده|نوشته|گزارش|خبرنگار)\s*[:：\-–—]?\s+",
                    re.I)
# «غزة ــ العربي الجديد», «القاهرة — …»: a place, a long dash, then the credit
DATELINE = re.compile(r"^[^\d:،,]{2,30}?\s*(?:ــ+|—)\s*(?=\S)")
# between names: ; , ، and the word "and" in the languages Khabar meets (Persian/Arabic « و » as its own word)
SEPARATORS = re.compile(r"\s*(?:[;,،؛]|\s(?:and|und|et|y|e|و)\s|&)\s*", re.I)
TRAILING = re.compile(r"\s*\([^)]{1,12}\)$")
MAX_NAMES = 6
MAX_WORDS = 7


def read(page: Page) -> list[str]:
    out = [blocks.text_content(el) for el in page.select("author_selectors")]
    art = page.meta.article or {}
    persons = [a for a in metadata.as_list(art.get("author"))
               if not (isinstance(a, dict) and str(a.get("@type", "")).lower() == "organization")]
    out += metadata.names(persons)
    if not any(out):
        out = byline_markup(page.tree, page.names.classes)
    if not out:
        out = [a for a in page.meta.all("author") + page.meta.all("article:author")
               if not a.startswith("http") and len(a) < 80]
    seen, result = set(), []
    for a in (part for line in out for part in split_names(line)):
        key = line_key(a)
        if a and key not in seen and "@" not in a and not a.isdigit():
            seen.add(key)
            result.append(a)
    return result[:MAX_NAMES]


def split_names(line: str) -> list[str]:
    """«A and B, C» → A, B, C: one name per byline entry, prefixes, datelines
    and trailing initials in brackets («(obe)») removed."""
    line = PREFIX.sub("", DATELINE.sub("", chars.clean(line)))
    parts = SEPARATORS.split(line)
    return [TRAILING.sub("", p).strip(" ،,:|-–—") for p in parts if p and p.strip()]


def found_by_rules(page: Page) -> bool:
    """The rules' byline selectors still name someone on the page."""
    return any(blocks.text_content(el) for el in page.select("author_selectors"))


# Elements marked as a byline other than by class.  A page whose class names
# hold no byline token (most: the site's rules or JSON-LD name the authors, or
# no one) needs only these, found in one C walk, not a Python visit of every
# element.
_MARKED_NOT_BY_CLASS = etree.XPath("descendant-or-self::*[@itemprop] | descendant-or-self::a[@rel]")


@lru_cache(maxsize=1 << 12)
def _byline_class(name: str) -> bool:
    """A class name (as XML splits a class attribute) holding a byline token
    (as ``str.split`` does, finer: every XML space is a ``str`` space)."""
    return any(BYLINE_CLASS.match(t) for t in name.split())


def byline_markup(tree, classes=None) -> list[str]:
    """Names in the page's byline elements, in document order.  ``classes``:
    the class names the page carries (``dom.Names``), when known."""
    names = []
    candidates = tree.iter()
    if classes is not None and not any(map(_byline_class, classes)):
        candidates = _MARKED_NOT_BY_CLASS(tree)
    for el in candidates:
        if not isinstance(el.tag, str) or el.tag in ("meta", "link", "script", "style", "input", "textarea", "img"):
            continue
        tokens = (el.get("class") or "").split()
        marked = ("author" in (el.get("itemprop") or "").lower().split()
                  or (el.tag == "a" and "author" in (el.get("rel") or "").lower().split())
                  or any(BYLINE_CLASS.match(t) for t in tokens))
        if not marked or _elsewhere(el):
            continue
        if el.get("itemprop"):
            inner = el.xpath(".//*[@itemprop='name']")
            text = blocks.text_content(inner[0]) if inner else blocks.text_content(el)
        else:
            text = blocks.text_content(el)
        if _looks_like_a_name(PREFIX.sub("", text)):
            names.append(text)
    return names


def _elsewhere(el) -> bool:
    for node in (el, *el.iterancestors()):
        if node.tag in ("footer", "aside", "form", "nav"):
            return True
        if ELSEWHERE.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    return False


def _looks_like_a_name(text: str) -> bool:
    return 2 <= len(text) <= 60 and len(text.split()) <= MAX_WORDS and not re.search(r"\d", text)
