"""Content decoding of archived bodies: as Scrapy does it, and bounded.

A compression bomb inside a WARC (a few KB on disk, gigabytes decoded) must
not blow up replay: decoding stops at ``MAX_DECODED``, the payload is left as
recorded, and the reader says so in one ``FILE: offset N:`` warning.
"""

from __future__ import annotations

import gzip
import re
import time
import tracemalloc
import zlib
from io import BytesIO

import brotli
import pytest
from backports import zstd
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.archive.reader import MAX_DECODED, ArchiveReader, Decoded, ReadError, decode
from tests.archive.helpers import read_items
from tests.conftest import run_scrapy

PAGE_URL = "http://news.example/story/1"
BOMB_URL = "http://news.example/story/bomb"
PAGE = "<html><head><title>خبر</title></head><body><p>متن خبر</p></body></html>".encode()
HTML = [("Content-Type", "text/html; charset=utf-8")]


def gzip_bomb() -> bytes:
    """1 GiB of zeros as 1024 gzip members of 1 MiB each: about 1 MB on disk, a valid gzip stream."""
    return gzip.compress(bytes(1 << 20), 9) * 1024


def write_warc(path, pages) -> None:
    """A gzip-per-record WARC with one response record per (url, http headers, body), written by warcio."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        for url, headers, body in pages:
            http = StatusAndHeaders("200 OK", headers + [("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http))


@pytest.fixture
def bomb_warc(tmp_path):
    path = tmp_path / "bomb.warc.gz"
    write_warc(path, [(PAGE_URL, HTML + [("Content-Encoding", "gzip")], gzip.compress(PAGE)),
                      (BOMB_URL, HTML + [("Content-Encoding", "gzip")], gzip_bomb())])
    return path


def test_gzip_bomb_is_capped_promptly_in_bounded_memory_and_reported(bomb_warc):
    errors = []
    reader = ArchiveReader(on_error=errors.append)
    t0 = time.monotonic()
    caps = {c.url: c for c in reader.iter_paths([str(bomb_warc)])}
    tracemalloc.start()
    try:
        decoded = {url: reader.decode(cap) for url, cap in caps.items()}
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - t0

    print(f"read and decoded in {elapsed:.2f} s, peak {peak / 1e6:.0f} MB")
    assert elapsed < 5, elapsed
    assert peak < 2 * MAX_DECODED < 1 << 30, peak  # not the GiB the payload decodes to
    bomb = caps[BOMB_URL]
    assert decoded == {
        PAGE_URL: Decoded(PAGE, HTML + [("Content-Length", str(len(caps[PAGE_URL].body)))]),
        BOMB_URL: Decoded(bomb.body, bomb.headers, capped=True),  # left as recorded: about 1 MB
    }
    assert len(bomb.body) < 2 << 20
    assert errors == [ReadError(str(bomb_warc), bomb.offset,
                                f"{BOMB_URL}: body decodes to more than {MAX_DECODED} bytes "
                                "(a compression bomb?); left encoded, not extracted", fatal=False)]
    assert "\n" not in str(errors[0]) and str(errors[0]).startswith(f"{bomb_warc}: offset {bomb.offset}: ")
    assert {k: reader.stats[k] for k in ("captures", "payloads_capped", "warnings", "errors")} == {
        "captures": 2, "payloads_capped": 1, "warnings": 1, "errors": 0}


def _raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


ENCODERS = {
    "gzip": gzip.compress, "x-gzip": gzip.compress, "deflate": zlib.compress,
    "br": brotli.compress, "zstd": zstd.compress,
}


@pytest.mark.parametrize("coding", sorted(ENCODERS) + ["deflate-raw"])
def test_every_coding_decodes_below_the_cap_and_is_capped_above(coding):
    encode = _raw_deflate if coding == "deflate-raw" else ENCODERS[coding]
    headers = [("Content-Encoding", coding.removesuffix("-raw"))] + HTML
    limit = 1 << 20
    assert decode(encode(PAGE), headers, max_size=limit) == Decoded(PAGE, HTML)
    exact = bytes(limit)
    assert decode(encode(exact), headers, max_size=limit) == Decoded(exact, HTML)
    over = encode(bytes(limit + 1))
    assert decode(over, headers, max_size=limit) == Decoded(over, headers, capped=True)


def test_codings_undone_last_first_and_undecodable_ones_kept():
    body = brotli.compress(gzip.compress(PAGE))
    assert decode(body, [("Content-Encoding", "gzip, br")] + HTML) == Decoded(PAGE, HTML)
    assert decode(body, [("Content-Encoding", "gzip, identity, br")] + HTML) == Decoded(PAGE, HTML)
    inner = gzip.compress(PAGE)
    assert decode(inner, [("Content-Encoding", "sdch, gzip")] + HTML) == Decoded(
        PAGE, [("Content-Encoding", "sdch")] + HTML)
    # labelled gzip, not compressed at all: kept, header and all
    assert decode(PAGE, [("Content-Encoding", "gzip")] + HTML) == Decoded(PAGE, [("Content-Encoding", "gzip")] + HTML)


def test_replay_of_a_gzip_bomb_warns_in_one_line_and_goes_on(bomb_warc, tmp_path):
    out = tmp_path / "items.jsonl"
    t0 = time.monotonic()
    r = run_scrapy("replay", str(bomb_warc), "-O", str(out), "-s", "KHABAR_DEFAULT_FEED=False",
                   "-s", "REPLAY_WORKERS=1", "--progress", "off")
    assert time.monotonic() - t0 < 120
    assert r.returncode == 0, r.stderr[-3000:]
    # replay decodes through the crawl's own capped decompression middleware
    warnings = [line for line in r.stderr.splitlines() if "] WARNING:" in line]
    assert len(warnings) == 1 and BOMB_URL in warnings[0] and "during decompression" in warnings[0], warnings
    assert "'khabar/hostile/gzip_bomb/article': 1" in r.stderr
    assert BOMB_URL not in {item["url"] for item in read_items(out)}
