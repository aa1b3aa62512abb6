"""``extract(url, body, headers, site=None) -> Article``: the composition.

Why one function: live crawls (in a worker process), WARC replay and the tests
must produce byte-identical items from the same response, so extraction is a
pure function of its arguments.  It parses the page once; every stage reads
or prunes that one tree:

1. ``decode``: bytes → text (BOM, HTTP charset, ``<meta>``, detection);
2. ``metadata``: JSON-LD / ``<meta>`` read before anything is removed;
   ``scan``: generic lead/date/tag candidates; ``families``: the Iranian CMS
   family of an unknown site, whose selectors then stand in for a definition;
3. ``classify``: URL and declared type may reject the page early;
4. site fields (title, lead, tags, section, authors, raw dates) by the
   site's (or family's) selectors, with generic fallbacks;
5. ``boilerplate.Pruner``: site selectors + generic structural rules;
6. body: the site's body element serialised by ``blocks``, or, for unknown
   sites (or when the site's layout changed), trafilatura on the pruned tree
   with ZWNJ/ZWJ protected by ``chars.CharGuard``;
7. ``boilerplate.filter_paragraphs``: phrase rules, source credit;
8. ``classify`` on the result (error / video / gallery / no-body / listing);
9. ``language``, then ``dates`` (an unknown Persian site's zone is Iran's),
   search-normalised copies.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Iterable, Mapping, Optional, Union
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

from ..items import Article
from ..sites import SiteDefinition, site_for_url
from . import blocks, boilerplate, chars, classify, dates, families, language, metadata
from .boilerplate import Pruner, line_key, select
from .decode import NotHTML, check_html, decode, header_value, looks_binary
from .scan import scan

Headers = Union[Mapping[str, str], Iterable[tuple[str, str]], None]

MIN_TEXT_CHARS = 60  # below this there is no story to keep (a two-line item has ~150)


class ExtractionError(ValueError):
    """The input cannot be read as an HTML page at all."""


class NotAnArticle(ValueError):
    """The page is readable but is not a single article."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    def __reduce__(self):  # picklable across worker processes
        return (NotAnArticle, (self.reason,))


_HTML_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False,
                                    default_doctype=False)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# The DOCTYPE is of no use here and trips libxml2 in places (lxml bug 1955915).
_DOCTYPE = re.compile(r"^\s*<!DOCTYPE[^>]*>", re.I)
_LOOKS_HTML = re.compile(r"<\s*(?:!doctype|html|head|body|meta|title|div|p|article|section|span|a|table|h[1-6]|br|ul|main)\b", re.I)

HOME_CRUMBS = {line_key(s) for s in ("خانه", "صفحه اصلی", "صفحه نخست", "الرئيسية", "الصفحة الرئيسية", "Home", "Accueil")}
PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                  "publish_date", "publish-date", "dc.date.issued", "dcterms.issued", "dc.date", "date",
                  "sailthru.date", "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime")
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
                 "last-modified", "article.updated")


