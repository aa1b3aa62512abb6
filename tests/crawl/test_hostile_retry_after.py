"""429/503 with Retry-After are retried after the delay asked, within a cap
(crawler/middlewares/retry_after.py), against a real loopback server."""

import time
from email.utils import formatdate

import pytest

from crawler.middlewares.retry_after import retry_after_seconds
from tests.crawl.hostile import crawl, hostile_server, requests_seen

LINKS = "--links=/news/1700001/ra-seconds,/news/1700002/ra-date,/news/1700003/ra-long"


def test_retry_after_values():
    now = time.time()
    assert retry_after_seconds(b"7") == 7
    assert retry_after_seconds(formatdate(now + 30, usegmt=True).encode(), now=now) == pytest.approx(30, abs=1)
    assert retry_after_seconds(formatdate(now - 30, usegmt=True).encode(), now=now) == 0
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(b"-3") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize("spider", ["mashregh", "news"])
def test_retry_after_is_honoured_within_the_cap(tmp_path, spider):
    with hostile_server(LINKS) as origin:
        items, stats, log, rc = crawl(tmp_path, spider, origin, "-s", "KHABAR_RETRY_AFTER_MAX=60")
        seen = requests_seen(origin)
    assert rc == 0, log[-3000:]
    times = {}
    for t, path in seen:
        times.setdefault(path, []).append(t)
    # seconds: retried once, 2 s later at the earliest
    first, second = times["/news/1700001/ra-seconds"]
    assert second - first >= 1.9
    # HTTP date (whole seconds) 2 s ahead: at least one second later
    first, second = times["/news/1700002/ra-date"]
    assert second - first >= 1.0
    # beyond the cap: asked once, given up, counted
    assert len(times["/news/1700003/ra-long"]) == 1
    assert stats["khabar/retry_after/over_cap"] == 1
    assert stats["khabar/retry_after/waited"] == 2
    ids = sorted(i["url"].rsplit("/", 2)[1] for i in items)
    assert ids == ["1600001", "1600002", "1600003", "1700001", "1700002"]
