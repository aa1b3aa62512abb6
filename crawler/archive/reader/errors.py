"""Read errors as one line each: ``FILE: offset N: message``.

A reader of years of foreign WARCs meets every kind of damage; the user needs
to know which file and where, in a line a log or a grep can hold, never a
traceback or warcio's multi-line banners.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class ReadError:
    path: str
    offset: Optional[int]
    message: str
    fatal: bool = True  # False: a warning, the record was still read

    def __str__(self) -> str:
        where = f"offset {self.offset}: " if self.offset is not None else ""
        return f"{self.path}: {where}{self.message}"


class TruncatedRecord(Exception):
    """A record's block ends before its Content-Length and its HTTP body is
    incomplete (a clipped file, or gzip members not aligned with records).

    ``capture`` is the capture with what the file holds (``truncated`` set),
    ``rec_headers`` the record's WARC headers (for revisits).
    """

    def __init__(self, message: str, capture=None, rec_headers=None):
        super().__init__(message)
        self.capture, self.rec_headers = capture, rec_headers


def one_line(exc: BaseException) -> str:
    """An exception from warcio, zlib or FastWARC as a short printable line."""
    if isinstance(exc, (AttributeError, TypeError)):
        return "malformed record header (missing WARC-Target-URI or similar)"
    msg = " ".join(str(exc).split())
    msg = "".join(c if c.isprintable() else "?" for c in msg)
    if len(msg) > 160:
        msg = msg[:157] + "..."
    if "non-chunked gzip" in msg:
        msg = "whole-file gzip (not one gzip member per record)"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def is_whole_file_gzip(message: str) -> bool:
    """True for the :func:`one_line` of warcio's "one gzip member for many records" error."""
    return "whole-file gzip" in message
