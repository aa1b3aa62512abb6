"""``extract(url, body, headers, site=None) -> Article``: the composition.

Why one function: live crawls (in a worker process), WARC replay and the tests
must produce byte-identical items from the same response, so extraction is a
pure function of its arguments.  It parses the page once; each attribute is
its own function of that one ``Page``, in this order:

1. ``classify.reject_by_url``: the URL alone may say "not an article";
2. ``decode`` and parse; ``page.read_page``: metadata, generic candidates,
   the rules (the site's definition, else its CMS family's);
3. ``classify.reject_by_meta``: the page's declared type;
4. fields read before pruning: ``title``, ``fields.lead``, ``authors``,
   ``fields`` (section, tags, source credit, image), the date candidates
   (``published.candidates``) and the page's ``links``;
5. ``body``: prunes the tree, reads the body element or trafilatura's, and
   filters the paragraphs (``lines``);
6. ``classify.reject_by_content``: error / video / gallery / no-body /
   static / listing;
7. ``language``, then ``published.resolve`` (an unknown Persian site's zone
   is Iran's), the last listing test, search-normalised copies.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

import lxml.html
from lxml import etree

from ..items import Article
from ..sites import SiteDefinition, site_for_url
from . import authors, blocks, body, chars, classify, fields, language, links, metadata, published, title
from .decode import Headers, NotHTML, check_html, decode, header_value, looks_binary
from .lines import LineOptions
from .page import Page, read_page


# The fields a site definition's selectors read, in the order ``Article.drift`` lists them.
DRIFT_FIELDS = ("title", "lead", "body", "date", "authors")


class ExtractionError(ValueError):
    """The input cannot be read as an HTML page at all."""


class NotAnArticle(ValueError):
    """The page is readable but is not a single article."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    def __reduce__(self):  # picklable across worker processes
        return (NotAnArticle, (self.reason,))


# huge_tree, as Scrapy's own parser: without it libxml2 stops reading a page at
# 256 levels of nesting and keeps the part before, without an error; sloppy
# templates reach that with an unclosed <font> or <li> per menu item, and a
# story after such a menu came out as a "listing" (tested).
_HTML_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False,
                                huge_tree=True)
# lxml.html's parser picks each element's class in a Python function, once per
# element proxy (thousands per page, the largest single cost of a parse and
# every walk after it); every element here is a plain ``HtmlElement`` (no
# form-field classes: nothing reads them), chosen in C.
_HTML_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction))
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# The DOCTYPE is of no use here and trips libxml2 in places (lxml bug 1955915).
_DOCTYPE = re.compile(r"^\s*<!DOCTYPE[^>]*>", re.I)
_LOOKS_HTML = re.compile(r"<\s*(?:!doctype|html|head|body|meta|title|div|p|article|section|span|a|table|h[1-6]|br|ul|main)\b", re.I)


def extract(url: str, body: bytes, headers: Headers = None, site: Optional[SiteDefinition] = None) -> Article:
    """Extract one article from a response.  See the module docstring."""
    return article_of(parse_document(url, body, headers, site))


class Document(NamedTuple):
    """A response parsed for :func:`article_of`: the first half of
    :func:`extract`, exposed so a caller that also wants the page's links
    (crawler/workers.py ``extract_page``) reads them from this one parse
    instead of parsing the page again.  ``text`` and ``encoding``: the page
    as decoded.  The tree is the extractor's to prune: read it before
    :func:`article_of`, never after."""

    url: str
    tree: object
    text: str
    encoding: str
    guard: chars.CharGuard
    headers: Headers
    site: Optional[SiteDefinition]
    url_reason: Optional[str]  # the URL's shape says "not an article" (unless the page claims otherwise)
    # the tree is the page as a browser's (and Scrapy's) parser reads it: no
    # character rewritten before parsing (bare ``&zwnj``, control characters),
    # no parser limit met (libxml2 stops at 256 levels of nesting or a 10 MB
    # text node without huge_tree, which Scrapy's parser sets)
    faithful: bool = True


def parse_document(url: str, body: bytes, headers: Headers = None,
                   site: Optional[SiteDefinition] = None) -> Document:
    """Checks, decodes and parses a response; raises what :func:`extract`
    raises before it reads any field."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise ExtractionError(f"body must be bytes, not {type(body).__name__}")
    body = bytes(body)
    if site is None:
        try:
            site = site_for_url(url)
        except ValueError:  # a URL the parser rejects belongs to no known site
            site = None
    try:
        check_html(body, headers)
    except NotHTML as err:
        raise ExtractionError(str(err)) from None
    if looks_binary(body):  # random/binary bytes served as text
        raise NotAnArticle("binary")

    reason = classify.reject_by_url(url, site)
    if reason and reason != "not-article-url":
        raise NotAnArticle(reason)
    text, encoding = decode(body, headers, hint=site.language if site else None)
    tree, guard, faithful = _parse_page(text)
    return Document(url, tree, text, encoding, guard, headers, site, reason, faithful)


def article_of(document: Document) -> Article:
    """The second half of :func:`extract`: the article of a parsed page."""
    page = read_page(document.url, document.tree, document.guard, document.headers, document.site)
    if document.url_reason and not classify.has_article_claim(page.meta):
        # An unrecognised URL shape on a known site is believed unless the page
        # itself says it is an article (the URL patterns may lag the site).
        raise NotAnArticle(document.url_reason)
    return _article(page)


def _parse(html: str) -> tuple[object, chars.CharGuard]:
    """Decoded page → lxml document, with the page's joiners guarded."""
    tree, guard, _faithful = _parse_page(html)
    return tree, guard


