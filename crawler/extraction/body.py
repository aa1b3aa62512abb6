"""The story's text: the rules' body element, else trafilatura, then pruned
and filtered paragraph by paragraph.

Why two paths: a known site's (or CMS family's) body element is exact; an
unknown site, or a known one whose layout changed, goes through trafilatura
on the pruned tree, with ZWNJ/ZWJ protected by ``chars.CharGuard``.  When
trafilatura falls back to the whole page (old table layouts), the block
with the most prose of its own is taken instead.

Story text that starts outside the body element (a standfirst under a class
the rules do not know, a first paragraph in a sibling element) is read by
``lead_in``: the prose blocks between the headline and the body element.
When the rules name a body element and it is missing, or holds much less
than the page's prose around it, the body comes from the generic path and
``Body.drifted`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

from lxml import etree

from . import blocks, chars, links
from .chars import joined_key, line_key
from .dom import contains, is_ancestor, select
from .lines import LineOptions, filter_paragraphs
from .prune import Pruner

if TYPE_CHECKING:
    from .page import Page

MIN_TEXT_CHARS = 60  # below this there is no story to keep (a two-line item has ~150)


@dataclass(frozen=True)
class Body:
    paragraphs: list[str]
    source_credit: Optional[str]  # named in the body («منبع: …»), moved out of the text
    from_site: bool  # read from the rules' body element, not guessed
    media_el: Optional[object]  # the rules' body element, for the gallery test
    lead_in: tuple[str, ...] = ()  # story text found above the body element, in order
    drifted: bool = False  # the rules name a body element that no longer holds the story

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def read(page: Page, lead: Optional[str], lead_el, title_el, anchor_texts: tuple[str, ...],
         options: LineOptions) -> Body:
    """Prune the page (in place), then read and filter its paragraphs.

    ``lead`` is kept as the first paragraph when the body does not hold it;
    ``anchor_texts`` (the page's link texts) tell a page dump from a story."""
    tree = page.tree
    body_el = _site_body(page)
    media_el = body_el if body_el is not None else next(iter(page.select("body_selectors")), None)
    pruner = Pruner(tree, keep=[e for e in (body_el,) if e is not None], names=page.names)
    # the first change to the tree: it selects all it removes, then removes
    pruner.by_selectors(page.selectors("boilerplate_selectors"), page.live_index)
    page.tree_changed()
    pruner.comment_forms()
    pruner.image_captions()
    pruner.by_tokens()
    pruner.link_cards()
    pruner.labelled_blocks()

    paras: list[str] = []
    from_site = False
    lead_in: list[str] = []
    if body_el is not None and body_el.getparent() is not None:
        if lead_el is not None and not contains(body_el, lead_el):
            paras.append(lead)
        own = blocks.paragraphs(body_el)
        lead_in = _lead_in(body_el, title_el, lead_el, own)
        paras += lead_in + own
        from_site = True
    filtered = filter_paragraphs(paras, options)
    ruled = bool(page.selectors("body_selectors"))
    if from_site and _enough(filtered.paragraphs) and _holds_little(tree, body_el, filtered.paragraphs):
        # The rules' element holds a small part of the page's prose: the
        # generic path's body, when it holds that part and much more.
        generic = filter_paragraphs(_generic_body(page), options)
        if _much_more(generic.paragraphs, filtered.paragraphs):
            filtered, from_site, lead_in = generic, False, []
    if not _enough(filtered.paragraphs):
        from_site = False
        paras = _generic_body(page)
        if _is_page_dump(paras, anchor_texts):
            # trafilatura fell back to the whole page (old table layouts):
            # take the block with the most prose of its own instead.
            block = blocks.densest_block(tree)
            dense = blocks.paragraphs(block) if block is not None else []
            # Only when that block is most of the page's prose: on a listing
            # it is one teaser among many, and the dump stays (and is rejected).
            if sum(map(len, dense)) >= 150 and not _is_page_dump(dense, anchor_texts) \
                    and sum(map(len, dense)) >= 0.5 * sum(map(len, paras)):
                paras = dense
        paras = _split_story(tree, paras)
        lead_in = []
        if ruled and paras:
            # The rules' body element is gone: story text above the first
            # paragraph the generic path found is read as above it.
            first = filter_paragraphs(paras, options).paragraphs[:1]
            anchor = _element_of(tree, first[0]) if first else None
            if anchor is not None:
                lead_in = _lead_in(anchor, title_el, lead_el, paras)
                paras = lead_in + paras
        lead_key = line_key(lead)[:80] if lead else ""
        if lead_key and lead_key not in joined_key(paras):
            paras.insert(0, lead)
        filtered = filter_paragraphs(paras, options)
    kept = {line_key(p) for p in filtered.paragraphs}
    return Body(filtered.paragraphs, filtered.source_credit, from_site, media_el,
                lead_in=tuple(p for p in lead_in if line_key(p) in kept),
                drifted=ruled and not from_site and _enough(filtered.paragraphs))


# A lead-in block: a sentence or more of prose, not a link list or a heading.
MIN_LEAD_IN_CHARS = 40
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_STOP_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "ul", "ol", "table", "body", "html"})