def extract(url: str, body: bytes, headers: Headers = None, site: Optional[SiteDefinition] = None) -> Article:
    """Extract one article from a response.  See the module docstring."""
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
    if looks_binary(body):  # random/binary bytes served as text (issue 9)
        raise NotAnArticle("binary")

    reason = classify.reject_by_url(url, site)
    if reason and reason != "not-article-url":
        raise NotAnArticle(reason)

    html, _encoding = decode(body, headers, hint=site.language if site else None)
    if not _LOOKS_HTML.search(html[:200000]):
        raise ExtractionError("no HTML markup")
    html = chars.INVALID_XML.sub("", _DOCTYPE.sub("", _XML_DECL.sub("", html, count=1), count=1))
    html = chars.fix_bare_joiner_refs(html)
    guard = chars.CharGuard(html)
    try:
        tree = lxml.html.document_fromstring(html, parser=_HTML_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise ExtractionError(f"unparsable HTML: {err}") from None
    if tree is None or len(tree) == 0:
        raise ExtractionError("empty document")

    extraction = _Extraction(url, tree, guard, site, headers)
    if reason and not classify.has_article_claim(extraction.pm):
        # An unrecognised URL shape on a known site is believed unless the page
        # itself says it is an article (the URL patterns may lag the site).
        raise NotAnArticle(reason)
    return extraction.run()


class _Extraction:
    """State of one extraction (one page); not reused."""

    def __init__(self, url, tree, guard, site, headers):
        self.url, self.tree, self.guard, self.site, self.headers = url, tree, guard, site, headers
        self.pm = metadata.read(tree, url)
        self.scan = scan(tree)
        # Selectors: the site's own, else those of the CMS family the page is built with.
        self.rules = site or families.detect(tree)
        host = metadata.safe_host(url)
        rules = self.rules
        tz_name = rules.timezone if rules and rules.timezone and rules.timezone != "UTC" else None
        if tz_name is None and site is None:
            tz_name = dates.TLD_ZONES.get(host.rsplit(".", 1)[-1])
        self.tz_name = tz_name
        self.calendar = rules.calendar if rules else ("jalali" if host.endswith(".ir") else "gregorian")
        # Iranian CMSs (Nastooh...) write UTC into their metadata, and servers
        # with old tz data still write +04:30 after Iran dropped summer time
        # (2022), while the page and every reader date the story in Iran time:
        # such a value is given in the site's zone (same instant).  Only for a
        # zone the site, its CMS family or its country says, not one guessed
        # from the language; elsewhere (a WordPress site kept on UTC) the
        # page's own offset stands.
        self.utc_to_local = tz_name is not None and self.calendar == "jalali"

    # ------------------------------------------------------------ fields
    def _site_sel(self, name: str) -> tuple[str, ...]:
        return getattr(self.rules, name, ()) if self.rules else ()

    def _first_text(self, selectors) -> tuple[Optional[str], Optional[object]]:
        for el in select(self.tree, selectors):
            text = blocks.text_content(el)
            if text:
                return text, el
        return None, None

    def title(self) -> tuple[Optional[str], Optional[object]]:
        for el in select(self.tree, self._site_sel("title_selectors")):
            text = _headline_text(el)
            if text:
                return text, el
        pm = self.pm
        art = pm.article or {}
        claimed = [t for t in (art.get("headline") if isinstance(art.get("headline"), str) else None,
                               pm.first("og:title"), pm.first("twitter:title")) if t]
        page_title = None
        t_el = self.tree.find(".//title")
        if t_el is not None:
            page_title = chars.clean(t_el.text_content())
        declared = claimed + ([page_title] if page_title else [])
        site_name_raw = self.pm.first("og:site_name")
        keys = [line_key(t) for t in declared] + [line_key(_strip_site_name(t, site_name_raw)) for t in declared] \
            + [line_key(max(_SITE_SEPARATORS.split(t), key=len)) for t in declared]  # its longest part
        h1s = [(_headline_text(h), h) for h in self.tree.iter("h1")]
        h1s = [(t, h) for t, h in h1s if t and len(t) <= 400]
        for t, h1 in h1s:
            k = line_key(t)
            if not keys or any(_same_title(k, c) for c in keys if c):
                return t, h1
        site_name = line_key(self.pm.first("og:site_name") or "")
        names_only = all(line_key(c) == site_name or len(c.split()) <= 2 for c in claimed)
        if len(h1s) == 1 and names_only and len(h1s[0][0].split()) >= 3:
            # The declared titles only name the site: the page's single headline is the title.
            return h1s[0]
        if claimed:
            return _strip_site_name(chars.clean(claimed[0]), site_name_raw), None
        if page_title:
            return _strip_site_name(page_title, site_name_raw), None
        return None, None

    def lead(self, title_el) -> tuple[Optional[str], Optional[object]]:
        """The site's lead element; on unknown sites a conventionally named
        summary that follows the headline and is not a teaser's excerpt."""
        site_sel = self._site_sel("lead_selectors")
        if site_sel:
            candidates = select(self.tree, site_sel)
        else:
            candidates = [el for el in self.scan.leads
                          if title_el is not None and _follows(el, title_el)
                          and not any(a.tag in ("a", "li") for a in el.iterancestors())]
        for el in candidates:
            text = blocks.text_content(el)
            if text and 30 <= len(text) <= 700:  # a lead is a sentence or three, not the story
                return text, el
        return None, None

    def authors(self) -> list[str]:
        out = [blocks.text_content(el) for el in select(self.tree, self._site_sel("author_selectors"))]
        art = self.pm.article or {}
        persons = [a for a in metadata.as_list(art.get("author"))
                   if not (isinstance(a, dict) and str(a.get("@type", "")).lower() == "organization")]
        out += metadata.names(persons)
        if not out:
            out += [a for a in self.pm.all("author") + self.pm.all("article:author")
                    if not a.startswith("http") and len(a) < 80]
        seen, result = set(), []
        for a in out:
            a = chars.clean(a)
            if a and line_key(a) not in seen:
                seen.add(line_key(a))
                result.append(a)
        return result

    def section(self) -> Optional[str]:
        """The section the page declares (JSON-LD, article:section), else the
        deepest breadcrumb the site's selectors find."""
        art = self.pm.article or {}
        sec = art.get("articleSection")
        if isinstance(sec, list):
            sec = sec[0] if sec else None
        if isinstance(sec, str) and sec.strip():
            return chars.clean(sec)
        sec = self.pm.first("article:section")
        if sec:
            return chars.clean(sec)
        crumbs = [blocks.text_content(el) for el in select(self.tree, self._site_sel("section_selectors"))]
        crumbs = [c for c in crumbs if c and line_key(c) not in HOME_CRUMBS and len(c) < 60]
        return crumbs[-1] if crumbs else None

    def tags(self) -> list[str]:
        out = [blocks.text_content(el) for el in select(self.tree, self._site_sel("tag_selectors"))]
        if not out:
            out = self.pm.all("article:tag") or metadata.keywords((self.pm.article or {}).get("keywords"))
        if not out:
            out = [blocks.text_content(el) for el in self.scan.tag_links]
        seen, result = set(), []
        for t in out:
            t = chars.clean(t).lstrip("#").strip()
            if t and len(t) < 80 and line_key(t) not in seen:
                seen.add(line_key(t))
                result.append(t)
        return result

    def source_credit(self) -> Optional[str]:
        text, _ = self._first_text(self._site_sel("source_credit_selectors"))
        if not text:
            return None
        m = boilerplate.CREDIT_SENTENCE.search(text)
        if m:
            return m.group(1)
        m = boilerplate.CREDIT_LABEL.match(text)
        return (m.group(2).strip() or None) if m else text

    def image(self) -> Optional[str]:
        img = self.pm.first("og:image", "og:image:url", "twitter:image", "twitter:image:src") \
            or metadata.image_url((self.pm.article or {}).get("image"))
        return metadata.safe_join(self.url, img)

    def date_candidates(self, title_el) -> tuple[list, list]:
        """Raw date strings, best first, for published and modified.

        Collected before pruning (date lines are boilerplate) and parsed after
        language detection (an unknown Persian site's zone is Iran's).  Each
        entry is ``(raw, machine_readable)``.
        """
        art = self.pm.article or {}
        published, modified = [], []
        raw = art.get("datePublished") if isinstance(art.get("datePublished"), str) else None
        raw = raw or self.pm.first(*PUBLISHED_META)
        if raw:
            published.append((raw, True))
        raw = art.get("dateModified") if isinstance(art.get("dateModified"), str) else None
        raw = raw or self.pm.first(*MODIFIED_META)
        if raw:
            modified.append((raw, True))
        order = None
        before = []  # date elements above the headline but inside its own header block
        for strict in (False, True):
            found = select(self.tree, self._site_sel("date_selectors")) if not strict else self.scan.dates
            for el in found:
                if strict and title_el is not None:
                    if order is None:
                        order = {node: i for i, node in enumerate(self.tree.iter())}
                    if order.get(el, -1) < order.get(title_el, 0):
                        # Header clocks and tickers come before the headline; a
                        # date line in the story's own header block may too.
                        if _near_title(el, title_el):
                            before.append(el)
                        continue
                self._date_values(el, published)
                if len(published) >= 12:
                    return published, modified
        for el in before:
            self._date_values(el, published)
        if title_el is not None and not self._any_parses(published):
            # Last resort: a date written in plain text by the headline, in an
            # element no class name gives away («شماره: … ۱۵:۲۰ - ۰۵/۱۲/۱۳۸۹»).
            if order is None:
                order = {node: i for i, node in enumerate(self.tree.iter())}
            t_pos = order.get(title_el, 0)
            near = []
            for t in _YEAR_TEXTS(self.tree):
                el = t.getparent()
                if el is None or el in near or not _YEAR.search(t) or not _near_title(el, title_el, 4):
                    continue
                near.append(el)
            near.sort(key=lambda e: abs(order.get(e, 0) - t_pos))
            for el in near[:4]:
                text = blocks.text_content(el)
                # A date line, not a sentence of the story that mentions a date.
                if text and len(text) < 120 and len(text.split()) <= 14:
                    published.append((text, False))
        return published, modified

    def _any_parses(self, cands) -> bool:
        return any(dates.parse_meta_date(raw, None, self.calendar) if machine
                   else dates.parse_text_date(raw, None, self.calendar, datetime.now(timezone.utc))
                   for raw, machine in cands)

    @staticmethod
    def _date_values(el, out: list) -> None:
        for attr in ("datetime", "content"):
            if el.get(attr):
                out.append((el.get(attr), True))
        text = blocks.text_content(el)
        if text and len(text) < 200:
            out.append((text, False))

    def resolve_dates(self, published_c, modified_c):
        tz = dates.zone(self.tz_name)
        reference = dates.http_date(header_value(self.headers, "date"))

        def first(cands):
            for raw, machine in cands:
                value = (dates.parse_meta_date(raw, tz, self.calendar) if machine
                         else dates.parse_text_date(raw, tz, self.calendar, reference))
                if value:
                    if self.utc_to_local:
                        value = dates.to_zone(value, tz)
                    return value, raw
            return None, None

        published, published_raw = first(published_c)
        if published is None:
            # Last resort: the day in the article's own URL (/2023/4/25/, Tasnim's
            # Jalali /1400/03/15/); a day only, no clock to guess.
            published = dates.url_date(self.url, self.calendar)
            published_raw = self.url if published else None
        return (published, published_raw, *first(modified_c))

    # ------------------------------------------------------------ body
    def site_body(self):
        """The site's body element (the one with most text), or None."""
        for sel in self._site_sel("body_selectors"):
            els = select(self.tree, [sel])
            best = max(els, key=lambda e: len(blocks.text_content(e)), default=None)
            if best is not None and len(blocks.text_content(best)) >= MIN_TEXT_CHARS:
                return best
        return None

    def generic_body(self) -> list[str]:
        import trafilatura

        self.guard.protect_tree(self.tree)
        doc = trafilatura.bare_extraction(
            self.tree, url=self.url, include_comments=False, include_tables=True,
            include_images=False, include_links=False, with_metadata=False, deduplicate=False,
        )
        self.guard.unprotect_tree(self.tree)
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
        return [self.guard.restore(p) for p in paras]

    def run(self) -> Article:
        pm, tree = self.pm, self.tree
        reason = classify.reject_by_meta(pm)
        if reason:
            raise NotAnArticle(reason)

        title, title_el = self.title()
        title_aliases = (blocks.text_content(title_el),) if title_el is not None else ()
        lead, lead_el = self.lead(title_el)
        authors = self.authors()
        section = self.section()
        tags = self.tags()
        credit = self.source_credit()
        image = self.image()
        date_cands = self.date_candidates(title_el)
        links = [(a.text_content(), a.get("href") or "") for a in tree.iter("a")]
        anchor_texts = [t for t, _ in links if len(t) >= 2]
        own = _own_urls(self.url, pm.canonical)
        # Texts of links to other pages (a headline linking to its own page is no teaser).
        link_keys = frozenset(k for k in (line_key(t) for t, h in links if len(t) >= 12 and _norm_url(self.url, h) not in own)
                              if len(k) >= 12)
        anchors = frozenset(c for c in map(chars.clean, anchor_texts) if len(c) >= 2)
        label_links = frozenset(line_key(c) for c in anchors if len(c) < 40)
        heading_links = len(tree.xpath("//h2//a|//h3//a|//h4//a|//a[.//h2 or .//h3 or .//h4]"))

        body_el = self.site_body()
        media_el = body_el if body_el is not None else next(iter(select(tree, self._site_sel("body_selectors"))), None)
        pruner = Pruner(tree, keep=[e for e in (body_el,) if e is not None])
        pruner.by_selectors(self._site_sel("boilerplate_selectors"))
        pruner.comment_forms()
        pruner.image_captions()
        pruner.by_tokens()
        pruner.labelled_blocks()

        phrases = self._site_sel("boilerplate_phrases")
        paras: list[str] = []
        from_site = False
        if body_el is not None and body_el.getparent() is not None:
            if lead_el is not None and not _contains(body_el, lead_el):
                paras.append(lead)
            paras += blocks.paragraphs(body_el)
            from_site = True
        filtered = boilerplate.filter_paragraphs(paras, title, authors, phrases, self.calendar, link_keys, label_links,
                                               title_aliases)
        if not _enough(filtered.paragraphs):
            from_site = False
            paras = self.generic_body()
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
            filtered = boilerplate.filter_paragraphs(paras, title, authors, phrases, self.calendar, link_keys, label_links,
                                               title_aliases)

        text_paras = filtered.paragraphs
        text = "\n\n".join(text_paras)
        h1 = next((blocks.text_content(h) for h in tree.iter("h1")), None)
        page_title = tree.find(".//title")
        if classify.looks_like_error(page_title.text_content() if page_title is not None else None, h1, len(text),
                                     classify.has_article_claim(pm)):
            raise NotAnArticle("error")
        if classify.reject_video(pm, len(text)):
            raise NotAnArticle("video")
        if classify.looks_like_gallery(media_el, len(text) - len(lead or "")):
            raise NotAnArticle("gallery")
        reason = classify.media_title(title, len(text))
        if reason:
            raise NotAnArticle(reason)
        if len(text) < MIN_TEXT_CHARS:
            raise NotAnArticle("no-body")
        # og:type "article" alone, on a page titled like a section («اقتصادی»,
        # «آرشیو») with no publication time, is a CMS default stamped on every
        # page, not a statement about this one.
        claimed = classify.has_article_claim(pm) and not classify.weak_article_claim(pm, title)
        if not claimed:
            if classify.is_static_page(title) or classify.is_static_page(page_title.text_content() if page_title is not None else None):
                raise NotAnArticle("static")
            share = classify.link_share(text, anchors) if not from_site else 0.0
            if not from_site and (share > 0.5 or classify.is_teaser_list(text_paras)
                                  or classify.looks_like_section_page(title, pm.first("og:site_name"), text_paras,
                                                                      link_keys, share, label_links)
                                  or _teaser_excerpts(tree, text_paras, self.url, own)):
                raise NotAnArticle("listing")
        if classify.looks_like_listing(text_paras, link_keys, heading_links, pm, from_site, claimed):
            raise NotAnArticle("listing")

        lang, confidence = language.detect(
            (title + "\n" if title else "") + text,
            declared=pm.lang or header_value(self.headers, "content-language"),
            site_language=self.site.language if self.site else None,
        )
        if self.tz_name is None and self.rules is None and lang == "fa":
            # Persian news without a known zone or TLD is overwhelmingly Iranian.
            self.tz_name, self.calendar = "Asia/Tehran", "jalali"
        published, published_raw, modified, modified_raw = self.resolve_dates(*date_cands)
        if published is None and not from_site and classify.headline_teasers(text_paras, link_keys):
            # No date anywhere, and the "text" is headlines of other pages with
            # their excerpts: a small section page (even one marked og:type article).
            raise NotAnArticle("listing")
        canonical = pm.canonical or metadata.safe_join(self.url, pm.first("og:url"))
        return Article(
            url=self.url,
            canonical_url=canonical or self.url,
            site=self.site.name if self.site else None,
            title=title,
            text=text,
            lead=lead,
            authors=authors,
            source_credit=credit or filtered.source_credit,
            published=published,
            published_raw=published_raw,
            modified=modified,
            modified_raw=modified_raw,
            language=lang,
            language_confidence=confidence,
            section=section,
            tags=tags,
            image=image,
            word_count=len(text.split()),
            text_normalized=chars.fold(text),
            title_normalized=chars.fold(title),
        )


# Only the Persian newsroom's «روتیتر» (surtitle) is cut: Iranian CMSs and
# their readers keep it apart from the headline, whereas European kickers and
# overlines are part of the title by their publishers' own metadata (fundus).
_KICKER_CLASS = re.compile(r"(?:^|[\s_-])(?:rutitr|ro-?titr|news-rutitr)(?:$|[\s_-])", re.I)


def _headline_text(h) -> str:
    """A headline element's text without a surtitle written inside it
    («<h1><span class="rutitr">در دیدار …</span> عنوان</h1>»)."""
    inner = [e for e in h.iterdescendants() if isinstance(e.tag, str) and _KICKER_CLASS.search(e.get("class") or "")]
    if not inner:
        return blocks.text_content(h)
    import copy

    clone = copy.deepcopy(h)
    for e in list(clone.iterdescendants()):
        if isinstance(e.tag, str) and _KICKER_CLASS.search(e.get("class") or "") and e.getparent() is not None:
            blocks.remove(e)
    return blocks.text_content(clone).lstrip(" :-–—|،؛") or blocks.text_content(h)


def _norm_url(base: str, href: str) -> str:
    if not href:
        return ""
    try:
        u = urlsplit(metadata.safe_join(base, href) or "")
        return f"{(u.hostname or '').removeprefix('www.')}{unquote(u.path).rstrip('/')}"
    except ValueError:
        return ""


def _own_urls(url: str, canonical: Optional[str]) -> set[str]:
    return {_norm_url(url, url), *([_norm_url(url, canonical)] if canonical else [])}


def _same_title(a: str, b: str) -> bool:
    """Keys of a heading and a declared title name the same headline (one may
    carry the site name; a logo's "CNN" inside "…CNNArabic.com" does not count)."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.5 * len(long_)


def _is_page_dump(paras: list[str], anchor_texts: list[str]) -> bool:
    """Few, huge paragraphs that carry the navigation's link labels."""
    if not paras or len(paras) > 3:
        return False
    text = " ".join(paras)
    labels = {chars.clean(t) for t in anchor_texts}
    hits = [t for t in labels if 2 <= len(t) <= 40 and t in text]
    return len(hits) >= 4 and classify.link_share(text, frozenset(hits)) > 0.05


def _enough(paras: list[str]) -> bool:
    return sum(len(p) for p in paras) >= MIN_TEXT_CHARS


_YEAR_TEXTS = etree.XPath("//text()[string-length(normalize-space(.)) >= 6 and string-length(.) < 160]"
                         "[not(ancestor::script or ancestor::style or ancestor::a)]")
_YEAR = re.compile(r"(?<![\d۰-۹٠-٩])(?:1[34]\d\d|20\d\d|19\d\d|[۱١][۳۴٣٤][۰-۹٠-٩]{2}|[۲٢][۰٠][۰-۹٠-٩]{2})(?![\d۰-۹٠-٩])")
_CHROME = etree.XPath("boolean(.//nav|.//header|.//*[@role='navigation' or @role='banner'])")


def _near_title(el, title_el, levels: int = 3) -> bool:
    """``el`` sits in the headline's own block: their nearest common ancestor
    is at most ``levels`` above the headline, is not the page body, and holds
    no navigation (a site header's clock shares only the page with the title)."""
    ancestors = {a: i for i, a in enumerate(title_el.iterancestors()) if i < levels}
    for a in el.iterancestors():
        if a in ancestors:
            return a.tag not in ("body", "html") and not _CHROME(a)
    return False


_HEADLINE_LINKS = etree.XPath(".//h2//a[@href]|.//h3//a[@href]|.//h4//a[@href]|.//a[@href][.//h2 or .//h3 or .//h4]")


def _teaser_excerpts(tree, paras: list[str], url: str, own: set) -> bool:
    """The extracted "story" is teaser excerpts: most paragraphs sit in a small
    block beside a headline link to another page (a tag or section front
    whose excerpts are whole sentences, so no ellipsis gives them away)."""
    if len(paras) < 3:
        return False
    keys = {line_key(p)[:80]: p for p in paras if len(p) < 600}
    if len(keys) < 3:
        return False
    found = {}
    for el in tree.iter("p", "div", "span", "li", "h4", "h5", "summary"):
        if len(found) == len(keys):
            break
        if len(el) > 4:
            continue  # a container, not the excerpt's own element
        text = el.text_content()
        if len(text) > 700:
            continue
        k = line_key(text)[:80]
        if k in keys and k not in found:
            found[k] = el
    teasers = 0
    for el in found.values():
        block = el.getparent()
        for _ in range(2):
            if block is None or block.tag in ("body", "html"):
                break
            if len(block.text_content()) < 1200 and any(
                    _norm_url(url, a.get("href")) not in own and len(a.text_content().strip()) >= 12
                    for a in _HEADLINE_LINKS(block)):
                teasers += 1
                break
            block = block.getparent()
    return teasers >= 3 and teasers >= 0.6 * len(paras)


def _contains(ancestor, el) -> bool:
    return ancestor is el or any(a is ancestor for a in el.iterancestors())


def _follows(el, ref) -> bool:
    """``el`` comes after ``ref`` in document order (or inside it)."""
    if _contains(ref, el):
        return True
    order = {}
    for i, node in enumerate(ref.getroottree().getroot().iter()):
        if node is ref:
            order["ref"] = i
        if node is el:
            order["el"] = i
            break
    return order.get("ref") is not None and order.get("el", -1) > order["ref"]


_SITE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|:)\s+")


