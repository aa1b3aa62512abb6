"""Element queries shared by every attribute: CSS selection, ancestry, order.

Why: site definitions and CMS families speak CSS; lxml answers XPath.  The
translation is cached, and a malformed selector in a definition selects
nothing instead of failing the page.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from lxml import etree


@lru_cache(maxsize=512)
def css_xpath(selector: str) -> etree.XPath:
    from cssselect import GenericTranslator

    return etree.XPath(GenericTranslator().css_to_xpath(selector))


def select(tree, selectors: Iterable[str]) -> list:
    """Elements matching each selector in turn (selector priority, then document order)."""
    out = []
    for sel in selectors:
        try:
            out.extend(css_xpath(sel)(tree))
        except Exception:  # a malformed selector in a site definition must not kill extraction
            continue
    return out


def is_ancestor(a, b) -> bool:
    """True if ``a`` is an ancestor of ``b``."""
    p = b.getparent()
    while p is not None:
        if p is a:
            return True
        p = p.getparent()
    return False


def contains(ancestor, el) -> bool:
    """``el`` is ``ancestor`` or lies inside it."""
    return ancestor is el or any(a is ancestor for a in el.iterancestors())


def follows(el, ref) -> bool:
    """``el`` comes after ``ref`` in document order (or inside it)."""
    if contains(ref, el):
        return True
    order = {}
    for i, node in enumerate(ref.getroottree().getroot().iter()):
        if node is ref:
            order["ref"] = i
        if node is el:
            order["el"] = i
            break
    return order.get("ref") is not None and order.get("el", -1) > order["ref"]
