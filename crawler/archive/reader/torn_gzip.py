"""Whole-file gzip and torn gzip members, read as one stream.

warcio wants one gzip member per record.  Some tools gzip the whole file at
once, others cut members across records, and a crash can leave garbage after
the last member; ``gzip.GzipFile`` then raises before handing out what it
already inflated.  :class:`GzipStream` hands out everything readable and
remembers where the garbage starts; offsets in such a stream are positions in
the uncompressed data, so its captures are not seekable.
"""

from __future__ import annotations

import io
import zlib
from typing import Iterator, Optional

from .errors import TruncatedRecord, one_line
from .model import Capture
from .records import CaptureFn, ErrorFn, TruncatedFn, iterate
from .resync import GZIP_MAGIC


_BLOCK = 1 << 16


class GzipStream(io.RawIOBase):
    """Multi-member gzip reader that stops cleanly at bytes that are not gzip.

    ``trailing_at`` is the compressed offset where such bytes start; ``cut``
    says the last member ends before its end (a clipped file): the stream
    then ends quietly where the data does (warcio's iterator would take an
    ``EOFError`` for the end of the file anyway, and lose what it buffered),
    so readers check ``cut`` themselves.
    """

    def __init__(self, raw):
        self.raw = raw
        self.d = zlib.decompressobj(31)
        self.buf = b""
        self.eof = False
        self.trailing_at: Optional[int] = None
        self.consumed = 0  # compressed bytes fed to finished members
        self.cut = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self.buf and not self.eof:
            if self.d.eof:  # previous member finished: next member, garbage or the end
                data = self.d.unused_data or self.raw.read(_BLOCK)
                if not data:
                    self.eof = True
                    break
                if not data.startswith(GZIP_MAGIC):
                    if data.strip(b"\r\n\x00 "):
                        self.trailing_at = self.raw.tell() - len(data)
                    self.eof = True
                    break
                self.d = zlib.decompressobj(31)
            else:
                data = self.d.unconsumed_tail or self.raw.read(_BLOCK)
                if not data:
                    if self.consumed < self.raw.tell():  # a member started, never finished
                        self.cut = True
                    self.eof = True  # an EOFError here would lose what the caller already has
                    break
            # at most _BLOCK bytes out per step: a bomb's member inflates a block at a time
            self.buf = self.d.decompress(data, _BLOCK)
            if self.d.eof:
                self.consumed = self.raw.tell() - len(self.d.unused_data)
        n = min(len(b), len(self.buf))
        b[:n] = self.buf[:n]
        self.buf = self.buf[n:]
        return n


def reads_as_one_stream(path: str) -> bool:
    """True if ``path``, inflated as one gzip stream, holds only complete records."""
    try:
        with open(path, "rb") as raw:
            gz = GzipStream(raw)
            for record in iterate(io.BufferedReader(gz, 1 << 16)):
                record.raw_stream.read()
                if (getattr(record.raw_stream, "limit", 0) or 0) > 0:
                    return False
            return not gz.cut and gz.trailing_at is None
    except Exception:
        return False


def read_as_stream(path: str, skip: int, capture: CaptureFn, error: ErrorFn,
                   truncated: Optional[TruncatedFn] = None) -> Iterator[Capture]:
    """Captures of ``path`` read as one gzip stream; the first ``skip`` records were already read.

    A file cut inside its last record gives that record to ``truncated``
    (capture, WARC headers), which returns the capture to yield.
    """
    with open(path, "rb") as raw:
        gz = GzipStream(raw)
        it = iterate(io.BufferedReader(gz, 1 << 16))
        n = 0
        last_offset = 0
        try:
            for record in it:
                last_offset = it.offset
                n += 1
                if n <= skip:
                    continue
                cap = capture(record, it, path, False)
                if cap is not None:
                    yield cap
            if gz.cut:
                error(path, max(last_offset, getattr(it, "offset", 0) or 0),
                      "gzip stream cut short (truncated file): nothing readable after this uncompressed offset "
                      "(whole-file gzip)")
            if gz.trailing_at is not None:
                error(path, gz.trailing_at, "bytes after the end of the gzip stream "
                                            "(trailing garbage or a damaged file); ignored")
        except TruncatedRecord as exc:
            if gz.cut and truncated is not None and exc.capture is not None:
                cap = truncated(exc.capture, exc.rec_headers)  # the file ends inside this record
                if cap is not None:
                    yield cap
            else:
                error(path, max(last_offset, getattr(it, "offset", 0) or 0),
                      f"{one_line(exc)} (uncompressed offset, whole-file gzip)")
        except Exception as exc:
            last_offset = max(last_offset, getattr(it, "offset", 0) or 0)
            msg = one_line(exc)
            if "Not a gzipped file" in msg:
                msg = "bytes after the end of the gzip stream (trailing garbage or a damaged file)"
            if last_offset:
                error(path, last_offset, f"{msg} (uncompressed offset, whole-file gzip)")
            else:
                error(path, None, f"{msg} (whole-file gzip, after {n} records)")
