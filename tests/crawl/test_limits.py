"""``DEPTH_LIMIT`` and ``URLLENGTH_LIMIT`` (crawler/middlewares/limits.py):
every URL they drop ends in its own outcome, and a sitemap's entries meet
them alike whether made into requests at once or later from the backlog."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import run_scrapy

pytest.importorskip("mirror.scale", reason="the mirror generator is not in this tree")

SITE = "namehnews"


ARTICLES = 300  # more stories than the listing pages reach first: some are made later, from the backlog


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    """A generated mirror of SITE (``mirror.scale``), served by a static server:
    (origin, the article paths)."""
    from mirror.scale import write_scaled
    from mirror.static import serving_static

    tree = tmp_path_factory.mktemp("scaled")
    manifest = write_scaled(tree, ARTICLES, [SITE])
    with serving_static(tree, [SITE]) as (_, urls):
        yield urls[SITE], manifest[SITE]["articles"]


def crawl(tmp: Path, base_url: str, *settings: str) -> tuple[set[str], dict, str]:
    out = tmp / "items.jsonl"
    args = ["crawl", SITE, "-a", f"base_url={base_url}", "-O", str(out), "-s", f"ARCHIVE_DIR={tmp / 'archive'}",
            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]
    for setting in settings:
        args += ["-s", setting]
    result = run_scrapy(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    paths = {unquote(urlsplit(json.loads(line)["url"]).path) for line in out.read_text(encoding="utf-8").splitlines()}
    [report] = (tmp / "archive" / "reports").glob("*.json")
    stats = json.loads(report.read_text(encoding="utf-8"))["stats"]
    return paths, stats, result.stderr


def url_length_limit(origin: str, paths: list[str]) -> int:
    """A URLLENGTH_LIMIT that half the stories' URLs are within."""
    lengths = sorted(len(origin) + len(urlsplit(_quoted(p)).path) for p in paths)
    return lengths[len(lengths) // 2]


def _quoted(path: str) -> str:
    from w3lib.url import safe_url_string

    return safe_url_string("http://h" + path)


@pytest.mark.parametrize("depth", [1, 2])
def test_the_depth_limit_finds_the_same_stories_however_the_entries_are_made(scaled, tmp_path, depth):
    """A story first met beyond the limit (a sitemap's entry, three pages
    down) and then within it (a section page) is fetched: the dropped request
    is forgotten and its outcome replaced.  So the stories found do not depend
    on the order pages are met: the same whether the sitemap's entries are
    requests at once or made later from the backlog.  Every URL dropped for
    good is ``skipped/depth_limit``; none is left unsettled."""
    origin, paths = scaled
    runs = {}
    for ahead in ("0", "2"):
        found, stats, log = crawl(tmp_path / ahead, origin, f"DEPTH_LIMIT={depth}", f"KHABAR_FRONTIER_ENTRIES={ahead}")
        assert found and found <= set(paths)
        assert not [k for k in stats if k.startswith("khabar/urls/unfinished")]
        assert stats["khabar/urls/discovered"] == stats["khabar/urls/accounted"]
        assert stats["khabar/urls/emitted"] == len(found)
        assert stats["request_depth_max"] == depth
        assert "never settled" not in log
        runs[ahead] = found, stats.get("khabar/urls/skipped/depth_limit", 0)
    assert runs["0"] == runs["2"]
    if depth == 1:
        assert runs["0"][1] > 0 and len(runs["0"][0]) < len(paths)  # the limit leaves stories out


def test_what_the_url_length_limit_drops_is_counted_and_the_backlog_meets_it_too(scaled, tmp_path):
    origin, paths = scaled
    limit = url_length_limit(origin, paths)
    within = {p for p in paths if len(origin) + len(urlsplit(_quoted(p)).path) <= limit}
    # KHABAR_FRONTIER_ENTRIES=0: every sitemap entry is a request yielded from
    # the sitemap's callback; =2: two are, the rest are made later, from the backlog
    at_once, at_once_stats, at_once_log = crawl(tmp_path / "at_once", origin, f"URLLENGTH_LIMIT={limit}",
                                                "KHABAR_FRONTIER_ENTRIES=0")
    later, later_stats, later_log = crawl(tmp_path / "later", origin, f"URLLENGTH_LIMIT={limit}",
                                          "KHABAR_FRONTIER_ENTRIES=2")
    assert later_stats["khabar/backlog/requested_later"] > 0
    assert at_once == later == within
    assert 0 < len(within) < len(paths)
    for stats, log in ((at_once_stats, at_once_log), (later_stats, later_log)):
        assert stats["khabar/urls/skipped/url_length"] > 0
        assert not [k for k in stats if k.startswith("khabar/urls/unfinished")]
        assert stats["khabar/urls/discovered"] == stats["khabar/urls/accounted"]
        assert "never settled" not in log


def test_without_limits_nothing_is_skipped_for_them(scaled, tmp_path):
    origin, paths = scaled
    found, stats, _ = crawl(tmp_path, origin, "KHABAR_FRONTIER_ENTRIES=2")
    assert stats["khabar/backlog/requested_later"] > 0  # the backlog's path is taken here
    assert found == set(paths)
    assert not [k for k in stats if re.match(r"khabar/urls/skipped/(depth_limit|url_length)", k)]


# -- the pieces, one at a time ------------------------------------------------

def test_a_limits_outcome_gives_way_to_what_the_url_turns_out_to_be():
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from crawler.ledger import UrlLedger, identity

    crawler = get_crawler(Spider)
    ledger = UrlLedger(crawler)
    page, story, long = ("https://www.namehnews.ir/tag/x", "https://www.namehnews.ir/fa/news/1",
                         "https://www.namehnews.ir/fa/news/2")
    for url in (page, story, long):
        assert ledger.discovered(url)
        assert ledger.settle(url, "skipped/depth_limit" if url != long else "skipped/url_length")
    assert not ledger.settle(page, "skipped/depth_limit")  # dropped again: still one outcome
    assert ledger.settle(page, "discovery/listing")  # reached within the limit after all, and read
    assert ledger.settle(page, "emitted")  # ... and it was a story
    assert ledger.settle(story, "emitted")
    ledger.spider_closed(reason="finished")
    stats = crawler.stats.get_stats()
    assert {k: v for k, v in stats.items() if v} == {
        "khabar/urls/discovered": 3, "khabar/urls/emitted": 2, "khabar/urls/skipped/url_length": 1,
        "khabar/urls/accounted": 3}
    assert identity(stats) == "discovered 3 = 2 emitted + 1 skipped"


def _spider():
    from tests.crawl.test_frontier import _backlog_spider

    return _backlog_spider()


def test_entries_waiting_from_another_page_are_not_yielded_from_this_one():
    """Yielded from a page's callback, a request gets that page's depth from
    Scrapy's DepthMiddleware: an entry read on another page is made apart."""
    spider = _spider()
    sitemap, feed = ("http://127.0.0.1:8000/sitemap-1.xml", 1), ("http://127.0.0.1:8000/rss", 2)
    spider._backlog.add("http://127.0.0.1:8000/fa/news/700001/a", "sitemap", None, sitemap)
    spider._backlog.add("http://127.0.0.1:8000/fa/news/700002/b", "feed", None, feed)
    made = {request.url.rsplit("/", 2)[-2]: later for request, later in spider.entry_requests(5, page=feed[0])}
    assert made == {"700001": True, "700002": False}


def test_a_dropped_request_is_forgotten_as_far_as_the_limit_says():
    import scrapy

    from crawler.keyset import key_hash
    from crawler.urls import url_key

    spider = _spider()
    # a seed listing (not in the page budget) dropped: the budget is untouched
    seed = spider.make("http://127.0.0.1:8000/", spider.parse_listing, "pagination")
    spider.forget_request(seed)
    assert spider.pages_fetched == {"listing": 0, "pagination": 0}
    # a budgeted listing dropped by the depth limit: budget back, asked for again from a shallower page
    tag = spider.listing_request("http://127.0.0.1:8000/tag/x", 1)
    tag.meta["depth"] = 3
    spider.forget_request(tag)
    assert spider.pages_fetched["listing"] == 0 and url_key(tag.url) not in spider._listings_seen
    assert spider._too_deep == {key_hash(url_key(tag.url)): 3}
    # a story dropped for its URL's length stays asked for (the same URL is as long next time)
    story = spider.article_request("http://127.0.0.1:8000/fa/news/700009/x", "sitemap", 1)
    spider.forget_request(story, again=False)
    assert url_key(story.url) in spider._articles_seen
    assert isinstance(story, scrapy.Request)


def test_a_url_dropped_for_depth_is_passed_over_from_pages_as_deep_only():
    from crawler.keyset import key_hash
    from crawler.links import Link
    from crawler.urls import url_key

    spider = _spider()
    story = spider.article_request("http://127.0.0.1:8000/fa/news/700010/x", "article_link", 3)
    story.meta["depth"] = 3
    spider.forget_request(story)
    key = url_key(story.url)
    link = Link(story.url, key, "article", key_hash(key))
    other = Link("http://127.0.0.1:8000/fa/news/700011/y", "k", "article", key_hash("k"))
    assert [spider.dropped_as_deep(link, d) for d in (2, 3, 4)] == [False, True, True]
    assert not spider.dropped_as_deep(other, 4)
    # asked for again from a shallower page, it is a request again
    assert spider.article_request(story.url, "article_link", 2) is not None
