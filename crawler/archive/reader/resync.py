"""Finding the next readable record after a corrupt one.

warcio stops at the first record it cannot parse; a WARC with one damaged
record in the middle still holds good ones after it.  These helpers scan
forward for a plausible record start (a gzip member that inflates to
``WARC/``, or a ``WARC/`` line) and tell padding from garbage at the end.
"""

from __future__ import annotations

import zlib
from typing import Optional

GZIP_MAGIC = b"\x1f\x8b"


def blank_tail(fh, end: int, size: int, gzipped: bool) -> bool:
    """True if the bytes after the last record are only padding (or empty gzip members)."""
    fh.seek(end)
    tail = fh.read(min(size - end, 1 << 20))
    if gzipped and tail.startswith(GZIP_MAGIC):
        out = b""
        while tail:
            d = zlib.decompressobj(31)
            try:
                out += d.decompress(tail)
            except zlib.error:
                return False
            if not d.eof:
                return False  # a gzip member cut short
            tail = d.unused_data
        tail = out
    return not tail.strip(b"\r\n\x00 ")


def next_record_start(fh, pos: int, gzipped: bool) -> Optional[int]:
    """Offset of the next plausible record start at or after ``pos``, or None."""
    marker = GZIP_MAGIC + b"\x08" if gzipped else b"WARC/"
    fh.seek(pos)
    base = pos
    tail = b""
    while True:
        chunk = fh.read(1 << 20)
        if not chunk:
            return None
        buf = tail + chunk
        i = buf.find(marker)
        while i >= 0:
            cand = base - len(tail) + i
            if _record_starts_at(fh, cand, gzipped):
                return cand
            i = buf.find(marker, i + 1)
        tail = buf[-8:]
        base += len(chunk)
        fh.seek(base)


def _record_starts_at(fh, pos: int, gzipped: bool) -> bool:
    here = fh.tell()
    try:
        fh.seek(pos)
        data = fh.read(4096)
        if gzipped:
            try:
                data = zlib.decompressobj(31).decompress(data, 64)
            except zlib.error:
                return False
        elif pos > 0:
            fh.seek(pos - 1)
            if fh.read(1) != b"\n":
                return False
        return data.startswith(b"WARC/")
    finally:
        fh.seek(here)
