"""The two things the crawl state holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Story:
    """The latest emitted version of a story."""

    key: str  # its first key (a story id when the site has them)
    site: Optional[str]
    url: str
    version: int
    text_digest: str
    run: str  # the crawl run that captured this version
    fetched_at: Optional[str] = None
    warc: Optional[dict] = None
    published: Optional[str] = None
    keys: list[str] = field(default_factory=list)


@dataclass
class UrlRecord:
    """What the last fetch of an article URL ended in."""

    key: str  # urls.url_key of the URL
    url: str
    outcome: str  # "done" | "failed" | "not_article"
    attempts: int = 0  # failed fetches in a row
    story: Optional[str] = None
    status: Optional[int] = None
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    payload_digest: Optional[str] = None
    fetched_at: Optional[str] = None
    record_id: Optional[str] = None
    published: Optional[str] = None
