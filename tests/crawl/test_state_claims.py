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
