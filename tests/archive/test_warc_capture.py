"""Capture during a real crawl of a loopback server: what lands in the WARC."""

from __future__ import annotations

import gzip
import hashlib
import base64
import subprocess
import sys
from pathlib import Path

import pytest
from fastwarc.warc import ArchiveIterator as FastIterator, WarcRecordType

from crawler.archive.cdxj import load_cdxj
from tests.archive.helpers import capture_crawl, records


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def warcs(d: Path) -> list[Path]:
    files = sorted(d.glob("*.warc.gz"))
    assert files, f"no WARC in {d}"
    return files


def all_records(d: Path) -> list[tuple]:
    return [(f.name, *r) for f in warcs(d) for r in records(f)]


def responses(d: Path) -> dict[str, tuple]:
    return {r[3].get_header("WARC-Target-URI"): r for r in all_records(d) if r[2] == "response"}


def test_warcio_check_passes(crawled):
    for f in warcs(crawled["warc_dir"]):
        result = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(f)],
                                capture_output=True, text=True)
        if result.returncode != 0 and "No module named warcio.cli" in result.stderr:
            result = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", "-v", str(f)],
                                    capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "digest pass" in result.stdout and "fail" not in result.stdout


def test_warc_1_1_everywhere_and_one_warcinfo_first(crawled):
    for f in warcs(crawled["warc_dir"]):
        recs = records(f)
        assert recs[0][1] == "warcinfo"
        assert [r[1] for r in recs].count("warcinfo") == 1
        assert {r[2].protocol for r in recs} == {"WARC/1.1"}
        assert recs[0][2].get_header("WARC-Filename") == f.name
        assert b"reconstruct" in recs[0][4]  # says request records are rebuilt


def test_fastwarc_reads_every_record_and_digests_verify(crawled):
    for f in warcs(crawled["warc_dir"]):
        n_warcio = len(records(f))
        n = 0
        with open(f, "rb") as fh:
            for rec in FastIterator(fh, parse_http=False):
                n += 1
                assert rec.verify_block_digest(), (f.name, rec.record_id)
                if rec.record_type in (WarcRecordType.response, WarcRecordType.request):
                    rec2_ok = rec.headers.get("WARC-Payload-Digest")
                    assert rec2_ok
        assert n == n_warcio
        # payload digests, with HTTP parsing
        with open(f, "rb") as fh:
            for rec in FastIterator(fh, parse_http=True, record_types=WarcRecordType.response):
                assert rec.verify_payload_digest(), rec.headers.get("WARC-Target-URI")


def test_request_and_response_for_every_url_linked(crawled):
    recs = all_records(crawled["warc_dir"])
    resp = {r[3].get_header("WARC-Record-ID"): r for r in recs if r[2] == "response"}
    reqs = [r for r in recs if r[2] == "request"]
    assert len(reqs) == len(resp)
    for r in reqs:
        target = r[3].get_header("WARC-Concurrent-To")
        assert target in resp
        assert resp[target][3].get_header("WARC-Target-URI") == r[3].get_header("WARC-Target-URI")
        assert resp[target][3].get_header("WARC-Date") == r[3].get_header("WARC-Date")
    for r in resp.values():
        assert r[3].get_header("WARC-IP-Address") == "127.0.0.1"
        for h in ("WARC-Block-Digest", "WARC-Payload-Digest", "WARC-Date", "WARC-Target-URI"):
            assert r[3].get_header(h), h
    urls = {r[3].get_header("WARC-Target-URI").split("/", 3)[-1] for r in resp.values()}
    assert {"robots.txt", "", "old/2", "news/2-moved", "news/1-gzip", "news/3-chunked", "missing"} <= urls


def test_request_record_is_the_request_as_sent(crawled):
    recs = all_records(crawled["warc_dir"])
    req = next(r for r in recs if r[2] == "request" and r[3].get_header("WARC-Target-URI").endswith("/news/1-gzip"))
    http = req[4]
    assert http.protocol == "GET" or http.protocol.startswith("GET")  # warcio puts the method in .protocol
    assert http.get_header("Host") == f"127.0.0.1:{crawled['server'].port}"
    assert "gzip" in (http.get_header("Accept-Encoding") or "")
    assert http.get_header("User-Agent")


