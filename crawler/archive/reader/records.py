"""One warcio record -> one :class:`Capture`; warcio does the parsing and the de-chunking.

Khabar only decides what counts as an HTTP capture (``response``/``revisit``
records with an http(s) target and a status line), notices a record cut short
of its Content-Length, and keeps warcio's stderr banners out of the logs.

A record that ends before its declared length (the file was clipped, or a
tool rewrote line endings and left the length as it was) is read from what is
there, as warcio does.  If the HTTP body is whole all the same (its own
``Content-Length`` is met) the capture is as good as any: ``short`` says by
how much the record's length was wrong.  Otherwise the capture is
``truncated``: its body is what the file holds, and the reader says so.
"""

from __future__ import annotations

from io import BytesIO
from typing import Callable, NamedTuple, Optional

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader

from .errors import TruncatedRecord
from .model import Capture

HTTP_TYPES = ("response", "revisit")

# How the per-format readers (torn_gzip, fastwarc) hand records back to ArchiveReader:
CaptureFn = Callable[..., Optional[Capture]]  # (record, iterator, path, seekable) -> capture or None
ErrorFn = Callable[[str, Optional[int], str], None]  # (path, offset, message): a fatal read error
TruncatedFn = Callable[..., Optional[Capture]]  # (capture, WARC headers) of a clipped last record -> capture
Headers = list[tuple[str, str]]
_BLOCK = 1 << 16
NOT_CHUNKED = "Transfer-Encoding: chunked but the body is not chunked; kept as is"


class QuietIterator(ArchiveIterator):
    """warcio's iterator, with its multi-line stderr warning turned into ``err_count`` only."""

    INC_RECORD = ""


def iterate(fh) -> QuietIterator:
    """Records of a WARC or ARC stream (ARC headers converted to WARC ones)."""
    return QuietIterator(fh, arc2warc=True)


class BadStatusLine(ValueError):
    """An HTTP record whose status line has no numeric status."""


def clean_uri(uri: Optional[str]) -> str:
    uri = (uri or "").strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1]
    return uri.replace(" ", "%20")


def _is_chunked(headers: list[tuple[str, str]]) -> bool:
    return any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers)


class _Chunks(ChunkedDataReader):
    """warcio's de-chunking, telling a last chunk read (``terminated``) from
    data that ran out (warcio sets ``all_chunks_read`` for both)."""

    terminated = False

    def _try_decode(self, length_header):
        super()._try_decode(length_header)
        if self.all_chunks_read and not self.terminated:
            size = length_header[:-2].split(b";")[0].strip()
            self.terminated = bool(size) and not size.strip(b"0")  # "0", "000": the last chunk


class Entity(NamedTuple):
    body: bytes
    headers: Headers
    warnings: list[str]
    missing: int = 0  # bytes of the record's declared length that the file lacks
    whole: bool = True  # the HTTP body is complete (by its chunks or its Content-Length)
    too_large: int = 0  # > 0: the body passed the reader's cap after this many bytes; body is b""


def _read_capped(stream, max_size: Optional[int]) -> tuple[bytes, int]:
    """(everything ``stream`` holds, 0), or (b"", bytes seen) once that passes ``max_size``:
    the rest is read and dropped, never held."""
    if max_size is None:
        return stream.read(), 0
    out, size = BytesIO(), 0
    while True:
        block = stream.read(_BLOCK)
        if not block:
            return out.getvalue(), 0
        size += len(block)
        if size > max_size:
            out = None
            while True:
                block = stream.read(_BLOCK)
                if not block:
                    return b"", size
                size += len(block)
        out.write(block)


def read_entity(record, headers: Headers, max_size: Optional[int] = None) -> Entity:
    """The payload of ``record`` (HTTP ``headers``), de-chunked by warcio if it
    says it is chunked, at most ``max_size`` bytes of it kept.

    The whole block is consumed, so a short read means the record was cut.
    """
    chunked = _is_chunked(headers)
    ended = False
    if not chunked:
        body, too_large = _read_capped(record.raw_stream, max_size)
        warnings = []
    else:
        chunks = _Chunks(record.raw_stream)
        body, too_large = _read_capped(chunks, max_size)
        ended = chunks.terminated
        _read_capped(record.raw_stream, 0)  # what follows the last chunk (trailers, padding)
        warnings = [NOT_CHUNKED] if chunks.not_chunked and body else []
        headers = [(k, v) for k, v in headers if k.lower() != "transfer-encoding"]
    missing = max(getattr(record.raw_stream, "limit", 0) or 0, 0)
    whole = not missing or (ended if chunked and not chunks.not_chunked else _has_length(body, headers))
    return Entity(body, headers, warnings, missing, whole, too_large)


def _has_length(body: bytes, headers: Headers) -> bool:
    """True if ``body`` holds the ``Content-Length`` bytes its headers announce."""
    for k, v in headers:
        if k.lower() == "content-length":
            try:
                return 0 <= int(v.strip()) <= len(body)
            except ValueError:
                return False
    return False


class RecordTooLarge(Exception):
    """An HTTP record whose body passed the reader's per-record cap (it was read past, not kept)."""

    def __init__(self, url: str, size: int, max_size: int):
        super().__init__(f"{url}: record body over {max_size} bytes ({size} read before giving up); "
                         "skipped as too large")
        self.url, self.size, self.max_size = url, size, max_size


def http_capture(record, it, path: str, seekable: bool, max_size: Optional[int] = None) -> Optional[Capture]:
    """The capture a ``response``/``revisit`` record holds; None for any other record.

    ``it`` is the iterator that gave ``record`` (for its offset).  A body over
    ``max_size`` bytes is not kept.  Raises :class:`BadStatusLine`,
    :class:`RecordTooLarge` or :class:`TruncatedRecord` (the record ends
    before its length and so does its HTTP body; the caller decides whether
    the capture it carries is a clipped record or a misaligned one).
    """
    if record.rec_type not in HTTP_TYPES or record.http_headers is None:
        it.read_to_end()
        return None
    h = record.http_headers
    entity = read_entity(record, [(str(k), str(v)) for k, v in h.headers], max_size)
    offset = it.get_record_offset()
    rh = record.rec_headers
    url = clean_uri(rh.get_header("WARC-Target-URI"))
    if not url.startswith(("http://", "https://")) or not h.statusline:
        return None
    parts = h.statusline.split(" ", 1)
    try:
        status = int(parts[0])
    except ValueError:
        raise BadStatusLine(f"bad HTTP status line {h.statusline[:60]!r} for {url}") from None
    if entity.too_large:
        raise RecordTooLarge(url, entity.too_large, max_size)
    cap = Capture(
        url=url, date=rh.get_header("WARC-Date") or "", record_id=rh.get_header("WARC-Record-ID") or "",
        path=path, offset=offset, status=status, headers=entity.headers, body=entity.body,
        protocol=h.protocol or "HTTP/1.1", reason=parts[1] if len(parts) > 1 else "",
        ip=rh.get_header("WARC-IP-Address"), rec_type=record.rec_type,
        payload_digest=rh.get_header("WARC-Payload-Digest"), seekable=seekable, warnings=entity.warnings,
        short=entity.missing, truncated=not entity.whole)
    if cap.truncated:
        raise TruncatedRecord(f"record ends {entity.missing} bytes before its Content-Length", cap, rh)
    return cap