def _parse_page(html: str) -> tuple[object, chars.CharGuard, bool]:
    """:func:`_parse`, and whether the tree is faithful (see ``Document``)."""
    if not _LOOKS_HTML.search(html[:200000]):
        raise ExtractionError("no HTML markup")
    stripped = _DOCTYPE.sub("", _XML_DECL.sub("", html, count=1), count=1)
    # searched before it is rewritten: a page rarely holds such a character,
    # and the search costs half the rewrite (~0.1 ms on a 40 KB page)
    cleaned = chars.INVALID_XML.sub("", stripped) if chars.INVALID_XML.search(stripped) else stripped
    cleaned = chars.fix_bare_joiner_refs(cleaned)
    guard = chars.CharGuard(cleaned)
    try:
        tree = lxml.html.document_fromstring(cleaned, parser=_HTML_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise ExtractionError(f"unparsable HTML: {err}") from None
    if tree is None or len(tree) == 0:
        raise ExtractionError("empty document")
    limited = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _HTML_PARSER.error_log)
    return tree, guard, cleaned == stripped and not limited


def _article(page: Page) -> Article:
    reason = classify.reject_by_meta(page.meta)
    if reason:
        raise NotAnArticle(reason)

    # Everything but the body is read first: the body stage prunes the tree.
    headline, title_el = title.read(page)
    lead, lead_el = fields.lead(page, title_el)
    names = authors.read(page)
    section = fields.section(page)
    tags = fields.tags(page)
    credit = fields.source_credit(page)
    image = fields.image(page)
    date_candidates = published.candidates(page, title_el)
    page_links = links.read(page)
    # What the site definition's selectors still find, read before pruning:
    # a field they no longer find comes from the generic path, and says so.
    by_rules = {
        "title": not page.selectors("title_selectors") or title.found_by_rules(page),
        "lead": not page.selectors("lead_selectors") or fields.lead_by_rules(page)[0] is not None,
        # The page's metadata dates come first: the rules' date elements are
        # needed, and missed, only on a page without them.
        "date": not page.selectors("date_selectors") or date_candidates.from_meta
        or published.found_by_rules(page),
        "authors": not page.selectors("author_selectors") or authors.found_by_rules(page),
    }

    story = body.read(page, lead, lead_el, title_el, page_links.anchor_texts, LineOptions(
        title=headline,
        title_aliases=(blocks.text_content(title_el),) if title_el is not None else (),
        authors=tuple(names),
        phrases=page.selectors("boilerplate_phrases"),
        calendar=published.clock(page).calendar,
        link_texts=page_links.link_keys,
        label_links=page_links.label_links,
    ))
    if lead is None and story.lead_in and fields.is_lead(story.lead_in[0]):
        lead = story.lead_in[0]  # a standfirst above the body element under a name the rules do not know
    reason = classify.reject_by_content(page, headline, lead, story, page_links)
    if reason:
        raise NotAnArticle(reason)

    text = story.text
    lang, confidence = language.detect(
        (headline + "\n" if headline else "") + text,
        declared=page.meta.lang or header_value(page.headers, "content-language"),
        site_language=page.site.language if page.site else None,
    )
    when = published.resolve(page, date_candidates, lang)
    if classify.undated_teasers(when.published, story, page_links):
        raise NotAnArticle("listing")
    canonical = page.meta.canonical or metadata.safe_join(page.url, page.meta.first("og:url"))
    drift = []
    if page.site is not None and page.rules is page.site:  # a site's definition, not a CMS family's guess
        by_rules["body"] = not story.drifted
        found = {"title": headline, "lead": lead, "body": text, "date": when.published, "authors": names}
        drift = [f for f in DRIFT_FIELDS if found[f] and not by_rules[f]]
    return Article(
        url=page.url,
        canonical_url=canonical or page.url,
        site=page.site.name if page.site else None,
        title=headline,
        text=text,
        lead=lead,
        authors=names,
        source_credit=credit or story.source_credit,
        published=when.published,
        published_raw=when.published_raw,
        modified=when.modified,
        modified_raw=when.modified_raw,
        language=lang,
        language_confidence=confidence,
        section=section,
        tags=tags,
        image=image,
        word_count=len(text.split()),
        text_normalized=chars.fold(text),
        title_normalized=chars.fold(headline),
        embeds=[dict(e) for e in page.embeds],
        drift=drift,
    )