_SEP_SPLIT = re.compile(r"(\s+(?:\||-|–|—|::|»|:)\s+)")


def _strip_site_name(title: str, site_name: Optional[str] = None) -> str:
    """The headline without the site's name (and section) that ``<title>`` and
    og:title add: «… تهران - اصفهان | خبرگزاری فارس» keeps «تهران - اصفهان»."""
    pieces = _SEP_SPLIT.split(title)
    parts, seps = pieces[0::2], [p.strip() for p in pieces[1::2]]
    if len(parts) < 2:
        return title
    name = line_key(site_name or "")

    def named(part: str) -> bool:
        k = line_key(part)
        return bool(name and k and (k in name or name in k))

    stripped = False
    # The site's name (known from og:site_name) at either end, with any section next to it.
    while len(parts) > 1 and named(parts[-1]):
        parts.pop(); seps.pop(); stripped = True
    while len(parts) > 1 and named(parts[0]):
        parts.pop(0); seps.pop(0); stripped = True
    # «headline | section | site»: short parts after a bar.
    while len(parts) > 1 and seps[-1] == "|" and len(parts[-1].split()) <= 4:
        parts.pop(); seps.pop(); stripped = True
    # «site | headline»
    if len(parts) > 1 and seps[0] == "|" and len(parts[0].split()) <= 3 and len(parts[1].split()) > 3:
        parts.pop(0); seps.pop(0); stripped = True
    if not stripped and len(parts) > 1 and seps[-1] in ("-", "–", "—", "::", "»") and len(parts[-1].split()) <= 4 \
            and sum(len(p.split()) for p in parts[:-1]) > 3:
        parts.pop(); seps.pop()  # «headline - Site Name»
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += f" {sep} {part}"
    return out.strip()
