"""End to end: the real spiders crawl the bundled mirror over loopback.

Each site's mirror states its ground truth in ``mirror/sites/<site>/expected.json``:
the article pages (every one must be emitted exactly once), the non-article
pages (never emitted) and the paths robots.txt forbids (never fetched).
Every registry site is crawled, by its own spider or (aggregators) by
``news -a site=<name>``; a site the mirror does not hold is skipped, saying so.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.sites import SITES as REGISTRY, get_site, spider_sites
from tests.conftest import ROOT, mirrored_sites, run_scrapy, site_params

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")

MIRRORED = mirrored_sites()
NO_MIRROR = "no mirror/sites/{} to crawl"
SITES = [site.name for site in spider_sites()]  # each crawled by its own spider
AGGREGATORS = [site.name for site in REGISTRY.values() if not site.own_spider]  # by news -a site=<name>
LOOPBACK = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]
SCHEMA = json.loads((ROOT / "schema" / "article.schema.json").read_text())


def expected(site: str) -> dict:
    return json.loads((ROOT / "mirror" / "sites" / site / "expected.json").read_text(encoding="utf-8"))


def path_of(url: str) -> str:
    return unquote(urlsplit(url).path)


def crawl(tmp: Path, spider: str, *args: str) -> tuple[list[dict], Path, str]:
    out = tmp / "items.jsonl"
    result = run_scrapy("crawl", spider, *args, "-O", str(out), "-s", f"ARCHIVE_DIR={tmp / 'archive'}", *LOOPBACK)
    assert result.returncode == 0, result.stderr[-3000:]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items, tmp / "archive", result.stderr


@pytest.fixture(scope="module")
def mirror():
    with mirror_server.serving(*sorted(MIRRORED & set(REGISTRY))) as urls:
        yield urls


@pytest.fixture(scope="module")
def crawls(mirror, tmp_path_factory):
    results = {}
    for site in (s for s in SITES if s in mirror):
        tmp = tmp_path_factory.mktemp(site)
        results[site] = crawl(tmp, site, "-a", f"base_url={mirror[site]}")
    return results


@pytest.mark.parametrize("site", site_params(SITES, MIRRORED, NO_MIRROR))
def test_every_article_found_once_and_nothing_else(crawls, site):
    items, _, log = crawls[site]
    truth = expected(site)
    want = sorted(a["path"] for a in truth["articles"])
    got = sorted(path_of(i["url"]) for i in items)
    assert len(got) == len(set(got)), f"emitted twice: {[p for p in got if got.count(p) > 1]}"
    non_articles = {n["path"] for n in truth["non_articles"]}
    assert not non_articles & set(got), "non-article pages emitted"
    assert got == want


@pytest.mark.parametrize("site", site_params(SITES, MIRRORED, NO_MIRROR))
def test_items_follow_the_schema(crawls, site):
    items, _, _ = crawls[site]
    for item in items:
        jsonschema.validate(item, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        assert item["site"] == site
        assert item["text"].strip() and item["word_count"] > 0
        assert item["warc"]["file"].endswith(".warc.gz")


@pytest.mark.parametrize("site", site_params(SITES, MIRRORED, NO_MIRROR))
def test_items_carry_the_bylines_the_pages_show(crawls, site):
    items, _, _ = crawls[site]
    want = {a["path"]: a["authors"] for a in expected(site)["articles"]}
    assert {path_of(i["url"]): i["authors"] for i in items} == want


@pytest.mark.parametrize("site", site_params(SITES, MIRRORED, NO_MIRROR))
def test_robots_disallowed_paths_never_fetched(crawls, site):
    _, archive, _ = crawls[site]
    forbidden = expected(site)["must_not_fetch"]
    fetched = []
    for warc in (archive / "warc").glob("*.warc.gz"):
        with open(warc, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "request":
                    fetched.append(path_of(record.rec_headers.get_header("WARC-Target-URI")))
    assert fetched, "nothing archived"
    assert "/robots.txt" in fetched
    bad = [p for p in fetched if any(p.startswith(f) for f in forbidden)]
    assert not bad, f"fetched robots-disallowed pages: {bad}"


def test_generic_spider_finds_the_same_articles(mirror, tmp_path):
    items, _, _ = crawl(tmp_path, "news", "-a", f"site={mirror['mashregh']}")
    got = sorted(path_of(i["url"]) for i in items)
    want = sorted(a["path"] for a in expected("mashregh")["articles"])
    assert len(got) == len(set(got))
    assert got == want


@pytest.mark.parametrize("aggregator", site_params(AGGREGATORS, MIRRORED, NO_MIRROR))
def test_aggregators_through_their_definitions(mirror, tmp_path, aggregator):
    items, _, _ = crawl(tmp_path, "news", "-a", f"site={aggregator}", "-a", f"base_url={mirror[aggregator]}")
    got = sorted(path_of(i["url"]) for i in items)
    assert got == sorted(a["path"] for a in expected(aggregator)["articles"])


def test_since_until_window(mirror, tmp_path):
    site = "alaraby"
    truth = expected(site)["articles"]
    zone = ZoneInfo(get_site(site).timezone)
    days = sorted({datetime.fromisoformat(a["published"]).astimezone(zone).date() for a in truth})
    assert len(days) >= 3, "the mirror should spread articles over several days"
    since, until = days[1], days[-2]
    items, _, _ = crawl(tmp_path, site, "-a", f"base_url={mirror[site]}",
                        "-a", f"since={since}", "-a", f"until={until}")
    want = sorted(a["path"] for a in truth
                  if since <= datetime.fromisoformat(a["published"]).astimezone(zone).date() <= until)
    assert sorted(path_of(i["url"]) for i in items) == want


def test_max_articles_stops_the_crawl(mirror, tmp_path):
    items, _, log = crawl(tmp_path, "mashregh", "-a", f"base_url={mirror['mashregh']}", "-a", "max_articles=3")
    assert len(items) == 3
    assert "max_articles" in log


@pytest.mark.parametrize("spider, args, message", [
    ("mashregh", ["since=yesterday"], "since= must be a date as YYYY-MM-DD, got 'yesterday'"),
    ("mashregh", ["since=2023-05-01", "until=2023-04-01"], "since=2023-05-01 is after -a until=2023-04-01"),
    ("mashregh", ["max_articles=abc"], "max_articles= must be a whole number above 0, got 'abc'"),
    ("alaraby", ["base_url=example.com"], "base_url= must be an http(s) origin"),
    ("news", [], "needs -a site="),
    ("news", ["site=nope"], "must be a URL or one of"),
])
def test_bad_arguments_are_one_line_usage_errors(tmp_path, spider, args, message):
    result = run_scrapy("crawl", spider, *[x for a in args for x in ("-a", a)], "-s", f"ARCHIVE_DIR={tmp_path}")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "warc").exists()  # nothing was fetched or written


@pytest.mark.parametrize("site", site_params(SITES, MIRRORED, NO_MIRROR))
def test_every_url_met_has_one_outcome(crawls, site):
    """The URL ledger on the mirror: outcomes add up to the URLs discovered, and a
    crawl that ran to its end leaves none unsettled (redirects to a URL already
    requested included)."""
    _, _, log = crawls[site]
    counts = {m.group(1): int(m.group(2)) for m in re.finditer(r"'khabar/urls/([^']+)': (-?\d+)", log)}
    discovered = counts.pop("discovered")
    counts.pop("accounted")
    assert sum(counts.values()) == discovered
    assert {k: v for k, v in counts.items() if k.startswith("unfinished/") and v} == {}
    assert "never settled" not in log
    assert counts["emitted"] == len(expected(site)["articles"])


@pytest.mark.parametrize("site", site_params(SITES, MIRRORED, NO_MIRROR))
def test_replay_of_the_mirror_crawl_gives_the_same_lines_and_every_zwnj(crawls, site, tmp_path):
    items, archive, _ = crawls[site]
    out = tmp_path / "replay.jsonl"
    result = run_scrapy("replay", str(archive / "warc"), "-O", str(out), "--progress", "off")
    assert result.returncode == 0, result.stderr[-3000:]
    replayed = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    key = lambda i: json.dumps(i, ensure_ascii=False, sort_keys=True)  # noqa: E731
    assert sorted(map(key, replayed)) == sorted(map(key, items))
    # every ZWNJ of the page's paragraphs is in the text written out (Persian sites)
    truth = {a["path"]: a for a in expected(site)["articles"]}
    for item in items:
        paragraphs = truth[path_of(item["url"])].get("paragraphs") or []
        want = sum(p.count("\u200c") for p in paragraphs if isinstance(p, str))
        assert item["text"].count("\u200c") >= want, item["url"]



def url_outcomes(log: str) -> tuple[int, dict]:
    counts = {m.group(1): int(m.group(2)) for m in re.finditer(r"'khabar/urls/([^']+)': (-?\d+)", log)}
    discovered = counts.pop("discovered")
    assert counts.pop("accounted") == discovered
    return discovered, counts


def backlog_stat(log: str, name: str) -> int:
    found = re.search(rf"'khabar/backlog/{name}': (\d+)", log)
    return int(found.group(1)) if found else 0


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    """namehnews at 300 stories (mirror/scale.py: the benchmark's site),
    served by nginx, else twisted: its sitemaps name every story."""
    from mirror.scale import write_scaled
    from mirror.static import serving_static

    tree = tmp_path_factory.mktemp("scaled")
    manifest = write_scaled(tree, 300, ["namehnews"])
    with serving_static(tree, ["namehnews"]) as (_, urls):
        yield urls["namehnews"], {unquote(a) for a in manifest["namehnews"]["articles"]}, tree


def test_sitemap_entries_made_into_requests_as_the_frontier_drains(scaled, tmp_path):
    """``KHABAR_FRONTIER_ENTRIES=8``: a sitemap's entries wait as URLs and
    become requests a few articles ahead of the scheduler (crawler/backlog.py):
    every story found once, every URL settled, as when all are queued at once."""
    origin, articles, _ = scaled
    runs = {}
    for ahead in (0, 8):
        items, _, log = crawl(tmp_path / str(ahead), "namehnews", "-a", f"base_url={origin}",
                              "-s", f"KHABAR_FRONTIER_ENTRIES={ahead}")
        got = sorted(path_of(i["url"]) for i in items)
        assert got == sorted(articles)
        discovered, counts = url_outcomes(log)
        assert sum(counts.values()) == discovered
        assert {k: v for k, v in counts.items() if k.startswith("unfinished/") and v} == {}
        most = re.search(r"'khabar/frontier/most_articles_waiting': (\d+)", log)
        runs[ahead] = (discovered, counts, backlog_stat(log, "requested_later"), int(most.group(1)))
    assert runs[0][:2] == runs[8][:2]  # the same URLs met, with the same outcomes
    # 8 ahead: most requests made after the sitemap's callback, as the frontier drained,
    # and far fewer articles waiting at once than when a sitemap queues them all
    assert runs[8][2] > len(articles) // 4
    assert runs[0][3] > len(articles) // 2 and runs[8][3] < runs[0][3] // 2


def test_entries_still_waiting_when_max_articles_stops_the_crawl_are_counted(scaled, tmp_path):
    origin, articles, _ = scaled
    items, _, log = crawl(tmp_path, "namehnews", "-a", f"base_url={origin}", "-a", "max_articles=5",
                          "-s", "KHABAR_FRONTIER_ENTRIES=8")
    assert len(items) == 5
    discovered, counts = url_outcomes(log)
    assert sum(counts.values()) == discovered
    # the sitemaps' entries never made into requests are met, and unfinished, all the same
    assert backlog_stat(log, "left_unrequested") > 0
    assert discovered >= len(articles)
    assert counts["unfinished/max_articles"] > 0


def test_scrapy_parse_of_a_sitemap_shows_every_entry(scaled, tmp_path):
    """``scrapy parse -c parse_sitemap``: every entry a request of the callback
    (with the backlog, only the first 64 would be shown)."""
    origin, _, tree = scaled
    sitemap = next(tree.rglob("sitemap/posts-1.xml"))
    locs = {unquote(path_of(u)) for u in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))}
    result = run_scrapy("parse", "--spider=namehnews", "-a", f"base_url={origin}", "-c", "parse_sitemap",
                        "-s", f"ARCHIVE_DIR={tmp_path}", *LOOPBACK, f"{origin}/sitemap/posts-1.xml")
    assert result.returncode == 0, result.stderr[-3000:]
    shown = {unquote(path_of(u)) for u in re.findall(r"<GET (\S+)>", result.stdout)}
    assert shown == locs and len(locs) > 64


def test_pages_batched_to_the_workers_give_the_same_stories(scaled, tmp_path):
    """``EXTRACTION_BATCH`` (4 in Khabar's settings): the article pages a
    turn of the event loop asks for go to a worker as one task.  The same
    stories, with the same fields, as one page per task; and batches do form
    (fewer tasks than pages)."""
    origin, articles, _ = scaled
    fields = ("url", "title", "text", "lead", "authors", "published", "language", "section", "tags")
    runs = {}
    for batch in (1, None):
        args = ["-s", f"EXTRACTION_BATCH={batch}"] if batch else []
        items, _, log = crawl(tmp_path / str(batch), "namehnews", "-a", f"base_url={origin}", *args)
        assert sorted(path_of(i["url"]) for i in items) == sorted(articles)
        tasks = int(re.search(r"'khabar/extraction/tasks': (\d+)", log).group(1))
        pages = int(re.search(r"'khabar/extraction/pages': (\d+)", log).group(1))
        runs[batch] = ({tuple(json.dumps(i.get(f), sort_keys=True, ensure_ascii=False) for f in fields)
                        for i in items}, tasks, pages)
    assert runs[1][0] == runs[None][0]
    assert runs[1][1] == runs[1][2] >= len(articles)
    assert runs[None][2] >= len(articles) and runs[None][1] < runs[None][2]
