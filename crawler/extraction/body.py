"""The story's text: the rules' body element, else trafilatura, then pruned
and filtered paragraph by paragraph.

Why two paths: a known site's (or CMS family's) body element is exact; an
unknown site, or a known one whose layout changed, goes through trafilatura
on the pruned tree, with ZWNJ/ZWJ protected by ``chars.CharGuard``.  When
trafilatura falls back to the whole page (old table layouts), the block
with the most prose of its own is taken instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from . import blocks, chars, links
from .chars import line_key
from .dom import contains, select
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

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def read(page: Page, lead: Optional[str], lead_el, anchor_texts: tuple[str, ...], options: LineOptions) -> Body:
    """Prune the page (in place), then read and filter its paragraphs.

    ``lead`` is kept as the first paragraph when the body does not hold it;
    ``anchor_texts`` (the page's link texts) tell a page dump from a story."""
    tree = page.tree
    body_el = _site_body(page)
    media_el = body_el if body_el is not None else next(iter(page.select("body_selectors")), None)
    pruner = Pruner(tree, keep=[e for e in (body_el,) if e is not None])
    pruner.by_selectors(page.selectors("boilerplate_selectors"))
    pruner.comment_forms()
    pruner.image_captions()
    pruner.by_tokens()
    pruner.labelled_blocks()

    paras: list[str] = []
    from_site = False
    if body_el is not None and body_el.getparent() is not None:
        if lead_el is not None and not contains(body_el, lead_el):
            paras.append(lead)
        paras += blocks.paragraphs(body_el)
        from_site = True
    filtered = filter_paragraphs(paras, options)
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
        lead_key = line_key(lead)[:80] if lead else ""
        if lead_key and lead_key not in line_key(" ".join(paras)):
            paras.insert(0, lead)
        filtered = filter_paragraphs(paras, options)
    return Body(filtered.paragraphs, filtered.source_credit, from_site, media_el)


def _site_body(page: Page):
    """The rules' body element (the one with most text), or None."""
    for sel in page.selectors("body_selectors"):
        els = select(page.tree, [sel])
        best = max(els, key=lambda e: len(blocks.text_content(e)), default=None)
        if best is not None and len(blocks.text_content(best)) >= MIN_TEXT_CHARS:
            return best
    return None


def _generic_body(page: Page) -> list[str]:
    import trafilatura

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
