"""Robust reading of HTTP captures from any WARC/ARC file.

``ArchiveReader`` turns files into :class:`Capture` objects (one per HTTP
response, revisits resolved) and never raises for bad input: every problem
becomes a :class:`ReadError` ("FILE: offset N: message") handed to
``on_error``, and reading goes on with the next readable record or file.

Handles: WARC 1.0/1.1 (and older 0.x), gzip per record or uncompressed, ARC
(converted by warcio), whole-file gzip (streamed through ``gzip``; offsets are
then positions in the *uncompressed* stream and the capture is not seekable),
``revisit`` records (resolved by ``WARC-Refers-To`` record id, else by URI +
payload digest, else by digest alone), ``Transfer-Encoding: chunked`` bodies
(de-chunked; kept raw if the chunking is invalid), ``Content-Encoding``
gzip/x-gzip/deflate/br/zstd (decoded by :meth:`Capture.decoded`), records
without request records, LZ4-compressed WARCs (read with FastWARC; not
seekable).  Empty files, non-WARC files and missing paths are reported as
errors.
"""

from __future__ import annotations

import glob
import gzip
import io
import logging
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz", ".warc.gz.open", ".warc.open", ".warc.lz4")
GZIP_MAGIC = b"\x1f\x8b"
LZ4_MAGIC = b"\x04\x22\x4d\x18"
HTTP_TYPES = ("response", "revisit")


@dataclass
class ReadError:
    path: str
    offset: Optional[int]
    message: str
    fatal: bool = True  # False: a warning, the record was still read

    def __str__(self) -> str:
        where = f"offset {self.offset}: " if self.offset is not None else ""
        return f"{self.path}: {where}{self.message}"


@dataclass
class Capture:
    """One archived HTTP response (a ``response`` record, or a resolved ``revisit``)."""

    url: str
    date: str  # WARC-Date exactly as in the record
    record_id: str
    path: str  # the file it was read from
    offset: int  # record offset (compressed file offset; uncompressed if not seekable)
    status: int
    headers: list[tuple[str, str]]  # HTTP headers as recorded (Transfer-Encoding dropped if de-chunked)
    body: bytes  # entity body: de-chunked, still content-encoded as recorded
    protocol: str = "HTTP/1.1"
    reason: str = ""
    ip: Optional[str] = None
    rec_type: str = "response"
    payload_digest: Optional[str] = None
    seekable: bool = True
    revisit_of: Optional[str] = None  # record id of the original, for revisits
    warnings: list[str] = field(default_factory=list)

    @property
    def file(self) -> str:
        return os.path.basename(self.path)

    @property
    def pointer(self) -> dict:
        return {"file": self.file, "offset": self.offset, "record_id": self.record_id}

    def header(self, name: str, default: Optional[str] = None) -> Optional[str]:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return default

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").lower()

    def decoded(self) -> tuple[bytes, list[tuple[str, str]]]:
        """(body, headers) as Scrapy's HttpCompressionMiddleware leaves them:
        ``Content-Encoding`` removed once decoded (kept if it cannot be)."""
        return decode_content(self.body, self.headers)


# -- body decoding --------------------------------------------------------------
def dechunk(data: bytes) -> Optional[bytes]:
    """Decode an HTTP/1.1 chunked body; None if ``data`` is not validly chunked."""
    out = []
    pos, n = 0, len(data)
    while True:
        eol = data.find(b"\r\n", pos)
        if eol < 0:
            eol = data.find(b"\n", pos)
            if eol < 0:
                return None
            nl = 1
        else:
            nl = 2
        line = data[pos:eol].split(b";", 1)[0].strip()
        try:
            size = int(line, 16)
        except ValueError:
            return None
        pos = eol + nl
        if size == 0:
            return b"".join(out)
        if pos + size > n:
            return None
        out.append(data[pos:pos + size])
        pos += size
        if data[pos:pos + 2] == b"\r\n":
            pos += 2
        elif data[pos:pos + 1] == b"\n":
            pos += 1
        elif pos < n:
            return None


def _gunzip(data: bytes) -> bytes:
    out = []
    while data:
        d = zlib.decompressobj(47)  # gzip or zlib header, auto
        out.append(d.decompress(data))
        out.append(d.flush())
        data = d.unused_data
        if not d.eof:
            break
        if data and not data.startswith(GZIP_MAGIC):
            break
    return b"".join(out)


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data)
    except zlib.error:
        return zlib.decompress(data, -15)  # raw deflate, as some servers send


