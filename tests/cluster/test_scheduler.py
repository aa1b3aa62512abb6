"""The Redis scheduler on a real Redis, without a crawl: priorities, the
shared duplicate filter, leases that expire back to the queue, and an
acknowledgement that cannot take a lease away from the worker now holding it."""

from __future__ import annotations

import time

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from .redis_server import RedisServer, needs_redis

pytest.importorskip("redis", reason="redis-py is not installed (pip install redis)")
pytestmark = needs_redis


class Site(Spider):
    name = "site"

    def parse(self, response):
        pass


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def worker(url: str, name: str, lease: float = 60):
    from crawler.cluster.scheduler import RedisScheduler

    crawler = get_crawler(Site, {"KHABAR_REDIS_URL": url, "KHABAR_REDIS_LEASE_SECONDS": lease})
    crawler.spider = Site()
    scheduler = RedisScheduler.from_crawler(crawler)
    scheduler.worker = name or scheduler.worker
    scheduler.frontier = "site"
    scheduler.spider = crawler.spider
    scheduler.fingerprinter = crawler.request_fingerprinter
    return scheduler


def drain(scheduler) -> list[str]:
    urls = []
    while (request := scheduler.next_request()) is not None:
        urls.append(request.url)
    return urls


def test_priorities_then_first_in_first_out(redis_server):
    a = worker(redis_server.url, "a")
    for path, priority in [("/1", 0), ("/2", 5), ("/3", 0), ("/4", 5), ("/5", -1)]:
        assert a.enqueue_request(Request(f"http://x.test{path}", priority=priority))
    assert drain(a) == [f"http://x.test{p}" for p in ("/2", "/4", "/1", "/3", "/5")]


def test_one_duplicate_filter_for_all_workers(redis_server):
    a, b = worker(redis_server.url, "a"), worker(redis_server.url, "b")
    assert a.enqueue_request(Request("http://x.test/page"))
    assert not b.enqueue_request(Request("http://x.test/page"))
    assert b.enqueue_request(Request("http://x.test/page", dont_filter=True))
    # two spellings of one article URL are one article
    assert a.enqueue_request(Request("http://x.test/news/1?utm_source=x", meta={"kind": "article"}))
    assert not b.enqueue_request(Request("http://www.x.test/news/1/", meta={"kind": "article"}))
    assert sorted(drain(a)) == ["http://x.test/news/1?utm_source=x", "http://x.test/page", "http://x.test/page"]


def test_an_expired_lease_goes_back_to_the_queue(redis_server):
    a, b = worker(redis_server.url, "a", lease=0.5), worker(redis_server.url, "b", lease=0.5)
    a.enqueue_request(Request("http://x.test/slow", priority=3))
    taken = a.next_request()
    assert taken.url == "http://x.test/slow"
    assert b.next_request() is None  # leased, not queued
    assert b.has_pending_requests()  # ... but the crawl is not over
    time.sleep(0.7)  # "a" died: no renewal
    again = b.next_request()
    assert again is not None and again.url == "http://x.test/slow" and again.priority == 3
    # "a" comes back and acknowledges: b's lease stands
    a._ack_ids([taken.meta["khabar_lease"]])
    r = redis_server.client()
    assert r.zcard("khabar:site:leases") == 1
    assert r.hget("khabar:site:owners", again.meta["khabar_lease"]) == b"b"
    b._ack_ids([again.meta["khabar_lease"]])
    assert r.zcard("khabar:site:leases") == 0 and r.hlen("khabar:site:requests") == 0
    b.leased.clear()  # (what _acknowledge does after its ack)
    b._pending_cache = (0.0, True)
    assert not b.has_pending_requests()


def test_renewed_leases_do_not_expire(redis_server):
    a, b = worker(redis_server.url, "a", lease=0.5), worker(redis_server.url, "b", lease=0.5)
    a.enqueue_request(Request("http://x.test/long"))
    a.next_request()
    for _ in range(4):
        time.sleep(0.2)
        a._heartbeat()
    assert b.next_request() is None


