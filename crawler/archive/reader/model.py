"""What the reader yields: one archived HTTP response as a plain, picklable value."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

from .decoding import Headers, decode_content


@dataclass
class Capture:
    """One archived HTTP response (a ``response`` record, or a resolved ``revisit``)."""

    url: str
    date: str  # WARC-Date exactly as in the record
    record_id: str
    path: str  # the file it was read from
    offset: int  # record offset (compressed file offset; uncompressed if not seekable)
    status: int
    headers: Headers  # HTTP headers as recorded (Transfer-Encoding dropped if de-chunked)
    body: bytes  # entity body: de-chunked, still content-encoded as recorded
    protocol: str = "HTTP/1.1"
    reason: str = ""
    ip: Optional[str] = None
    rec_type: str = "response"
    payload_digest: Optional[str] = None
    seekable: bool = True
    revisit_of: Optional[str] = None  # record id of the original, for revisits
    warnings: list[str] = field(default_factory=list)
    # The record ends this many bytes before its declared length (a clipped
    # file; or line endings rewritten after the length was written).
    short: int = 0
    # ... and the HTTP body is incomplete: ``body`` is what the file holds.
    truncated: bool = False

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

    def decoded(self) -> tuple[bytes, Headers]:
        """(body, headers) as Scrapy's HttpCompressionMiddleware leaves them:
        ``Content-Encoding`` removed once decoded (kept if it cannot be, or if
        the body decodes past :data:`~.decoding.MAX_DECODED`)."""
        return decode_content(self.body, self.headers)