def _unbrotli(data: bytes) -> bytes:
    import brotli

    return brotli.decompress(data)


def _unzstd(data: bytes) -> bytes:
    import zstandard  # optional, as in Scrapy

    return zstandard.ZstdDecompressor().decompressobj().decompress(data)


DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": _gunzip, "x-gzip": _gunzip, "deflate": _inflate, "br": _unbrotli, "zstd": _unzstd,
}


def decode_content(body: bytes, headers: list[tuple[str, str]]) -> tuple[bytes, list[tuple[str, str]]]:
    codings: list[str] = []
    for k, v in headers:
        if k.lower() == "content-encoding":
            codings += [c.strip().lower() for c in v.split(",") if c.strip()]
    if not codings:
        return body, headers
    remaining = list(codings)
    while remaining:
        coding = remaining[-1]
        if coding == "identity":
            remaining.pop()
            continue
        decoder = DECODERS.get(coding)
        if decoder is None:
            break
        try:
            body = decoder(body)
        except Exception:  # not really encoded (or damaged): keep what we have
            break
        remaining.pop()
    out = [(k, v) for k, v in headers if k.lower() != "content-encoding"]
    if remaining:  # as Scrapy does: keep the codings it could not undo
        idx = next(i for i, (k, _) in enumerate(headers) if k.lower() == "content-encoding")
        out.insert(idx, (headers[idx][0], ", ".join(remaining)))
    return body, out


# -- path expansion -------------------------------------------------------------
def expand_paths(paths: Iterable[str], on_error: Callable[[ReadError], None]) -> list[str]:
    """Files from paths, globs and directories (recursively, WARC/ARC suffixes only)."""
    out: list[str] = []
    for p in paths:
        p = str(p)
        if os.path.isdir(p):
            found = sorted(str(f) for f in Path(p).rglob("*") if f.is_file() and f.name.endswith(WARC_SUFFIXES))
            if not found:
                on_error(ReadError(p, None, "directory holds no .warc/.warc.gz/.arc files"))
            out += found
        elif os.path.exists(p):
            out.append(p)
        elif glob.has_magic(p):
            found = sorted(f for f in glob.glob(p, recursive=True) if os.path.isfile(f))
            if not found:
                on_error(ReadError(p, None, "no file matches this pattern"))
            out += found
        else:
            on_error(ReadError(p, None, "no such file or directory"))
    seen, unique = set(), []
    for f in out:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


# -- record iteration -------------------------------------------------------------
class _GzipStream(io.RawIOBase):
    """Multi-member gzip reader that stops cleanly at bytes that are not gzip.

    ``gzip.GzipFile`` raises on trailing garbage before handing out the data
    it already decompressed; this hands out everything readable and records
    the compressed offset where the garbage starts in ``trailing_at``.
    """

    def __init__(self, raw):
        self.raw = raw
        self.d = zlib.decompressobj(31)
        self.buf = b""
        self.eof = False
        self.trailing_at: Optional[int] = None
        self.consumed = 0  # compressed bytes fed to finished members

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self.buf and not self.eof:
            chunk = self.d.unused_data or self.raw.read(1 << 16)
            fed_from_unused = bool(self.d.unused_data)
            if not chunk:
                if not self.d.eof and self.consumed < self.raw.tell():
                    raise EOFError("gzip stream cut short (truncated file)")
                self.eof = True
                break
            if self.d.eof:  # previous member finished: next member or garbage
                member_start = self.raw.tell() - len(chunk) if fed_from_unused else self.raw.tell() - len(chunk)
                if not chunk.startswith(GZIP_MAGIC):
                    if chunk.strip(b"\r\n\x00 "):
                        self.trailing_at = member_start
                    self.eof = True
                    break
                self.d = zlib.decompressobj(31)
            self.buf = self.d.decompress(chunk)
            if self.d.eof:
                self.consumed = self.raw.tell() - len(self.d.unused_data)
        n = min(len(b), len(self.buf))
        b[:n] = self.buf[:n]
        self.buf = self.buf[n:]
        return n


class _FastHeaders:
    def __init__(self, headers):
        self._h = headers

    def get_header(self, name, default=None):
        return self._h.get(name, default)


