"""Titronline (تیتر آنلاین), Persian news search engine/aggregator.

No public scraper documents it (site-structure.md); this definition follows
the page as republished in the seed: a date line under the title, the source
disclaimer «منبع خبر "…" است و موتور جستجوگر خبر تیترآنلاین … هیچ مسئولیتی
ندارد» and the legal notice citing ماده ۷۴ قانون تجارت الکترونیک.
"""

from .base import SiteDefinition

SITE = SiteDefinition(
    name="titronline",
    domains=("titronline.ir",),
    own_spider=False,
    home="https://titronline.ir",
    language="fa",
    timezone="Asia/Tehran",
    calendar="jalali",
    article_url_patterns=(r"^/news/\d+(/[^/?]*)?/?$", r"^/\d+/[^/?]+/?$"),
    article_id_patterns=(r"^/news/(\d+)",),
    listing_url_patterns=(r"^/(cat|category|tag|service)/[^?]+(\?.*)?$",),
    deny_url_patterns=(r"^/(search|user|print)(/|$)", r"\.(jpg|jpeg|png|gif|webp|mp4|pdf)$"),
    title_selectors=("h1",),
    lead_selectors=(".news-lead", ".lead"),
    body_selectors=(".news-text", ".body", "article"),
    date_selectors=(".news-date .date", ".news-date"),
    boilerplate_selectors=(".disclaimer", ".legal-notice", ".source-disclaimer", ".news-date", ".related", "#top-bar"),
    # The disclaimer names the original outlet: «منبع خبر "صدا و سیما" است ...».
    source_credit_selectors=(".source-disclaimer", ".news-text p.src"),
    boilerplate_phrases=(
        "منبع خبر",
        "با استناد به ماده ۷۴",
        "با استناد به ماده 74",
    ),
)
