"""Requests waiting in the scheduler are kept pickled (crawler/frontier.py)
and come back as they went in, last in first out."""

from __future__ import annotations

import pytest
import scrapy
from scrapy.spidermiddlewares.referer import RefererMiddleware
from scrapy.utils.test import get_crawler

from crawler.frontier import CompactLifoMemoryQueue


class Spider(scrapy.Spider):
    name = "frontier"

    def parse_article(self, response):
        pass

    def on_error(self, failure):
        pass


def queue():
    crawler = get_crawler(Spider)
    crawler.spider = Spider()
    return crawler.spider, CompactLifoMemoryQueue.from_crawler(crawler, "10")


def test_requests_come_back_whole_last_in_first_out():
    spider, q = queue()
    sent = [scrapy.Request(f"http://127.0.0.1/%D8%AE%D8%A8%D8%B1/{i}", callback=spider.parse_article,
                           errback=spider.on_error, priority=10, dont_filter=bool(i % 2),
                           headers={"Referer": "http://127.0.0.1/sitemap.xml"},
                           meta={"kind": "article", "khabar_depth": 1, "khabar_recheck": {"digest": "sha1:X"}})
            for i in range(5)]
    for request in sent:
        q.push(request)
    assert len(q) == 5 and all(isinstance(item, bytes) for item in q._items)
    assert q.peek().url == sent[-1].url
    back = [q.pop() for _ in range(5)]
    assert q.pop() is None and len(q) == 0
    assert [r.to_dict(spider=spider) for r in back] == [r.to_dict(spider=spider) for r in reversed(sent)]
    assert back[0].callback == spider.parse_article and back[0].errback == spider.on_error


def test_a_request_that_will_not_pickle_is_kept_as_it_is():
    spider, q = queue()
    odd = scrapy.Request("http://127.0.0.1/a", callback=lambda response: None)
    q.push(scrapy.Request("http://127.0.0.1/b", callback=spider.parse_article))
    q.push(odd)
    assert q.pop() is odd
    assert q.pop().url == "http://127.0.0.1/b"


class AliasSpider(Spider):
    name = "alias"
    parse_listing = Spider.parse_article  # one function under two names


class Other(scrapy.Spider):
    name = "other"

    def parse_article(self, response):
        pass


def test_request_dict_is_scrapys_to_dict():
    from scrapy.http import FormRequest, JsonRequest

    from crawler.frontier import request_dict

    spider = AliasSpider()
    other = Other()
    cases = [scrapy.Request("http://127.0.0.1/a", callback=spider.parse_article, errback=spider.on_error,
                            meta={"kind": "article"}, cb_kwargs={"n": 1}, flags=["x"], priority=3),
             scrapy.Request("http://127.0.0.1/b"),  # no callback: parse
             scrapy.Request("http://127.0.0.1/c", callback=spider.parse_listing),  # an alias: Scrapy's answer
             JsonRequest("http://127.0.0.1/d", data={"q": 1}, callback=spider.parse_article),
             FormRequest("http://127.0.0.1/e", formdata={"q": "خبر"}, callback=spider.on_error)]
    for request in cases:
        assert request_dict(request, spider) == request.to_dict(spider=spider)
    # a method of another object: Scrapy's error, as before
    foreign = scrapy.Request("http://127.0.0.1/f", callback=other.parse_article)
    for call in (lambda: request_dict(foreign, spider), lambda: foreign.to_dict(spider=spider)):
        try:
            call()
        except ValueError as exc:
            assert "not an instance method" in str(exc)
        else:
            raise AssertionError("a foreign callback serialized")


def test_the_spider_is_told_how_many_requests_of_each_kind_wait():
    from collections import Counter

    spider, q = queue()
    spider.frontier_waiting = Counter()
    kinds = ["article", "listing", "article", None, "article"]
    for i, kind in enumerate(kinds):
        q.push(scrapy.Request(f"http://127.0.0.1/{i}", callback=spider.parse_article,
                              meta={"kind": kind} if kind else {}))
    assert +spider.frontier_waiting == Counter({"article": 3, "listing": 1, None: 1})
    q.pop()
    q.pop()  # the last two: an article, then the one without a kind
    assert +spider.frontier_waiting == Counter({"article": 2, "listing": 1})
    while q.pop() is not None:
        pass
    assert +spider.frontier_waiting == Counter()


