"""Three workers share one frontier on a real Redis and crawl the bundled
mirror of three sites (``scrapy crawlall``, each worker with its own
ARCHIVE_DIR): every article is emitted once in total and its page archived
once in total, also when a worker is killed with -9 mid-crawl and when Redis
restarts mid-crawl."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import ROOT, run_scrapy

from .redis_server import RedisServer, needs_redis

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")
pytest.importorskip("redis", reason="redis-py is not installed (pip install redis)")

pytestmark = needs_redis
SITES = ("namehnews", "mashregh", "alaraby")
WORKERS = 3


def expected_articles() -> list[tuple[str, str]]:
    pairs = []
    for site in SITES:
        truth = json.loads((ROOT / "mirror" / "sites" / site / "expected.json").read_text(encoding="utf-8"))
        pairs += [(site, a["path"]) for a in truth["articles"]]
    return sorted(pairs)


def path_of(url: str) -> str:
    return unquote(urlsplit(url).path)


@pytest.fixture(scope="module")
def mirror():
    with mirror_server.serving(*SITES) as urls:
        yield urls


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def start_worker(archive: Path, mirror: dict, redis_url: str, *settings: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    base_urls = ",".join(f"{site}={mirror[site]}" for site in SITES)
    log = open(archive.with_suffix(".log"), "a")
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawlall", "-a", f"sites={','.join(SITES)}", "-a", f"base_urls={base_urls}",
         "-s", f"ARCHIVE_DIR={archive}", "-s", f"KHABAR_REDIS_URL={redis_url}", "-s", "KHABAR_REDIS_LEASE_SECONDS=4",
         "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO", "-s", "EXTRACTION_WORKERS=0", *settings],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def feed_items(archive: Path) -> list[dict]:
    items = []
    for feed in (archive / "items").glob("*.jsonl"):
        for line in feed.read_text(encoding="utf-8").splitlines():
            try:
                items.append(json.loads(line))
            except ValueError:  # a line cut by kill -9
                pass
    return items


def article_responses(archive: Path, articles: set[tuple[str, str]], mirror: dict) -> list[tuple[str, str]]:
    """(site, path) of each WARC response record of an article page (a WARC
    torn by kill -9 is read up to the tear)."""
    site_of = {urlsplit(url).netloc: site for site, url in mirror.items()}
    found = []
    for warc in (archive / "warc").glob("*.warc.gz*"):
        with open(warc, "rb") as fh:
            try:
                for record in ArchiveIterator(fh):
                    if record.rec_type == "response":
                        uri = record.rec_headers.get_header("WARC-Target-URI")
                        pair = (site_of.get(urlsplit(uri).netloc), path_of(uri))
                        if pair in articles:
                            found.append(pair)
            except Exception:  # the tear
                pass
    return found


def wait_all(workers: list[subprocess.Popen], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    for proc in workers:
        try:
            proc.wait(max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for p in workers:
                p.kill()
            raise AssertionError("a worker did not finish")


def wait_for_items(archives: list[Path], n: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(len(feed_items(a)) for a in archives) >= n:
            return
        time.sleep(0.05)
    raise AssertionError("the workers emitted nothing")


def wait_for_a_busy_worker(archives: list[Path], workers: list[subprocess.Popen], n: int,
                           timeout: float = 60) -> int:
    """The index of a worker still running that has emitted ``n`` stories."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for index, (archive, proc) in enumerate(zip(archives, workers)):
            if proc.poll() is None and len(feed_items(archive)) >= n:
                return index
        time.sleep(0.05)
    raise AssertionError(f"no running worker emitted {n} stories")


