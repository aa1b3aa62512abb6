"""Which of a page's dates are the story's: candidates, their order, their zone.

Why: a page carries many dates (a header clock, tickers, teasers' dates, the
story's own).  The policy, best first: JSON-LD/``<meta>``; the rules'
date selectors; conventionally named date elements after the headline (or
above it inside its own header block); a plain-text date line beside the
headline; the day in the URL.  Candidates are collected before pruning
(date lines are boilerplate) and parsed after language detection (an
unknown Persian site's zone is Iran's); ``dates`` only reads strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Optional

from lxml import etree

from . import blocks, dates, metadata
from .decode import header_value

if TYPE_CHECKING:
    from .page import Page

PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                  "publish_date", "publish-date", "dc.date.issued", "dcterms.issued", "dc.date", "date",
                  "sailthru.date", "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime")
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
                 "last-modified", "article.updated")
MAX_CANDIDATES = 12  # enough to find one that parses; a listing has hundreds


@dataclass(frozen=True)
class Clock:
    """The zone and calendar a page's dates are read in."""

    zone: Optional[str]  # IANA name; None: a date without offset stays naive
    calendar: str  # "jalali" or "gregorian": how ambiguous numeric dates are read
    # Iranian CMSs (Nastooh...) write UTC into their metadata, and servers
    # with old tz data still write +04:30 after Iran dropped summer time
    # (2022), while the page and every reader date the story in Iran time:
    # such a value is given in the site's zone (same instant).  Only for a
    # zone the site, its CMS family or its country says, not one guessed
    # from the language; elsewhere (a WordPress site kept on UTC) the
    # page's own offset stands.
    utc_to_local: bool


def clock(page: Page) -> Clock:
    """The zone the rules say (the site's, else its family's), else the host's country's."""
    host, rules = metadata.safe_host(page.url), page.rules
    zone = rules.timezone if rules and rules.timezone and rules.timezone != "UTC" else None
    if zone is None and page.site is None:
        zone = dates.TLD_ZONES.get(host.rsplit(".", 1)[-1])
    calendar = rules.calendar if rules else ("jalali" if host.endswith(".ir") else "gregorian")
    return Clock(zone, calendar, utc_to_local=zone is not None and calendar == "jalali")


@dataclass(frozen=True)
class Candidates:
    """Raw date strings, best first, each ``(raw, machine_readable)``."""

    published: tuple[tuple[str, bool], ...]
    modified: tuple[tuple[str, bool], ...]
    from_meta: bool = False  # the first published candidate is the metadata's (JSON-LD, ``<meta>``)


@dataclass(frozen=True)
class Dates:
    published: Optional[str] = None  # ISO 8601
    published_raw: Optional[str] = None
    modified: Optional[str] = None
    modified_raw: Optional[str] = None


def candidates(page: Page, title_el) -> Candidates:
    """The page's date candidates, read before pruning removes date lines."""
    art = page.meta.article or {}
    published, modified = [], []
    raw = art.get("datePublished") if isinstance(art.get("datePublished"), str) else None
    raw = raw or page.meta.first(*PUBLISHED_META)
    if raw:
        published.append((raw, True))
    raw = art.get("dateModified") if isinstance(art.get("dateModified"), str) else None
    raw = raw or page.meta.first(*MODIFIED_META)
    if raw:
        modified.append((raw, True))
    done = Candidates(published=(), modified=tuple(modified), from_meta=bool(published))
    order = None
    before = []  # date elements above the headline but inside its own header block
    for strict in (False, True):
        found = page.select("date_selectors") if not strict else page.scan.dates
        for el in found:
            if strict and title_el is not None:
                if order is None:
                    order = {node: i for i, node in enumerate(page.tree.iter())}
                if order.get(el, -1) < order.get(title_el, 0):
                    # Header clocks and tickers come before the headline; a
                    # date line in the story's own header block may too.
                    if _near_title(el, title_el):
                        before.append(el)
                    continue
            _date_values(el, published)
            if len(published) >= MAX_CANDIDATES:
                return replace(done, published=tuple(published))
    for el in before:
        _date_values(el, published)
    if title_el is not None and not _any_parses(published, clock(page).calendar):
        # Last resort: a date written in plain text by the headline, in an
        # element no class name gives away («شماره: … ۱۵:۲۰ - ۰۵/۱۲/۱۳۸۹»).
        if order is None:
            order = {node: i for i, node in enumerate(page.tree.iter())}
        t_pos = order.get(title_el, 0)
        near = []
        for t in _YEAR_TEXTS(page.tree):
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
    return replace(done, published=tuple(published))


def found_by_rules(page: Page) -> bool:
    """The rules' date elements hold a date that reads (before pruning)."""
    by = clock(page)
    tz = dates.zone(by.zone)
    for el in page.select("date_selectors"):
        values: list = []
        _date_values(el, values)
        for raw, machine in values:
            if (dates.parse_meta_date(raw, tz, by.calendar) if machine
                    else dates.parse_text_date(raw, tz, by.calendar)):
                return True
    return False


def resolve(page: Page, found: Candidates, language: Optional[str]) -> Dates:
    """The first candidate that parses, for published and modified, in the page's zone."""
    by = clock(page)
    if by.zone is None and page.rules is None and language == "fa":
        # Persian news without a known zone or TLD is overwhelmingly Iranian.
        by = replace(by, zone="Asia/Tehran", calendar="jalali")
    tz = dates.zone(by.zone)
    reference = dates.http_date(header_value(page.headers, "date"))

    def first(cands):
        for raw, machine in cands:
            value = (dates.parse_meta_date(raw, tz, by.calendar) if machine
                     else dates.parse_text_date(raw, tz, by.calendar, reference))
            if value:
                if by.utc_to_local:
                    value = dates.to_zone(value, tz)
                return value, raw
        return None, None

    published, published_raw = first(found.published)
    if published is None:
        # Last resort: the day in the article's own URL (/2023/4/25/, Tasnim's
        # Jalali /1400/03/15/); a day only, no clock to guess.
        published = dates.url_date(page.url, by.calendar)
        published_raw = page.url if published else None
    return Dates(published, published_raw, *first(found.modified))


def _any_parses(cands, calendar: str) -> bool:
    return any(dates.parse_meta_date(raw, None, calendar) if machine
               else dates.parse_text_date(raw, None, calendar, datetime.now(timezone.utc))
               for raw, machine in cands)


def _date_values(el, out: list) -> None:
    for attr in ("datetime", "content"):
        if el.get(attr):
            out.append((el.get(attr), True))
    text = blocks.text_content(el)
    if text and len(text) < 200:
        out.append((text, False))


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