def test_the_backlog_gives_its_last_entries_in_the_order_they_came():
    from crawler.backlog import EntryBacklog

    backlog = EntryBacklog()
    for i in range(10):
        backlog.add(f"http://127.0.0.1/{i}", "sitemap", None)
    assert [e[0] for e in backlog.take(3)] == [f"http://127.0.0.1/{i}" for i in (7, 8, 9)]
    assert backlog.take(0) == [] and len(backlog) == 7
    assert [e[0] for e in backlog.drain()] == [f"http://127.0.0.1/{i}" for i in range(7)]
    assert len(backlog) == 0 and backlog.take(5) == []


def _backlog_spider(settings=None):
    from scrapy.utils.test import get_crawler

    from crawler.sites import get_site
    from crawler.spiders.base import KhabarSpider

    spider = KhabarSpider(name="namehnews", site=get_site("namehnews"), base_url="http://127.0.0.1:8000")
    spider.crawler = get_crawler(KhabarSpider, settings)
    return spider


class OriginOnlyReferer(RefererMiddleware):
    @classmethod
    def from_crawler(cls, crawler):
        from scrapy.settings import Settings

        settings = Settings(crawler.settings.copy_to_dict())
        settings.set("REFERRER_POLICY", "origin")
        return cls(settings)


@pytest.mark.parametrize("settings, referer", [
    ({"REFERRER_POLICY": "no-referrer"}, None),
    ({"REFERRER_POLICY": "origin"}, b"http://127.0.0.1:8000/"),
    ({"REFERRER_POLICY": "unsafe-url"}, b"http://127.0.0.1:8000/sitemap-1.xml"),
    ({"REFERER_ENABLED": False}, None),
    ({"SPIDER_MIDDLEWARES": {"scrapy.spidermiddlewares.referer.RefererMiddleware": None}}, None),
    # a project's own subclass in Scrapy's place, built as Scrapy builds it
    ({"SPIDER_MIDDLEWARES": {"scrapy.spidermiddlewares.referer.RefererMiddleware": None,
                             f"{__name__}.OriginOnlyReferer": 700}}, b"http://127.0.0.1:8000/"),
])
def test_a_request_made_from_the_backlog_later_follows_the_projects_referrer_policy(settings, referer):
    """A project that sends no Referer (privacy) or only its origin gets
    that on the requests made from the backlog too, as on those its
    spider middlewares see."""
    spider = _backlog_spider(settings)
    spider._backlog.add("http://127.0.0.1:8000/fa/news/700001/x", "sitemap", None,
                        ("http://127.0.0.1:8000/sitemap-1.xml", 1))
    ((made, _),) = spider.entry_requests(1)
    assert made.headers.get("Referer") == referer and made.meta["depth"] == 2


def test_a_request_made_from_the_backlog_later_has_the_referer_and_depth_of_its_sitemap():
    """Made outside the sitemap's callback, it does not pass Scrapy's
    spider middlewares: the spider gives it what they would have."""
    spider = _backlog_spider()
    sitemap = ("http://127.0.0.1:8000/sitemap-1.xml", 1)
    for i in range(3):
        spider._backlog.add(f"http://127.0.0.1:8000/fa/news/{700000 + i}/x", "sitemap", None, sitemap)
    made = [request for request, _ in spider.entry_requests(3)]
    assert [r.headers.get("Referer") for r in made] == [b"http://127.0.0.1:8000/sitemap-1.xml"] * 3
    assert [r.meta["depth"] for r in made] == [2, 2, 2]
    # an https sitemap does not leak into an http request (Scrapy's default policy)
    spider._backlog.add("http://127.0.0.1:8000/fa/news/700009/y", "sitemap", None, ("https://127.0.0.1/s.xml", 0))
    ((plain, _),) = spider.entry_requests(1)
    assert plain.headers.get("Referer") is None and plain.meta["depth"] == 1


def test_entries_not_decided_on_wait_again_when_the_spider_fails_midway():
    spider = _backlog_spider()
    for i in range(5):
        spider._backlog.add(f"http://127.0.0.1:8000/fa/news/{710000 + i}/x", "sitemap", None, None)
    real, calls = spider.candidate, []

    def failing(url, *args, **kwargs):
        calls.append(url)
        if len(calls) == 3:
            raise OSError("the crawl state's disk is full")
        return real(url, *args, **kwargs)

    spider.candidate = failing
    made = []
    try:
        for request, _ in spider.entry_requests(5):
            made.append(request.url)
    except OSError:
        pass
    assert len(made) == 2
    # the failed entry and the two after it are still waiting, in their order
    assert [e[0] for e in spider._backlog.drain()] == [f"http://127.0.0.1:8000/fa/news/{710000 + i}/x" for i in (2, 3, 4)]
