"""End to end on the bundled mirror: real spiders, real WARCs, replay both ways.

Crawls each mirrored site with its spider, then checks the issue's measures:
``warcio check`` passes, FastWARC reads every record and verifies digests,
every item's ``warc`` pointer leads to the response record of its URL, gzip
responses are stored encoded; ``scrapy replay`` of the crawl's WARC gives the
same items field for field; ``scrapy crawl -s WARC_REPLAY=…`` with the mirror
stopped finds the same articles without any network access.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastwarc.warc import ArchiveIterator as FastIterator, WarcRecordType

from crawler.sites import spider_sites
from tests.archive.helpers import read_items
from tests.conftest import run_scrapy

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror (mirror/server.py) is not built")

LOOPBACK = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "KHABAR_DEFAULT_FEED=False"]
MIDDLEWARES = ('DOWNLOADER_MIDDLEWARES={"crawler.archive.capture.WarcCaptureMiddleware": 650, '
               '"crawler.archive.replay.WarcReplayMiddleware": 950}')
SITES = [site.name for site in spider_sites()]  # a site the mirror lacks is skipped below


@pytest.fixture(scope="module", params=SITES)
def mirror_crawl(request, tmp_path_factory):
    SITE = request.param
    if SITE not in mirror_server.list_sites():
        pytest.skip(f"mirror has no {SITE}")
    tmp = tmp_path_factory.mktemp("mirror")
    proc, urls = mirror_server.start_subprocess([SITE])
    try:
        out = tmp / "items.jsonl"
        result = run_scrapy("crawl", SITE, "-a", f"base_url={urls[SITE]}", "-O", str(out),
                            "-s", f"ARCHIVE_DIR={tmp / 'archive'}", "-s", MIDDLEWARES, *LOOPBACK)
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        mirror_server.stop_subprocess(proc)  # from here on nothing answers on that port
    items = read_items(out)
    assert items, result.stderr[-3000:]
    return {"site": SITE, "tmp": tmp, "items": items, "warc_dir": tmp / "archive" / "warc", "base": urls[SITE],
            "lines": out.read_text(encoding="utf-8").splitlines()}


def test_warcio_check_and_fastwarc_digests(mirror_crawl):
    files = sorted(mirror_crawl["warc_dir"].glob("*.warc.gz"))
    assert files
    warcio_cli = Path(sys.executable).parent / "warcio"
    for f in files:
        r = subprocess.run([str(warcio_cli), "check", str(f)], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        with open(f, "rb") as fh:  # block digests: before any HTTP parsing
            n = 0
            for rec in FastIterator(fh, parse_http=False):
                assert rec.verify_block_digest(), rec.record_id
                n += 1
            assert n > 1
        with open(f, "rb") as fh:
            for rec in FastIterator(fh, parse_http=True, record_types=WarcRecordType.response):
                assert rec.verify_payload_digest(), rec.headers.get("WARC-Target-URI")


def test_item_pointers_lead_to_their_response_records(mirror_crawl):
    for item in mirror_crawl["items"]:
        ptr = item["warc"]
        with open(mirror_crawl["warc_dir"] / ptr["file"], "rb") as fh:
            fh.seek(ptr["offset"])
            rec = next(iter(FastIterator(fh, parse_http=True)))
        assert rec.record_type == WarcRecordType.response
        assert rec.record_id == ptr["record_id"]
        assert rec.headers["WARC-Target-URI"] == item["url"]
        assert rec.headers["WARC-Date"] == item["fetched_at"]
        assert rec.http_headers.status_code == 200


def test_gzip_responses_stored_encoded(mirror_crawl):
    encoded = 0
    for f in sorted(mirror_crawl["warc_dir"].glob("*.warc.gz")):
        with open(f, "rb") as fh:
            for rec in FastIterator(fh, parse_http=True, record_types=WarcRecordType.response):
                if (rec.http_headers.get("Content-Encoding") or "").lower() == "gzip":
                    assert rec.reader.read(2) == b"\x1f\x8b"
                    encoded += 1
    if not encoded:
        pytest.skip("the mirror served no gzip-encoded response for this site")


def test_replay_gives_the_same_items_field_for_field(mirror_crawl, tmp_path):
    out = tmp_path / "replay.jsonl"
    r = run_scrapy("replay", str(mirror_crawl["warc_dir"]), "-O", str(out), "-s", "KHABAR_DEFAULT_FEED=False",
                   "--progress", "log")
    assert r.returncode == 0, r.stderr[-3000:]
    replayed = read_items(out)
    key = lambda i: i["url"]
    assert sorted(replayed, key=key) == sorted(mirror_crawl["items"], key=key)
    # and byte for byte, line by line (same feed exporter)
    assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(mirror_crawl["lines"])


def test_whole_crawl_replay_offline_finds_the_same_articles(mirror_crawl, tmp_path):
    out = tmp_path / "items.jsonl"
    r = run_scrapy("crawl", mirror_crawl["site"], "-a", f"base_url={mirror_crawl['base']}", "-O", str(out),
                   "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}", "-s", MIDDLEWARES,
                   "-s", f"WARC_REPLAY={mirror_crawl['warc_dir']}", *LOOPBACK)
    assert r.returncode == 0, r.stderr[-3000:]
    items = read_items(out)
    key = lambda i: i["url"]
    assert sorted(items, key=key) == sorted(mirror_crawl["items"], key=key)
    assert "Connection refused" not in r.stderr
    assert "'khabar/replay/missing'" not in r.stderr
    assert not list((tmp_path / "archive").glob("warc/*.warc.gz"))  # nothing re-archived


def test_replay_filters_site_since_until(mirror_crawl, tmp_path):
    site = mirror_crawl["site"]
    other = next(s for s in SITES if s != site)

    def run(*spargs):
        out = tmp_path / f"r{len(list(tmp_path.iterdir()))}.jsonl"
        r = run_scrapy("replay", str(mirror_crawl["warc_dir"]), "-O", str(out), "-s", "KHABAR_DEFAULT_FEED=False",
                       "--progress", "off", *spargs)
        assert r.returncode == 0, r.stderr[-2000:]
        return read_items(out)

    assert len(run("-a", f"site={site}")) == len(mirror_crawl["items"])
    assert run("-a", f"site={other}") == []
    dated = sorted(i["published"][:10] for i in mirror_crawl["items"] if i.get("published"))
    if dated:
        newest = dated[-1]
        kept = run("-a", f"since={newest}")
        assert kept and all(i["published"] is None or i["published"][:10] >= newest for i in kept)
        early = run("-a", f"until={dated[0]}")
        assert all(i.get("published") is None or i["published"][:10] <= dated[0] for i in early)
        assert len(early) < len(mirror_crawl["items"]) or dated[0] == newest


def test_whole_crawl_replay_matches_percent_encoded_and_raw_urls(mirror_crawl):
    from urllib.parse import unquote

    from crawler.archive.replay import ReplayIndex

    index = ReplayIndex([str(mirror_crawl["warc_dir"])])
    item = next(i for i in mirror_crawl["items"] if "%" in i["url"])
    raw = unquote(item["url"])  # the IRI form another tool may have recorded or a page may link
    assert raw != item["url"]
    cap = index.lookup(raw)
    assert cap is not None and cap.record_id == item["warc"]["record_id"]
