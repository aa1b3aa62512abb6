"""WARCs written by other tools (../shared/external/warc-samples) and by wget.

Every sample is either read (at least the HTML responses warcio itself finds)
or rejected with one-line errors naming the file; never a traceback.
Revisits resolve to their originals, chunked bodies come out de-chunked,
non-UTF-8 pages come out as text, not mojibake.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from crawler.archive.reader import ArchiveReader
from tests.archive.helpers import read_items
from tests.conftest import SHARED, run_scrapy

INVENTORY = SHARED / "external" / "warc-samples" / "INVENTORY.json"
SAMPLES = json.loads(INVENTORY.read_text()) if INVENTORY.exists() else {}
ALL_FILES = sorted(p.relative_to(INVENTORY.parent).as_posix() for p in INVENTORY.parent.glob("*/*")
                   if p.name not in ("LICENSE", "NOTICE")) if INVENTORY.exists() else []


def read_all(*paths):
    errors = []
    reader = ArchiveReader(on_error=errors.append)
    caps = list(reader.iter_paths([str(p) for p in paths]))
    return caps, errors, reader


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


@pytest.mark.parametrize("name", ALL_FILES or ["(absent)"])
def test_sample_is_read_or_rejected_cleanly(samples, name):
    path = samples / name
    caps, errors, reader = read_all(path)
    fatal = [e for e in errors if e.fatal]
    for e in errors:
        line = str(e)
        assert "\n" not in line and line.startswith(str(path) + ": "), line
    expected = SAMPLES.get(name, {})
    html = sum(1 for c in caps if "html" in c.content_type)
    if not fatal:
        # read completely: at least what warcio's own iteration finds
        assert html >= expected.get("html_responses", 0), (html, expected)
    for c in caps:
        assert c.url.startswith(("http://", "https://")) and c.date and isinstance(c.body, bytes)
        body, headers = c.decoded()  # never raises
        assert not any(k.lower() == "transfer-encoding" for k, _ in c.headers)


def test_revisits_resolve_to_their_originals(samples):
    caps, errors, reader = read_all(samples / "pywb" / "iana.warc.gz")
    revisits = [c for c in caps if c.rec_type == "revisit"]
    assert reader.stats["revisits"] == 123 and len(revisits) == 123
    assert reader.stats["revisits_unresolved"] == 0
    checked = 0
    for c in revisits:
        assert c.revisit_of and c.revisit_of != c.record_id
        if c.header("Content-Length") and c.header("Content-Encoding") is None:
            assert sha1_b32(c.body) == c.payload_digest
            checked += 1
    assert checked > 0


def test_url_agnostic_revisit_resolves_across_files(samples):
    caps, errors, reader = read_all(samples / "pywb" / "example-url-agnostic-orig.warc.gz",
                                    samples / "pywb" / "example-url-agnostic-revisit.warc.gz")
    rev = [c for c in caps if c.rec_type == "revisit"]
    assert len(rev) == 1 and reader.stats["revisits_unresolved"] == 0
    orig = [c for c in caps if c.rec_type == "response"][0]
    assert rev[0].body == orig.body and rev[0].url != orig.url


def test_chunked_body_is_dechunked(samples):
    caps, errors, _ = read_all(samples / "warcio" / "example-iana.org-chunked.warc")
    assert not [e for e in errors if e.fatal]
    (c,) = caps
    body, _ = c.decoded()
    assert body.lstrip().lower().startswith(b"<!doctype html") and body.rstrip().endswith(b"</html>")
    assert not re.search(rb"\r\n[0-9a-f]{1,6}\r\n", body)


def test_wrong_chunks_falls_back_to_raw_body(samples):
    caps, errors, _ = read_all(samples / "warcio" / "example-wrong-chunks.warc.gz")
    (c,) = caps
    assert b"Example Domain" in c.decoded()[0]


def test_gzip_content_encoding_decoded(samples):
    # warcio's example (gzip body) and gowarc's test file (gzip inside chunked transfer-coding)
    caps, _, _ = read_all(samples / "warcio" / "example.warc.gz", samples / "internetarchive-gowarc" / "test.warc.gz")
    gz = [c for c in caps if (c.header("Content-Encoding") or "").lower() == "gzip"]
    assert len(gz) >= 3
    for c in gz:
        assert c.body[:2] == b"\x1f\x8b"
        body, headers = c.decoded()
        assert len(body) > len(c.body) and not any(k.lower() == "content-encoding" for k, _ in headers)


def test_replay_of_all_samples_never_tracebacks(samples, tmp_path):
    out = tmp_path / "items.jsonl"
    r = run_scrapy("replay", str(samples), "-O", str(out), "-s", "KHABAR_DEFAULT_FEED=False", "--progress", "log")
    assert "Traceback" not in r.stderr, r.stderr[-4000:]
    assert r.returncode == 1  # some samples are broken on purpose
    errors = [l for l in r.stderr.splitlines() if "] ERROR: " in l]
    assert errors
    for line in errors:
        assert re.search(r"ERROR: /\S+: ", line), line
    items = read_items(out)
    texts = {i["url"]: i["text"] for i in items}
    # windows-1251 pages (Common Crawl excerpt) and EUC-JP pages (ClueWeb) decode to real text
    assert any(re.search(r"[а-яА-Я]{4,}", t) for t in texts.values()), "no Cyrillic text replayed"
    assert any(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]{4,}", t) for t in texts.values()), "no Japanese text"
    for t in texts.values():
        assert t.count("\ufffd") < max(5, len(t) // 100)


def test_wget_warc_from_loopback(server, tmp_path):
    wget = shutil.which("wget")
    if not wget:
        pytest.skip("wget is not installed")
    r = subprocess.run([wget, "--recursive", "--level=2", "--no-verbose", "--tries=1", "--timeout=10",
                        "--directory-prefix", str(tmp_path / "site"), "--warc-file", str(tmp_path / "wget"),
                        "--no-warc-keep-log", server.url + "/"], capture_output=True, text=True, timeout=120)
    warc = tmp_path / "wget.warc.gz"
    assert warc.exists(), r.stderr
    caps, errors, _ = read_all(warc)
    assert not [e for e in errors if e.fatal], [str(e) for e in errors]
    by_url = {c.url: c for c in caps}
    gz = by_url[server.url + "/news/1-gzip"]
    assert gz.header("Content-Encoding") == "gzip" and gz.body[:2] == b"\x1f\x8b"
    assert "خبر فشرده" in gz.decoded()[0].decode("utf-8")
    chunked = by_url[server.url + "/news/3-chunked"]
    assert chunked.body.startswith(b"<!doctype html>") and chunked.body.rstrip().endswith(b"</html>")
    arabic = by_url[server.url + "/news/4-arabic"]
    assert "خبر عربي" in arabic.body.decode("cp1256")
    out = tmp_path / "items.jsonl"
    r = run_scrapy("replay", str(warc), "-O", str(out), "-s", "KHABAR_DEFAULT_FEED=False", "--progress", "off")
    assert r.returncode == 0, r.stderr[-3000:]
    titles = {i["url"].rsplit("/", 1)[-1]: i["title"] for i in read_items(out)}
    assert titles.get("1-gzip") == "خبر فشرده"
    assert titles.get("3-chunked") == "خبر تکه تکه"
    assert titles.get("4-arabic") == "خبر عربي"


def test_lz4_warc_read_through_fastwarc(samples, tmp_path):
    lz4, _, _ = read_all(samples / "resiliparse-fastwarc" / "warcfile.warc.lz4")
    gz, _, _ = read_all(samples / "resiliparse-fastwarc" / "warcfile.warc.gz")
    assert len(lz4) == len(gz) == 16
    for a, b in zip(lz4, gz):
        assert (a.url, a.status, a.record_id, a.date, a.body) == (b.url, b.status, b.record_id, b.date, b.body)
    # a cut LZ4 file: the records before the cut, then one clean error
    src = (samples / "resiliparse-fastwarc" / "warcfile.warc.lz4").read_bytes()
    cut = tmp_path / "cut.warc.lz4"
    cut.write_bytes(src[: len(src) // 2])
    caps, errors, _ = read_all(cut)
    assert 0 < len(caps) < 16
    assert errors and all(str(e).startswith(str(cut) + ": ") and "\n" not in str(e) for e in errors)