def test_gzip_response_is_stored_still_encoded(crawled):
    url = crawled["server"].url + "/news/1-gzip"
    _, _, _, rec_headers, http, payload = responses(crawled["warc_dir"])[url]
    assert http.get_header("Content-Encoding") == "gzip"
    assert payload[:2] == b"\x1f\x8b"
    assert "خبر فشرده" in gzip.decompress(payload).decode("utf-8")
    # payload digest is over the entity as transferred (still gzip), per the WARC spec
    assert rec_headers.get_header("WARC-Payload-Digest") == sha1_b32(payload)
    assert http.get_header("Content-Length") == str(len(payload))


def test_redirect_is_archived_as_sent(crawled):
    url = crawled["server"].url + "/old/2"
    _, _, _, _, http, payload = responses(crawled["warc_dir"])[url]
    assert http.statusline == "301 Moved Permanently"
    assert http.get_header("Location") == "/news/2-moved"


def test_chunked_body_stored_dechunked_without_transfer_encoding(crawled):
    url = crawled["server"].url + "/news/3-chunked"
    _, _, _, _, http, payload = responses(crawled["warc_dir"])[url]
    assert http.get_header("Transfer-Encoding") is None
    assert payload.startswith(b"<!doctype html>") and payload.rstrip().endswith(b"</html>")


def test_repeated_headers_kept(crawled):
    url = crawled["server"].url + "/"
    _, _, _, _, http, _ = responses(crawled["warc_dir"])[url]
    assert [v for k, v in http.headers if k.lower() == "set-cookie"] == ["a=1; Path=/", "b=2; Path=/"]


def test_every_item_pointer_leads_to_its_response_record(crawled):
    items = crawled["items"]
    assert len(items) == 4
    for item in items:
        ptr = item["warc"]
        path = crawled["warc_dir"] / ptr["file"]
        with open(path, "rb") as fh:
            fh.seek(ptr["offset"])
            rec = next(iter(FastIterator(fh)))
        assert rec.record_type == WarcRecordType.response
        assert rec.headers["WARC-Target-URI"] == item["url"]
        assert rec.record_id == ptr["record_id"]
        assert rec.headers["WARC-Date"] == item["fetched_at"]


def test_conversion_record_per_article(crawled):
    recs = all_records(crawled["warc_dir"])
    conv = {r[3].get_header("WARC-Refers-To"): r for r in recs if r[2] == "conversion"}
    assert len(conv) == len(crawled["items"])
    for item in crawled["items"]:
        r = conv[item["warc"]["record_id"]]
        assert r[3].get_header("Content-Type").startswith("text/plain")
        assert r[3].get_header("WARC-Target-URI") == item["url"]
        assert r[5].decode("utf-8") == item["text"]


def test_cdxj_beside_each_warc_points_at_responses(crawled):
    for f in warcs(crawled["warc_dir"]):
        index = f.with_name(f.name[: -len(".warc.gz")] + ".cdxj")
        lines = index.read_text().splitlines()
        assert lines == sorted(lines)
        entries = list(load_cdxj(index))
        by_offset = {r[0]: r for r in records(f)}
        assert len(entries) == sum(1 for r in by_offset.values() if r[1] == "response")
        for key, ts, e in entries:
            rec = by_offset[int(e["offset"])]
            assert rec[1] == "response" and rec[2].get_header("WARC-Target-URI") == e["url"]
            assert e["filename"] == f.name and len(ts) == 14


def test_rotation_names_sort_by_time(server, tmp_path):
    items, warc_dir, _ = capture_crawl(tmp_path, server.url + "/", "-s", "WARC_MAX_SIZE=3000")
    files = warcs(warc_dir)
    assert len(files) >= 3
    assert [f.name for f in files] == sorted(f.name for f in files)
    seqs = [int(f.name.split("-")[3]) for f in files]
    assert seqs == list(range(len(files)))
    assert all(f.name.startswith("khabar-capture-") for f in files)
    assert not list(warc_dir.glob("*.open"))
    for f in files:
        recs = records(f)
        assert recs[0][1] == "warcinfo" and [r[1] for r in recs].count("warcinfo") == 1
    for item in items:  # pointers stay right across files
        names = {f.name for f in files}
        assert item["warc"]["file"] in names
