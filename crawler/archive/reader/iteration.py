"""``ArchiveReader``: HTTP captures from many WARC/ARC files, never a traceback.

This is the loop: it sniffs each file's format, iterates its records with
warcio (FastWARC for LZ4), and turns every problem into a one-line
:class:`ReadError` before going on: with the next record (:mod:`.resync`),
as one gzip stream (:mod:`.torn_gzip`), or with the next file.  Revisits are
resolved as they come (:mod:`.revisits`).
"""

from __future__ import annotations

import logging
import os
import zlib
from typing import Callable, Iterable, Iterator, Optional

from warcio.exceptions import ArchiveLoadFailed

from . import fastwarc, resync, torn_gzip
from .decoding import MAX_DECODED, Decoded, decode
from .errors import ReadError, TruncatedRecord, is_whole_file_gzip, one_line
from .model import Capture
from .paths import expand_paths
from .records import BadStatusLine, RecordTooLarge, http_capture, iterate
from .resync import GZIP_MAGIC
from .revisits import RevisitIndex

logger = logging.getLogger(__name__)

# Bytes of one record's (de-chunked) body the reader holds at most; a larger
# record is skipped as too large.  ``scrapy replay`` takes it from the
# KHABAR_REPLAY_MAX_RECORD setting.  A crawl keeps no article over 8 MiB.
MAX_RECORD = 64 * 1024 * 1024