class _FastHttp:
    def __init__(self, http):
        line = http.status_line or ""
        self.protocol, _, self.statusline = line.partition(" ")
        self.headers = list(http.astuples())


class _FastRecord:
    """A FastWARC record dressed as the bits of a warcio record (and iterator) ``_capture`` uses."""

    def __init__(self, rec):
        rt = rec.record_type.name if hasattr(rec.record_type, "name") else str(rec.record_type)
        self.rec_type = rt.split(".")[-1]
        self.rec_headers = _FastHeaders(rec.headers)
        self.http_headers = _FastHttp(rec.http_headers) if rec.http_headers is not None else None
        self.raw_stream = io.BytesIO(rec.reader.read())
        self._offset = rec.stream_pos

    def get_record_offset(self) -> int:
        return self._offset

    def read_to_end(self) -> None:
        pass


class _QuietIterator(ArchiveIterator):
    """warcio's iterator, with its multi-line stderr warnings turned into counts."""

    INC_RECORD = ""


def _clean_uri(uri: Optional[str]) -> str:
    uri = (uri or "").strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1]
    return uri.replace(" ", "%20")


class TruncatedRecord(Exception):
    """A record's block ends before its Content-Length (cut file or misaligned gzip members)."""


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, (AttributeError, TypeError)):
        return "malformed record header (missing WARC-Target-URI or similar)"
    msg = " ".join(str(exc).split())
    msg = "".join(c if c.isprintable() else "?" for c in msg)
    if len(msg) > 160:
        msg = msg[:157] + "..."
    if "non-chunked gzip" in msg:
        msg = "whole-file gzip (not one gzip member per record)"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


