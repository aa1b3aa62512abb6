"""Content decoding of archived bodies, as Scrapy does it in a crawl, with a size cap.

The WARC keeps a body as it crossed the wire (``Content-Encoding``-ed); the
extractor wants it decoded, exactly as ``HttpCompressionMiddleware`` hands it
to a live crawl.  gzip goes through Scrapy's own public ``gunzip`` (multi-member,
CRC-tolerant, partial output for a cut stream).  Scrapy keeps its deflate,
brotli and zstd decoders private (``scrapy.utils._compression``), so those are
the few lines below, over the same libraries Scrapy uses.

Every decoder stops at ``max_size`` decoded bytes (:data:`MAX_DECODED` unless
told): a gzip or brotli bomb in a WARC costs at most that much memory and
time.  A capped payload is left as recorded (still encoded, as Scrapy drops a
response over ``DOWNLOAD_MAXSIZE``) and said so in :attr:`Decoded.capped`;
the reader reports it as a one-line warning.
"""

from __future__ import annotations

import sys
import zlib
from io import BytesIO
from types import MappingProxyType
from typing import Callable, NamedTuple

from scrapy.utils.gz import gunzip

MAX_DECODED = 50 * 1024 * 1024  # bytes of decoded payload, per body
_CHUNK = 1 << 16

Headers = list[tuple[str, str]]


class Decoded(NamedTuple):
    body: bytes
    headers: Headers
    capped: bool = False  # True: decoding passed max_size; body and headers are as recorded


class PayloadTooLarge(Exception):
    """Decoding passed the size cap."""


def _collect(first: bytes, more: Callable[[], bytes], max_size: int) -> bytes:
    """``first`` then ``more()`` until it returns b"", failing as soon as the total passes ``max_size``."""
    out, size, chunk = BytesIO(), 0, first
    while chunk:
        size += len(chunk)
        if size > max_size:
            raise PayloadTooLarge(size)
        out.write(chunk)
        chunk = more()
    return out.getvalue()


def _inflate(data: bytes, max_size: int) -> bytes:
    d = zlib.decompressobj()
    try:
        first = d.decompress(data, _CHUNK)
    except zlib.error:  # raw deflate, as some servers send
        d = zlib.decompressobj(-zlib.MAX_WBITS)
        first = d.decompress(data, _CHUNK)
    return _collect(first, lambda: d.decompress(d.unconsumed_tail, _CHUNK) if d.unconsumed_tail and not d.eof
                    else b"", max_size)


def _gunzip(data: bytes, max_size: int) -> bytes:
    try:
        return gunzip(data, max_size=max_size)
    except OSError:  # labelled gzip, sent as zlib or raw deflate
        return _inflate(data, max_size)
    except ValueError as exc:  # the only ValueError gunzip raises: its size cap
        raise PayloadTooLarge(str(exc)) from exc


def _unbrotli(data: bytes, max_size: int) -> bytes:
    import brotli  # Scrapy's own dependency

    d = brotli.Decompressor()
    first = d.process(data, output_buffer_limit=_CHUNK)
    return _collect(first, lambda: b"" if d.is_finished() else d.process(b"", output_buffer_limit=_CHUNK),
                    max_size)


def _unzstd(data: bytes, max_size: int) -> bytes:
    if sys.version_info >= (3, 14):
        from compression import zstd
    else:  # Scrapy's own dependency
        from backports import zstd

    f = zstd.ZstdFile(BytesIO(data))

    def more() -> bytes:
        try:
            return f.read(_CHUNK)
        except EOFError:  # a cut stream: what was decoded so far
            return b""

    return _collect(more(), more, max_size)


DECODERS: MappingProxyType[str, Callable[[bytes, int], bytes]] = MappingProxyType({
    "gzip": _gunzip, "x-gzip": _gunzip, "deflate": _inflate, "br": _unbrotli, "zstd": _unzstd,
})


def decode(body: bytes, headers: Headers, max_size: int = MAX_DECODED) -> Decoded:
    """Undo ``Content-Encoding`` (last coding first); keep the codings that cannot be undone, as Scrapy does."""
    codings = [c.strip().lower() for k, v in headers if k.lower() == "content-encoding"
               for c in v.split(",") if c.strip()]
    if not codings:
        return Decoded(body, headers)
    recorded = body
    while codings:
        coding = codings[-1]
        if coding != "identity":
            decoder = DECODERS.get(coding)
            if decoder is None:
                break
            try:
                body = decoder(body, max_size)
            except PayloadTooLarge:
                return Decoded(recorded, headers, capped=True)
            except Exception:  # not really encoded (or damaged): keep what we have
                break
        codings.pop()
    out = [(k, v) for k, v in headers if k.lower() != "content-encoding"]
    if codings:  # as Scrapy does: keep the codings it could not undo
        idx = next(i for i, (k, _) in enumerate(headers) if k.lower() == "content-encoding")
        out.insert(idx, (headers[idx][0], ", ".join(codings)))
    return Decoded(body, out)


def decode_content(body: bytes, headers: Headers, max_size: int = MAX_DECODED) -> tuple[bytes, Headers]:
    """(body, headers) as Scrapy's HttpCompressionMiddleware leaves them (see :func:`decode`)."""
    decoded = decode(body, headers, max_size)
    return decoded.body, decoded.headers
