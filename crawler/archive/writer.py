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
so that they sort by time and say who wrote them.  While a file is being
written it is called ``....warc.gz.open``; it gets its final name (the name
the ``warc`` pointers use) when it is closed, at rotation (``max_size``) or at
the end of the crawl.  A sorted CDXJ index ``<same>.cdxj`` is written beside
it at close.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from typing import Optional
from weakref import WeakKeyDictionary

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from . import cdxj
from .http import request_head, response_head

logger = logging.getLogger(__name__)

WARC_VERSION = "WARC/1.1"
DEFAULT_MAX_SIZE = 1_000_000_000

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


class ArchiveWriter:
    """Writes records to a sequence of size-limited WARC files."""

    def __init__(self, directory: str | os.PathLike, *, spider_name: str = "crawl",
                 prefix: str = "khabar", max_size: int = DEFAULT_MAX_SIZE,
                 info: Optional[dict] = None, cdxj_index: bool = True, stats=None):
        self.directory = Path(directory)
        self.spider_name = _safe(spider_name)
        self.prefix = _safe(prefix)
        self.max_size = int(max_size)
        self.info = dict(info or {})
        self.cdxj_index = cdxj_index
        self.stats = stats
        self.host = _safe(socket.gethostname().split(".")[0]) or "host"
        self.pid = os.getpid()
        self.seq = 0
        self.files: list[Path] = []  # finished files, in order
        self._fh = None
        self._writer: Optional[WARCWriter] = None
        self._name: Optional[str] = None
        self._warcinfo_id: Optional[str] = None
        self._cdx_lines: list[str] = []

    # -- files -------------------------------------------------------------
    @property
    def current_file(self) -> Optional[str]:
        return self._name

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.seq == 0:
            recover_stale(self.directory, self.host)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
        self._name = f"{self.prefix}-{self.spider_name}-{stamp}-{self.seq:05d}-{self.host}-{self.pid}.warc.gz"
        self.seq += 1
        self._fh = open(self.directory / (self._name + ".open"), "wb")
        self._writer = WARCWriter(self._fh, gzip=True, warc_version=WARC_VERSION)
        self._cdx_lines = []
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
        self._fh.close()
        final = self.directory / self._name
        os.replace(self.directory / (self._name + ".open"), final)
        if self.cdxj_index:
            cdxj.write_sorted(cdxj.cdxj_path(final), self._cdx_lines)
        self.files.append(final)
        logger.info("WARC closed: %s", final)
        self._fh = self._writer = self._name = None
        self._cdx_lines = []

    def _ensure_open(self) -> None:
        if self._fh is not None and self._fh.tell() >= self.max_size:
            self._close_file()
        if self._fh is None:
            self._open()

    def close(self) -> None:
        self._close_file()

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

    def write_exchange(self, *, url: str, status: int, response_headers, body: bytes,
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

    def write_conversion(self, *, url: str, text: str, refers_to: Optional[str],
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

    def _stat(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_stale(directory: Path, host: str) -> list[Path]:
    """Finish WARCs a killed crawl left as ``*.warc.gz.open``.

    Only files of this host whose writing process is gone (the pid is in the
    name).  A record cut off mid-write is truncated away, so the file validates;
    then it gets its final name (the one JSON Lines pointers use) and a CDXJ.
    """
    from warcio.archiveiterator import ArchiveIterator

    finished = []
    for path in sorted(directory.glob("*.warc.gz.open")):
        m = re.search(r"-([^-]+)-(\d+)\.warc\.gz\.open$", path.name)
        if not m or m.group(1) != host or _pid_alive(int(m.group(2))):
            continue
        good_end = 0
        try:
            with open(path, "rb") as fh:
                it = ArchiveIterator(fh)
                for record in it:
                    record.content_stream().read()
                    good_end = it.get_record_offset() + it.get_record_length()
        except Exception as exc:  # a record cut off by the crash
            logger.warning("%s: offset %d: dropping a record cut off by a crash (%s)", path, good_end, exc)
        with open(path, "r+b") as fh:
            fh.truncate(good_end)
        final = path.with_name(path.name[: -len(".open")])
        os.replace(path, final)
        cdxj.index_warc(final)
        logger.warning("Recovered an unfinished WARC from a stopped crawl: %s", final)
        finished.append(final)
    return finished


def _safe(s: str) -> str:
    return "".join(c if c.isalnum() or c in "_." else "_" for c in str(s)).strip("_")


# -- one writer per crawler, shared by the capture middleware and the WET pipeline
_WRITERS: "WeakKeyDictionary" = WeakKeyDictionary()


def writer_for_crawler(crawler) -> ArchiveWriter:
    """The crawl's ``ArchiveWriter`` (created on first use, closed at spider close)."""
    writer = _WRITERS.get(crawler)
    if writer is None:
        from scrapy import signals

        s = crawler.settings
        spider_name = getattr(crawler.spidercls, "name", None) or "crawl"
        info = {"operator": s.get("KHABAR_CONTACT_URL"), "isPartOf": s.get("BOT_NAME"),
                "http-header-user-agent": s.get("USER_AGENT"), "robots": "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore",
                "hostname": socket.gethostname()}
        writer = ArchiveWriter(
            Path(s.get("ARCHIVE_DIR", "archive")) / "warc",
            spider_name=spider_name, prefix=s.get("WARC_PREFIX", "khabar"),
            max_size=s.getint("WARC_MAX_SIZE", DEFAULT_MAX_SIZE), info=info,
            cdxj_index=s.getbool("WARC_CDXJ", True), stats=crawler.stats)
        _WRITERS[crawler] = writer
        atexit.register(writer.close)  # a write after spider_closed must still end in a closed file
        crawler.signals.connect(lambda spider=None, reason=None: writer.close(),
                                signal=signals.spider_closed, weak=False)
    return writer
