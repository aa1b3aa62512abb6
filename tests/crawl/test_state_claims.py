"""A story this run emitted is held in memory (its claim) only until the
crawl state has written it: then the store answers for it, so a long run
does not keep every story it emitted.  A write that fails keeps the claim
(the run still knows the story is its own)."""

import sqlite3

from scrapy.utils.test import get_crawler

from crawler.identity import story_keys
from crawler.sites import definition_named
from crawler.state import Story
from crawler.state.extension import CrawlState
from crawler.state.sqlite import SqliteStore

URL = "http://www.mashreghnews.ir/news/1500001/%D8%AE%D8%A8%D8%B1"


def state_and_story(tmp_path):
    state = CrawlState(get_crawler(), SqliteStore(tmp_path / "state.sqlite"), tmp_path)
    keys = story_keys(URL, None, definition_named("mashregh"))
    story = Story(key=keys[0], site="mashregh", url=URL, version=1, text_digest="sha1:T", run=state.run, keys=keys)
    item = {"url": URL, "site": "mashregh", "text": "متن", "published": None, "fetched_at": "2026-12-03T00:00:00Z"}
    return state, story, item


def test_a_claim_is_dropped_once_the_store_holds_its_story(tmp_path):
    state, story, item = state_and_story(tmp_path)
    assert state.claim(story)
    assert set(state._claims) == set(story.keys) and len(story.keys) >= 2
    assert state.find_story(story.keys) is story  # from memory: not yet written
    state.item_scraped(item)
    assert state._claims == {}
    found = state.find_story(story.keys)  # from the store now
    assert (found.key, found.url, found.version, found.run, sorted(found.keys)) == \
        (story.key, URL, 1, state.run, sorted(story.keys))
    assert state.store.url(state.url_key(URL)).outcome == "done"


def test_a_claim_is_kept_when_the_write_fails(tmp_path):
    state, story, item = state_and_story(tmp_path)
    assert state.claim(story)
    state.store.db.close()  # the database is gone (disk pulled): every write fails
    state.store.db = sqlite3.connect(":memory:", isolation_level=None)  # no tables: writes raise
    state.store.db.execute("PRAGMA query_only=ON")
    state.item_scraped(item)
    assert set(state._claims) == set(story.keys)  # still this run's
    assert state.find_story(story.keys) is story


def test_an_item_without_a_response_records_where_and_when_it_was_captured(tmp_path):
    """``scrapy replay`` yields its articles from start(), with no response:
    the URL's record takes the capture time and WARC record from the item."""
    state, story, item = state_and_story(tmp_path)
    item["warc"] = {"file": "khabar-mashregh-x.warc.gz", "offset": 1234, "record_id": "<urn:uuid:abc>"}
    state.claim(story)
    state.item_scraped(item, response=None)
    record = state.store.url(state.url_key(URL))
    assert (record.outcome, record.story, record.fetched_at, record.record_id, record.status) == \
        ("done", story.key, "2026-12-03T00:00:00Z", "<urn:uuid:abc>", None)


def test_a_redirected_requisite_is_known_under_the_url_the_page_asked_for(tmp_path):
    """A stylesheet that redirected is remembered under the URL the page
    links (the next run meets that URL, not the target), holding the
    target's capture."""
    from scrapy.http import Request, Response

    state, _, _ = state_and_story(tmp_path)
    asked, target = "http://127.0.0.1:8000/static/a.css", "http://127.0.0.1:8000/static/a.css?v=2"
    request = Request(target, meta={"redirect_urls": [asked], "fetched_at": "2026-12-03T00:00:00Z",
                                    "warc_record": {"record_id": "<urn:uuid:css>"}, "payload_digest": "sha1:C"})
    response = Response(target, status=200, headers={"ETag": '"e1"'}, request=request)
    state.requisite_captured(response)
    known = state.requisite(asked)
    assert (known.url, known.record_id, known.payload_digest, known.etag, known.outcome) == \
        (target, "<urn:uuid:css>", "sha1:C", '"e1"', "requisite")
    assert state.requisite(target) is None  # not under the target


def test_a_feed_line_is_read_back_after_a_crash_until_its_own_story_is_recorded(tmp_path):
    """Items finish their pipelines out of order: the second line can be in
    the feed when the first item is recorded.  Recording the first must not
    commit the feed past the second: killed before the second is recorded,
    the next start reads it back and records its story (it was taken as
    recorded, and its story was neither recorded nor read back)."""
    import json

    state, _, _ = state_and_story(tmp_path)
    feed = tmp_path / "items" / "mashregh-2026-12-03T00-00-00.jsonl"
    feed.parent.mkdir()
    first = {"url": URL, "site": "mashregh", "text": "یک", "published": None, "fetched_at": "2026-12-03T00:00:00Z",
             "warc": {"file": "khabar-mashregh-20261203000000000000-00000-a-1.warc.gz", "offset": 0}}
    second = dict(first, url=URL.replace("1500001", "1500002"), text="دو")
    ends = []
    with open(feed, "wb") as fh:
        for item in (first, second):
            fh.write(json.dumps(item, ensure_ascii=False).encode("utf-8") + b"\n")
            ends.append(fh.tell())
            state.feed_written(str(feed), fh.tell(), item)
    state.item_scraped(first)
    assert state.store.feed_offset(str(feed)) == ends[0]
    # killed here; the next start
    again = CrawlState(get_crawler(), state.store, tmp_path)
    assert again.recover_feeds("mashregh") == 1
    assert again.store.feed_offset(str(feed)) == ends[1]
    assert again.store.url(again.url_key(second["url"])).outcome == "done"
    assert [json.loads(line)["url"] for line in feed.read_text(encoding="utf-8").splitlines()] == \
        [first["url"], second["url"]]


def test_a_feed_is_committed_past_lines_recorded_out_of_order(tmp_path):
    state, _, item = state_and_story(tmp_path)
    items = [dict(item, url=URL.replace("1500001", f"150000{n}")) for n in (1, 2, 3)]
    for n, each in enumerate(items):
        state.feed_written("feed.jsonl", 100 * (n + 1), each)
    committed = []
    for each in (items[1], items[2], items[0]):
        state.item_scraped(each)
        committed.append(state.store.feed_offset("feed.jsonl"))
    assert committed == [0, 0, 300]


def test_a_line_whose_item_a_later_pipeline_drops_or_fails_does_not_hold_the_feed_back(tmp_path):
    """A pipeline after the feed's that drops an item or raises on it: that
    line is settled too, so the feed's committed offset goes on past it and
    the lines written after it are not held in memory for the rest of the run."""
    from scrapy.exceptions import DropItem

    state, _, item = state_and_story(tmp_path)
    items = [dict(item, url=URL.replace("1500001", f"150000{n}")) for n in range(1, 6)]
    for n, each in enumerate(items):
        state.feed_written("feed.jsonl", 100 * (n + 1), each)
    state.item_dropped(items[0], exception=DropItem("dropped after the feed"))
    state.item_error(items[1], failure=None)
    for each in items[2:]:
        state.item_scraped(each)
    assert state.store.feed_offset("feed.jsonl") == 500
    assert not state._feed_lines["feed.jsonl"]
