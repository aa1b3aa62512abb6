"""Mashregh News (مشرق نیوز), Persian.  "Nastooh" CMS family.

Evidence: site-structure.md (Targoman NastoohBased.ts; a Scrapy spider).
Articles: /news/<id>/<slug>; photo galleries /photo/<id>/ and video pages
are not articles.  Feeds /rss, /rss-homepage, /rss/pl/<n>; archive /archive
with ?pi=N pagination (older /page/archive.xhtml?pi=N).
"""

from .families import NASTOOH

# The Nastooh family's date, section, tag and credit selectors, each with the
# site's own first; its lead, body and pruning lists are its own (narrower
# than the family's: the site keeps no surtitle or news-code block to cut).
SITE = NASTOOH.extend(
    name="mashregh",
    domains=("mashreghnews.ir",),
    home="https://www.mashreghnews.ir",
    language="fa",
    article_url_patterns=(r"^/news/\d+(/[^/?]*)?/?$",),
    article_id_patterns=(r"^/news/(\d+)",),
    listing_url_patterns=(
        r"^/archive/?(\?.*)?$",
        r"^/page/archive\.xhtml(\?.*)?$",
        r"^/service/[^/?]+/?(\?.*)?$",
        r"^/tag/[^/?]+/?(\?.*)?$",
    ),
    deny_url_patterns=(r"^/old/upload", r"^/d/", r"^/print/", r"^/(photo|video|multimedia)/", r"\.(jpg|jpeg|png|gif|webp|mp4|pdf)$"),
    next_page_xpaths=(
        "//a[contains(@class,'next') or contains(normalize-space(.),'بعدی')]/@href",
        "//a[@rel='next']/@href",
    ),
    title_selectors=("article h1", ".item-title", "h1"),
    lead_selectors=(".introtext", ".item-summary", "p.summary"),
    body_selectors=(".item-body .item-text", ".item-body"),
    boilerplate_selectors=(
        ".comments", ".comments-list", ".comment-form", "section.tags", ".tags",
        ".item-footer", ".related", ".short-link", ".social", ".box.related",
    ),
    date_selectors=(*NASTOOH.date_selectors, "time[datetime]"),
    section_selectors=("ol.breadcrumb li a", *NASTOOH.section_selectors),
    tag_selectors=("section.tags li a", *NASTOOH.tag_selectors),
    boilerplate_phrases=("منبع:", "برچسب‌ها", "نظر شما", "این مطالب را از دست ندهید"),
    # `scrapy check mashregh` (crawler/contracts.py): one page per callback, in its live form
    contract_urls=(
        ("parse_article", "https://www.mashreghnews.ir/news/1494215/نشست-فنی-چهارجانبه-معاونان-وزرای-خارجه-روسیه-ایران-سوریه-و-ترکیه-در-مسکو"),
        ("parse_listing", "https://www.mashreghnews.ir/service/culture"),
        ("parse_sitemap", "https://www.mashreghnews.ir/sitemap.xml"),
        ("parse_feed", "https://www.mashreghnews.ir/rss"),
    ),
)
