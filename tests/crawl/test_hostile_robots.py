"""robots.txt by RFC 9309 against a real loopback server (crawler/middlewares/robots.py).

``Disallow: /`` blocks every request, start requests included (Scrapy's own
middleware let most requests waiting for robots.txt through); a robots.txt
answering 5xx or not answering at all means complete disallow; 4xx allows all.
"""

import pytest

from tests.crawl.hostile import crawl, hostile_server, requests_seen

START_REQUESTS = {"news": 19, "mashregh": 6}  # probes, feeds, sitemaps, seed listings


def paths(origin):
    return [p for _, p in requests_seen(origin)]


@pytest.mark.parametrize("spider,robots", [("news", "disallow"), ("mashregh", "disallow"),
                                           ("news", "disallow-khabar")])
def test_disallow_all_blocks_every_request(tmp_path, spider, robots):
    with hostile_server(f"--robots={robots}") as origin:
        items, stats, log, rc = crawl(tmp_path, spider, origin)
        seen = paths(origin)
    assert rc == 0, log[-3000:]
    assert seen == ["/robots.txt"]
    assert items == []
    assert stats["khabar/robots/forbidden"] == START_REQUESTS[spider]


@pytest.mark.parametrize("spider,robots", [("news", "500"), ("mashregh", "500"), ("mashregh", "timeout"),
                                           ("news", "bomb")])
def test_unreachable_robots_means_complete_disallow(tmp_path, spider, robots):
    with hostile_server(f"--robots={robots}") as origin:
        items, stats, log, rc = crawl(tmp_path, spider, origin, "-s", "KHABAR_ROBOTSTXT_TIMEOUT=1",
                                      "-s", "RETRY_TIMES=1")
        seen = paths(origin)
    assert rc == 0, log[-3000:]
    assert set(seen) == {"/robots.txt"}
    assert items == []
    assert stats["khabar/robots/unreachable"] == 1
    assert stats["khabar/robots/forbidden"] == START_REQUESTS[spider]
    assert "Traceback" not in log
    warnings = [line for line in log.splitlines() if "] WARNING:" in line or "] ERROR:" in line]
    if robots == "bomb":  # Scrapy's own line for the cut-off decompression, then Khabar's
        assert len(warnings) == 2 and "robots.txt unreachable" in warnings[1], warnings
    else:
        assert len(warnings) == 1, warnings


def test_robots_404_allows_everything(tmp_path):
    with hostile_server("--robots=404") as origin:
        items, stats, log, rc = crawl(tmp_path, "mashregh", origin)
    assert rc == 0, log[-3000:]
    assert sorted(i["url"].rsplit("/", 2)[1] for i in items) == ["1600001", "1600002", "1600003"]
    assert stats["khabar/robots/unavailable"] == 1
    assert "khabar/robots/forbidden" not in stats