def test_a_crawls_liveness_expires_with_its_leases(redis_server):
    """One script renews a crawl's liveness key and its leases: the key never
    outlives a lease of the crawl (a requeued request's story can be claimed
    by the worker that took it), and a closed crawl's key is gone at once."""
    a = worker(redis_server.url, "host-1/site/aaaaaa", lease=30)
    a.enqueue_request(Request("http://x.test/1"))
    a.enqueue_request(Request("http://x.test/2"))
    first = a.next_request()
    a._heartbeat()
    second = a.next_request()  # leased after the beat: its lease ends later
    r = redis_server.client()
    alive_until = r.pexpiretime("khabar:worker:host-1/site/aaaaaa")
    leases = {rid: r.zscore("khabar:site:leases", rid) for rid in a.leased}
    assert alive_until == leases[first.meta["khabar_lease"]] - 1
    assert alive_until < leases[second.meta["khabar_lease"]]
    a.close("shutdown")
    assert r.exists("khabar:worker:host-1/site/aaaaaa") == 0


def test_cluster_status_shows_workers_and_their_crawls(redis_server):
    """Two crawls of this process (crawlall) and one of another worker: two
    workers, three crawls, each with its leases."""
    from crawler.cluster.connection import RedisLink, process_id
    from crawler.cluster.status import cluster_status, render

    here = [worker(redis_server.url, None) for _ in range(2)]  # named as in a crawl
    there = worker(redis_server.url, "elsewhere-9/site/bbbbbb")
    assert all(s.worker.startswith(process_id() + "/site/") for s in here) and here[0].worker != here[1].worker
    for path in ("/1", "/2", "/3"):
        here[0].enqueue_request(Request(f"http://x.test{path}"))
    for scheduler in (here[0], here[0], there):
        scheduler.next_request()
    for scheduler in (*here, there):
        scheduler._heartbeat()
    status = cluster_status(RedisLink(redis_server.url))
    assert set(status.workers) == {process_id(), "elsewhere-9"}
    assert set(status.crawls) == {here[0].worker, here[1].worker, there.worker}
    assert status.frontiers[0].leases_by_crawl == {here[0].worker: 2, there.worker: 1}
    shown = render(status, redis_server.url).splitlines()
    assert "workers seen in the last minute: 2 (3 crawls)" in shown
    lines = {line.split()[0]: line.split()[-2] for line in shown if line.endswith(" leases")}
    assert lines == {process_id(): "2", here[0].worker.split("/", 1)[1]: "2", here[1].worker.split("/", 1)[1]: "0",
                     "elsewhere-9": "1", "site/bbbbbb": "1"}


def test_a_requeued_article_recorded_as_done_is_not_fetched_again(redis_server, tmp_path):
    """Its worker recorded the story, then died before acknowledging: the
    next worker to take it skips it, also when the crawl reads a mirror
    (``-a base_url``, URLs recorded in the site's own form)."""
    from crawler.state import UrlRecord
    from crawler.state.extension import CrawlState
    from crawler.state.sqlite import SqliteStore

    class Mirrored(Site):
        def live_url(self, url):
            return url.replace("http://127.0.0.1:9/", "http://x.test/")

    a, b = worker(redis_server.url, "a", lease=0.3), worker(redis_server.url, "b", lease=0.3)
    state = CrawlState(b.crawler, SqliteStore(tmp_path / "state.sqlite"), tmp_path)
    b.crawler.spider = b.spider = Mirrored()
    b.crawler.get_extension = lambda cls: state if cls is CrawlState else None
    for path in ("/news/1", "/news/2"):
        a.enqueue_request(Request(f"http://127.0.0.1:9{path}", meta={"kind": "article"}))
    assert [a.next_request().url for _ in range(2)] == ["http://127.0.0.1:9/news/1", "http://127.0.0.1:9/news/2"]
    state.store.save_url(UrlRecord(key=state.url_key("http://127.0.0.1:9/news/1"), url="http://x.test/news/1",
                                   outcome="done"))
    time.sleep(0.4)  # "a" died
    assert drain(b) == ["http://127.0.0.1:9/news/2"]
    assert b.stats.get_value("khabar/cluster/requeued_known") == 1
