"""One warcio record -> one :class:`Capture`; warcio does the parsing and the de-chunking.

Khabar only decides what counts as an HTTP capture (``response``/``revisit``
records with an http(s) target and a status line), notices a record cut short
of its Content-Length, and keeps warcio's stderr banners out of the logs.
"""

from __future__ import annotations

from typing import Callable, Optional

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader

from .errors import TruncatedRecord
from .model import Capture

HTTP_TYPES = ("response", "revisit")

# How the per-format readers (torn_gzip, fastwarc) hand records back to ArchiveReader:
CaptureFn = Callable[..., Optional[Capture]]  # (record, iterator, path, seekable) -> capture or None
ErrorFn = Callable[[str, Optional[int], str], None]  # (path, offset, message): a fatal read error
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


def read_entity(record, headers: list[tuple[str, str]]) -> tuple[bytes, list[tuple[str, str]], list[str]]:
    """(body, headers, warnings): the payload, de-chunked by warcio if it says it is chunked.

    The whole block is consumed, so a short read means the record was cut.
    """
    if not _is_chunked(headers):
        body = record.raw_stream.read()
        warnings = []
    else:
        chunks = ChunkedDataReader(record.raw_stream)
        body = chunks.read()
        record.raw_stream.read()  # what follows the last chunk (trailers, padding)
        warnings = [NOT_CHUNKED] if chunks.not_chunked and body else []
        headers = [(k, v) for k, v in headers if k.lower() != "transfer-encoding"]
    missing = getattr(record.raw_stream, "limit", 0) or 0
    if missing > 0:
        raise TruncatedRecord(f"record ends {missing} bytes before its Content-Length")
    return body, headers, warnings


def http_capture(record, it, path: str, seekable: bool) -> Optional[Capture]:
    """The capture a ``response``/``revisit`` record holds; None for any other record.

    ``it`` is the iterator that gave ``record`` (for its offset).  Raises
    :class:`TruncatedRecord` or :class:`BadStatusLine`.
    """
    if record.rec_type not in HTTP_TYPES or record.http_headers is None:
        it.read_to_end()
        return None
    h = record.http_headers
    body, headers, warnings = read_entity(record, [(str(k), str(v)) for k, v in h.headers])
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
    return Capture(
        url=url, date=rh.get_header("WARC-Date") or "", record_id=rh.get_header("WARC-Record-ID") or "",
        path=path, offset=offset, status=status, headers=headers, body=body,
        protocol=h.protocol or "HTTP/1.1", reason=parts[1] if len(parts) > 1 else "",
        ip=rh.get_header("WARC-IP-Address"), rec_type=record.rec_type,
        payload_digest=rh.get_header("WARC-Payload-Digest"), seekable=seekable, warnings=warnings)
