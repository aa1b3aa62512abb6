"""Is this page one article?  Listing, tag, section, home, video and error
pages are rejected with a short reason slug.

Why: a crawler that follows section pages meets many more listings than
articles; emitting them as "articles" pollutes the archive with teaser soup.
Evidence, strongest first: the site definition's URL patterns, the page's own
statement (JSON-LD ``@type``, ``og:type``), error-page wording, and finally
structure (a page made of many headline links whose extracted "text" is those
headlines).  The benchmark pages lack ``og:type`` more often than not, so a
missing statement never counts against a page; only positive evidence of a
non-article rejects it.

Three stages, each one entry: ``reject_by_url`` (before parsing),
``reject_by_meta`` (before the fields are read), ``reject_by_content`` (on
the extracted body), and ``undated_teasers`` once the dates are known.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional
from urllib.parse import unquote, urlsplit

from lxml import etree

from . import blocks
from .body import MIN_TEXT_CHARS, Body
from .chars import letters_folded, line_key
from .links import Links, norm_url, share
from .metadata import ARTICLE_TYPES, LISTING_TYPES, VIDEO_TYPES, PageMeta

if TYPE_CHECKING:
    from .page import Page

_HOME_PATHS = re.compile(r"^/(?:(?:fa|ar|en|index\.(?:php|html?|aspx?))/?)?$", re.I)
_TAG_PATH = re.compile(r"/(?:tags?|keywords?|hashtag|برچسب|وسم)(?:/|$)", re.I)
_SECTION_PATH = re.compile(r"/(?:section|service|category|categories|cat|archive|list|taxonomy)(?:/|$|\.)", re.I)
_VIDEO_PATH = re.compile(r"/(?:videos?|video-gallery|multimedia|photos?|gallery|galleries|podcasts?|live)(?:/|$)", re.I)
_PRINT_PATH = re.compile(r"/(?:print|amp)(?:/|$)", re.I)
_GENERIC_PRINT = re.compile(r"^/(?:[a-z]{2}/)?(?:print|printnews|print-news)/\d+", re.I)
_ERROR_TITLES = frozenset({"خطا", "خطأ", "error", "404", "خطای ۴۰۴", "خطا ۴۰۴"})
_ERROR_WORDS = re.compile(
    r"(?:page not found|not found|صفحه مورد نظر (?:یافت نشد|وجود ندارد)|صفحه یافت نشد|"
    r"خطای ۴۰۴|خطای 404|الصفحة (?:غير موجودة|المطلوبة غير موجودة)|لم يتم العثور|عذرا،? الصفحة|"
    r"error 404|page introuvable|seite nicht gefunden|خبر مورد نظر یافت نشد|مطلب مورد نظر یافت نشد|"
    r"یافت نشد یا حذف شده|المحتوى غير موجود|الخبر غير موجود)",
    re.I,
)


# Archive-style paths that are listings on any CMS (WordPress, Drupal, Ghost...):
# exactly one segment after the keyword, or a pagination suffix.
_GENERIC_LISTING = re.compile(
    r"^/(?:(?:tag|tags|category|categories|author|authors|topic|topics|taxonomy/term|section|keyword|hashtag)/[^/]+/?"
    r"|(?:.+/)?page/\d+/?)$", re.I)
_GENERIC_STATIC = re.compile(
    r"^/(?:(?:fa|ar|en)/)?(?:page/)?(?:about|about-us|aboutus|contact|contact-us|contactus|privacy|privacy-policy|"
    r"terms|terms-of-use|advertise|advertising|sitemap|rss-help|faq)(?:\.html?|\.php)?/?$", re.I)
# Titles that name a site's own pages (policies are left to the URL rule: their
# titles are too often a real article's).
_STATIC_TITLES = frozenset({"درباره ما", "تماس با ما", "ارتباط با ما", "من نحن", "اتصل بنا", "about us", "contact us"})


def reject_by_url(url: str, site) -> Optional[str]:
    """Reason slug if the URL alone says "not an article" (known sites, home pages)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = unquote(parts.path or "/")
    if _HOME_PATHS.match(path) and not parts.query:
        return "home"
    if site is None:
        if _GENERIC_STATIC.match(path):
            return "static"
        if _GENERIC_PRINT.match(path):
            return "print"
        m = _GENERIC_LISTING.match(path)
        if m:
            return "tag" if _TAG_PATH.search(path) else "listing"
        return None
    if site.is_article_url(url) or (parts.query and site.is_article_url(url.split("?", 1)[0])):
        return None  # tracking parameters do not make an article a listing
    if site.is_article_url(url, listed_in_feed=True):
        # A shape that feeds use for stories (a short slug under a section)
        # but listings share: a story only if the page itself says so.
        return "not-article-url"
    # A known site's definition is the authority on its URL shapes (the
    # spiders use the same patterns): anything else is not an article page.
    if _VIDEO_PATH.search(path):
        return "video"
    if _TAG_PATH.search(path):
        return "tag"
    if _PRINT_PATH.search(path):
        return "print"
    if site.is_listing_url(url):
        return "section" if _SECTION_PATH.search(path) else "listing"
    return "not-article-url"


