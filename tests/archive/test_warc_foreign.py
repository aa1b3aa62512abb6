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


def warcio_bodies(path) -> dict[str, bytes]:
    """URL -> raw entity body of each response, as warcio's own iteration reads it."""
    from warcio.archiveiterator import ArchiveIterator

    out = {}
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, arc2warc=True):
            if rec.rec_type == "response":
                out[rec.rec_headers.get_header("WARC-Target-URI")] = rec.raw_stream.read()
    return out


def test_clipped_record_is_replayed_from_what_is_there_and_flagged(samples, tmp_path):
    # The file ends 13068 bytes into the record's declared length: warcio reads
    # what is there without a word; Khabar reads the same bytes, says so once
    # (a warning, not an error) and counts it.
    path = samples / "resiliparse-fastwarc" / "clipped.warc.gz"
    caps, errors, reader = read_all(path)
    want = warcio_bodies(path)
    assert [c.url for c in caps] == list(want)
    (c,) = caps
    assert c.body == want[c.url] and len(c.body) == 74970
    assert c.truncated and c.short == 13068
    assert [(e.fatal, str(e)) for e in errors] == [
        (False, f"{path}: offset 0: {c.url}: record cut 13068 bytes before its end (truncated); "
                "replayed from the 74970 bytes there")]
    assert reader.stats["truncated"] == 1 and reader.stats["errors"] == 0 and reader.stats["captures"] == 1
    # replayed: the story comes out, the warning is one log line, the exit status 0
    out = tmp_path / "items.jsonl"
    r = run_scrapy("replay", str(path), "-O", str(out), "--progress", "off")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Traceback" not in r.stderr
    (item,) = read_items(out)
    assert item["url"] == c.url and item["title"].startswith("A Humble Chance The Rapper")
    warned = [line for line in r.stderr.splitlines() if "(truncated)" in line]
    assert len(warned) == 1 and "WARNING" in warned[0] and f"{path}: offset 0: " in warned[0]
    assert "'khabar/replay/reader/truncated': 1" in r.stderr


def test_arc_with_a_space_in_its_url_reads_as_warcio_reads_it(samples):
    # The ARC header's length counts CRLF line ends the file no longer has
    # (12 bytes more than the record holds); the HTTP body is whole by its own
    # Content-Length, so the capture is whole: one warning, nothing truncated.
    path = samples / "warcio" / "example-space-in-url.arc"
    caps, errors, reader = read_all(path)
    want = warcio_bodies(path)
    (c,) = caps
    assert c.url == ("http://example.com/index.cfm?FuseAction=Email&EmailTitle=Examples%20From%20The%20Live%20Web"
                     "&IsPopUp=False") and c.url in want
    assert c.body == want[c.url] and c.status == 200 and not c.truncated and c.short == 12
    assert b"<title>Example Domain</title>" in c.body and c.body.rstrip().endswith(b"</html>")
    assert not [e for e in errors if e.fatal]
    assert [str(e) for e in errors] == [f"{path}: offset 151: {c.url}: record 12 bytes shorter than its declared "
                                        "length; its HTTP body is whole (line endings rewritten?)"]
    assert reader.stats["truncated"] == 0 and reader.stats["files_failed"] == 0


def test_a_record_cut_mid_file_is_still_an_error(tmp_path):
    # A record cut short with more records after it is damage, not a clipped
    # file: one error, and reading goes on with the next record.
    import random
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def member(url, body):
        buf = BytesIO()
        w = WARCWriter(buf, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http))
        return buf.getvalue()

    first = member("http://news.example/1", b"<html>" + random.Random(1).randbytes(2500).hex().encode() + b"</html>")
    second = member("http://news.example/2", b"<html>two</html>")
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(first[: len(first) // 2] + second)
    caps, errors, reader = read_all(path)
    assert [c.url for c in caps] == ["http://news.example/2"]
    assert [e.fatal for e in errors] == [True] and str(errors[0]).startswith(f"{path}: offset 0: ")
    assert reader.stats["truncated"] == 0
    # the same record at the end of the file is a clipped file: replayed, flagged
    path.write_bytes(second + first[: len(first) // 2])
    caps, errors, reader = read_all(path)
    assert [c.url for c in caps] == ["http://news.example/2", "http://news.example/1"]
    assert caps[1].truncated and caps[1].body.startswith(b"<html>") and 1000 < len(caps[1].body) < 5000
    assert [e.fatal for e in errors] == [False] and "(truncated)" in str(errors[0])


def test_whole_file_gzip_cut_short_keeps_every_record_before_the_cut(tmp_path):
    # One gzip stream for the whole file, cut inside its third record: the two
    # whole records and what is there of the third come out (it flagged); a
    # cut stream used to end the read silently after the first record.
    import gzip
    import random
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for i in range(3):
        body = b"<html>" + random.Random(i).randbytes(3000).hex().encode() + b"</html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"http://news.example/{i}", "response",
                                                      payload=BytesIO(body), http_headers=http))
    whole = gzip.compress(buf.getvalue())
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[: int(len(whole) * 0.8)])
    caps, errors, reader = read_all(path)
    assert [(c.url, c.truncated) for c in caps] == [
        ("http://news.example/0", False), ("http://news.example/1", False), ("http://news.example/2", True)]
    assert len(caps[0].body) == len(caps[1].body) == 6013 and 0 < len(caps[2].body) < 6013
    assert [e.fatal for e in errors] == [False] and "(truncated)" in str(errors[0])
    assert reader.stats["truncated"] == 1
    # cut inside the WARC headers of the third record: the first two, then one error
    raw = buf.getvalue()
    third = raw.index(b"WARC/1.", raw.index(b"http://news.example/1"))
    path.write_bytes(gzip.compress(raw[: third + 30])[:-8])  # deflate data whole, gzip trailer cut
    caps, errors, reader = read_all(path)
    assert [c.url for c in caps] == ["http://news.example/0", "http://news.example/1"]
    assert [e.fatal for e in errors] == [True] and str(errors[0]).startswith(f"{path}: offset {third}: ")


def test_a_clipped_chunked_record_is_truncated_not_whole(tmp_path):
    # warcio marks chunks that ran out as "all read", as it does the last chunk:
    # only the zero-size last chunk makes a chunked body whole.
    body = b"".join(b"%x\r\n%s\r\n" % (1000, b"x" * 1000) for _ in range(5)) + b"0\r\n\r\n"
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    head = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            b"WARC-Target-URI: http://news.example/a\r\nContent-Length: %d\r\n\r\n" % len(block))
    path = tmp_path / "chunked.warc"
    path.write_bytes(head + block + b"\r\n\r\n")
    (c,), errors, _ = read_all(path)
    assert c.body == b"x" * 5000 and not c.truncated and errors == []
    path.write_bytes(head + block[:3000])
    (c,), errors, reader = read_all(path)
    assert c.truncated and c.body.startswith(b"x" * 1000) and len(c.body) < 5000
    assert [e.fatal for e in errors] == [False] and "(truncated)" in str(errors[0])
    assert reader.stats["truncated"] == 1
