"""Element queries shared by every attribute: CSS selection, ancestry, order.

Why: site definitions and CMS families speak CSS; lxml answers XPath.  The
translation is cached, and a malformed selector in a definition selects
nothing instead of failing the page.  Each selector is a walk of the whole
page, and most of a definition's selectors (its boilerplate list, its
fallbacks) match nothing on a given page: ``Names``, the class names and
ids the page carries (read once), tells which selectors cannot match, and
those are not run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from lxml import etree


@lru_cache(maxsize=512)
def css_xpath(selector: str) -> etree.XPath:
    from cssselect import GenericTranslator

    return etree.XPath(GenericTranslator().css_to_xpath(selector))


_CLASS_VALUES = etree.XPath("//@class", smart_strings=False)
_ID_VALUES = etree.XPath("//@id", smart_strings=False)
_XML_SPACE = re.compile("[ \t\r\n]+")  # what XPath's normalize-space() splits on


@dataclass(frozen=True)
class Names:
    """The class names and ids a page carries.  Read before any pruning, so
    it remains a superset of what the pruned tree carries."""

    classes: frozenset
    ids: frozenset

    @classmethod
    def of(cls, tree) -> "Names":
        classes = set()
        for value in _CLASS_VALUES(tree):
            classes.update(_XML_SPACE.split(value))
        return cls(frozenset(classes), frozenset(_ID_VALUES(tree)))

    def cannot_match(self, selector: str) -> bool:
        """True when every alternative of ``selector`` needs a class or id the page lacks."""
        needs = _needs(selector)
        return needs is not None and all(
            not (classes <= self.classes and ids <= self.ids) for classes, ids in needs)


@lru_cache(maxsize=512)
def _needs(selector: str) -> Optional[tuple]:
    """Per alternative of ``selector``: (class names, ids) an element chain
    must carry for it to match; None when unknown (a parse error)."""
    from cssselect import parse
    from cssselect.parser import Class, CombinedSelector, Hash, SelectorError

    def walk(node, classes, ids):
        if isinstance(node, CombinedSelector):
            walk(node.selector, classes, ids)
            walk(node.subselector, classes, ids)
            return
        if isinstance(node, Class) and not _XML_SPACE.search(node.class_name):
            classes.add(node.class_name)
        elif isinstance(node, Hash):
            ids.add(node.id)
        # the positive part of a Negation, a Pseudo, an Attrib...; what a
        # :not() or :has() names is not required of the page
        inner = getattr(node, "selector", None)
        if inner is not None:
            walk(inner, classes, ids)

    try:
        out = []
        for sel in parse(selector):
            classes, ids = set(), set()
            walk(sel.parsed_tree, classes, ids)
            out.append((frozenset(classes), frozenset(ids)))
        return tuple(out)
    except SelectorError:
        return None


def select(tree, selectors: Iterable[str], names: Optional[Names] = None) -> list:
    """Elements matching each selector in turn (selector priority, then document order).
    With the page's ``names``, selectors that cannot match are not run."""
    out = []
    for sel in selectors:
        if names is not None and names.cannot_match(sel):
            continue
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
