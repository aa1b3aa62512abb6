"""From an article response to an ``Article``: the one callback step crawls,
whole-crawl replays and ``scrapy replay`` share.

``extract()`` runs in the extraction pool (off the reactor thread); every
outcome is counted under ``khabar/`` and noted in ``response.meta
["khabar_outcome"]`` (``article``, ``not_article``, ``failed``) with the
reason in ``meta["khabar_reason"]``, so the caller can remember the outcome
or mine a non-article as a listing.  A page that is not an article because
it is broken (a soft 404, binary bytes) counts as failed: the crawl state
tries such a URL again on later runs, and remembers a gallery or a listing.
"""

from __future__ import annotations

import logging
from typing import Optional

from scrapy.http import Response

from .extraction import ExtractionError, NotAnArticle
from .extraction import looks_like_html as is_html
from .items import Article
from .links import PageLinks
from .sites import SiteDefinition
from .workers import ExtractionPool

logger = logging.getLogger(__name__)

BROKEN_PAGE_REASONS = frozenset({"error", "binary", "empty"})


def looks_like_html(response: Response) -> bool:
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
    return is_html(content_type, response.body)


def response_headers(response: Response) -> list[tuple[str, str]]:
    """Scrapy headers as ordered (name, value) text pairs, repeats kept."""
    out = []
    for name, values in response.headers.items():
        key = name.decode("latin-1")
        for value in values:
            out.append((key, value.decode("latin-1")))
    return out


async def extract_response(spider, response: Response, site: Optional[SiteDefinition]) -> Optional[Article]:
    article, _ = await extract_page_response(spider, response, site, links=False)
    return article


async def extract_page_response(spider, response: Response, site: Optional[SiteDefinition],
                                links: bool, requisites_site=False,
                                link_policy=None) -> tuple[Optional[Article], Optional[PageLinks]]:
    """``extract_response`` that also reads the page's links in the worker
    (``links``): the crawl follows the links of an article it emits; and its
    requisites (``requisites_site``: the definition they are judged by, False
    for none), which the crawl archives beside it.  ``link_policy``: the
    spider's (crawler/links.py), for the worker to triage the links too."""
    stats = spider.crawler.stats
    meta = response.meta
    if not looks_like_html(response):
        stats.inc_value("khabar/skipped/not_html")
        meta["khabar_outcome"] = "not_article"
        meta["khabar_reason"] = "not_html"
        return None, None
    pool = spider.crawler.get_extension(ExtractionPool)
    try:
        # a page Scrapy did not take for text (binary bytes early on) has no
        # encoding to read links with: extract() alone decides about it
        encoding = getattr(response, "encoding", None)
        if encoding and (links or requisites_site is not False):
            article, page_links = await pool.extract_page(response.url, response.body, response_headers(response),
                                                          site, encoding, requisites_site,
                                                          link_policy if links else None)
        else:
            article, page_links = await pool.extract(response.url, response.body, response_headers(response), site), None
    except NotAnArticle as exc:
        stats.inc_value("khabar/non_article")
        stats.inc_value(f"khabar/non_article/{exc.reason}")
        logger.debug("Not an article (%s): %s", exc.reason, response.url)
        meta["khabar_outcome"] = "failed" if exc.reason in BROKEN_PAGE_REASONS else "not_article"
        meta["khabar_reason"] = exc.reason
        return None, None
    except ExtractionError as exc:
        stats.inc_value("khabar/extraction_error")
        logger.warning("Cannot extract %s: %s", response.url, exc)
        meta["khabar_outcome"] = "failed"
        meta["khabar_reason"] = "extraction_error"
        return None, None
    except Exception:  # a bug in extraction must not end the crawl
        stats.inc_value("khabar/extraction_error")
        logger.exception("Extraction failed for %s", response.url)
        meta["khabar_outcome"] = "failed"
        meta["khabar_reason"] = "extraction_bug"
        return None, None
    if page_links is not None and page_links.error:
        stats.inc_value("khabar/links_unreadable")
        logger.warning("Links of %s could not be read (%s): the article is kept, its links are not followed",
                       response.url, page_links.error)
        page_links = PageLinks(page_links.base, (), ())
    meta["khabar_outcome"] = "article"
    for field in article.drift:  # the site's markup moved away from its definition
        key = f"khabar/site_drift/{article.site or (site.name if site else '-')}/{field}"
        if not stats.get_value(key):
            logger.warning("Site definition drift: %s selectors find nothing on %s (generic path used); "
                           "counted in %s", field, response.url, key)
        stats.inc_value(key)
    return article, page_links
