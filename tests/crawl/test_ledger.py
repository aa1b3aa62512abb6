"""Every URL a crawl meets ends in exactly one counted outcome (issue 9).

Real crawls against ``newsroom_server.py``: the ledger's outcomes add up to
the URLs discovered, nothing is left unfinished by a crawl that finished, and
a story whose headline holds a navigation word («بعدی», "next") is still
emitted, not lost as a pagination link.
"""

from __future__ import annotations

import re

import pytest

from tests.crawl.newsroom import Newsroom, crawl, stories, story_id

N = 24


def urls_stats(log: str) -> dict[str, int]:
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"'khabar/urls/([^']+)': (-?\d+)", log)}


@pytest.fixture
def room(tmp_path):
    world = stories(N)
    first = next(iter(world))
    world[first]["title"] = "دور بعدی نشست‌های کارشناسی در تهران برگزار می‌شود"
    newsroom = Newsroom(tmp_path, world)
    yield newsroom, first
    newsroom.stop()


def test_every_url_has_one_outcome_and_a_next_word_headline_is_a_story(room, tmp_path):
    newsroom, tricky = room
    result, items = crawl(tmp_path / "archive", newsroom.url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert {story_id(i) for i in items} == set(stories(N))  # «دور بعدی…» included
    counts = urls_stats(result.stderr)
    outcomes = {k: v for k, v in counts.items() if k not in ("discovered", "accounted")}
    assert sum(outcomes.values()) == counts["discovered"] == counts["accounted"]
    assert not [k for k in outcomes if k.startswith("unfinished/") and outcomes[k]]
    assert outcomes["emitted"] == N
    # both spellings of each story met: one emitted, the other a copy of it
    assert outcomes.get("skipped/same_story", 0) + outcomes.get("duplicate/same_story", 0) == N
    assert outcomes["discovery/sitemap"] == 1 and outcomes["discovery/listing"] == 2  # /sitemap.xml; /, /archive
    assert re.search(rf"URLs: discovered {counts['discovered']} = {N} emitted \+ ", result.stderr)


def test_a_second_run_accounts_for_every_known_story(room, tmp_path):
    newsroom, _ = room
    crawl(tmp_path / "archive", newsroom.url)
    result, items = crawl(tmp_path / "archive", newsroom.url)
    assert result.returncode == 0 and items == []
    counts = urls_stats(result.stderr)
    outcomes = {k: v for k, v in counts.items() if k not in ("discovered", "accounted")}
    assert sum(outcomes.values()) == counts["discovered"]
    assert outcomes.get("emitted", 0) == 0
    assert outcomes["skipped/known"] == 2 * N  # both spellings of every story, known from run 1

