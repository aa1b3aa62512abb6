"""DOM pruning: page furniture removed from the parsed page before the body is read.

Why: trafilatura alone leaves Persian/Arabic page furniture in place (comment
forms, «مقالات ذات صلة» teasers, share and tag boxes).  ``Pruner`` removes
the site's ``boilerplate_selectors`` plus elements that generic structural
signals name (comment forms, share/related/tag/breadcrumb containers, blocks
introduced by a label such as «برچسب‌ها» or «مقالات ذات صلة»).  A candidate
that holds most of the page's paragraph text is never removed, so a badly
named wrapper cannot take the article with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from lxml import etree

from .blocks import remove, text_content
from .chars import line_key
from .dom import Names, is_ancestor, select
from .phrases import BOX_KEYS, END_KEYS

_TOKEN_RULES = re.compile(
    r"(?:^|\s)(?:"
    r"comments?|comment[-_]?(?:list|form|area|section|box|wrapper|respond|block|container)s?|"
    r"comments[-_][\w-]+|respond|disqus[-_]?thread|reply[-_]form|"
    r"share|sharing|social|shares|share[-_][\w-]+|social[-_][\w-]+|[\w-]+[-_]share|addthis[\w-]*|sharethis[\w-]*|"
    r"related|related[-_][\w-]+|[\w-]+[-_]related|read[-_]?also|also[-_]read|more[-_]news|"
    r"most[-_](?:read|viewed|popular)|yarpp[\w-]*|"
    r"tags|tag[-_]?list|tags[-_][\w-]+|post[-_]tags|entry[-_]tags|article[-_]tags?|news[-_]tags?|"
    r"breadcrumbs?|breadcrumb[-_][\w-]+|"
    r"newsletter[\w-]*|subscribe[\w-]*|cookie[\w-]*|consent[\w-]*|gdpr[\w-]*|"
    r"wp-caption-text|image[-_]caption|img[-_]caption|photo[-_]caption|caption|"
    r"byline|author[-_]box|post[-_]author|print[-_](?:header|link)|short[-_]?link[\w-]*|"
    r"watermark|[\w-]+[-_]watermark|"  # an aggregator's stamp on what it republishes («<name>-watermark»)
    r"rutitr|kicker|surtitle|supertitle|uptitle"
    r")(?=\s|$)",
    re.I,
)
_WITH_NAMES = etree.XPath("//*[@class or @id]")
# A site's templates repeat the same class names on every element and page:
# each "class id" string is tested once.
_names_furniture = lru_cache(maxsize=1 << 12)(lambda names: _TOKEN_RULES.search(names) is not None)
_LINKS_AROUND_BLOCKS = etree.XPath("descendant-or-self::a[.//p or .//h2 or .//h3]")
_SHORT_TEXTS = etree.XPath("//text()[string-length(normalize-space(.)) > 2 and string-length(.) < 90]")
_LABEL_TAGS = ("h2", "h3", "h4", "h5", "h6", "header", "strong", "b", "span", "div", "p", "legend")


MAX_CARD_SHARE = 0.25  # more of the page's text, and the cards are the page (a listing)


def _para_len(el) -> int:
    return sum(len(t) for p in el.iter("p") for t in p.itertext())


@dataclass
class Pruner:
    """Removes boilerplate elements from a parsed page (in place)."""

    tree: object
    keep: list = field(default_factory=list)  # elements never removed (title, body)
    names: Optional[Names] = None  # the page's class names and ids, to skip selectors that cannot match

    def __post_init__(self):
        self.total = _para_len(self.tree) or 1
        self.total_text = len(self.tree.text_content()) or 1

    def _protected(self, el) -> bool:
        for k in self.keep:
            if k is el or is_ancestor(el, k):
                return True
        # A wrapper holding most of the article text is not boilerplate.
        return _para_len(el) > 0.5 * self.total and self.total > 400

    def remove(self, el) -> bool:
        if el.getparent() is None or self._protected(el):
            return False
        remove(el)
        return True

    def by_selectors(self, selectors: Iterable[str], index=None) -> None:
        """The elements of ``selectors`` (all selected first; ``index``: the
        unchanged tree's ``dom.ElementIndex``), removed."""
        for el in select(self.tree, selectors, self.names, index):
            self.remove(el)

    def comment_forms(self) -> None:
        for form in list(self.tree.iter("form")):
            if form.getparent() is None:
                continue
            if form.xpath(".//textarea|.//input[@type='email']") or "captcha" in etree.tostring(form, encoding=str).lower():
                self.remove(form)

    def image_captions(self) -> None:
        """A caption typed as the paragraph right under a picture-only paragraph
        («<p><img></p><p>جانب من المؤتمر الصحفي</p>»): short, unpunctuated, not
        a bold subheading."""
        holders = []
        for img in self.tree.iter("img"):
            holder = img.getparent()
            while holder is not None and holder.tag not in ("p", "div"):
                holder = holder.getparent()
            if holder is not None and holder not in holders:
                holders.append(holder)
        for holder in holders:
            if holder.getparent() is None or holder.text_content().strip():
                continue
            nxt = holder.getnext()
            if nxt is None or nxt.tag != "p" or nxt.xpath(".//img"):
                continue
            text = text_content(nxt)
            if not text or len(text) > 90 or len(text.split()) > 12 or text.endswith(_SENTENCE_END):
                continue
            if len(_ARABIC_SCRIPT.findall(text)) < 0.6 * len(text.replace(" ", "")):
                continue  # the convention this rule knows is the Arabic/Persian newsroom's
            bold = sum(len(text_content(b)) for b in nxt.iter("b", "strong"))
            if bold >= 0.8 * len(text):
                continue  # a subheading
            self.remove(nxt)

    def by_tokens(self) -> None:
        """Containers whose class/id names them comments, share, related, tags..."""
        for el in _WITH_NAMES(self.tree):
            if el.tag in ("html", "body") or el.getparent() is None:
                continue
            if _names_furniture(f"{el.get('class') or ''} {el.get('id') or ''}"):
                self.remove(el)

    def link_cards(self) -> None:
        """Teaser cards: a link to another page wrapped around a paragraph or
        heading (``<a href=…><p>excerpt</p></a>``).  A story's own text is
        never inside a link.  A page whose text is largely such cards is a
        listing, and they are left for the listing tests to see."""
        cards = [a for a in _LINKS_AROUND_BLOCKS(self.tree)
                 if (a.get("href") or "").strip() and not (a.get("href") or "").startswith("#")]
        if sum(len(a.text_content()) for a in cards) > MAX_CARD_SHARE * self.total_text:
            return
        for a in cards:
            self.remove(a)

    def labelled_blocks(self) -> None:
        """Blocks introduced by a heading such as «مقالات ذات صلة» or «برچسب‌ها»."""
        candidates = []
        for t in _SHORT_TEXTS(self.tree):
            key = line_key(t)
            if key not in END_KEYS and key not in BOX_KEYS:
                continue
            el = t.getparent()
            if t.is_tail:
                el = el.getparent()
            # Climb to the outermost element that holds nothing but the label
            # (<h3><span>label</span></h3> → h3).
            while el is not None and el.getparent() is not None and el.getparent().tag not in ("body", "html") \
                    and line_key(el.getparent().text_content()) == key:
                el = el.getparent()
            if el is not None and el.tag in _LABEL_TAGS and el not in candidates:
                candidates.append(el)
        for el in candidates:
            if el.getparent() is None or len(el) > 3:
                continue
            raw = el.text_content()
            if len(raw) > 200:
                continue
            text = text_content(el)
            if not text or len(text) > 60:
                continue
            parent = el.getparent()
            if line_key(text) in BOX_KEYS:
                # A read-also box inside the story: the small block it heads goes,
                # never the story around it.
                if (parent is not None and parent.tag not in ("body", "html") and not self._protected(parent)
                        and len(parent.text_content()) < 700 and parent.xpath(".//a[@href]")):
                    remove(parent)
                continue
            if line_key(text) not in END_KEYS:
                continue
            if (parent is not None and parent.tag not in ("body", "html") and not self._protected(parent)
                    and len(parent.text_content()) < 0.2 * self.total_text):
                remove(parent)
            else:
                # The label sits inside the story container: drop it and what follows.
                for sib in list(el.itersiblings()):
                    self.remove(sib)
                self.remove(el)


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_SENTENCE_END = (".", "!", "?", "؟", ":", "؛", "…", "»", '"', "”", ")")
