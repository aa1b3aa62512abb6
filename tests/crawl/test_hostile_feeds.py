"""Broken feeds, sitemaps and pages against a real loopback server: one bad
date costs one date, never the document (crawler/discovery.py); random bytes
served as text/html are not an article (crawler/extraction/decode.py)."""

import pytest

from tests.crawl.hostile import crawl, hostile_server


@pytest.mark.parametrize("spider", ["mashregh", "news"])
def test_bad_dates_cost_one_date_not_the_document(tmp_path, spider):
    with hostile_server("--sitemap=baddate", "--rss=baddate") as origin:
        items, stats, log, rc = crawl(tmp_path, spider, origin)
    assert rc == 0, log[-3000:]
    ids = sorted(i["url"].rsplit("/", 2)[1] for i in items)
    # 1610001 is listed only by the sitemap, 1610002 only by the feed, each with a bad date
    assert ids == ["1600001", "1600002", "1600003", "1610001", "1610002"]
    assert stats["khabar/bad_date"] == 2
    assert "khabar/bad_sitemap" not in stats and "khabar/bad_feed" not in stats


@pytest.mark.parametrize("spider", ["mashregh", "news"])
def test_random_bytes_served_as_html_are_not_an_article(tmp_path, spider):
    with hostile_server("--links=/news/1900001/random") as origin:
        items, stats, log, rc = crawl(tmp_path, spider, origin)
    assert rc == 0, log[-3000:]
    ids = sorted(i["url"].rsplit("/", 2)[1] for i in items)
    assert ids == ["1600001", "1600002", "1600003"]
    assert stats["khabar/non_article/binary"] == 1