def has_article_claim(pm: PageMeta) -> bool:
    return bool(pm.types & ARTICLE_TYPES) or (pm.og_type or "") == "article"


_PUBLISHED_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate")


def weak_article_claim(pm: PageMeta, title: Optional[str]) -> bool:
    """The only claim is og:type "article", with no publication time anywhere
    in the metadata and a title of one to three words: a CMS default on
    section and archive pages."""
    if pm.types & ARTICLE_TYPES or (pm.og_type or "") != "article":
        return False
    if any(pm.first(k) for k in _PUBLISHED_KEYS):
        return False
    if not title:
        return True
    head = re.split(r"\s+[-|–—:»]\s+", title)[0]  # «سياسة - شبكة أخبار المشرق»
    return len(title.split()) <= 3 or (len(head.split()) <= 2 and len(title.split()) <= 8)


def reject_by_meta(pm: PageMeta) -> Optional[str]:
    """Reason slug when the page itself declares a non-article type."""
    if has_article_claim(pm):
        return None
    og = pm.og_type or ""
    if og.startswith("video"):
        return "video"
    if pm.types & LISTING_TYPES - {"website"} and not pm.types & VIDEO_TYPES:
        return "listing"
    return None


_ERROR_WORDS = re.compile(letters_folded(_ERROR_WORDS.pattern), re.I)


def looks_like_error(title: Optional[str], h1: Optional[str], text_len: int, claimed: bool = False) -> bool:
    """A soft 404: an error title over little text.

    Error wording is also everyday headline wording («لم يتم العثور على
    ناجين», "no survivors found"), so on a page that declares itself an
    article the wording counts only over a stub of text."""
    if text_len > (400 if claimed else 1500):
        return False
    for s in (title, h1):
        if not s:
            continue
        s = letters_folded(s).strip()
        head = re.split(r"\s+[-|–—]\s+", s)[0].strip().casefold()
        if head in _ERROR_TITLES or (len(s) < 120 and _ERROR_WORDS.search(s)):
            return True
    return False


def is_static_page(title: Optional[str]) -> bool:
    """About/contact/privacy pages (by their title, the site name cut off)."""
    if not title:
        return False
    head = re.split(r"\s+[-|–—]\s+", letters_folded(title).strip())[0].strip().casefold()
    return head in {letters_folded(t) for t in _STATIC_TITLES}


def is_teaser_list(paras: list[str]) -> bool:
    """Excerpts cut with an ellipsis, one after another: a listing's teasers."""
    cut = [p for p in paras if p.rstrip().endswith(("...", "…", "..."))]
    return len(cut) >= 3 and len(cut) >= 0.3 * len(paras)


def looks_like_section_page(title: Optional[str], site_name: Optional[str], paras: list[str], links: Links,
                            link_share: float = 0.0) -> bool:
    """A section/archive front: its "headline" is the site's or the section's
    name (a menu label: «آراء», «مجتمع»), and what was extracted are teaser
    headlines or cut excerpts."""
    if not paras:
        return False
    named_after_site = bool(title and site_name and line_key(title) == line_key(site_name))
    link_keys = links.link_keys
    menu_label = bool(title and len(title.split()) <= 2 and line_key(title) in links.label_links)
    if not (named_after_site or menu_label or not title or len(title.split()) <= 3):
        return False
    # Teaser headlines: paragraphs that are the text of a link to another page
    # (``link_keys`` leaves out self-links), a few words long (not a bare URL).
    linked = sum(1 for p in paras if line_key(p) in link_keys and len(p.split()) >= 3)
    # Excerpts cut short: an ellipsis at (or just before a date at) the end of a short paragraph.
    cut = sum(1 for p in paras if len(p) < 500 and ("…" in p[-30:] or "..." in p[-30:]))
    if link_share > 0.3:
        return True  # a headline-less page whose "text" is largely link labels
    if menu_label and not named_after_site and (linked or cut) and sum(map(len, paras)) < 1500:
        return True  # teaser bits under a menu label's title («آراء», «مجتمع»), not a page of prose
    if named_after_site or (linked and line_key(paras[0]) in link_keys and len(paras[0].split()) >= 3):
        # The first "paragraph" is a link to another page: a teaser's headline.
        return linked >= 1 or cut >= 1
    return (linked >= 2 and linked >= 0.2 * len(paras)) or (cut >= 2 and cut >= 0.3 * len(paras))


_VIDEO_TITLE = re.compile(letters_folded(
    r"^\s*(?:فیلم|ویدئو|ویدیو|موشن ?گرافیک|فيديو|بالفيديو|شاهد بالفيديو|video)\s*[/|:؛\-–]"), re.I)
_GALLERY_TITLE = re.compile(letters_folded(
    r"^\s*(?:عکس|تصاویر|تصویر|گزارش تصویری|اینفوگرافیک|بالصور|صور|إنفوغراف|انفوجراف|photos?|in pictures)\s*[/|:؛\-–]"), re.I)


