"""CMS families: partial site definitions that sites built on one CMS extend.

Why: hundreds of Persian (and some Arabic) outlets run one of a few Iranian
news CMSs: Nastooh (IRNA, Hamshahri, Khabaronline...), Asam and Iransamaneh
(Tabnak, Aftabnews...).  Their markup names the body, lead, date, tags and
comments the same way on every site (selectors as documented by public
scrapers, shared/research/site-structure.md).  A site on such a CMS is its
family plus what is its own (``ASAM.extend(name=..., domains=..., ...)``);
the extractor also recognises a family on a site Khabar has no definition
for and uses its selectors there.  A family has no domains and names no
``Article.site``; it is not a site of the registry (no ``SITE`` here).
"""

from __future__ import annotations

from .base import SiteDefinition

_IRANIAN = dict(domains=(), home="", language="", timezone="Asia/Tehran", calendar="jalali")

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
    **_IRANIAN,
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
    **_IRANIAN,
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
    **_IRANIAN,
)
