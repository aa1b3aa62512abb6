"""Element queries: selectors answered from a page's element index select
what cssselect's XPath selects."""

from pathlib import Path

from crawler.extraction.core import _parse
from crawler.extraction.decode import decode
from crawler.extraction.dom import ElementIndex, _plan, css_xpath, select
from crawler.sites import SITES
from crawler.sites.families import ASAM, IRANSAMANEH, NASTOOH

MIRROR = Path(__file__).resolve().parents[2] / "mirror" / "sites"
SELECTOR_FIELDS = ("title_selectors", "lead_selectors", "body_selectors", "boilerplate_selectors", "date_selectors",
                   "author_selectors", "section_selectors", "tag_selectors", "source_credit_selectors")
# Shapes the definitions do not use (yet), and near misses of the index's shapes.
MORE = ("*", "div", "p", "a", ".a.b", "div.x.y", "div p", "div div p", "body *", "html", "* p", "ul li a", "div .x",
        "div.article-body p", ".article-body .article-body", "li.x", "H1", "h1.Article-Title", ".row .col div")


def _selectors():
    found = set(MORE)
    for d in (*SITES.values(), ASAM, IRANSAMANEH, NASTOOH):
        for f in SELECTOR_FIELDS:
            found.update(getattr(d, f, ()) or ())
    return sorted(found)


def _pages():
    for sd in sorted(p for p in MIRROR.iterdir() if (p / "routes.json").exists()):
        for f in sorted((sd / "files").rglob("*.html")):
            try:
                yield _parse(decode(f.read_bytes(), (("Content-Type", "text/html"),))[0])[0]
            except Exception:  # not a page extraction reads
                continue


def test_indexed_selection_is_cssselects_on_every_mirror_page():
    selectors = _selectors()
    planned = [s for s in selectors if _plan(s) is not None]
    assert len(planned) > 80  # most of the definitions' selectors are answered from the index
    pages = 0
    for tree in _pages():
        index = ElementIndex(tree)
        for sel in selectors:
            assert select(tree, [sel], index=index) == css_xpath(sel)(tree), sel
        pages += 1
    assert pages > 100


def test_unsupported_shapes_are_left_to_xpath():
    for sel in (".a > b", "a[href]", "#x", "a, b", "p:first-child", "a::text", "ns|a", ".a ~ b", ".a + b", "!"):
        assert _plan(sel) is None, sel
