"""``WARC_GZIP_LEVEL``: each record its own gzip member at the chosen zlib level;
the records, digests and index do not depend on it, only the file size does."""

import zlib

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.writer import DEFAULT_GZIP_LEVEL, ArchiveWriter, gzip_compressor

BODY = ("<html><body>" + "<p>خبر فوری: بین‌الملل و اقتصاد ۱۴۰۲</p>" * 400 + "</body></html>").encode()


def records(path):
    with open(path, "rb") as fh:
        out = []
        for rec in ArchiveIterator(fh, check_digests="raise"):
            out.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"),
                        rec.rec_headers.get_header("WARC-Payload-Digest"), rec.content_stream().read()))
        return out


def write(directory, level):
    writer = ArchiveWriter(directory, spider_name="t", gzip_level=level)
    for i in range(3):
        writer.write_exchange(url=f"http://127.0.0.1/news/{i}", status=200,
                              response_headers=[("Content-Type", "text/html; charset=utf-8")], body=BODY)
    writer.close()
    (warc,) = writer.files
    return warc


def members(data: bytes) -> list[tuple[bytes, bytes]]:
    """(member bytes, what it holds) for each gzip member of a file."""
    out = []
    while data:
        d = zlib.decompressobj(zlib.MAX_WBITS + 16)
        plain = d.decompress(data)
        assert d.eof
        out.append((data[:len(data) - len(d.unused_data)], plain))
        data = d.unused_data
    return out


def gzipped(plain: bytes, level: int) -> bytes:
    c = gzip_compressor(level)
    return c.compress(plain) + c.flush()


XFL = {1: 4, 9: 2}  # the gzip header's compression flag: fastest, best, or neither (RFC 1952)


@pytest.mark.parametrize("level", [1, 9])
def test_records_do_not_depend_on_the_level(tmp_path, level):
    default = write(tmp_path / "default", DEFAULT_GZIP_LEVEL)
    other = write(tmp_path / str(level), level)
    strip = [(t, u, d, b) for t, u, d, b in records(default) if t != "warcinfo"]
    assert strip == [(t, u, d, b) for t, u, d, b in records(other) if t != "warcinfo"]
    assert [t for t, *_ in records(other)] == ["warcinfo"] + ["response", "request"] * 3
    # one gzip member per record, as gzip-per-record readers and CDXJ offsets need,
    # each compressed at the level asked for
    for warc, at in ((default, DEFAULT_GZIP_LEVEL), (other, level)):
        found = members(warc.read_bytes())
        assert len(found) == 7
        # (the writer feeds the compressor in pieces: the bytes may differ
        # from a one-shot compression, the header's level flag and the size
        # class may not)
        assert {member[8] for member, _ in found} == {XFL.get(at, 0)}
        big = [(member, plain) for member, plain in found if len(plain) > 10_000]
        assert big and all(abs(len(member) - len(gzipped(plain, at))) <= 64 for member, plain in big)
