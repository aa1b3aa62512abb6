"""LZ4-compressed WARCs, which warcio cannot read: FastWARC reads them.

Each FastWARC record is dressed as the few parts of a warcio record (and of
its iterator) that :func:`.records.http_capture` uses, so one code path turns
records into captures whichever library parsed them.
"""

from __future__ import annotations

import io
from typing import Iterator

from .errors import one_line
from .model import Capture
from .records import CaptureFn, ErrorFn

LZ4_MAGIC = b"\x04\x22\x4d\x18"


class _Headers:
    def __init__(self, headers):
        self._h = headers

    def get_header(self, name, default=None):
        return self._h.get(name, default)


class _Http:
    def __init__(self, http):
        line = http.status_line or ""
        self.protocol, _, self.statusline = line.partition(" ")
        self.headers = list(http.astuples())


class FastRecord:
    """A FastWARC record as a warcio record, and as the iterator that gave it."""

    def __init__(self, rec, max_size=None):
        rt = rec.record_type.name if hasattr(rec.record_type, "name") else str(rec.record_type)
        self.rec_type = rt.split(".")[-1]
        self.rec_headers = _Headers(rec.headers)
        self.http_headers = _Http(rec.http_headers) if rec.http_headers is not None else None
        # at most one byte over the reader's cap: enough for it to say "too large"
        self.raw_stream = io.BytesIO(rec.reader.read() if max_size is None else rec.reader.read(max_size + 1))
        self.offset = rec.stream_pos

    def get_record_offset(self) -> int:
        return self.offset

    def read_to_end(self) -> None:
        pass


def read_file(path: str, capture: CaptureFn, error: ErrorFn, max_size=None) -> Iterator[Capture]:
    """Captures of an LZ4 (or gzip, or plain) WARC, via FastWARC (never seekable)."""
    try:
        from fastwarc.warc import ArchiveIterator
    except ImportError:  # pragma: no cover - resiliparse is a pinned dependency
        error(path, 0, "LZ4-compressed WARC needs FastWARC (pip install resiliparse)")
        return
    last = 0
    try:
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, parse_http=True):
                last = rec.stream_pos
                fake = FastRecord(rec, max_size)
                cap = capture(fake, fake, path, False)
                if cap is not None:
                    yield cap
    except Exception as exc:
        error(path, last, f"{one_line(exc)} (LZ4 via FastWARC)")
