"""One parsed page and what every attribute reads from it.

Why: each attribute (title, authors, dates, body...) is its own function of
the page, as in fundus; they share the parse, the metadata read before any
pruning, the generic candidates, the rules (the site's definition, else the
page's CMS family).  ``Page`` holds
exactly that, built once per page and never reused.  The body stage prunes
``tree`` in place, so every other field is read before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..sites.base import SiteDefinition
from . import blocks, embeds, families, metadata
from .chars import CharGuard
from .decode import Headers
from .dom import ElementIndex, Names, select
from .metadata import PageMeta
from .scan import Scan, scan


@dataclass(frozen=True)
class Page:
    url: str
    tree: object  # the lxml document
    guard: CharGuard  # ZWNJ/ZWJ protection around third-party code
    headers: Headers
    site: Optional[SiteDefinition]  # the known site, or None
    rules: Optional[SiteDefinition]  # the site's definition, else its CMS family's, else None
    meta: PageMeta  # JSON-LD and <meta>, read before anything is removed
    scan: Scan  # generic lead/date/tag candidates for unknown sites
    embeds: tuple  # embedded posts ({kind, url, author, text}), already out of ``tree``
    names: Names  # the class names and ids in ``tree``: which selectors can match
    index: ElementIndex  # ``tree``'s elements by class name, until the body stage prunes it
    # What each ``select(name)`` found: the fields and the drift check ask
    # the same selectors twice, each a walk of the whole page.
    selected: dict = field(default_factory=dict, repr=False, compare=False)

    def selectors(self, name: str) -> tuple[str, ...]:
        """The rules' selectors (or phrases) called ``name``; none without rules."""
        return getattr(self.rules, name, ()) if self.rules else ()

    def select(self, name: str) -> list:
        """Elements matching the rules' selectors ``name``, selector priority
        first; run once until the tree changes (``tree_changed``)."""
        found = self.selected.get(name)
        if found is None:
            found = self.selected[name] = select(self.tree, self.selectors(name), self.names, self.live_index)
        return found

    @property
    def live_index(self) -> Optional[ElementIndex]:
        return self.index if self.index.valid else None

    def tree_changed(self) -> None:
        """The body stage prunes ``tree``: what was selected before may be gone."""
        self.selected.clear()
        self.index.forget()

    def first_text(self, name: str) -> tuple[Optional[str], Optional[object]]:
        """The first element of the rules' selectors ``name`` that has text."""
        for el in self.select(name):
            text = blocks.text_content(el)
            if text:
                return text, el
        return None, None


def read_page(url: str, tree, guard: CharGuard, headers: Headers, site: Optional[SiteDefinition]) -> Page:
    names = Names.of(tree)
    rules = site or families.detect(tree, names)
    meta = metadata.read(tree, url)
    posts = tuple(embeds.take(tree, url))  # before anything reads the page's text
    return Page(url=url, tree=tree, guard=guard, headers=headers, site=site, rules=rules,
                meta=meta, scan=scan(tree), embeds=posts, names=names, index=ElementIndex(tree))
