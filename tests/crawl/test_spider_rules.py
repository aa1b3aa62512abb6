"""Spider rules that decide what is fetched: redirects, date windows, budgets."""

from datetime import datetime, timezone

from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from crawler.discovery import Entry
from crawler.middlewares.redirects import RebaseRedirectMiddleware
from crawler.spiders.sites import MashreghSpider


def spider(**kwargs):
    crawler = get_crawler(MashreghSpider)
    return MashreghSpider.from_crawler(crawler, base_url="http://127.0.0.1:8000", **kwargs)


def test_redirect_to_the_live_domain_is_followed_on_the_mirror():
    sp = spider()
    mw = RebaseRedirectMiddleware.from_crawler(sp.crawler)
    mw.crawler.spider = sp
    request = Request("http://127.0.0.1:8000/news/1501840")
    response = Response(request.url, status=301, request=request,
                        headers={"Location": "https://www.mashreghnews.ir/news/1501840/%D8%AA%D8%A7"})
    out = mw.process_response(request, response)
    assert out.headers[b"Location"] == b"http://127.0.0.1:8000/news/1501840/%D8%AA%D8%A7"
    offsite = Response(request.url, status=302, request=request, headers={"Location": "https://elsewhere.example/x"})
    assert mw.process_response(request, offsite).headers[b"Location"] == b"https://elsewhere.example/x"


def test_lastmod_only_bounds_publication_from_above():
    sp = spider(since="2023-04-10", until="2023-04-15")
    utc = timezone.utc
    assert sp.entry_in_window(Entry("u", published=datetime(2023, 4, 12, tzinfo=utc)))
    assert not sp.entry_in_window(Entry("u", published=datetime(2023, 4, 20, tzinfo=utc)))
    # modified after the window: the story may still have been published inside it
    assert sp.entry_in_window(Entry("u", modified=datetime(2023, 5, 20, tzinfo=utc)))
    # modified before the window starts: published before it too
    assert not sp.entry_in_window(Entry("u", modified=datetime(2023, 4, 1, tzinfo=utc)))
    # the window is in the site's zone: 2023-04-09 21:00 UTC is 04-10 00:30 in Tehran
    assert sp.entry_in_window(Entry("u", published=datetime(2023, 4, 9, 21, 0, tzinfo=utc)))


def test_tag_clouds_cannot_starve_pagination():
    sp = spider(max_pages="2")
    tag = sp.listing_request("http://127.0.0.1:8000/tag/a", 1)
    assert sp.listing_request("http://127.0.0.1:8000/tag/b", 1) is not None
    assert sp.listing_request("http://127.0.0.1:8000/tag/c", 1) is None  # listing budget spent
    page2 = sp.listing_request("http://127.0.0.1:8000/archive?pi=2", 0, "pagination")
    assert page2 is not None  # pagination has its own budget ...
    assert page2.priority > tag.priority  # ... and is fetched before tag pages
    assert sp.listing_request("http://127.0.0.1:8000/archive?pi=2", 0, "pagination") is None  # once


def test_an_article_is_requested_once_whatever_its_spelling():
    sp = spider()
    first = sp.candidate("http://127.0.0.1:8000/news/1/%D8%A7%D8%A8", "feed", 1)
    assert first is not None and first.priority > 0
    assert sp.candidate("http://127.0.0.1:8000/news/1/اب", "listing", 1) is None
    assert sp.candidate("http://127.0.0.1:8000/news/1/%d8%a7%d8%a8/", "sitemap", 1) is None


def open_crawler(**settings):
    """A crawler whose settings are still open, as when ``scrapy crawl`` builds the spider."""
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

    values = Settings()
    values.setmodule("crawler.settings", priority="project")
    for name, value in settings.items():
        values.set(name, value, priority="cmdline")
    return Crawler(MashreghSpider, values)


def test_loopback_mirror_skips_politeness_delays_unless_asked():
    crawler = open_crawler()
    MashreghSpider.from_crawler(crawler, base_url="http://127.0.0.1:8000")
    assert crawler.settings.getfloat("DOWNLOAD_DELAY") == 0
    assert not crawler.settings.getbool("AUTOTHROTTLE_ENABLED")
    crawler = open_crawler(DOWNLOAD_DELAY=3)
    MashreghSpider.from_crawler(crawler, base_url="http://127.0.0.1:8000")
    assert crawler.settings.getfloat("DOWNLOAD_DELAY") == 3
    crawler = open_crawler()
    MashreghSpider.from_crawler(crawler)  # the live site
    assert crawler.settings.getbool("AUTOTHROTTLE_ENABLED") and crawler.settings.getfloat("DOWNLOAD_DELAY") > 0


def test_browser_user_agent_on_alaraby_is_warned(caplog):
    from crawler.spiders.sites import AlarabySpider

    crawler = open_crawler(USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/120")
    crawler.spidercls = AlarabySpider
    AlarabySpider.from_crawler(crawler)
    assert "refuse browser-like User-Agents" in caplog.text
    caplog.clear()
    crawler = open_crawler()
    AlarabySpider.from_crawler(crawler)
    assert "refuse" not in caplog.text
    assert "Mozilla" not in crawler.settings.get("USER_AGENT") and "+http" in crawler.settings.get("USER_AGENT")
