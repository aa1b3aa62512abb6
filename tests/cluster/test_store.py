"""RedisStore on a real Redis: the SqliteStore interface, shared by workers,
and story claims that one worker wins while it is alive."""

from __future__ import annotations

import time

import pytest

from crawler.state import Story, UrlRecord

from .redis_server import RedisServer, needs_redis

pytest.importorskip("redis", reason="redis-py is not installed (pip install redis)")
pytestmark = needs_redis


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def store(url: str, worker: str):
    from crawler.cluster.connection import RedisLink
    from crawler.cluster.store import RedisStore

    return RedisStore(RedisLink(url), worker=worker)


def story(version: int = 1, run: str = "run-a") -> Story:
    return Story(key="site:42", site="site", url="http://x.test/news/42", version=version, text_digest="d1",
                 run=run, fetched_at="2026-12-01T10:00:00Z", warc={"file": "w.warc.gz", "offset": 1},
                 published="2026-12-01T09:00:00+03:30", keys=["site:42", "x.test/news/42"])


def test_one_state_for_all_workers(redis_server):
    a, b = store(redis_server.url, "a"), store(redis_server.url, "b")
    with a.transaction():
        a.save_story(story())
        a.save_url(UrlRecord(key="x.test/news/42", url="http://x.test/news/42", outcome="done", story="site:42",
                             etag='"e1"', published="2026-12-01T05:30:00Z"))
        a.save_url(UrlRecord(key="x.test/news/43", url="http://x.test/news/43", outcome="failed", attempts=1))
        assert a.url("x.test/news/42").etag == '"e1"'  # read back inside the transaction
        assert b.url("x.test/news/42") is None  # not committed yet
    assert b.find_story(["x.test/news/42"]) == story()
    assert b.find_story(["nope", "site:42"]).key == "site:42"
    assert b.url("x.test/news/43").attempts == 1
    assert [r.key for r in b.recent_urls("2026-11-30T00:00:00Z")] == ["x.test/news/42"]
    assert list(b.recent_urls("2026-12-02T00:00:00Z")) == []
    a.save_feed_offset("/archive/items/site-1.jsonl", 120)
    assert a.feed_offset("/archive/items/site-1.jsonl") == 120
    assert a.feed_offset("/archive/items/other.jsonl") == 0


def test_a_failed_transaction_writes_nothing(redis_server):
    a = store(redis_server.url, "a")
    with pytest.raises(RuntimeError):
        with a.transaction():
            a.save_story(story())
            raise RuntimeError("the item was not written")
    assert a.find_story(["site:42"]) is None


def test_a_claim_is_won_by_one_live_worker(redis_server):
    a, b = store(redis_server.url, "a"), store(redis_server.url, "b")
    r = redis_server.client()
    assert a.claim(story())  # no scheduler: its claim keeps it alive for a lease
    assert 0 < r.pttl("khabar:worker:a") <= 60_000
    assert a.claim(story())  # its own claim again
    assert not b.claim(story(run="run-b"))
    partial = story(run="run-b")
    partial.keys = ["x.test/news/42"]  # the same story under one of its keys only
    assert not b.claim(partial)
    assert b.claim(story(version=2, run="run-b"))  # the next version is another claim
    r.delete("khabar:worker:a")  # a died before recording the story
    assert b.claim(story(run="run-b"))
    assert r.get("khabar:claim:site:42:1") == b"b"


def test_a_store_no_scheduler_drives_is_alive_for_a_lease_after_its_claim(redis_server):
    """A script or a test claims without a scheduler beating for it: its
    claims hold for one lease after its last, then any worker takes them."""
    from crawler.cluster.connection import RedisLink
    from crawler.cluster.store import RedisStore

    a = RedisStore(RedisLink(redis_server.url), lease_seconds=0.4)
    b = store(redis_server.url, "b")
    assert a.worker != b.worker
    assert a.claim(story())
    assert not b.claim(story(run="run-b"))
    time.sleep(0.5)
    assert b.claim(story(run="run-b"))
    assert not a.claim(story())  # b is alive now


def test_a_restarted_worker_drops_a_line_another_worker_emitted(redis_server, tmp_path):
    """Killed between its feed line and its record, a worker's story was
    emitted again by a survivor; at its restart its feed loses that line, and
    keeps (and records) a line nobody else emitted."""
    import json

    from scrapy.utils.test import get_crawler

    from crawler.identity import story_keys
    from crawler.sites import definition_named
    from crawler.state.extension import CrawlState

    survivor = store(redis_server.url, "b")
    emitted_twice = {"url": "http://www.mashreghnews.ir/news/1500001/x", "site": "mashregh", "text": "one",
                     "warc": {"file": "khabar-mashregh-20261203000000000000-00000-a-1.warc.gz"}}
    only_here = {"url": "http://www.mashreghnews.ir/news/1500002/y", "site": "mashregh", "text": "two",
                 "warc": {"file": "khabar-mashregh-20261203000000000000-00000-a-1.warc.gz"}}
    keys = story_keys(emitted_twice["url"], None, definition_named("mashregh"))
    survivor.save_story(Story(key=keys[0], site="mashregh", url=emitted_twice["url"], version=1, text_digest="x",
                              run="run-of-the-survivor", keys=keys))
    feed = tmp_path / "items" / "mashregh-2026-12-03T00-00-00.jsonl"
    feed.parent.mkdir(parents=True)
    feed.write_text("".join(json.dumps(i) + "\n" for i in (emitted_twice, only_here)), encoding="utf-8")

    restarted = store(redis_server.url, "a2")
    state = CrawlState(get_crawler(), restarted, tmp_path)
    assert state.recover_feeds("mashregh") == 1
    assert [json.loads(line)["url"] for line in feed.read_text(encoding="utf-8").splitlines()] == [only_here["url"]]
    assert restarted.feed_offset(str(feed)) == feed.stat().st_size
    assert restarted.find_story(story_keys(only_here["url"], None, definition_named("mashregh"))) is not None