def _lead_in(body_el, title_el, lead_el, own: list[str]) -> list[str]:
    """Paragraphs of story text above ``body_el``, after the headline: the
    preceding siblings of the body element and of its ancestors, up to the
    headline (two levels when there is no headline element), read back
    into page order.  Short lines (dates, bylines, labels) are stepped over;
    a heading, a link list or page furniture ends the walk.  The rules' own
    lead element and text the body repeats are left out (the caller places
    the lead)."""
    body_keys = joined_key(own)
    found: list[list[str]] = []

    def take(el) -> Optional[bool]:
        if lead_el is not None and (el is lead_el or is_ancestor(el, lead_el) or is_ancestor(lead_el, el)):
            return None
        verdict = _prose(el)
        if verdict:
            block = [p for p in verdict if line_key(p)[:80] not in body_keys]
            if block:
                found.append(block)
            return True
        return verdict

    def in_order() -> list[str]:
        return [p for block in reversed(found) for p in block]

    node, levels = body_el, 0
    while levels < (4 if title_el is not None else 2):
        for sib in node.itersiblings(preceding=True):
            if not isinstance(sib.tag, str):
                continue
            if title_el is not None and (sib is title_el or is_ancestor(sib, title_el)):
                # The headline's own block: what follows the headline in it.
                mark = len(found)
                for el in _after(title_el, sib):
                    take(el)
                found[mark:] = reversed(found[mark:])
                return in_order()
            if take(sib) is False:
                return in_order() if title_el is None else []
        node = node.getparent()
        levels += 1
        if node is None or node.tag in _STOP_TAGS:
            break
    return in_order() if title_el is None else []


def _after(title_el, container):
    """Elements after the headline inside ``container``, in page order."""
    node = title_el
    while node is not None and node is not container:
        yield from (e for e in node.itersiblings() if isinstance(e.tag, str))
        node = node.getparent()


def _prose(el):
    """``el``'s paragraphs when it is story prose; None when it holds no
    prose to speak of (step over it); False when it is something else
    (a heading, a link list, furniture: stop)."""
    tag = el.tag.lower()
    if tag in blocks.SKIP_TAGS or tag == "figure" or blocks.is_hidden(el):
        return None
    text = blocks.text_content(el)
    if len(text) < MIN_LEAD_IN_CHARS or len(text.split()) < 6:
        return None
    if tag in _HEADINGS or tag in _STOP_TAGS or el.xpath(".//h1|.//h2|.//h3|.//nav|.//ul|.//ol|.//table|.//form"):
        return False
    linked = sum(len(blocks.text_content(a)) for a in el.iter("a"))
    if linked > 0.3 * len(text):
        return False
    paras = blocks.paragraphs(el)
    if not paras or len(paras) > 4 or any(len(p) < MIN_LEAD_IN_CHARS for p in paras):
        return False
    return paras


def _site_body(page: Page):
    """The rules' body element (the one with most text), or None."""
    for sel in page.selectors("body_selectors"):
        best, most = None, -1
        for el in select(page.tree, [sel], page.names, page.live_index):
            n = len(blocks.text_content(el))  # the story's whole text: read once per element
            if n > most:
                best, most = el, n
        if best is not None and most >= MIN_TEXT_CHARS:
            return best
    return None


class _HashedWords(tuple):
    """A tuple that hashes once.  trafilatura's fallback hands justext its
    stoplist of every language (a 154,484-word tuple) on each call, and
    justext looks it up in an ``lru_cache``: a full hash of the tuple, ~25 ms,
    more than the rest of a page's extraction.  Same words, same order, same
    equality: the output cannot change."""

    def __new__(cls, words):
        self = super().__new__(cls, words)
        self.hash = tuple.__hash__(self)
        return self

    def __hash__(self):
        return self.hash


@lru_cache(maxsize=1)
def trafilatura_module():
    """trafilatura, imported once per process; the stoplist its justext
    fallback builds (on first need, as before) is a ``_HashedWords``."""
    import trafilatura
    from trafilatura import external

    build = external.jt_stoplist_init

    def hashed_stoplist():
        external.JT_STOPLIST = _HashedWords(build())
        return external.JT_STOPLIST

    if external.JT_STOPLIST is None:
        external.jt_stoplist_init = hashed_stoplist
    elif type(external.JT_STOPLIST) is tuple:
        external.JT_STOPLIST = _HashedWords(external.JT_STOPLIST)
    return trafilatura


def _generic_body(page: Page) -> list[str]:
    trafilatura = trafilatura_module()
    page.guard.protect_tree(page.tree)
    doc = trafilatura.bare_extraction(
        page.tree, url=page.url, include_comments=False, include_tables=True,
        include_images=False, include_links=False, with_metadata=False, deduplicate=False,
    )
    page.guard.unprotect_tree(page.tree)
    if doc is None or doc.body is None:
        return []
    # Text hidden by inline style is usually a duplicate (a schema.org copy of
    # the story); it is the story only when nothing visible is left (paywalls).
    paras = blocks.paragraphs(doc.body, skip_hidden=True)
    visible = sum(map(len, paras))
    if visible < 250:
        hidden_too = blocks.paragraphs(doc.body, skip_hidden=False)
        if sum(map(len, hidden_too)) > 2 * visible:
            paras = hidden_too
    return [page.guard.restore(p) for p in paras]


