"""Crawl, whole-crawl replay and ``scrapy replay`` emit the same items from one archive.

A Mashregh-shaped site where no page names a canonical URL and every story is
linked under two spellings: ``/news/<id>`` (answering 200 with the story
itself for half the stories, 301 to the full URL for the others) and
``/news/<id>/<slug>``.  The three paths must agree line for line.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_scrapy
from tests.crawl.newsroom import Newsroom, crawl, read_jsonl, stories, story_id

N = 40


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("emission")
    room = Newsroom(tmp, stories(N))
    archive = tmp / "archive"
    result, items = crawl(archive, room.url, "-s", "KHABAR_STATE=")
    assert result.returncode == 0, result.stderr[-3000:]
    yield {"room": room, "archive": archive, "items": items, "log": result.stderr, "tmp": tmp}
    room.stop()


def lines(items):
    return {json.dumps(i, ensure_ascii=False, sort_keys=True) for i in items}


def test_the_crawl_emits_every_story_once(crawled):
    ids = [story_id(i) for i in crawled["items"]]
    assert len(ids) == N
    assert set(ids) == set(stories(N))
    assert all(i["version"] == 1 and i["previous"] is None for i in crawled["items"])


def test_scrapy_replay_gives_the_crawls_items_exactly(crawled, tmp_path):
    out = tmp_path / "replay.jsonl"
    result = run_scrapy("replay", str(crawled["archive"] / "warc"), "-O", str(out), "--progress", "off",
                        "-s", "REPLAY_WORKERS=2")
    assert result.returncode == 0, result.stderr[-3000:]
    assert lines(read_jsonl(out)) == lines(crawled["items"])  # every field, warc and fetched_at too


def test_whole_crawl_replay_gives_the_crawls_items(crawled, tmp_path):
    crawled["room"].stop()  # nothing listens: every answer comes from the archive
    out = tmp_path / "items.jsonl"
    result = run_scrapy("crawl", "mashregh", "-a", f"base_url={crawled['room'].url}", "-O", str(out),
                        "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}", "-s", f"WARC_REPLAY={crawled['archive'] / 'warc'}",
                        "-s", "KHABAR_STATE=", "-s", "LOG_LEVEL=INFO")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Connection refused" not in result.stderr
    assert lines(read_jsonl(out)) == lines(crawled["items"])
