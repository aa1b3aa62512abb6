"""CMS families shared by many Iranian news sites, recognised on unknown sites.

Why: hundreds of Persian (and some Arabic) outlets run one of a few Iranian
news CMSs: Nastooh (IRNA, Hamshahri, Khabaronline, Mashregh...), Asam
(Namehnews...) and Iransamaneh (Tabnak, Aftabnews...).  Their markup names the
body, lead, date, tags and comments the same way on every site (selectors as
documented by public scrapers, shared/research/site-structure.md).  When a
page of a site Khabar has no definition for carries a family's markers, the
family's selectors replace guesswork; the generic path remains the fallback
when the body selector finds nothing.  Families are data, like site
definitions, and never name an ``Article.site``.
"""

from __future__ import annotations

from typing import Optional

from ..sites.base import SiteDefinition
from .boilerplate import select

_COMMON = dict(domains=(), home="", language="", timezone="Asia/Tehran", calendar="jalali")

NASTOOH = SiteDefinition(
    name="family:nastooh",
    lead_selectors=(".introtext", ".item-summary .summary", "p.summary", ".item-summary"),
    body_selectors=(".item-body .item-text", ".item-text"),
    boilerplate_selectors=(
        ".comments", ".comments-list", ".comment-form", "section.tags", ".tags", ".item-footer",
        ".related", ".short-link", ".social", ".rutitr", ".kicker", ".item-date", ".item-code",
    ),
    date_selectors=(".item-date > span", ".item-date", ".item-time"),
    section_selectors=(".breadcrumb li a",),
    tag_selectors=(".tags li a",),
    source_credit_selectors=(".item-source", ".news-source"),
    **_COMMON,
)
ASAM = SiteDefinition(
    name="family:asam",
    lead_selectors=(".lead", "div.subtitle"),
    body_selectors=("#echo_detail",),
    boilerplate_selectors=(
        ".others-known", ".article_tag", ".article-tag", ".sec_info", ".share_news", ".short_link_cnt",
        ".tinyurl_form", ".comments-list", ".comment-form", ".news_nav",
    ),
    date_selectors=("time[datetime]", "div.news_pdate_c"),
    section_selectors=("ul.breadcrumb-list li a", "div.news_path a"),
    tag_selectors=(".article-tag a", "div.tags_title a"),
    **_COMMON,
)
IRANSAMANEH = SiteDefinition(
    name="family:iransamaneh",
    lead_selectors=(".subtitle", ".news-subtitle", ".subtitle-news"),
    body_selectors=(".body",),
    boilerplate_selectors=(
        ".rutitr", ".news-rutitr", ".comments_item", ".comm_answer_line", ".comm_answer", ".tags",
        ".tags_title", ".news_path", ".news_pdate_c", ".news_nav", ".news_id_c",
    ),
    date_selectors=(".news_pdate_c", ".news-date", ".fa_date", ".item-date span"),
    section_selectors=(".news_path a",),
    tag_selectors=(".tags li", ".tags_title a"),
    **_COMMON,
)

# (family, markers that must all match)
_MARKERS = (
    (NASTOOH, (".item-body .item-text",)),
    (ASAM, ("#echo_detail",)),
    (IRANSAMANEH, (".body", ".news_pdate_c, .rutitr, .news_path, .news_id_c")),
)


def detect(tree) -> Optional[SiteDefinition]:
    """The CMS family whose markers the page carries, if any."""
    for family, markers in _MARKERS:
        if all(select(tree, [m]) for m in markers):
            return family
    return None
