"""Whole-crawl replay: ``scrapy crawl SPIDER -s WARC_REPLAY=PATH...``.

``WarcReplayMiddleware`` (downloader middleware, priority 950: the last
``process_request`` before the downloader) answers *every* request from the
archives: feeds, sitemaps, listings, articles, robots.txt.  A spider's whole
discovery logic re-runs against a past capture, offline:

* the response is rebuilt as recorded: status, headers, body still
  ``Content-Encoding``-ed (``HttpCompressionMiddleware`` decodes it as it would
  live), so a recorded 301/302 goes to ``RedirectMiddleware`` and is followed;
* ``meta["warc_record"]``/``meta["fetched_at"]`` are set from the record read
  (as capture does live), plus ``meta["warc_replayed"] = True``;
* a URL missing from the archives raises ``IgnoreRequest``: counted under
  ``khabar/replay/missing``, logged once per URL, never fetched.

When one URL was captured several times, requests for it get the captures in
archive order (a 503 then its retried 200 replay as they happened); once they
are used up, the last one is served again.

The index is built at start: from the CDXJ beside a WARC when there is one
(no scan), else by reading the file once.  Bodies are read on demand by one
seek, except for revisits and whole-file-gzip archives, whose resolved
captures are kept in memory.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections import defaultdict
from typing import Optional, Union

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url, safe_url_string

from . import cdxj
from .reader import ArchiveReader, Capture, ReadError, expand_paths, read_capture
from .reader.iteration import MAX_RECORD

logger = logging.getLogger(__name__)

Location = Union[tuple[str, int], Capture]  # (path, offset) or an in-memory capture


def _keys(url: str) -> list[str]:
    """Lookup keys: the URL as is, percent-encoded as Scrapy sends it, canonical."""
    base = url.split("#", 1)[0]
    keys = [base]
    for norm in (safe_url_string, canonicalize_url):
        try:
            k = norm(base)
        except Exception:
            continue
        if k not in keys:
            keys.append(k)
    return keys


class ReplayIndex:
    """URL -> captures, over many archives."""

    def __init__(self, paths, on_error=None, max_record: Optional[int] = MAX_RECORD):
        self.on_error = on_error or (lambda e: logger.error("%s", e))
        self.max_record = max_record
        self._by_url: dict[str, list[Location]] = defaultdict(list)
        self._used: dict[str, int] = defaultdict(int)
        self._story_urls: Optional[dict[str, str]] = None
        self.files = expand_paths(paths, self._error)
        self.errors: list[ReadError] = []
        self.reader = ArchiveReader(on_error=self._error, max_record=max_record)
        for path in self.files:
            if not self._load_cdxj(path):
                self._scan(path)

    def _error(self, err: ReadError) -> None:
        if err.fatal:
            self.errors.append(err)
        self.on_error(err)

    def _add(self, url: str, loc: Location) -> None:
        for key in _keys(url):
            self._by_url[key].append(loc)

    def _load_cdxj(self, path: str) -> bool:
        index = cdxj.cdxj_path(path)
        try:
            if not index.exists() or index.stat().st_mtime < os.path.getmtime(path):
                return False
            entries = list(cdxj.load_cdxj(index))
        except (OSError, ValueError):
            return False
        name = os.path.basename(path)
        if any(e.get("mime") == "warc/revisit" or e.get("filename") != name for _, _, e in entries):
            return False  # revisits need resolution; a shared index needs care: scan instead
        for _, _, e in sorted(entries, key=lambda t: int(t[2]["offset"])):
            self._add(e["url"], (path, int(e["offset"])))
        return True

    def _scan(self, path: str) -> None:
        for cap in self.reader.iter_file(path):
            if cap.seekable and cap.rec_type == "response":
                self._add(cap.url, (cap.path, cap.offset))
            else:
                self._add(cap.url, cap)

    def __len__(self) -> int:
        return len(self._by_url)

    def story_spelling(self, story_id: str, article_id) -> Optional[str]:
        """An archived URL of the same story (``article_id(url) == story_id``):
        a crawl fetches one spelling of a story, and a replay of it may meet
        another one first."""
        if self._story_urls is None:
            self._story_urls = {}
            for url in self._by_url:
                sid = article_id(url)
                if sid:
                    self._story_urls.setdefault(sid, url)
        return self._story_urls.get(story_id)

    def lookup(self, url: str) -> Optional[Capture]:
        for key in _keys(url):
            locs = self._by_url.get(key)
            if locs:
                i = min(self._used[key], len(locs) - 1)
                self._used[key] += 1
                loc = locs[i]
                if isinstance(loc, Capture):
                    return loc
                cap = read_capture(loc[0], loc[1], max_record=self.max_record)
                if cap is None:
                    self.on_error(ReadError(loc[0], loc[1], f"cannot read the record for {url}"))
                return cap
        return None


def oversize(cap: Capture, kind: str, limit: Optional[int], stats) -> bool:
    """True (counted, one warning) if ``cap``'s body as recorded is over
    ``limit``, the crawl's size cap for its kind (crawler/middlewares/sizecaps.py): a
    crawl would have cut that transfer, so a replay does not extract it."""
    if not limit or len(cap.body) <= limit:
        return False
    stats.inc_value("khabar/hostile/oversize")
    stats.inc_value(f"khabar/hostile/oversize/{kind}")
    logger.warning("%s: offset %s: %s: archived body of %d bytes is over the %s size cap of %d bytes "
                   "(KHABAR_MAXSIZE); not extracted", cap.path, cap.offset, cap.url, len(cap.body), kind, limit)
    return True


def replayed_response(cap: Capture, request, url: Optional[str] = None):
    """The archived response answering ``request``, as recorded (body still
    content-encoded), with ``warc_record``/``fetched_at`` from the record read
    (as capture sets them live) and ``warc_replayed``: how both replays answer."""
    meta = request.meta
    meta["warc_record"] = cap.pointer
    meta["fetched_at"] = cap.date
    meta["warc_replayed"] = True
    return capture_to_response(cap, request, url)


def capture_to_response(cap: Capture, request, url: Optional[str] = None):
    headers = Headers()
    for name, value in cap.headers:
        headers.appendlist(name, value.encode("latin-1", "replace"))
    url = url or request.url
    respcls = responsetypes.from_args(headers=headers, url=url, body=cap.body)
    ip = None
    if cap.ip:
        try:
            ip = ipaddress.ip_address(cap.ip)
        except ValueError:
            pass
    return respcls(url=url, status=cap.status, headers=headers, body=cap.body, request=request,
                   flags=["warc"], ip_address=ip, protocol=cap.protocol)


class WarcReplayMiddleware:
    def __init__(self, crawler, paths):
        self.crawler = crawler
        self.stats = crawler.stats
        self.paths = paths
        self._index: Optional[ReplayIndex] = None
        self._missing_logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        paths = crawler.settings.getlist("WARC_REPLAY")
        if not paths:
            raise NotConfigured  # the usual case: no message, no warning
        return cls(crawler, paths)

    @property
    def index(self) -> ReplayIndex:
        if self._index is None:
            def on_error(err):
                self.stats.inc_value("khabar/replay/unreadable" if err.fatal else "khabar/replay/warnings")
                (logger.error if err.fatal else logger.warning)("%s", err)

            self._index = ReplayIndex(self.paths, on_error,
                                      self.crawler.settings.getint("KHABAR_REPLAY_MAX_RECORD", MAX_RECORD))
            logger.info("WARC replay: %d URLs from %d archive files; no request will reach the network",
                        len(self._index), len(self._index.files))
            self.stats.set_value("khabar/replay/files", len(self._index.files))
            self.stats.set_value("khabar/replay/urls", len(self._index))
        return self._index

    def process_request(self, request, spider=None):
        cap = self.index.lookup(request.url) if request.url.startswith(("http://", "https://")) else None
        served_url = None
        site = getattr(self.crawler.spider, "site", None)
        if cap is None and site is not None and request.meta.get("kind") == "article":
            story_id = site.article_id(request.url)
            served_url = self.index.story_spelling(story_id, site.article_id) if story_id else None
            cap = self.index.lookup(served_url) if served_url else None
            if cap is not None:
                self.stats.inc_value("khabar/replay/served_other_spelling")
        if cap is None:
            self.stats.inc_value("khabar/replay/missing")
            if request.url not in self._missing_logged:
                self._missing_logged.add(request.url)
                logger.warning("Not in the archive, not fetched: %s", request.url)
            raise IgnoreRequest(f"not in WARC_REPLAY archives: {request.url}")
        kind = request.meta.get("kind") or "default"
        if oversize(cap, kind, request.meta.get("download_maxsize"), self.stats):
            raise IgnoreRequest(f"archived body over the {kind} size cap: {request.url}")
        self.stats.inc_value("khabar/replay/served")
        self.stats.inc_value(f"khabar/replay/status/{cap.status}")
        return replayed_response(cap, request, served_url)
