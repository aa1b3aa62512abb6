"""LZ4-compressed WARCs, which warcio cannot read: FastWARC reads them.

Each FastWARC record is dressed as the few parts of a warcio record (and of
its iterator) that :func:`.records.http_capture` uses, so one code path turns
records into captures whichever library parsed them.
"""

from __future__ import annotations

import io
from typing import Iterator

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

    def __init__(self, rec):
        rt = rec.record_type.name if hasattr(rec.record_type, "name") else str(rec.record_type)
        self.rec_type = rt.split(".")[-1]
        self.rec_headers = _Headers(rec.headers)
        self.http_headers = _Http(rec.http_headers) if rec.http_headers is not None else None
        self.raw_stream = io.BytesIO(rec.reader.read())
        self.offset = rec.stream_pos

    def get_record_offset(self) -> int:
        return self.offset

    def read_to_end(self) -> None:
        pass


def iter_records(fh) -> Iterator[FastRecord]:
    """Records of an open LZ4 (or gzip, or plain) WARC, via FastWARC; raises ImportError without it."""
    from fastwarc.warc import ArchiveIterator

    for rec in ArchiveIterator(fh, parse_http=True):
        yield FastRecord(rec)
