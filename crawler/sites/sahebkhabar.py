"""Sahebkhabar (صاحب خبر), Persian news aggregator republishing other outlets.

Evidence: site-structure.md (Targoman NastoohBased.ts `sahebkhabar`).  The
republished body carries a watermark element and a «صاحب‌خبر -» prefix; the
print view adds «نسخه قابل چاپ منبع: … | لینک خبر» and a news-id line.
"""

from .base import SiteDefinition

SITE = SiteDefinition(
    name="sahebkhabar",
    domains=("sahebkhabar.ir",),
    own_spider=False,
    home="https://sahebkhabar.ir",
    language="fa",
    timezone="Asia/Tehran",
    calendar="jalali",
    article_url_patterns=(r"^/news/\d+(/[^/?]*)?/?$",),
    article_id_patterns=(r"^/news/(\d+)",),
    listing_url_patterns=(r"^/(service|list|tag|category)/[^?]+(\?.*)?$", r"^/archive(/|\?|$)"),
    deny_url_patterns=(r"^/(print|search|user)(/|$)", r"\.(jpg|jpeg|png|gif|webp|mp4|pdf)$"),
    title_selectors=("h1",),
    lead_selectors=(".lead", ".introtext"),
    body_selectors=(".body", ".item-text"),
    boilerplate_selectors=(
        ".sahebkhabar-watermark", ".news-tag", ".related", ".comments", ".print-header", ".news-id",
    ),
    source_credit_selectors=(".print-header .news-source", ".news-source"),
    date_selectors=("time[datetime]", "time"),
    section_selectors=("span.item-service a",),
    tag_selectors=(".news-tag section ul li a",),
    boilerplate_phrases=("صاحب‌خبر -", "صاحبخبر -", "صاحب خبر -", "نسخه قابل چاپ", "شناسهٔ خبر:", "شناسه خبر:", "آنچه دیگران می‌خوانند", "آنچه دیگران می خوانند"),
)
