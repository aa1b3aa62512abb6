"""One pass over the page's named elements for the generic fallbacks.

Why: unknown sites get no selectors, so the lead, the date elements and the
tag links are found by conventional names (``class="lead"``, ``<time
datetime>``, ``rel="tag"``...).  Evaluating a dozen CSS selectors means a
dozen walks of the tree; one XPath that keeps only elements carrying such
attributes, then plain Python checks, costs one walk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from lxml import etree

_NAMED = etree.XPath("//*[@class or @id or @itemprop or @rel or @datetime]")

LEAD_TOKENS = frozenset({"lead", "introtext", "article-summary", "article-lead", "news-lead", "subtitle", "summary",
               "standfirst", "item-summary", "article__lead", "article-intro", "intro", "excerpt-lead"})
DATE_TOKENS = frozenset({"date", "time", "publish-date", "published", "post-date", "entry-date", "news-date",
               "article-date", "dateline", "item-date", "news_date", "pubdate", "timestamp"})
# Run-together names of old CMSs («nwstxtlead», «newslead»), not "leader"/"leading".
_LEAD_SUBSTR = re.compile(r"^(?:[a-z]+)?lead(?:text)?$")
_DATE_SUBSTR = re.compile(r"date|time|publish|created|submitted|posted[-_]on", re.I)
TAG_CONTAINER_TOKENS = frozenset({"tags", "tag-list", "taglist", "article-tags", "post-tags", "news-tags", "keywords",
                        "entry-tags", "tags-list", "story-tags"})


@dataclass
class Scan:
    leads: list = field(default_factory=list)  # elements, document order
    dates: list = field(default_factory=list)
    tag_links: list = field(default_factory=list)


def scan(tree) -> Scan:
    out = Scan()
    tag_containers = []
    for el in _NAMED(tree):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("meta", "link", "script", "style", "html", "body"):
            continue
        lead, date, tag_link, tag_container = _roles(tag, el.get("class"), el.get("id"), el.get("itemprop"),
                                                     el.get("rel"), bool(el.get("datetime")))
        if lead:
            out.leads.append(el)
        if date:
            out.dates.append(el)
        if tag_link:
            out.tag_links.append(el)
        elif tag_container:
            tag_containers.append(el)
    seen = set(out.tag_links)
    for c in tag_containers:
        for a in c.iter("a"):
            if a not in seen:
                seen.add(a)
                out.tag_links.append(a)
    return out


@lru_cache(maxsize=1 << 12)
def _roles(tag: str, class_: Optional[str], id_: Optional[str], itemprop: Optional[str], rel: Optional[str],
           datetime: bool) -> tuple[bool, bool, bool, bool]:
    """(lead, date, tag link, tag container) for an element's name and
    attributes: a page's menus and lists repeat a few such combinations on
    hundreds of elements, and sites repeat them on every page."""
    cls = (class_ or "").lower()
    tokens = set(cls.split())
    itemprop = (itemprop or "").lower()
    lead = bool(tokens & LEAD_TOKENS) or itemprop == "description" or (
        "lead" in cls and any(_LEAD_SUBSTR.search(t) for t in tokens))
    date = bool((tag == "time" and datetime) or itemprop == "datepublished" or tokens & DATE_TOKENS
                or _DATE_SUBSTR.search(f"{class_ or ''} {id_ or ''}"))
    tag_link = tag == "a" and (rel or "").lower().split() == ["tag"]
    return lead, date, tag_link, bool(tokens & TAG_CONTAINER_TOKENS)
