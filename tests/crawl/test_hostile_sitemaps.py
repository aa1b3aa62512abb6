"""A self-generating sitemap index (/sitemap.xml?page=N -> page=N+1) stops at
KHABAR_SITEMAP_DEPTH, and the number of sitemap documents at
KHABAR_MAX_SITEMAPS (crawler/middlewares/sitemapcap.py), against a real loopback server."""

import pytest

from tests.crawl.hostile import crawl, hostile_server, requests_seen


def sitemap_pages(origin):
    return sorted(int(p.rsplit("=", 1)[1]) for _, p in requests_seen(origin) if p.startswith("/sitemap.xml?page="))


@pytest.mark.parametrize("spider", ["mashregh", "news"])
def test_sitemap_loop_stops_at_the_depth_cap(tmp_path, spider):
    with hostile_server("--sitemap=loop") as origin:
        items, stats, log, rc = crawl(tmp_path, spider, origin)
        pages = sitemap_pages(origin)
    assert rc == 0, log[-3000:]
    assert pages == [1, 2, 3, 4, 5]  # /sitemap.xml (depth 0), then 5 levels of index
    assert stats["khabar/hostile/sitemap_loop"] == 1
    assert len([line for line in log.splitlines() if "KHABAR_SITEMAP_DEPTH" in line]) == 1
    assert len(items) == 3  # the stories linked from the home page


def test_sitemap_count_cap(tmp_path):
    with hostile_server("--sitemap=loop") as origin:
        items, stats, log, rc = crawl(tmp_path, "mashregh", origin, "-s", "KHABAR_SITEMAP_DEPTH=1000",
                                      "-s", "KHABAR_MAX_SITEMAPS=7")
        pages = sitemap_pages(origin)
    assert rc == 0, log[-3000:]
    assert pages == [1, 2, 3, 4, 5, 6, 7]
    assert stats["khabar/skipped/sitemap_cap"] == 1
    assert "khabar/hostile/sitemap_loop" not in stats
