"""Rotating WARC/1.1 writer (warcio underneath), one per crawl.

``ArchiveWriter`` writes gzip-per-record WARC/1.1 files into a directory:

* one ``warcinfo`` record at the head of every file;
* for each fetched URL a ``response`` record (HTTP message as received, see
  :mod:`crawler.archive.http`) then its ``request`` record, linked by
  ``WARC-Concurrent-To``; both carry ``WARC-Date``, ``WARC-Target-URI``,
  ``WARC-IP-Address`` (when known), ``WARC-Block-Digest`` and
  ``WARC-Payload-Digest``;
* ``conversion`` records (the clean text of an article, ``text/plain``,
  ``WARC-Refers-To`` its response record) the way Common Crawl's WET files do.

Files are named ``<prefix>-<spider>-<YYYYMMDDHHMMSSffffff>-<seq>-<host>-<pid>.warc.gz``
(the stamp is the run's start, shared by all its files) so that they sort by
time and say who wrote them; :func:`run_of` gives the run a file belongs to.  While a file is being
written it is called ``....warc.gz.open``; it gets its final name (the name
the ``warc`` pointers use) when it is closed, at rotation (``max_size``) or at
the end of the crawl.  A sorted CDXJ index ``<same>.cdxj`` is written beside
it at close.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import uuid
from zlib_ng import zlib_ng
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from typing import Optional

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from . import cdxj
from .http import request_head, response_head

logger = logging.getLogger(__name__)

WARC_VERSION = "WARC/1.1"
DEFAULT_MAX_SIZE = 1_000_000_000
REVISIT_PROFILES = {
    "server-not-modified": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
    "identical-payload-digest": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
}
# <prefix>-<spider>-<run stamp>-<seq>-<host>-<pid>.warc.gz
KHABAR_NAME = re.compile(r"^(?P<run>[^/]*?-\d{20})-(?P<seq>\d{5})-(?P<who>[^/]+?)\.w?arc(\.gz)?(\.open)?$")


def run_of(filename: str) -> str:
    """The crawl run a WARC file belongs to: its name without the sequence
    number for Khabar's files (all files of a run share the stamp), else the
    file itself (another tool's archive: one file, one run)."""
    m = KHABAR_NAME.match(filename)
    return f"{m.group('run')}-{m.group('who')}" if m else filename

RECONSTRUCTION_NOTE = (
    "HTTP blocks are rebuilt from Scrapy's parsed request/response: body as transferred "
    "(content-encoding kept, chunked transfer-coding removed), every header value kept; "
    "header-name case and order, and the reason phrase, are normalised; request records "
    "are reconstructed (Host added). See crawler/archive/http.py."
)


def warc_date(dt: Optional[datetime] = None) -> str:
    """WARC-Date with microseconds (WARC/1.1), e.g. ``2026-11-23T06:56:33.123456Z``."""
    dt = dt or datetime.now(timezone.utc)
    return datetime_to_iso_date(dt.astimezone(timezone.utc).replace(tzinfo=None), use_micros=True)


class _RawHttpHeaders(StatusAndHeaders):
    """StatusAndHeaders whose serialisation is the exact bytes we built.

    warcio re-serialises (and %-encodes non-ASCII) header blocks at write
    time; this keeps the block byte-exact so digests and offsets are ours.
    """

    def __init__(self, raw: bytes, statusline: str, headers, protocol: str):
        super().__init__(statusline, headers, protocol=protocol)
        self.headers_buff = raw

    def compute_headers_buffer(self, header_filter=None):
        pass


@dataclass(frozen=True)
class RecordPointer:
    file: str  # WARC file basename (final name)
    offset: int  # byte offset of the record in that file
    record_id: str  # <urn:uuid:...>
    length: int = 0  # compressed length of the record in the file

    def as_meta(self) -> dict:
        return {"file": self.file, "offset": self.offset, "record_id": self.record_id}


# zlib's own default.  warcio compresses at 9: on news pages that costs 1.8x
# the CPU for files 1% smaller, on the thread that writes every record.
DEFAULT_GZIP_LEVEL = 6


def gzip_compressor(level: int):
    """A compressor writing one gzip member.  zlib-ng's deflate writes the
    same format (any gzip reader, warcio and FastWARC included, reads it) at
    about 3x zlib's speed on news pages, in files of the same size (level 6:
    22.5% of the HTML against zlib's 22.3%)."""
    return zlib_ng.compressobj(level, zlib_ng.DEFLATED, zlib_ng.MAX_WBITS + 16)


class _GzipMember:
    """One gzip member per record (what warcio's ``GzippingWrapper`` writes),
    at a chosen level."""

    def __init__(self, out, level: int):
        self.compressor = gzip_compressor(level)
        self.out = out

    def write(self, buff: bytes) -> None:
        self.out.write(self.compressor.compress(buff))

    def flush(self) -> None:
        self.out.write(self.compressor.flush())
        self.out.flush()


class _LevelledWARCWriter(WARCWriter):
    """warcio's writer (digests, headers, lengths), each record gzipped at ``level``."""

    def __init__(self, filebuf, level: int, **kwargs):
        super().__init__(filebuf, gzip=False, **kwargs)
        self.level = level

    def _write_warc_record(self, out, record):
        super()._write_warc_record(_GzipMember(out, self.level), record)


class ArchiveWriter:
    """Writes records to a sequence of size-limited WARC files."""

    def __init__(self, directory: str | os.PathLike, *, spider_name: str = "crawl",
                 prefix: str = "khabar", max_size: int = DEFAULT_MAX_SIZE,
                 info: Optional[dict] = None, cdxj_index: bool = True, stats=None,
                 gzip_level: int = DEFAULT_GZIP_LEVEL):
        self.directory = Path(directory)
        self.spider_name = _safe(spider_name)
        self.prefix = _safe(prefix)
        self.max_size = int(max_size)
        self.info = dict(info or {})
        self.cdxj_index = cdxj_index
        self.stats = stats
        self.gzip_level = gzip_level
        self.host = _safe(socket.gethostname().split(".")[0]) or "host"
        self.pid = os.getpid()
        # One stamp for every file of this run (seq orders them): replay tells
        # runs apart by it (a story's versions come from different runs).
        self.run_stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
        self.seq = 0
        self.files: list[Path] = []  # finished files, in order
        self._fh = None
        self._writer: Optional[WARCWriter] = None
        self._name: Optional[str] = None
        self._warcinfo_id: Optional[str] = None
        self._cdx_lines: Optional[cdxj.SortedLines] = None
        # The first failed write (disk full...): later writes fail at once,
        # and the last file is left ``.open`` for recovery at the next start.
        self.failed: Optional[OSError] = None

    # -- files -------------------------------------------------------------
    @property
    def current_file(self) -> Optional[str]:
        return self._name

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._name = f"{self.prefix}-{self.spider_name}-{self.run_stamp}-{self.seq:05d}-{self.host}-{self.pid}.warc.gz"
        self.seq += 1
        self._fh = open(self.directory / (self._name + ".open"), "wb")
        self._writer = _LevelledWARCWriter(self._fh, self.gzip_level, warc_version=WARC_VERSION)
        self._cdx_lines = cdxj.SortedLines(self.directory)
        info = {"software": "Khabar (Scrapy + warcio)", "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                "http-header-capture": RECONSTRUCTION_NOTE}
        info.update(self.info)
        record = self._writer.create_warcinfo_record(self._name, info)
        record.rec_headers.replace_header("WARC-Date", warc_date())
        self._warcinfo_id = record.rec_headers.get_header("WARC-Record-ID")
        self._writer.write_record(record)
        self._stat("khabar/warc/files")

    def _close_file(self) -> None:
        if self._fh is None:
            return
        if self.failed is not None:
            # keep it .open: the next crawl keeps its whole records and indexes it
            try:
                self._fh.close()
            except OSError:
                pass
            self._fh = self._writer = self._name = None
            self._drop_index()
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())  # on disk before it gets the name the feeds point at
        self._fh.close()
        final = self.directory / self._name
        os.replace(self.directory / (self._name + ".open"), final)
        if self.cdxj_index:
            self._cdx_lines.write(cdxj.cdxj_path(final))
        self.files.append(final)
        logger.info("WARC closed: %s", final)
        self._fh = self._writer = self._name = None
        self._drop_index()

    def _drop_index(self) -> None:
        if self._cdx_lines is not None:
            self._cdx_lines.discard()
            self._cdx_lines = None

    def _ensure_open(self) -> None:
        if self._fh is not None and self._fh.tell() >= self.max_size:
            self._close_file()
        if self._fh is None:
            self._open()

    def close(self) -> None:
        """Finish the current file; a failure here is logged, never raised
        (it runs at spider close, when nothing can be done about it)."""
        try:
            self._close_file()
        except OSError as exc:
            logger.error("Cannot finish WARC %s: %s; the next crawl will recover it", self._name, exc)
            self.failed = self.failed or exc

    def _guarded(self, write):
        """Run ``write`` (records of one exchange); on OSError cut the file
        back to where they began, so it ends in whole records."""
        if self.failed is not None:
            raise self.failed
        try:
            self._ensure_open()
        except OSError as exc:
            self.failed = exc
            raise
        start = self._fh.tell()
        try:
            return write()
        except OSError as exc:
            self.failed = exc
            try:
                self._fh.flush()
            except OSError:
                pass
            try:
                os.truncate(self.directory / (self._name + ".open"), start)
            except OSError:
                pass
            raise

    # -- records -----------------------------------------------------------
    def _write(self, record) -> RecordPointer:
        offset = self._fh.tell()
        self._writer.write_record(record)
        length = self._fh.tell() - offset
        self._stat("khabar/warc/records")
        self._stat(f"khabar/warc/records/{record.rec_type}")
        self._stat("khabar/warc/bytes", length)
        return RecordPointer(self._name, offset, record.rec_headers.get_header("WARC-Record-ID"), length)

    def _headers(self, rec_type: str, date: str, ip: Optional[str], **extra) -> dict:
        # Conventional order: type, id, date, then the rest.
        d = {"WARC-Type": rec_type, "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>", "WARC-Date": date}
        if ip:
            d["WARC-IP-Address"] = ip
        if self._warcinfo_id:
            d["WARC-Warcinfo-ID"] = self._warcinfo_id
        d.update({k: v for k, v in extra.items() if v})
        return d

    def write_exchange(self, **kwargs):
        return self._guarded(lambda: self._write_exchange(**kwargs))

    def _write_exchange(self, *, url: str, status: int, response_headers, body: bytes,
                       protocol: Optional[str] = None, ip: Optional[str] = None,
                       method: str = "GET", request_headers=None, request_body: bytes = b"",
                       date: Optional[str] = None) -> tuple[RecordPointer, str]:
        """Write a response record and its request record; return (pointer, WARC-Date)."""
        self._ensure_open()
        date = date or warc_date()
        raw, pairs = response_head(status, response_headers, protocol)
        statusline = raw.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 1)[1]
        resp = self._writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body),
            warc_headers_dict=self._headers("response", date, ip),
            http_headers=_RawHttpHeaders(raw, statusline, pairs, raw.split(b" ", 1)[0].decode("ascii")))
        resp_ptr = self._write(resp)
        self._stat("khabar/warc/responses")

        rraw, rpairs = request_head(method, url, request_headers, request_body)
        rline = rraw.split(b"\r\n", 1)[0].decode("latin-1")
        req = self._writer.create_warc_record(
            url, "request", payload=BytesIO(request_body), length=len(request_body),
            warc_headers_dict=self._headers("request", date, ip, **{"WARC-Concurrent-To": resp_ptr.record_id}),
            http_headers=_RawHttpHeaders(rraw, rline.rsplit(" ", 1)[0], rpairs, "HTTP/1.1"))
        # StatusAndHeaders puts protocol first; our raw bytes already hold the real line.
        self._write(req)

        if self.cdxj_index:
            mime = (resp.http_headers.get_header("Content-Type") or "").split(";")[0].strip() or None
            self._cdx_lines.append(cdxj.cdxj_line(
                url, date, mime=mime, status=status,
                digest=resp.rec_headers.get_header("WARC-Payload-Digest"),
                length=resp_ptr.length, offset=resp_ptr.offset, filename=resp_ptr.file))
        return resp_ptr, date

    def write_conversion(self, **kwargs):
        return self._guarded(lambda: self._write_conversion(**kwargs))

    def _write_conversion(self, *, url: str, text: str, refers_to: Optional[str],
                         date: Optional[str] = None) -> RecordPointer:
        """A WET-style ``conversion`` record holding an article's clean text."""
        self._ensure_open()
        data = text.encode("utf-8")
        extra = {"WARC-Refers-To": refers_to}
        rec = self._writer.create_warc_record(
            url, "conversion", payload=BytesIO(data), length=len(data),
            warc_content_type="text/plain; charset=utf-8",
            warc_headers_dict=self._headers("conversion", date or warc_date(), None, **extra))
        return self._write(rec)

    def write_revisit(self, **kwargs):
        return self._guarded(lambda: self._write_revisit(**kwargs))

    def _write_revisit(self, *, url: str, status: int, response_headers, profile: str,
                      refers_to_uri: str, refers_to_date: str, refers_to_id: Optional[str] = None,
                      payload_digest: Optional[str] = None, protocol: Optional[str] = None,
                      ip: Optional[str] = None, method: str = "GET", request_headers=None,
                      date: Optional[str] = None) -> tuple[RecordPointer, str]:
        """A ``revisit`` record (HTTP head only) and its request record.

        ``profile`` is ``server-not-modified`` (a 304 to a conditional
        request) or ``identical-payload-digest`` (a 200 whose payload equals
        the earlier capture's, named by ``refers_to_*``)."""
        self._ensure_open()
        date = date or warc_date()
        raw, pairs = response_head(status, response_headers, protocol)
        statusline = raw.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 1)[1]
        extra = {"WARC-Profile": REVISIT_PROFILES[profile], "WARC-Refers-To-Target-URI": refers_to_uri,
                 "WARC-Refers-To-Date": refers_to_date, "WARC-Refers-To": refers_to_id,
                 "WARC-Payload-Digest": payload_digest}
        rec = self._writer.create_warc_record(
            url, "revisit", warc_headers_dict=self._headers("revisit", date, ip, **extra),
            http_headers=_RawHttpHeaders(raw, statusline, pairs, raw.split(b" ", 1)[0].decode("ascii")))
        ptr = self._write(rec)
        self._stat(f"khabar/warc/revisits/{profile}")
        rraw, rpairs = request_head(method, url, request_headers, b"")
        rline = rraw.split(b"\r\n", 1)[0].decode("latin-1")
        req = self._writer.create_warc_record(
            url, "request", payload=BytesIO(b""), length=0,
            warc_headers_dict=self._headers("request", date, ip, **{"WARC-Concurrent-To": ptr.record_id}),
            http_headers=_RawHttpHeaders(rraw, rline.rsplit(" ", 1)[0], rpairs, "HTTP/1.1"))
        self._write(req)
        if self.cdxj_index:
            self._cdx_lines.append(cdxj.cdxj_line(
                url, date, mime="warc/revisit", status=status, digest=payload_digest,
                length=ptr.length, offset=ptr.offset, filename=ptr.file))
        return ptr, date

    def flush(self) -> None:
        """Hand what is written to the OS: a record flushed survives a kill -9
        of this process (recovery keeps every complete record).  A failure
        (disk full) leaves the writer failed, as a failed write does."""
        if self.failed is not None:
            raise self.failed
        if self._fh is not None:
            try:
                self._fh.flush()
            except OSError as exc:
                self.failed = exc
                raise

    def _stat(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)


def safe_name(s: str) -> str:
    """``s`` as one file-name component: letters, digits, ``_`` and ``.`` only,
    none of them leading or trailing (so never ``.``, ``..`` or a hidden
    name): a spider name, a prefix, a host name cannot reach outside the
    directory the file is made in (``../../x`` -> ``x``)."""
    return "".join(c if c.isalnum() or c in "_." else "_" for c in str(s)).strip("_.")


_safe = safe_name