def test_an_article_another_worker_claimed_is_dropped_as_a_duplicate(redis_server, tmp_path):
    """The story pipeline of a worker that loses a claim drops the item with
    the ledger's ``duplicate`` outcome (it raised TypeError, logged as a
    traceback, when a Redis restart let two workers fetch one article)."""
    from scrapy.utils.test import get_crawler

    from crawler.identity import story_keys
    from crawler.sites import definition_named
    from crawler.state.extension import CrawlState
    from pipelines.stories import Dropped, StoryPipeline

    r = redis_server.client()
    r.set("khabar:worker:a", "mashregh")  # worker a is alive and holds the claim
    url = "http://www.mashreghnews.ir/news/1500001/x"
    winner = store(redis_server.url, "a")
    keys = story_keys(url, None, definition_named("mashregh"))
    assert winner.claim(Story(key=keys[0], site="mashregh", url=url, version=1, text_digest="d", run="run-a",
                              keys=keys))

    crawler = get_crawler()
    state = CrawlState(crawler, store(redis_server.url, "b"), tmp_path)
    crawler.get_extension = lambda cls: state  # the pipeline finds the crawl state here
    crawler.spider = None
    pipeline = StoryPipeline.from_crawler(crawler)
    pipeline.open_spider()
    item = {"url": url, "site": "mashregh", "text": "متن", "title": "t", "published": None,
            "warc": {"file": "khabar-mashregh-20261203000000000000-00000-b-1.warc.gz", "offset": 0}}
    with pytest.raises(Dropped) as dropped:
        pipeline.process_item(item)
    assert dropped.value.outcome == "duplicate"
    assert crawler.stats.get_value("khabar/cluster/claimed_elsewhere") == 1
    assert crawler.stats.get_value("khabar/articles") is None
    # the URL is not recorded as done: the claimant records it when it emits;
    # if it died first (its liveness key outlived its lease), a later fetch
    # must still capture the story
    state.item_dropped(item, exception=dropped.value)
    assert state.store.url(state.url_key(url)) is None


def crawl_of_this_process(url: str, archive, spider: str, lease: float):
    """One crawl of this process as Scrapy builds it: its crawl state on
    Redis and its scheduler, opened (``scrapy crawlall`` runs one per site in
    a process).  The scheduler's 0.5 s loop needs a running reactor: the test
    beats for it (``_heartbeat``, what each tick does)."""
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from crawler.cluster.scheduler import RedisScheduler
    from crawler.state.extension import CrawlState

    spidercls = type(spider, (Spider,), {"name": spider})
    crawler = get_crawler(spidercls, {"KHABAR_REDIS_URL": url, "KHABAR_REDIS_LEASE_SECONDS": lease,
                                      "ARCHIVE_DIR": str(archive)})
    crawler.spider = spidercls()
    state = CrawlState.from_crawler(crawler)
    crawler.get_extension = lambda cls: state if cls is CrawlState else None
    scheduler = RedisScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    scheduler._loop.stop()
    return scheduler, state


def beat_for(seconds: float, *schedulers) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for scheduler in schedulers:
            scheduler._heartbeat()
        time.sleep(0.05)


def test_a_claim_dies_with_the_crawl_that_made_it(redis_server, tmp_path):
    """Two crawls of one process (``crawlall``): one dies while the other
    goes on beating.  Once the dead crawl's lease has passed, a worker that
    fetched the same story takes its claim over, in this run; the live
    crawl's claim is still refused.  (With one liveness key per process, the
    live crawl kept the dead one's claims alive: the story was dropped as
    claimed elsewhere, by a worker that had taken its requeued request.)"""
    lease = 0.6
    dead, dead_state = crawl_of_this_process(redis_server.url, tmp_path / "a", "alpha", lease)
    alive, alive_state = crawl_of_this_process(redis_server.url, tmp_path / "b", "beta", lease)
    other = store(redis_server.url, "elsewhere-7/alpha/0c0c0c")  # a worker on another machine
    mine, theirs = story(), story(run="run-c")
    later, later_theirs = story(), story(run="run-c")
    for s in (later, later_theirs):
        s.key, s.url, s.keys = "site:43", "http://x.test/news/43", ["site:43", "x.test/news/43"]
    assert dead_state.claim(mine)
    assert alive_state.claim(later)
    assert not other.claim(theirs)  # both crawls alive: refused
    assert not other.claim(later_theirs)

    beat_for(lease * 2, alive)  # "alpha" is dead: no beat, its lease passes
    assert other.claim(theirs)
    assert not other.claim(later_theirs)  # "beta" beats: its claim holds
    r = redis_server.client()
    assert r.get("khabar:claim:site:42:1").decode() == other.worker
    assert r.get("khabar:claim:site:43:1").decode() == alive.worker
    assert {dead.worker, alive.worker} == {dead_state.store.worker, alive_state.store.worker}
    assert dead.worker != alive.worker
    alive.close("finished")  # a crawl that ends lets its claims go at once
    assert other.claim(later_theirs)