class ArchiveReader:
    """Iterate HTTP captures over many files; collect or forward errors.

    ``stats`` (a plain dict) counts records, captures, revisits, errors,
    warnings, payloads left encoded because they decode past the cap,
    records cut short (``truncated``: yielded with what the file holds) and
    records skipped because their body passes ``max_record`` bytes
    (``too_large``; read past in blocks, never held: a 200 MB record costs
    no more memory than a small one).  Each of the last three is also a
    one-line warning.
    """

    def __init__(self, on_error: Optional[Callable[[ReadError], None]] = None, *,
                 resolve_revisits: bool = True, max_record: Optional[int] = MAX_RECORD):
        self.errors: list[ReadError] = []
        self._on_error = on_error
        self.resolve_revisits = resolve_revisits
        self.max_record = max_record
        self.stats = {"files": 0, "records": 0, "captures": 0, "revisits": 0, "revisits_unresolved": 0,
                      "other_records": 0, "errors": 0, "files_failed": 0, "warnings": 0, "payloads_capped": 0,
                      "truncated": 0, "too_large": 0}
        self.revisits = RevisitIndex(lambda path, offset: read_capture(path, offset, max_record=max_record))
        self.bytes_read = 0  # of all the files iter_paths reads, for progress
        self._files_done_bytes = 0

    # errors ------------------------------------------------------------------
    def error(self, path: str, offset: Optional[int], message: str, fatal: bool = True) -> None:
        err = ReadError(str(path), offset, message, fatal)
        if fatal:
            self.errors.append(err)
            self.stats["errors"] += 1
        else:
            self.stats["warnings"] += 1
        if self._on_error:
            self._on_error(err)
        else:
            (logger.error if fatal else logger.warning)("%s", err)

    # decoding ------------------------------------------------------------------
    def decode(self, cap: Capture, max_size: int = MAX_DECODED) -> Decoded:
        """``cap``'s body content-decoded (see :func:`.decoding.decode`); a capped payload is reported."""
        decoded = decode(cap.body, cap.headers, max_size)
        if decoded.capped:
            self.capped(cap, max_size)
        return decoded

    def capped(self, cap: Capture, max_size: int = MAX_DECODED) -> None:
        """Report that ``cap``'s body decodes past ``max_size`` bytes (and was left encoded)."""
        self.stats["payloads_capped"] += 1
        self.error(cap.path, cap.offset, f"{cap.url}: body decodes to more than {max_size} bytes "
                                         "(a compression bomb?); left encoded, not extracted", fatal=False)

    # public ------------------------------------------------------------------
    def iter_paths(self, paths: Iterable[str]) -> Iterator[Capture]:
        for path in expand_paths(paths, lambda e: self.error(e.path, e.offset, e.message)):
            yield from self.iter_file(path)
            try:  # progress counts bytes across all the files, not within one
                self._files_done_bytes += os.path.getsize(path)
            except OSError:
                pass
            self.bytes_read = self._files_done_bytes

    def iter_file(self, path: str) -> Iterator[Capture]:
        path = str(path)
        self.stats["files"] += 1
        errors_before = self.stats["errors"]
        try:
            size = os.path.getsize(path)
            with open(path, "rb") as fh:
                head = fh.read(8)
        except OSError as exc:
            self.error(path, None, f"cannot open: {exc.strerror or exc}")
            self.stats["files_failed"] += 1
            return
        if size == 0:
            self.error(path, None, "empty file")
            self.stats["files_failed"] += 1
            return
        if head.startswith(fastwarc.LZ4_MAGIC):  # warcio cannot read LZ4; FastWARC can
            yield from fastwarc.read_file(path, self._capture, self.error, self.max_record)
            if self.stats["errors"] > errors_before:
                self.stats["files_failed"] += 1
            return
        if head.startswith(b"PK\x03\x04"):
            self.error(path, 0, "ZIP/WACZ container, not a WARC (unzip it and replay its archive/*.warc.gz)")
            self.stats["files_failed"] += 1
            return
        if not head.startswith(GZIP_MAGIC):
            stripped = head.lstrip()
            if not (stripped.startswith(b"WARC/") or self._looks_like_arc(path)):
                self.error(path, 0, "not a WARC or ARC file (no 'WARC/' or ARC header at the start)")
                self.stats["files_failed"] += 1
                return
        yield from self._iter_seekable(path, head.startswith(GZIP_MAGIC))
        if self.stats["errors"] > errors_before:
            self.stats["files_failed"] += 1

    @staticmethod
    def _looks_like_arc(path: str) -> bool:
        with open(path, "rb") as fh:
            line = fh.readline(4096)
        return line.startswith(b"filedesc://") or (len(line.split(b" ")) in (5, 6) and b"://" in line)

    # seekable files: per record gzip or uncompressed ---------------------------
    def _iter_seekable(self, path: str, gzipped: bool) -> Iterator[Capture]:
        with open(path, "rb") as fh:
            start = 0
            yielded = 0
            while start is not None:
                fh.seek(start)
                it = iterate(fh)
                last_offset = start
                try:
                    for record in it:
                        last_offset = it.offset
                        self.bytes_read = max(self.bytes_read, self._files_done_bytes + last_offset)
                        cap = self._capture(record, it, path, seekable=True)
                        yielded += 1
                        if cap is not None:
                            yield cap
                        if it.err_count:
                            self.error(path, it.member_info[0] if it.member_info else last_offset,
                                       "record length does not match its Content-Length", fatal=False)
                            it.err_count = 0
                    start = None
                    end = it.offset
                    size = os.fstat(fh.fileno()).st_size
                    if end < size and not resync.blank_tail(fh, end, size, gzipped):
                        self.error(path, end, f"{size - end} bytes after the last complete record "
                                              "(truncated record or trailing garbage)")
                except Exception as exc:  # one bad record: report, resync, go on
                    last_offset = max(last_offset, getattr(it, "offset", last_offset) or last_offset)
                    msg = one_line(exc)
                    if is_whole_file_gzip(msg):
                        yield from torn_gzip.read_as_stream(path, yielded, self._capture, self.error, self._truncated)
                        return
                    if gzipped and torn_gzip.reads_as_one_stream(path):
                        # gzip members not aligned with records: one stream reads it all
                        self.error(path, last_offset, "gzip members do not align with records; "
                                   "read as one gzip stream (offsets are uncompressed)", fatal=False)
                        yield from torn_gzip.read_as_stream(path, yielded, self._capture, self.error, self._truncated)
                        return
                    start = resync.next_record_start(fh, last_offset + 1, gzipped)
                    if isinstance(exc, TruncatedRecord) and exc.capture is not None and start is None:
                        # the file ends inside this record (a clipped file): what is there is replayed
                        cap = self._truncated(exc.capture, exc.rec_headers)
                        if cap is not None:
                            yield cap
                        continue
                    self.error(path, last_offset, msg)
                finally:
                    self.bytes_read = max(self.bytes_read, self._files_done_bytes + fh.tell())

    # one record -----------------------------------------------------------------
    def _capture(self, record, it, path: str, seekable: bool) -> Optional[Capture]:
        """The capture ``record`` holds, or None; raises :class:`TruncatedRecord`
        (see :func:`.records.http_capture`)."""
        self.stats["records"] += 1
        try:
            cap = http_capture(record, it, path, seekable, self.max_record)
        except BadStatusLine as exc:
            self.error(path, it.get_record_offset(), str(exc))
            return None
        except RecordTooLarge as exc:
            self.stats["too_large"] += 1
            self.error(path, it.get_record_offset(), str(exc), fatal=False)
            return None
        if cap is None:
            self.stats["other_records"] += 1
            return None
        if cap.short:
            self.error(path, cap.offset, f"{cap.url}: record {cap.short} bytes shorter than its declared length; "
                                         "its HTTP body is whole (line endings rewritten?)", fatal=False)
        return self._finish(cap, record.rec_headers)

    def _truncated(self, cap: Capture, rh) -> Optional[Capture]:
        """A record the file ends inside of, replayed from the bytes there: counted, one warning."""
        self.stats["truncated"] += 1
        self.error(cap.path, cap.offset, f"{cap.url}: record cut {cap.short} bytes before its end "
                                         f"(truncated); replayed from the {len(cap.body)} bytes there", fatal=False)
        return self._finish(cap, rh)

    def _finish(self, cap: Capture, rh) -> Optional[Capture]:
        """Revisits resolved (``rh``: the record's WARC headers; None if the
        original is not found); originals remembered."""
        path = cap.path
        if cap.rec_type == "revisit":
            self.stats["revisits"] += 1
            if self.resolve_revisits:
                resolved = self.revisits.resolve(cap, rh)
                if resolved is None:
                    self.stats["revisits_unresolved"] += 1
                    refers_to = (rh.get_header("WARC-Refers-To") or rh.get_header("WARC-Refers-To-Target-URI")
                                 or cap.payload_digest)
                    self.error(path, cap.offset, f"revisit of {cap.url}: original record not found "
                                                 f"(refers to {refers_to})", fatal=False)
                    return None
                cap = resolved
        else:
            self.revisits.remember(cap)
        self.stats["captures"] += 1
        return cap


def read_capture(path: str, offset: int, resolve_with: Optional[ArchiveReader] = None,
                 max_record: Optional[int] = MAX_RECORD) -> Optional[Capture]:
    """The HTTP capture whose record starts at ``offset`` in ``path`` (one seek, one record)."""
    reader = resolve_with or ArchiveReader(on_error=lambda e: None, resolve_revisits=resolve_with is not None,
                                           max_record=max_record)
    with open(path, "rb") as fh:
        fh.seek(offset)
        it = iterate(fh)
        try:
            record = next(iter(it))
        except (StopIteration, ArchiveLoadFailed, OSError, ValueError, EOFError, zlib.error):
            return None
        try:
            return reader._capture(record, it, str(path), seekable=True)
        except TruncatedRecord as exc:  # a clipped last record: what is there, as a scan gave it
            return reader._finish(exc.capture, exc.rec_headers) if exc.capture is not None else None
