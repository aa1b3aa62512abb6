"""The short fields, one function each: lead, section, tags, source credit, image.

Why together: each is a few lines over the rules' selectors and the page's
metadata; what they share is ``Page``, not logic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from . import blocks, chars, metadata
from .chars import line_key
from .dom import follows
from .phrases import CREDIT_LABEL, CREDIT_SENTENCE

if TYPE_CHECKING:
    from .page import Page

HOME_CRUMBS = frozenset(line_key(s) for s in ("خانه", "صفحه اصلی", "صفحه نخست", "الرئيسية", "الصفحة الرئيسية",
                                                "Home", "Accueil"))


def lead(page: Page, title_el) -> tuple[Optional[str], Optional[object]]:
    """The rules' lead element; else (unknown sites, or rules that no
    longer match the page) a conventionally named summary that follows the
    headline and is not a teaser's excerpt."""
    found = lead_by_rules(page)
    if found[0] is not None:
        return found
    candidates = [el for el in page.scan.leads
                  if title_el is not None and follows(el, title_el)
                  and not any(a.tag in ("a", "li") for a in el.iterancestors())]
    return _first_lead(candidates)


def lead_by_rules(page: Page) -> tuple[Optional[str], Optional[object]]:
    return _first_lead(page.select("lead_selectors"))


def is_lead(text: Optional[str]) -> bool:
    return bool(text) and 30 <= len(text) <= 700  # a sentence or three, not the story


def _first_lead(candidates) -> tuple[Optional[str], Optional[object]]:
    for el in candidates:
        text = blocks.text_content(el)
        if is_lead(text):
            return text, el
    return None, None


def section(page: Page) -> Optional[str]:
    """The section the page declares (JSON-LD, article:section), else the
    deepest breadcrumb the rules' selectors find."""
    art = page.meta.article or {}
    sec = art.get("articleSection")
    if isinstance(sec, list):
        sec = sec[0] if sec else None
    if isinstance(sec, str) and sec.strip():
        return chars.clean(sec)
    sec = page.meta.first("article:section")
    if sec:
        return chars.clean(sec)
    crumbs = [blocks.text_content(el) for el in page.select("section_selectors")]
    crumbs = [c for c in crumbs if c and line_key(c) not in HOME_CRUMBS and len(c) < 60]
    return crumbs[-1] if crumbs else None


def tags(page: Page) -> list[str]:
    """The rules' tag links, else ``article:tag``/JSON-LD keywords, else rel=tag links."""
    out = [blocks.text_content(el) for el in page.select("tag_selectors")]
    if not out:
        out = page.meta.all("article:tag") or metadata.keywords((page.meta.article or {}).get("keywords"))
    if not out:
        out = [blocks.text_content(el) for el in page.scan.tag_links]
    seen, result = set(), []
    for t in out:
        t = chars.clean(t).lstrip("#").strip()
        if t and len(t) < 80 and line_key(t) not in seen:
            seen.add(line_key(t))
            result.append(t)
    return result


def source_credit(page: Page) -> Optional[str]:
    """The outlet a republished story names, from the rules' credit element
    (the body's «منبع: …» lines are read by ``lines``)."""
    text, _ = page.first_text("source_credit_selectors")
    if not text:
        return None
    m = CREDIT_SENTENCE.search(text)
    if m:
        return m.group(1)
    m = CREDIT_LABEL.match(text)
    return (m.group(2).strip() or None) if m else text


def image(page: Page) -> Optional[str]:
    img = page.meta.first("og:image", "og:image:url", "twitter:image", "twitter:image:src") \
        or metadata.image_url((page.meta.article or {}).get("image"))
    return metadata.safe_join(page.url, img)
