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
_WITH_CLASS = etree.XPath("descendant-or-self::*[@class]")


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


def select(tree, selectors: Iterable[str], names: Optional[Names] = None,
           index: Optional["ElementIndex"] = None) -> list:
    """Elements matching each selector in turn (selector priority, then document order).
    With the page's ``names``, selectors that cannot match are not run; with
    its ``index`` (of this very tree), selectors ending in a class are answered
    from it."""
    out = []
    for sel in selectors:
        if names is not None and names.cannot_match(sel):
            continue
        plan = _plan(sel) if index is not None else None
        if plan is not None:
            out.extend(index.match(plan))
            continue
        try:
            out.extend(css_xpath(sel)(tree))
        except Exception:  # a malformed selector in a site definition must not kill extraction
            continue
    return out


class ElementIndex:
    """A page's elements by class name, read in one walk when first asked.  libxml2 evaluates a class selector's predicate on every element
    (~0.1 ms a selector on a 50 KB page, a dozen selectors a page); from the
    index it is a dict lookup and a check of each candidate's ancestors.
    Valid only while the tree is unchanged: whoever changes it first selects
    what it needs, then calls ``forget``."""

    def __init__(self, tree):
        self.tree = tree
        self.valid = True
        self._tokens: Optional[dict] = None

    def forget(self) -> None:
        self.valid = False
        self._tokens = self._by_class = None

    def _build(self) -> None:
        tokens, by_class = {}, {}
        for el in _WITH_CLASS(self.tree):
            names = frozenset(_XML_SPACE.split(el.get("class"))) - {""}
            tokens[el] = names  # (and keeps the element's proxy, so ancestors found later are these keys)
            for name in names:
                by_class.setdefault(name, []).append(el)
        self._tokens, self._by_class = tokens, by_class

    def _is(self, el, tag: Optional[str], classes: frozenset) -> bool:
        return (tag is None or el.tag == tag) and classes <= self._tokens.get(el, frozenset())

    def match(self, plan: tuple) -> list:
        """What the selector of ``plan`` (see ``_plan``) selects, in document order."""
        if not self.valid:
            raise RuntimeError("the tree has changed since it was indexed")
        if self._tokens is None:
            self._build()
        (tag, classes), ancestors = plan[0], plan[1:]
        candidates = min((self._by_class.get(c, ()) for c in classes), key=len)
        out = []
        for el in candidates:
            if not self._is(el, tag, classes):
                continue
            node = el
            for a_tag, a_classes in ancestors:  # each compound: the nearest ancestor that is it
                node = node.getparent()
                while node is not None and not self._is(node, a_tag, a_classes):
                    node = node.getparent()
                if node is None:
                    break
            else:
                out.append(el)
        return out


_NOT_A_CLASS_NAME = re.compile(r"[ \t\r\n\f]")  # cssselect's test: such a name matches nothing


@lru_cache(maxsize=512)
def _plan(selector: str) -> Optional[tuple]:
    """A selector made only of tag and class tests joined by descendant
    combinators, the last naming a class (``.a``, ``p.summary``,
    ``.item-body .item-text``), as its compounds, last first: ((tag or None,
    class names), ...).  None for anything else, which XPath answers.  The same elements as cssselect's
    XPath: a tag by its exact name, a class as one of the names XML spaces
    separate, each compound on a strict ancestor of the next; nearest first
    is enough with descendant combinators alone."""
    from cssselect import parse
    from cssselect.parser import Class, CombinedSelector, Element, SelectorError

    def compound(node) -> Optional[tuple]:
        classes = set()
        while isinstance(node, Class):
            if not node.class_name or _NOT_A_CLASS_NAME.search(node.class_name):
                return None
            classes.add(node.class_name)
            node = node.selector
        if type(node) is not Element or node.namespace is not None:
            return None
        return (node.element or None, frozenset(classes))

    try:
        parsed = parse(selector)
    except SelectorError:
        return None
    if len(parsed) != 1 or parsed[0].pseudo_element is not None:
        return None
    out, node = [], parsed[0].parsed_tree
    while isinstance(node, CombinedSelector):
        if node.combinator != " ":
            return None
        out.append(compound(node.subselector))
        node = node.selector
    out.append(compound(node))
    # A selector whose last compound names no class (``h1``, ``.tags li a``)
    # is a fast XPath name test; from the index it would climb from every
    # element of that tag.
    return None if None in out or not out[0][1] else tuple(out)


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