def check_outcome(archives: list[Path], mirror: dict, killed: set[int] = frozenset()) -> Counter:
    want = expected_articles()
    items = [(i["site"], path_of(i["url"])) for a in archives for i in feed_items(a)]
    twice = sorted(p for p, n in Counter(items).items() if n > 1)
    assert not twice, f"emitted more than once: {twice}"
    assert sorted(items) == want
    responses = Counter()
    for n, archive in enumerate(archives):
        if n not in killed:
            responses.update(article_responses(archive, set(want), mirror))
    assert sorted(p for p, n in responses.items() if n > 1) == [], "an article page archived twice"
    return responses


def test_three_workers_share_one_frontier(tmp_path, mirror, redis_server):
    archives = [tmp_path / f"worker{n}" for n in range(WORKERS)]
    workers = [start_worker(a, mirror, redis_server.url) for a in archives]
    wait_all(workers)
    logs = [a.with_suffix(".log").read_text() for a in archives]
    assert [w.returncode for w in workers] == [0] * WORKERS, logs[0][-3000:]
    assert not [log for log in logs if "Traceback" in log]
    # every URL a worker met has an outcome there: one another worker took
    # from the shared frontier is "handed_off/other_worker", not unsettled
    assert not [log for log in logs if "never settled" in log]
    assert any("khabar/urls/handed_off/other_worker" in log for log in logs)
    responses = check_outcome(archives, mirror)
    assert sorted(responses) == expected_articles()  # every article page archived, once
    # the work was shared: more than one worker emitted articles
    assert sum(1 for a in archives if feed_items(a)) >= 2
    r = redis_server.client()
    for site in SITES:
        assert r.zcard(f"khabar:{site}:queue") == 0 and r.zcard(f"khabar:{site}:leases") == 0

    # scrapy cluster-status: every frontier empty, the items of all workers, the workers seen
    status = run_scrapy("cluster-status", "--json", "-s", f"KHABAR_REDIS_URL={redis_server.url}")
    assert status.returncode == 0, status.stderr
    shown = json.loads(status.stdout)
    per_site = {f["name"]: (f["queued"], f["leased"], f["items"]) for f in shown["frontiers"]}
    counts = Counter(site for site, _ in expected_articles())
    assert per_site == {site: (0, 0, counts[site]) for site in SITES}
    assert len(shown["workers"]) == WORKERS
    assert shown["stories"] == len(expected_articles())

    # scrapy merge-index: one CDXJ over the three workers' WARCs, each article page once
    merged = tmp_path / "all.cdxj"
    result = run_scrapy("merge-index", *map(str, archives), "-o", str(merged))
    assert result.returncode == 0, result.stderr
    site_of = {urlsplit(url).netloc: site for site, url in mirror.items()}
    pages = []
    for line in merged.read_text(encoding="utf-8").splitlines():
        fields = json.loads(line.split(" ", 2)[2])
        pair = (site_of.get(urlsplit(fields["url"]).netloc), path_of(fields["url"]))
        if pair in set(expected_articles()):
            pages.append(pair)
            assert (tmp_path / fields["filename"]).is_file()
    assert sorted(pages) == expected_articles()

    # scrapy replay over every worker's WARCs: each story once
    replayed = tmp_path / "replayed.jsonl"
    result = run_scrapy("replay", *(str(a / "warc") for a in archives), "-O", str(replayed),
                        "-s", f"ARCHIVE_DIR={tmp_path / 'replay'}", "-s", "REPLAY_WORKERS=1")
    assert result.returncode == 0, result.stderr[-2000:]
    items = [json.loads(line) for line in replayed.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert sorted((i["site"], path_of(i["url"])) for i in items) == expected_articles()


def test_a_worker_killed_mid_crawl_loses_nothing(tmp_path, mirror, redis_server):
    archives = [tmp_path / f"worker{n}" for n in range(WORKERS)]
    slow = ("-s", "DOWNLOAD_DELAY=0.05")  # shared per site: the crawl lasts long enough to kill one
    workers = [start_worker(a, mirror, redis_server.url, *slow) for a in archives]
    # the victim: a worker that has emitted stories and is still crawling (the
    # first to start may take the whole frontier, and a late one none of it)
    victim = wait_for_a_busy_worker(archives, workers, 2)
    survivors = [w for n, w in enumerate(workers) if n != victim]
    r = redis_server.client()
    held = {site: r.hvals(f"khabar:{site}:owners") for site in SITES}
    workers[victim].send_signal(signal.SIGKILL)
    workers[victim].wait(10)
    wait_all(survivors)
    assert [w.returncode for w in survivors] == [0] * (WORKERS - 1)
    assert any(held.values()), "the killed worker held no lease: the test killed it too late"
    # every story is in this run's feeds: one the killed worker's crawl had
    # claimed and not recorded was emitted by the survivor that took its
    # requeued request (its claim died with that crawl), not left to a next run
    emitted = {(i["site"], path_of(i["url"])) for a in archives for i in feed_items(a)}
    assert sorted(emitted) == expected_articles(), "missing from the run the worker was killed in"
    # systemd restarts it: it reads back its feed, drops a line written just
    # before the kill whose story a survivor emitted, and finds nothing to do
    restarted = start_worker(archives[victim], mirror, redis_server.url)
    wait_all([restarted])
    assert restarted.returncode == 0
    responses = check_outcome(archives, mirror, killed={victim})
    dead = Counter(article_responses(archives[victim], set(expected_articles()), mirror))
    # each article page archived by a survivor, or by the killed worker before it died
    assert sorted(set(responses) | set(dead)) == expected_articles()
    logs = "".join(a.with_suffix(".log").read_text() for n, a in enumerate(archives) if n != victim)
    assert "expired leases" in logs
    assert "Traceback" not in logs


def test_redis_restart_mid_crawl_loses_nothing(tmp_path, mirror, redis_server):
    archives = [tmp_path / f"worker{n}" for n in range(WORKERS)]
    # Leases longer than the outage: a lease that expires while Redis is down
    # is fetched again by another worker (at-least-once, the article still
    # emitted once), which is the kill -9 test's subject, not this one's.  With
    # the 4 s leases of the other tests, a 2 s outage plus the reconnection on
    # a loaded machine expired some and an article was archived twice.
    workers = [start_worker(a, mirror, redis_server.url, "-s", "DOWNLOAD_DELAY=0.05",
                            "-s", "KHABAR_REDIS_LEASE_SECONDS=30") for a in archives]
    wait_for_items(archives, 2)
    redis_server.stop()
    time.sleep(2)
    redis_server.start()
    wait_all(workers)
    logs = "".join(a.with_suffix(".log").read_text() for a in archives)
    assert [w.returncode for w in workers] == [0] * WORKERS, logs[-3000:]
    assert "unreachable" in logs and "reachable again" in logs
    assert "Traceback" not in logs
    responses = check_outcome(archives, mirror)
    assert sorted(responses) == expected_articles()


def test_stopping_every_worker_pauses_the_crawl(tmp_path, mirror, redis_server):
    """SIGINT to the only worker (systemctl stop): the queue and the duplicate
    filter stay in Redis, and the next start resumes the crawl where it was."""
    archives = [tmp_path / "worker0", tmp_path / "worker1"]
    first = start_worker(archives[0], mirror, redis_server.url, "-s", "DOWNLOAD_DELAY=0.05")
    wait_for_items(archives[:1], 2)
    first.send_signal(signal.SIGINT)
    wait_all([first])
    r = redis_server.client()
    paused = sum(r.zcard(f"khabar:{site}:queue") for site in SITES)
    assert paused > 0, "the crawl was over before the pause"
    assert sum(r.zcard(f"khabar:{site}:leases") for site in SITES) == 0  # it finished what it held
    second = start_worker(archives[1], mirror, redis_server.url)
    wait_all([second])
    assert second.returncode == 0
    responses = check_outcome(archives, mirror)
    assert sorted(responses) == expected_articles()