class ArchiveReader:
    """Iterate HTTP captures over many files; collect or forward errors.

    ``stats`` (a plain dict) counts records, captures, revisits, errors.
    """

    def __init__(self, on_error: Optional[Callable[[ReadError], None]] = None, *,
                 resolve_revisits: bool = True):
        self.errors: list[ReadError] = []
        self._on_error = on_error
        self.resolve_revisits = resolve_revisits
        self.stats = {"files": 0, "records": 0, "captures": 0, "revisits": 0, "revisits_unresolved": 0,
                      "other_records": 0, "errors": 0, "files_failed": 0, "warnings": 0}
        # revisit resolution: id -> capture location; (url, digest) and digest -> id
        self._by_id: dict[str, tuple[str, int, bool]] = {}
        self._by_url_digest: dict[tuple[str, str], str] = {}
        self._by_digest: dict[str, str] = {}
        self._mem: dict[str, Capture] = {}  # originals from unseekable files, kept in memory
        self.bytes_read = 0

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

    # public ------------------------------------------------------------------
    def iter_paths(self, paths: Iterable[str]) -> Iterator[Capture]:
        for path in expand_paths(paths, lambda e: self.error(e.path, e.offset, e.message)):
            yield from self.iter_file(path)

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
        if head.startswith(LZ4_MAGIC):  # warcio cannot read LZ4; FastWARC can
            yield from self._iter_fastwarc(path)
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
                it = _QuietIterator(fh, arc2warc=True)
                last_offset = start
                try:
                    for record in it:
                        last_offset = it.offset
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
                    if end < size and not self._blank_tail(fh, end, size, gzipped):
                        self.error(path, end, f"{size - end} bytes after the last complete record "
                                              "(truncated record or trailing garbage)")
                except Exception as exc:  # one bad record: report, resync, go on
                    last_offset = max(last_offset, getattr(it, "offset", last_offset) or last_offset)
                    msg = _one_line(exc)
                    if "whole-file gzip" in msg:
                        yield from self._iter_stream(path, skip=yielded)
                        return
                    if gzipped and self._stream_reads_cleanly(path):
                        # gzip members not aligned with records: one stream reads it all
                        self.error(path, last_offset, "gzip members do not align with records; "
                                   "read as one gzip stream (offsets are uncompressed)", fatal=False)
                        yield from self._iter_stream(path, skip=yielded)
                        return
                    self.error(path, last_offset, msg)
                    start = self._resync(fh, last_offset + 1, gzipped)
                finally:
                    self.bytes_read = max(self.bytes_read, fh.tell())

    @staticmethod
    def _blank_tail(fh, end: int, size: int, gzipped: bool) -> bool:
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

    def _resync(self, fh, pos: int, gzipped: bool) -> Optional[int]:
        """Offset of the next plausible record start after ``pos``, or None."""
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
                if self._record_starts_at(fh, cand, gzipped):
                    return cand
                i = buf.find(marker, i + 1)
            tail = buf[-8:]
            base += len(chunk)
            fh.seek(base)

    @staticmethod
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

    @staticmethod
    def _stream_reads_cleanly(path: str) -> bool:
        try:
            with gzip.open(path, "rb") as gz:
                for record in _QuietIterator(io.BufferedReader(gz, 1 << 16), arc2warc=True):
                    record.raw_stream.read()
                    if (getattr(record.raw_stream, "limit", 0) or 0) > 0:
                        return False
            return True
        except Exception:
            return False

    # whole-file gzip: a plain gzip stream ---------------------------------------
    def _iter_stream(self, path: str, skip: int) -> Iterator[Capture]:
        """Re-read a whole-file gzip as one stream; the first ``skip`` records were yielded."""
        with open(path, "rb") as raw:
            gz = _GzipStream(raw)
            it = _QuietIterator(io.BufferedReader(gz, 1 << 16), arc2warc=True)
            n = 0
            last_offset = 0
            try:
                for record in it:
                    last_offset = it.offset
                    n += 1
                    if n <= skip:
                        continue
                    cap = self._capture(record, it, path, seekable=False)
                    if cap is not None:
                        yield cap
                if gz.trailing_at is not None:
                    self.error(path, gz.trailing_at, "bytes after the end of the gzip stream "
                                                    "(trailing garbage or a damaged file); ignored")
            except Exception as exc:
                last_offset = max(last_offset, getattr(it, "offset", 0) or 0)
                msg = _one_line(exc)
                if "Not a gzipped file" in msg:
                    msg = "bytes after the end of the gzip stream (trailing garbage or a damaged file)"
                if last_offset:
                    self.error(path, last_offset, f"{msg} (uncompressed offset, whole-file gzip)")
                else:
                    self.error(path, None, f"{msg} (whole-file gzip, after {n} records)")

    # LZ4 (and anything else FastWARC reads) -------------------------------------
    def _iter_fastwarc(self, path: str) -> Iterator[Capture]:
        try:
            from fastwarc.warc import ArchiveIterator as FastIterator
        except ImportError:  # pragma: no cover - resiliparse is a pinned dependency
            self.error(path, 0, "LZ4-compressed WARC needs FastWARC (pip install resiliparse)")
            return
        last = 0
        try:
            with open(path, "rb") as fh:
                for rec in FastIterator(fh, parse_http=True):
                    last = rec.stream_pos
                    fake = _FastRecord(rec)
                    cap = self._capture(fake, fake, path, seekable=False)
                    if cap is not None:
                        yield cap
        except Exception as exc:
            self.error(path, last, f"{_one_line(exc)} (LZ4 via FastWARC)")

    # one record -----------------------------------------------------------------
    def _capture(self, record, it, path: str, seekable: bool) -> Optional[Capture]:
        self.stats["records"] += 1
        rec_type = record.rec_type
        if rec_type not in HTTP_TYPES or record.http_headers is None:
            self.stats["other_records"] += 1
            it.read_to_end()
            return None
        body = record.raw_stream.read()
        missing = getattr(record.raw_stream, "limit", 0) or 0
        if missing > 0:
            raise TruncatedRecord(f"record ends {missing} bytes before its Content-Length")
        offset = it.get_record_offset()
        rh = record.rec_headers
        h = record.http_headers
        url = _clean_uri(rh.get_header("WARC-Target-URI"))
        if not url.startswith(("http://", "https://")) or not h.statusline:
            self.stats["other_records"] += 1
            return None
        parts = h.statusline.split(" ", 1)
        try:
            status = int(parts[0])
        except ValueError:
            self.error(path, offset, f"bad HTTP status line {h.statusline[:60]!r} for {url}")
            return None
        headers = [(str(k), str(v)) for k, v in h.headers]
        warnings = []
        if any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers):
            plain = dechunk(body) if body else b""
            if plain is None:
                warnings.append("Transfer-Encoding: chunked but the body is not chunked; kept as is")
            else:
                body = plain
            headers = [(k, v) for k, v in headers if k.lower() != "transfer-encoding"]
        cap = Capture(
            url=url, date=rh.get_header("WARC-Date") or "", record_id=rh.get_header("WARC-Record-ID") or "",
            path=path, offset=offset, status=status, headers=headers, body=body,
            protocol=h.protocol or "HTTP/1.1", reason=parts[1] if len(parts) > 1 else "",
            ip=rh.get_header("WARC-IP-Address"), rec_type=rec_type,
            payload_digest=rh.get_header("WARC-Payload-Digest"), seekable=seekable, warnings=warnings)
        if rec_type == "revisit":
            self.stats["revisits"] += 1
            if self.resolve_revisits:
                resolved = self._resolve(cap, rh)
                if resolved is None:
                    self.stats["revisits_unresolved"] += 1
                    self.error(path, offset, f"revisit of {url}: original record not found "
                                             f"(refers to {rh.get_header('WARC-Refers-To') or rh.get_header('WARC-Refers-To-Target-URI') or cap.payload_digest})",
                               fatal=False)
                    return None
                cap = resolved
        else:
            self._remember(cap)
        self.stats["captures"] += 1
        return cap

    # Revisit targets remembered at most (the newest are kept): bounds memory on years of WARCs.
    MAX_REMEMBERED = 2_000_000

    def _remember(self, cap: Capture) -> None:
        if not cap.record_id:
            return
        if len(self._by_id) >= self.MAX_REMEMBERED:
            self._forget_oldest(self.MAX_REMEMBERED // 2)
        self._by_id[cap.record_id] = (cap.path, cap.offset, cap.seekable)
        if cap.payload_digest:
            self._by_url_digest[(cap.url, cap.payload_digest)] = cap.record_id
            self._by_digest.setdefault(cap.payload_digest, cap.record_id)
        if not cap.seekable and len(cap.body) < (4 << 20):
            self._mem[cap.record_id] = cap

    def _forget_oldest(self, n: int) -> None:
        for rid in list(self._by_id)[:n]:
            del self._by_id[rid]
            self._mem.pop(rid, None)
        alive = self._by_id.keys()
        self._by_url_digest = {k: v for k, v in self._by_url_digest.items() if v in alive}
        self._by_digest = {k: v for k, v in self._by_digest.items() if v in alive}

    def _resolve(self, rev: Capture, rh) -> Optional[Capture]:
        rid = rh.get_header("WARC-Refers-To")
        if not rid or rid not in self._by_id:
            ref_url = _clean_uri(rh.get_header("WARC-Refers-To-Target-URI")) or rev.url
            rid = (self._by_url_digest.get((ref_url, rev.payload_digest))
                   or self._by_url_digest.get((rev.url, rev.payload_digest))
                   or self._by_digest.get(rev.payload_digest))
        if not rid or rid not in self._by_id:
            return None
        orig = self._mem.get(rid) or self._load(*self._by_id[rid])
        if orig is None:
            return None
        # The revisit's own HTTP headers (status, dates) with the original's payload.
        headers = rev.headers if rev.headers else orig.headers
        status = rev.status if rev.headers else orig.status
        # Content-Encoding/Transfer-Encoding describe the stored payload: take them from the original.
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-encoding", "transfer-encoding")]
        headers += [(k, v) for k, v in orig.headers if k.lower() == "content-encoding"]
        return Capture(url=rev.url, date=rev.date, record_id=rev.record_id, path=rev.path, offset=rev.offset,
                       status=status, headers=headers, body=orig.body, protocol=rev.protocol, reason=rev.reason,
                       ip=rev.ip, rec_type="revisit", payload_digest=rev.payload_digest,
                       seekable=rev.seekable, revisit_of=rid, warnings=rev.warnings)

    def _load(self, path: str, offset: int, seekable: bool) -> Optional[Capture]:
        if not seekable:
            return None
        return read_capture(path, offset, resolve_with=None)


def read_capture(path: str, offset: int, resolve_with: Optional[ArchiveReader] = None) -> Optional[Capture]:
    """The HTTP capture whose record starts at ``offset`` in ``path`` (one seek, one record)."""
    reader = resolve_with or ArchiveReader(on_error=lambda e: None, resolve_revisits=resolve_with is not None)
    with open(path, "rb") as fh:
        fh.seek(offset)
        it = _QuietIterator(fh, arc2warc=True)
        try:
            record = next(iter(it))
        except (StopIteration, ArchiveLoadFailed, OSError, ValueError, EOFError, zlib.error):
            return None
        return reader._capture(record, it, str(path), seekable=True)
