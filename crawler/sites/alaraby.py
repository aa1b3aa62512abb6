"""Al-Araby (العربي الجديد: alaraby.co.uk; Al-Araby TV: alaraby.com), Arabic.

Evidence: site-structure.md.  Drupal since 2022; articles under
/<section>/<slug> (Arabic slugs, percent-encoded or not), e.g.
/news/<arabic-slug>; sections like /news/syria or /news/arab-world/<name>
are listings.  Feeds /rss, /rss.xml, /feed.xml.  A browser-like User-Agent
is reported to be refused (403) while a plain client is served, so Khabar
sends its own non-browser agent string here.
"""

from .base import SiteDefinition

SITE = SiteDefinition(
    name="alaraby",
    domains=("alaraby.co.uk", "alaraby.com"),
    home="https://www.alaraby.co.uk",
    language="ar",
    timezone="Europe/London",
    # An article slug has at least three hyphen-joined words; section pages
    # (/news/syria, /news/arab-world) have one or two.
    article_url_patterns=(
        r"^/(?!(?:tags?|authors?|section|taxonomy|search|user|node/add|live|programs?)/)"
        r"[a-z0-9_-]+/[^/?]*[^/?-]-[^/?-]+-[^/?-]+[^/?]*/?$",
        r"^/node/\d+/?$",  # Drupal's own id URL: 301s to the alias or serves it
    ),
    # A feed or sitemap lists stories, so there a one- or two-word slug under
    # a section is an article too (opinion/culture titles are often short).
    feed_article_url_patterns=(
        r"^/(?!(?:tags?|authors?|section|taxonomy|search|user|live|programs?)/)[a-z0-9_-]+/[^/?]+/?$",
    ),
    article_id_patterns=(r"^/node/(\d+)",),
    listing_url_patterns=(
        # any section (/politics, /entertainment, ?page=N Drupal pager) ...
        r"^/(?!(?:about|about-us|contact|contact-us|privacy|privacy-policy|terms|terms-of-use|advertise|rss|search|user|live)/?$)[a-z-]+/?(\?page=\d+)?$",
        # ... its subsections (/news/syria, /news/arab-world/أخبار-سوريا) ...
        r"^/[a-z-]+/[^/?]+(/[^/?]+)?/?(\?page=\d+)?$",
        # ... and tag, author and term pages
        r"^/(?:section|taxonomy/term|authors?|tags?)/[^?]+(\?page=\d+)?$",
    ),
    deny_url_patterns=(
        r"^/(live|search|user|node/add|print)(/|$)",
        r"^/(?:videos?|video-gallery|gallery|photos?|podcasts?)/[^?]+-[^?]+",
        r"\.(jpg|jpeg|png|gif|webp|mp4|pdf)$",
    ),
    next_page_xpaths=(
        "//li[contains(@class,'pager__item--next')]//a/@href",
        "//a[@rel='next']/@href",
    ),
    # Khabar's own User-Agent is not browser-like, so it needs no override;
    # a user setting a browser agent is warned (see KhabarSpider).
    extra={"refuses_browser_agents": True},
    title_selectors=("h1.article-title", "article h1", "h1"),
    lead_selectors=(".article-summary", ".field--name-field-summary", ".article-header .summary"),
    body_selectors=(".article-body", ".field--name-body", "div.DP-MainText"),
    boilerplate_selectors=(
        ".share", ".share-buttons", ".social-share", ".article-share", ".read-also", ".related",
        ".related-articles", ".tags", ".article-tags", ".mceNonEditable", ".fb-twitter-container",
        "figure figcaption", ".image-caption", ".newsletter", ".sources", ".article-sources",
        ".article-source", ".sticky-title", ".header-date", ".read-more-toggle", ".modal",
    ),
    date_selectors=("time[datetime]", ".article-date", ".date"),
    # the byline under the headline: the writer's name, or «المدينة ــ العربي الجديد» on a staff story
    author_selectors=(".article-info .article-author", ".article-info .author", ".article-meta .writer"),
    section_selectors=(".breadcrumb a", "nav.breadcrumb li a"),
    tag_selectors=(".tags a", ".article-tags a"),
    source_credit_selectors=(".article-sources .value", ".article-source", ".sources"),
    # «العربي - وكالات»: the outlet's own agency credit, left over where the sources box is not pruned.
    boilerplate_phrases=("اقرأ أيضاً", "اقرأ أيضا", "شارك القصة", "تابع القراءة", "المصادر:", "Close", "العربي - وكالات"),
    # `scrapy check alaraby` (crawler/contracts.py): one page per callback, in its live form
    contract_urls=(
        ("parse_article", "https://www.alaraby.co.uk/culture/روايات-القائمة-القصيرة-للجائزة-العالمية-للرواية-العربية-تحت-المجهر"),
        ("parse_listing", "https://www.alaraby.co.uk/culture"),
        ("parse_sitemap", "https://www.alaraby.co.uk/sitemap.xml"),
        ("parse_feed", "https://www.alaraby.co.uk/rss"),
    ),
)
