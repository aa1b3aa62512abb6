"""The generic spider's article signals: URL shape and page markup."""

import pytest
from scrapy.http import HtmlResponse

from crawler.spiders.base import KhabarSpider
from crawler.spiders.generic import GenericSpider, looks_like_article_url, page_says_article
from crawler.spiders.news import NewsSpider
from crawler.sites import SITES


@pytest.mark.parametrize("url", [
    "https://x.example/2023/04/25/turkey-syria-talks/",
    "https://www.mashreghnews.ir/news/1533757/slug",
    "https://x.example/politics/%D9%85%D9%88%D8%B3%D9%83%D9%88-%D8%AA%D8%B3%D8%AA%D8%B6%D9%8A%D9%81-%D8%A7%D8%AC%D8%AA%D9%85%D8%A7%D8%B9%D8%A7-%D8%B1%D8%A8%D8%A7%D8%B9%D9%8A%D8%A7",
])
def test_story_urls(url):
    assert looks_like_article_url(url)


@pytest.mark.parametrize("url", [
    "https://x.example/", "https://x.example/tag/syria-turkey-russia-iran", "https://x.example/category/news",
    "https://x.example/page/2", "https://x.example/about", "https://x.example/news/syria",
])
def test_listing_urls(url):
    assert not looks_like_article_url(url)


def page(head: str) -> HtmlResponse:
    return HtmlResponse("https://x.example/p", body=f"<html><head>{head}</head><body></body></html>".encode())


def test_page_signals():
    assert page_says_article(page('<meta property="og:type" content="article">'))
    assert page_says_article(page('<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle"}]}</script>'))
    assert not page_says_article(page('<meta property="og:type" content="website">'))
    assert not page_says_article(page('<script type="application/ld+json">{"@type":"CollectionPage"}</script>'))


def test_news_spider_needs_a_site_and_understands_names_and_urls():
    with pytest.raises(ValueError, match="needs -a site="):
        NewsSpider()
    with pytest.raises(ValueError, match="must be a URL or one of"):
        NewsSpider(site="not a site")
    with pytest.raises(ValueError, match="max_depth= must be a whole number"):
        NewsSpider(site="sahebkhabar", max_depth="deep")
    defined = NewsSpider(site="sahebkhabar")
    assert type(defined) is KhabarSpider and defined.site is SITES["sahebkhabar"] and defined.base_url is None
    by_url = NewsSpider(site="https://mashreghnews.ir/")
    assert type(by_url) is KhabarSpider and by_url.site is SITES["mashregh"]
    assert by_url.origin == "https://mashreghnews.ir"  # the origin given, not the definition's home
    spider = NewsSpider(site="https://unknown-news.example/", max_depth="2")
    assert type(spider) is GenericSpider and spider.site.domains == ("unknown-news.example",)
    assert spider.max_depth == 2 and spider.origin == "https://unknown-news.example"
    assert {defined.name, by_url.name, spider.name} == {"news"}


def test_news_builds_through_from_crawler_with_the_crawl_state_hooks():
    """``scrapy crawl news`` builds through from_crawler: the chosen class's
    (site settings applied, robots signal connected), named news."""
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(NewsSpider, {"USER_AGENT": "Mozilla/5.0"})
    spider = NewsSpider.from_crawler(crawler, site="sahebkhabar", base_url="http://127.0.0.1:8000")
    assert type(spider) is KhabarSpider and spider.crawler is crawler and spider.name == "news"
    assert crawler.settings["DOWNLOAD_DELAY"] == 0  # a loopback mirror: KhabarSpider.apply_site_settings ran
    first = spider.article_request("http://127.0.0.1:8000/news/59854299/a", "feed", 1)
    assert first is not None and spider.article_request("http://127.0.0.1:8000/news/59854299", "listing", 1) is None
    generic = generic_spider()
    assert type(generic) is GenericSpider and generic.name == "news"
    assert generic.candidate("http://127.0.0.1:8000/news/1501433", "listing", 1) is not None
    assert generic.candidate("http://127.0.0.1:8000/news/1501433/slug-of-it", "listing", 1) is None  # same story


def generic_spider():
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(NewsSpider)
    return NewsSpider.from_crawler(crawler, site="http://127.0.0.1:8000")


def test_generic_story_id_joins_short_and_slug_urls():
    site = generic_spider().site
    assert site.article_id("http://127.0.0.1:8000/news/1501433") == site.article_id(
        "http://127.0.0.1:8000/news/1501433/%D8%B3%DB%8C-%D9%88")
    assert site.article_id("http://127.0.0.1:8000/x/707120-slug") is not None
    assert site.article_id("http://127.0.0.1:8000/2023/04/25/slug") is None  # dates are not ids


def test_generic_spider_learns_the_live_domain_from_a_home_redirect():
    sp = generic_spider()
    assert sp.rebase("https://www.namehnews.com/fa/news/1/x") is None
    sp.learn_redirect("http://127.0.0.1:8000/", "https://namehnews.com/fa")
    assert sp.rebase("https://www.namehnews.com/fa/news/1/x") == "http://127.0.0.1:8000/fa/news/1/x"


def test_an_unrelated_redirect_teaches_nothing():
    sp = generic_spider()
    sp.learn_redirect("http://127.0.0.1:8000/go/partner", "https://partner.example/promo")
    assert sp.rebase("https://partner.example/promo") is None
