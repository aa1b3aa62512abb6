"""Revisit records resolved to the payload of the capture they repeat.

A ``revisit`` holds headers but no body ("same payload as before").  The
original is found by ``WARC-Refers-To`` record id, else by target URI and
payload digest, else by digest alone (URL-agnostic revisits), among the
captures read before it, in any file of the same run.
"""

from __future__ import annotations

from typing import Callable, Optional

from .model import Capture
from .records import clean_uri

Location = tuple[str, int, bool]  # (path, offset, seekable)


class RevisitIndex:
    """Where each capture read so far lives, by record id, (URL, digest) and digest.

    Originals from unseekable files (whole-file gzip, LZ4) cannot be read
    again by offset: the small ones are kept in memory.
    """

    # Revisit targets remembered at most (the newest are kept): bounds memory on years of WARCs.
    MAX_REMEMBERED = 2_000_000
    MAX_KEPT_BODY = 4 << 20

    def __init__(self, load: Callable[[str, int], Optional[Capture]]):
        self._load = load  # (path, offset) -> the capture there
        self._by_id: dict[str, Location] = {}
        self._by_url_digest: dict[tuple[str, str], str] = {}
        self._by_digest: dict[str, str] = {}
        self._mem: dict[str, Capture] = {}

    def remember(self, cap: Capture) -> None:
        if not cap.record_id:
            return
        if len(self._by_id) >= self.MAX_REMEMBERED:
            self._forget_oldest(self.MAX_REMEMBERED // 2)
        self._by_id[cap.record_id] = (cap.path, cap.offset, cap.seekable)
        if cap.payload_digest:
            self._by_url_digest[(cap.url, cap.payload_digest)] = cap.record_id
            self._by_digest.setdefault(cap.payload_digest, cap.record_id)
        if not cap.seekable and len(cap.body) < self.MAX_KEPT_BODY:
            self._mem[cap.record_id] = cap

    def _forget_oldest(self, n: int) -> None:
        for rid in list(self._by_id)[:n]:
            del self._by_id[rid]
            self._mem.pop(rid, None)
        alive = self._by_id.keys()
        self._by_url_digest = {k: v for k, v in self._by_url_digest.items() if v in alive}
        self._by_digest = {k: v for k, v in self._by_digest.items() if v in alive}

    def resolve(self, rev: Capture, rh) -> Optional[Capture]:
        """The revisit ``rev`` (WARC headers ``rh``) with its original's payload, or None."""
        rid = rh.get_header("WARC-Refers-To")
        if not rid or rid not in self._by_id:
            ref_url = clean_uri(rh.get_header("WARC-Refers-To-Target-URI")) or rev.url
            rid = (self._by_url_digest.get((ref_url, rev.payload_digest))
                   or self._by_url_digest.get((rev.url, rev.payload_digest))
                   or self._by_digest.get(rev.payload_digest))
        if not rid or rid not in self._by_id:
            return None
        orig = self._mem.get(rid)
        if orig is None:
            path, offset, seekable = self._by_id[rid]
            orig = self._load(path, offset) if seekable else None
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
                       seekable=rev.seekable, revisit_of=rid, warnings=rev.warnings,
                       truncated=orig.truncated)