_TEXT_NODES = etree.XPath("//text()[normalize-space()][not(ancestor::script or ancestor::style)]")


def _element_of(tree, paragraph: str):
    """The smallest element of the page whose text is ``paragraph``: from
    the first text node that starts it, up to the element that holds it all
    (one pass over the text nodes, not over every element's text)."""
    key = line_key(paragraph)[:80]
    if len(key) < 20:
        return None
    for t in _TEXT_NODES(tree):
        k = line_key(t)[:80]
        if len(k) < 8 or not key.startswith(k) and not k.startswith(key):
            continue
        el = t.getparent()
        if t.is_tail:
            el = el.getparent()
        for _ in range(4):
            if el is None:
                break
            text = el.text_content()
            if len(text) > 2 * len(paragraph) + 40:
                break
            if line_key(text).startswith(key):
                return el
            el = el.getparent()
    return None


def _split_story(tree, paras: list[str]) -> list[str]:
    """The story when the page splits it into several containers of one
    kind (``<div class="body article__body">`` between ad rows) and the
    generic path kept only one: the paragraphs of the containers next to it,
    in page order.  Only containers of the same tag and class under a common
    ancestor at most four levels up, with nothing but furniture between them
    (no heading, no link to another story: a teaser is not a continuation),
    each adding prose paragraphs of its own."""
    if not paras:
        return paras
    anchor = next((el for el in (_element_of(tree, p) for p in paras if len(p) >= 80) if el is not None), None)
    if anchor is None or anchor.getparent() is None:
        return paras
    box = anchor.getparent()
    cls = box.get("class")
    if not cls or box.tag in ("body", "html"):
        return paras
    ancestors = [a for _, a in zip(range(4), box.iterancestors()) if a.tag not in ("body", "html")]
    if not ancestors:
        return paras
    nodes = list(ancestors[-1].iter())
    order = {node: i for i, node in enumerate(nodes)}
    same = [el for el in nodes if el.tag == box.tag and el.get("class") == cls]
    if len(same) < 2 or any(is_ancestor(a, b) for a in same for b in same if a is not b):
        return paras
    have = {line_key(p) for p in paras}

    def span_end(el) -> int:
        last = el
        for last in el.iter():
            pass
        return order[last]

    def clear(a, b) -> bool:  # nothing but furniture between two containers
        for node in nodes[span_end(a) + 1:order[b]]:
            if node.tag in ("h1", "h2", "h3", "h4") or (node.tag == "a" and len(node.text_content().strip()) >= 15):
                return False
        return True

    def prose(el) -> list[str]:
        out = []
        for p in el.iter("p"):
            text = blocks.text_content(p)
            linked = sum(len(a.text_content()) for a in p.iter("a"))
            if text and linked < 0.5 * len(text) and line_key(text) not in have and not p.xpath("ancestor::li"):
                out.append(text)
        return out

    at = same.index(box)
    before, after = [], []
    for i in range(at - 1, -1, -1):
        own = prose(same[i])
        if not clear(same[i], same[i + 1]) or sum(map(len, own)) < 200:
            break
        before[:0] = own
    for i in range(at + 1, len(same)):
        own = prose(same[i])
        if not clear(same[i - 1], same[i]) or sum(map(len, own)) < 200:
            break
        after += own
    return before + paras + after if before or after else paras


def _holds_little(tree, body_el, paras: list[str]) -> bool:
    """The body read from the rules' element is under a third of the
    page's paragraph prose (outside navigation and sidebars), on a page with
    a story's worth of it."""
    total = sum(len(t) for p in tree.iter("p") if not _FURNITURE(p) for t in p.itertext())
    return total >= 1500 and sum(map(len, paras)) < total / 3


def _much_more(generic: list[str], site: list[str]) -> bool:
    """The generic body holds the site's text and at least twice as much."""
    g_text, s_text = " ".join(generic), " ".join(site)
    if len(g_text) < 2 * len(s_text):
        return False
    s_keys = [line_key(p)[:60] for p in site]
    g_key = joined_key(generic)
    return sum(k in g_key for k in s_keys) >= 0.8 * len(s_keys)


_FURNITURE = etree.XPath("boolean(ancestor::nav or ancestor::aside or ancestor::footer or ancestor::header)")


def _is_page_dump(paras: list[str], anchor_texts) -> bool:
    """Few, huge paragraphs that carry the navigation's link labels."""
    if not paras or len(paras) > 3:
        return False
    text = " ".join(paras)
    labels = {chars.clean(t) for t in anchor_texts}
    hits = [t for t in labels if 2 <= len(t) <= 40 and t in text]
    return len(hits) >= 4 and links.share(text, frozenset(hits)) > 0.05


def _enough(paras: list[str]) -> bool:
    return sum(len(p) for p in paras) >= MIN_TEXT_CHARS
