"""Namehnews (نامه نیوز), Persian.  "Asam" CMS family.

Evidence: site-structure.md (Targoman CustomNews.ts `namehnews`, AsamBased.ts).
Article URLs: /<section-slug>-<sectionId>/<newsId>-<slug>, Persian in the path,
e.g. /بخش-بین-الملل-11/707675-از-نسل-کشی-... ; the legacy layout used
/fa/news/<id>/<slug>.  No reliable date in <meta>: use time[datetime].
"""

from .families import ASAM

# The Asam family's selectors, plus the site's headline and its legacy body.
SITE = ASAM.extend(
    name="namehnews",
    domains=("namehnews.com",),
    home="https://www.namehnews.com",
    language="fa",
    article_url_patterns=(
        r"^/[^/?]+-\d+/\d+(-[^/?]*)?/?$",  # /بخش-بین-الملل-11/707675-slug (slug optional)
        r"^/fa/news/\d+(/[^/?]*)?/?$",  # legacy
        r"^/\d{5,}/?$",  # short link (redirects to the full URL)
    ),
    article_id_patterns=(r"^/[^/?]+-\d+/(\d+)(?:-|/?$)", r"^/fa/news/(\d+)", r"^/(\d{5,})/?$"),
    listing_url_patterns=(
        r"^/بخش-[^/?]+-\d+/?(\?(page|p)=\d+)?$",
        r"^/بخش-[^/?]+-\d+/page/\d+/?$",
        r"^/tag/[^/?]+/?(\?.*)?$",
        r"^/fa/(archive|newsstudios|services)(/|\?|$)",
        r"^/archive(/|\?|$)",
    ),
    deny_url_patterns=(r"^/(fa/)?(print|amp|search|user|login)(/|$)", r"\.(jpg|jpeg|png|gif|webp|mp4|pdf)$"),
    next_page_xpaths=(
        "//ul[contains(@class,'pagination')]//a[contains(@rel,'next') or contains(.,'بعدی')]/@href",
        "//a[@rel='next']/@href",
    ),
    title_selectors=("#news-page-article h1", "h1.title", "h1"),
    lead_selectors=("#news-page-article .lead", *ASAM.lead_selectors),
    body_selectors=(*ASAM.body_selectors, "div.body_news"),
    # `scrapy check namehnews` (crawler/contracts.py): one page per callback, in its live form
    contract_urls=(
        ("parse_article", "https://www.namehnews.com/بخش-بین-الملل-11/707120-هیئت-فنی-عربستان-برای-بازگشایی-سفارت-وارد-تهران-شد"),
        ("parse_listing", "https://www.namehnews.com/بخش-بین-الملل-11"),
        ("parse_sitemap", "https://www.namehnews.com/sitemap.xml"),
        ("parse_feed", "https://www.namehnews.com/rss"),
    ),
)
