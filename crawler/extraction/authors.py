"""The story's authors: the rules' byline elements, else JSON-LD persons,
else ``<meta name=author>``.

Why JSON-LD organisations are left out: publishers name themselves as the
author of every story; that is the site, not a byline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import blocks, chars, metadata
from .chars import line_key

if TYPE_CHECKING:
    from .page import Page


def read(page: Page) -> list[str]:
    out = [blocks.text_content(el) for el in page.select("author_selectors")]
    art = page.meta.article or {}
    persons = [a for a in metadata.as_list(art.get("author"))
               if not (isinstance(a, dict) and str(a.get("@type", "")).lower() == "organization")]
    out += metadata.names(persons)
    if not out:
        out += [a for a in page.meta.all("author") + page.meta.all("article:author")
                if not a.startswith("http") and len(a) < 80]
    seen, result = set(), []
    for a in out:
        a = chars.clean(a)
        if a and line_key(a) not in seen:
            seen.add(line_key(a))
            result.append(a)
    return result


def found_by_rules(page: Page) -> bool:
    """The rules' byline selectors still name someone on the page."""
    return any(blocks.text_content(el) for el in page.select("author_selectors"))