def media_title(title: Optional[str], text_len: int) -> Optional[str]:
    """Persian/Arabic newsrooms label media items in the headline («عکس/ …»,
    «فیلم/ …», «بالفيديو: …»); with little text such a page is a gallery or a video."""
    if not title or text_len >= 600:
        return None
    t = letters_folded(title)
    if _VIDEO_TITLE.match(t):
        return "video"
    if _GALLERY_TITLE.match(t):
        return "gallery"
    return None


def looks_like_gallery(body_el, text_len: int) -> bool:
    """A photo/video report: several images or players, a caption's worth of words each."""
    if body_el is None:
        return False
    media = len(body_el.xpath(".//img|.//video|.//iframe"))
    return media >= 3 and text_len < 100 * media and text_len < 600


def headline_teasers(paras: list[str], link_keys: frozenset) -> bool:
    """Paragraphs that are link texts (headlines of other pages), at least
    two of them, each followed by its excerpt: two of five paragraphs or more."""
    linked = [i for i, p in enumerate(paras) if line_key(p) in link_keys and len(p) > 15]
    if len(linked) < 2 or len(linked) < 0.4 * len(paras):
        return False
    followed = sum(1 for i in linked if i + 1 < len(paras) and i + 1 not in linked)
    return followed >= 0.6 * len(linked)


def looks_like_listing(paras: list[str], links: Links, body_from_site: bool, claimed: bool) -> bool:
    """Many headline links (inside or around h2–h4 headings), and the
    extracted "text" is mostly those headlines."""
    heading_links = links.heading_links
    if body_from_site or claimed or heading_links < 6 or not paras:
        return False
    linked = [p for p in paras if line_key(p) in links.link_keys]
    linked_chars = sum(len(p) for p in linked)
    total = sum(len(p) for p in paras)
    if len(linked) >= 4 and (len(linked) >= 0.3 * len(paras) or linked_chars >= 0.25 * total):
        return True
    # Teaser soup without headline paragraphs: many short paragraphs, no long one.
    longest = max(len(p) for p in paras)
    return heading_links >= 10 and len(paras) >= 8 and longest < 160 and total < 2500


def reject_video(pm: PageMeta, text_len: int) -> bool:
    """A page about one video/gallery with little text of its own."""
    if has_article_claim(pm) and not (pm.types & VIDEO_TYPES and text_len < 200):
        return False
    og = pm.og_type or ""
    return (og.startswith("video") or bool(pm.types & VIDEO_TYPES)) and text_len < 400


_HEADLINE_LINKS = etree.XPath(".//h2//a[@href]|.//h3//a[@href]|.//h4//a[@href]|.//a[@href][.//h2 or .//h3 or .//h4]")


def _teaser_excerpts(tree, paras: list[str], url: str, own: frozenset) -> bool:
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
                    norm_url(url, a.get("href")) not in own and len(a.text_content().strip()) >= 12
                    for a in _HEADLINE_LINKS(block)):
                teasers += 1
                break
            block = block.getparent()
    return teasers >= 3 and teasers >= 0.6 * len(paras)


def reject_by_content(page: Page, title: Optional[str], lead: Optional[str], body: Body, links: Links) -> Optional[str]:
    """Reason slug when what was extracted is no single story: a soft 404,
    a video or gallery, no text, an about page, or a listing's teasers."""
    pm, tree = page.meta, page.tree
    text, paras, from_site = body.text, body.paragraphs, body.from_site
    h1 = next((blocks.text_content(h) for h in tree.iter("h1")), None)
    page_title = tree.find(".//title")
    page_title = page_title.text_content() if page_title is not None else None
    if looks_like_error(page_title, h1, len(text), has_article_claim(pm)):
        return "error"
    if reject_video(pm, len(text)):
        return "video"
    if looks_like_gallery(body.media_el, len(text) - len(lead or "")):
        return "gallery"
    reason = media_title(title, len(text))
    if reason:
        return reason
    if len(text) < MIN_TEXT_CHARS:
        return "no-body"
    # og:type "article" alone, on a page titled like a section («اقتصادی»,
    # «آرشیو») with no publication time, is a CMS default stamped on every
    # page, not a statement about this one.
    claimed = has_article_claim(pm) and not weak_article_claim(pm, title)
    if not claimed:
        if is_static_page(title) or is_static_page(page_title):
            return "static"
        link_share = share(text, links.anchors) if not from_site else 0.0
        if not from_site and (link_share > 0.5 or is_teaser_list(paras)
                              or looks_like_section_page(title, pm.first("og:site_name"), paras, links, link_share)
                              or _teaser_excerpts(tree, paras, page.url, links.own)):
            return "listing"
    if looks_like_listing(paras, links, from_site, claimed):
        return "listing"
    return None


def undated_teasers(published: Optional[str], body: Body, links: Links) -> bool:
    """No date anywhere, and the "text" is headlines of other pages with
    their excerpts: a small section page (even one marked og:type article)."""
    return published is None and not body.from_site and headline_teasers(body.paragraphs, links.link_keys)
