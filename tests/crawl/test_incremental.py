"""Scheduled crawls that remember (issue 8): only what is new, rechecks as
revisits, every edit as a version, lock and bad state refused before any fetch.

Each test runs real ``scrapy crawl mashregh -a base_url=…`` processes against
``newsroom_server.py``, whose stories the test changes between runs.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest

from tests.conftest import ROOT, run_scrapy
from tests.crawl.newsroom import (LOOPBACK, Newsroom, check_warcs, crawl, read_jsonl, stories, story_id,
                                  warc_records)

N = 30


@pytest.fixture
def room(tmp_path):
    newsroom = Newsroom(tmp_path, stories(N))
    yield newsroom
    newsroom.stop()


def article_requests(paths: list[str]) -> list[str]:
    return [p for p in paths if p.removeprefix("C ").startswith("/news/")]


def test_second_run_fetches_and_emits_nothing(room, tmp_path):
    archive = tmp_path / "archive"
    first, items = crawl(archive, room.url)
    assert first.returncode == 0, first.stderr[-3000:]
    assert sorted(story_id(i) for i in items) == sorted(stories(N))
    room.requests()
    responses_before = [r for r in warc_records(archive / "warc") if r[0] == "response"]

    second, again = crawl(archive, room.url)
    assert second.returncode == 0, second.stderr[-3000:]
    assert again == []
    served = room.requests()
    assert article_requests(served) == []  # discovery only: robots.txt, sitemap, listings
    assert {"/robots.txt", "/sitemap.xml", "/archive"} <= set(served)
    responses_after = [r for r in warc_records(archive / "warc") if r[0] == "response"]
    assert [r for r in responses_after if "/news/" in r[1]] == [r for r in responses_before if "/news/" in r[1]]
    assert "nothing new: 0 articles, 0 article pages fetched" in second.stderr


def test_new_edited_and_recovered_stories_and_revisits(room, tmp_path):
    archive = tmp_path / "archive"
    broken = list(stories(N))[:3]
    for sid in broken:
        room.world["stories"][sid]["status"] = 404
    room.world["stories"][list(stories(N))[3]]["validators"] = False
    room.save()
    first, items = crawl(archive, room.url)
    assert first.returncode == 0, first.stderr[-3000:]
    assert sorted(story_id(i) for i in items) == sorted(set(stories(N)) - set(broken))
    by_id = {story_id(i): i for i in items}

    # between runs: 5 new stories, 4 edited (sitemap lastmod moves), the 3 broken ones mended
    edited = list(stories(N))[10:14]
    new = stories(5, first=1700001)
    room.world["stories"].update(new)
    for sid in edited:
        room.world["stories"][sid]["rev"] = 2
    for sid in broken:
        room.world["stories"][sid]["status"] = 200
    room.save()
    room.requests()
    second, items2 = crawl(archive, room.url, "-a", "recheck=30")
    assert second.returncode == 0, second.stderr[-3000:]
    got = {story_id(i): i for i in items2}
    assert set(got) == set(new) | set(edited) | set(broken)
    assert len(items2) == len(got)
    for sid in edited:
        assert got[sid]["version"] == 2
        assert got[sid]["previous"] == {"fetched_at": by_id[sid]["fetched_at"], "warc": by_id[sid]["warc"]}
        assert "ویرایش 2" in got[sid]["text"] or "ویرایش ۲" in got[sid]["text"]
    for sid in set(new) | set(broken):
        assert got[sid]["version"] == 1 and got[sid]["previous"] is None

    # unchanged stories were rechecked with validators and archived as revisits
    served = room.requests()
    conditional = {p.split("/")[2] for p in served if p.startswith("C /news/")}
    unchanged = set(stories(N)) - set(edited) - set(broken) - {list(stories(N))[3]}
    assert unchanged <= conditional
    revisits = [r for r in warc_records(archive / "warc") if r[0] == "revisit"]
    profiles = {}
    for _, uri, headers in revisits:
        profiles.setdefault(headers["WARC-Profile"].rsplit("/", 1)[-1], set()).add(uri.split("/")[4])
        assert headers["WARC-Refers-To-Target-URI"] and headers["WARC-Refers-To-Date"]
    assert profiles["server-not-modified"] == unchanged
    assert profiles["identical-payload-digest"] == {list(stories(N))[3]}
    assert check_warcs(archive / "warc") >= 2

    # replaying the whole archive gives every version, numbered as the crawls did
    out = tmp_path / "replay.jsonl"
    result = run_scrapy("replay", str(archive / "warc"), "-O", str(out), "--progress", "off")
    assert result.returncode == 0, result.stderr[-3000:]
    replayed = {(story_id(i), i["version"]) for i in read_jsonl(out)}
    crawled = {(story_id(i), i["version"]) for i in items + items2}
    assert replayed == crawled


def test_failures_are_retried_a_bounded_number_of_runs(room, tmp_path):
    archive = tmp_path / "archive"
    sid = list(stories(N))[0]
    room.world["stories"][sid]["status"] = 500
    room.save()
    asked = []
    for _ in range(4):
        room.requests()
        result, _ = crawl(archive, room.url, "-s", "KHABAR_MAX_ATTEMPTS=3", "-s", "RETRY_TIMES=0")
        assert result.returncode == 0, result.stderr[-3000:]
        asked.append(any(p.startswith(f"/news/{sid}") for p in room.requests()))
    assert asked == [True, True, True, False]
    db = sqlite3.connect(archive / "state.sqlite")
    assert db.execute("SELECT outcome, attempts FROM urls WHERE url LIKE ?", (f"%/news/{sid}/%",)).fetchone() == ("failed", 3)


def test_a_second_run_on_a_locked_archive_exits_at_once(room, tmp_path):
    archive = tmp_path / "archive"
    slow = subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "mashregh", "-a", f"base_url={room.url}",
                             "-s", f"ARCHIVE_DIR={archive}", "-s", "DOWNLOAD_DELAY=2", "-s", "CONCURRENT_REQUESTS=1",
                             "-s", "AUTOTHROTTLE_ENABLED=0"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while not (archive / "warc").exists() and time.time() < deadline:
            time.sleep(0.2)
        started = time.time()
        result = run_scrapy("crawl", "mashregh", "-a", f"base_url={room.url}", "-s", f"ARCHIVE_DIR={archive}", *LOOPBACK)
        assert result.returncode == 75
        assert time.time() - started < 30
        assert "another run of this spider is still working on this archive" in result.stderr
        assert "Traceback" not in result.stderr
        # wrote nothing: the only feed and WARC files are the first run's
        assert len(list((archive / "items").glob("*.jsonl"))) == 1
        assert all(f"-{slow.pid}.warc.gz" in p.name for p in (archive / "warc").iterdir()), \
            list((archive / "warc").iterdir())
    finally:
        slow.kill()
        slow.wait()


def test_a_state_database_it_cannot_use_is_refused(room, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "state.sqlite").write_bytes(b"this is not a database" * 100)
    result, items = crawl(archive, room.url)
    assert result.returncode == 1 and items == []
    assert "state.sqlite: not a usable Khabar state database" in result.stderr
    assert not (archive / "warc").exists()

    newer = tmp_path / "newer.sqlite"
    db = sqlite3.connect(newer)
    db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                     "INSERT INTO meta VALUES ('application', 'khabar-crawl-state'), ('schema', '99');")
    db.commit()
    db.close()
    result, items = crawl(archive, room.url, "-s", f"KHABAR_STATE={newer}")
    assert result.returncode == 1 and items == []
    assert "written by a newer Khabar" in result.stderr


@pytest.fixture
def mounted(tmp_path):
    """A tmpfs mount point (needs root); mount options per test."""
    made = []

    def mount(options: str):
        point = tmp_path / f"mnt{len(made)}"
        point.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({result.stderr.decode().strip()}); needs root")
        made.append(point)
        return point

    yield mount
    for point in made:
        subprocess.run(["umount", "-l", str(point)])


@pytest.mark.parametrize("options, message", [
    ("ro,size=4m", "cannot write to the archive directory (Read-only file system)"),
    ("size=4m", "MB free (KHABAR_MIN_FREE_MB is 64)"),
], ids=["read-only", "full"])
def test_an_archive_it_cannot_write_is_refused_before_any_fetch(room, mounted, options, message):
    archive = mounted(options)
    room.requests()
    result, _ = crawl(archive, room.url)
    assert result.returncode == 1, result.stderr[-2000:]
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert room.requests() == []  # nothing fetched, robots.txt included


def test_kill_9_at_random_moments_loses_and_repeats_nothing(tmp_path):
    """Crawls killed with SIGKILL at random moments, then one that finishes:
    across all runs' JSON Lines every story exactly once, every line whole,
    every WARC readable."""
    import json
    import random
    from collections import Counter

    room = Newsroom(tmp_path, stories(150))
    archive = tmp_path / "archive"
    rng = random.Random(20261203)
    cmd = [sys.executable, "-m", "scrapy", "crawl", "mashregh", "-a", f"base_url={room.url}",
           "-s", f"ARCHIVE_DIR={archive}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0.01",
           "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "LOG_LEVEL=WARNING"]
    try:
        def written() -> int:
            return sum(p.stat().st_size for p in (archive / "items").glob("*.jsonl")) if (archive / "items").exists() else 0

        for _ in range(5):
            before = written()
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.time() + 60  # kill once this run is writing items, at a random moment
            while written() == before and proc.poll() is None and time.time() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0, 1.5))
            proc.kill()
            proc.wait()
        final = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert final.returncode == 0, final.stderr[-3000:]
        feeds = sorted((archive / "items").glob("*.jsonl"))
        killed_feeds = [f for f in feeds if f.read_bytes().strip()]
        assert len(killed_feeds) >= 2, "no kill landed mid-crawl"
        ids = Counter()
        for feed in feeds:
            data = feed.read_bytes()
            assert not data or data.endswith(b"\n"), feed  # no partial last line
            for line in data.splitlines():
                ids[story_id(json.loads(line))] += 1
        assert set(ids) == set(stories(150))
        assert [sid for sid, n in ids.items() if n != 1] == []
        assert not list((archive / "warc").glob("*.open"))
        assert check_warcs(archive / "warc") >= 2
    finally:
        room.stop()


def test_a_newer_sitemap_lastmod_alone_brings_the_new_version(room, tmp_path):
    archive = tmp_path / "archive"
    first, items = crawl(archive, room.url)
    assert first.returncode == 0 and len(items) == N
    edited = list(stories(N))[5]
    room.world["stories"][edited]["rev"] = 3
    room.world["stories"][edited]["modified"] = datetime.now(timezone.utc).isoformat()  # edited after run 1
    room.save()
    room.requests()
    second, items2 = crawl(archive, room.url, "-s", "KHABAR_LASTMOD_SKEW_SECONDS=0")  # no -a recheck
    assert second.returncode == 0, second.stderr[-3000:]
    assert [(story_id(i), i["version"]) for i in items2] == [(edited, 2)]
    assert [p for p in article_requests(room.requests())] == [f"C /news/{edited}/" + _slug(edited)]


def _slug(sid):
    sys.path.insert(0, str(ROOT / "tests" / "crawl"))
    from newsroom_server import slug

    return slug(sid)


def test_crawlall_runs_every_site_spider_with_one_summary(tmp_path):
    mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")
    from crawler.sites import spider_sites

    names = [s.name for s in spider_sites() if s.name in mirror_server.list_sites()]
    archive = tmp_path / "archive"
    with mirror_server.serving(*names) as urls:
        pairs = ",".join(f"{name}={urls[name]}" for name in names)
        runs = [run_scrapy("crawlall", "-a", f"base_urls={pairs}", "-s", f"ARCHIVE_DIR={archive}", *LOOPBACK)
                for _ in range(2)]
    for result in runs:
        assert result.returncode == 0, result.stderr[-3000:]
    first, second = (r.stderr for r in runs)
    for name in names:
        expected = json.loads((ROOT / "mirror" / "sites" / name / "expected.json").read_text(encoding="utf-8"))
        assert re.search(rf"^{name}\s+{len(expected['articles'])}\s+0\s", first, re.M), first[-2000:]
        assert re.search(rf"^{name}\s+0\s+0\s", second, re.M), second[-2000:]  # only failures retried
    total = sum(len(json.loads((ROOT / "mirror" / "sites" / n / "expected.json").read_text())["articles"]) for n in names)
    assert f"crawlall: {total} new articles from {len(names)} sites" in first
    assert f"crawlall: 0 new articles from {len(names)} sites" in second
    # the sites' crawls share one set of extraction processes, started once
    for log in (first, second):
        assert re.findall(r"Extraction workers: (\d+) processes", log) == ["2"], log[-3000:]


def test_a_mirror_on_another_port_next_time_is_still_the_same_site(tmp_path):
    """The state remembers article URLs in the site's live form, so a mirror
    served on a new port for the next run (as `make demo` does) fetches nothing."""
    archive = tmp_path / "archive"
    first_room = Newsroom(tmp_path, stories(N))
    try:
        first, items = crawl(archive, first_room.url)
    finally:
        first_room.stop()
    assert first.returncode == 0 and len(items) == N
    (tmp_path / "again").mkdir()
    room = Newsroom(tmp_path / "again", stories(N))
    try:
        second, again = crawl(archive, room.url, "-a", "recheck=30")
        served = room.requests()
    finally:
        room.stop()
    assert second.returncode == 0, second.stderr[-3000:]
    assert again == []
    # only conditional rechecks of the stories, on the new port; no plain article fetch
    assert [p for p in article_requests(served) if not p.startswith("C ")] == []
    assert len([p for p in served if p.startswith("C /news/")]) == N


def test_stories_max_articles_left_out_are_fetched_by_the_next_run(room, tmp_path):
    """``-a max_articles=N`` stops a run early; the stories it fetched but did
    not emit are not "known": the next run emits them, and the two runs
    together emit every story once."""
    archive = tmp_path / "archive"
    first, items = crawl(archive, room.url, "-a", "max_articles=5")
    assert first.returncode == 0, first.stderr[-3000:]
    assert len(items) == 5
    second, rest = crawl(archive, room.url)
    assert second.returncode == 0, second.stderr[-3000:]
    emitted = [story_id(i) for i in items + rest]
    assert sorted(emitted) == sorted(stories(N))
