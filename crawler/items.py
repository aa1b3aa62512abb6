"""The one item Khabar emits: an extracted news article.

A plain dataclass so that it pickles (extraction runs in worker processes),
is read through itemadapter by Scrapy's feed exports, and serialises field for
field the same way whether it came from a live crawl or a replay.  The JSON
Schema in ``schema/article.schema.json`` documents every field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Article:
    # Where the page came from.
    url: str
    canonical_url: Optional[str] = None
    site: Optional[str] = None
    # What the page says.
    title: Optional[str] = None
    text: str = ""
    lead: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    source_credit: Optional[str] = None
    # When (ISO 8601 with offset) and the raw strings they were read from.
    published: Optional[str] = None
    published_raw: Optional[str] = None
    modified: Optional[str] = None
    modified_raw: Optional[str] = None
    # Language tag (ISO 639-1) and how sure we are of it (0..1).
    language: Optional[str] = None
    language_confidence: Optional[float] = None
    section: Optional[str] = None
    tags: list[str] = field(default_factory=list)
    image: Optional[str] = None
    word_count: int = 0
    # Embedded posts (tweets, Instagram/Facebook/Telegram/TikTok posts, YouTube
    # and other players), never part of ``text``: {kind, url, author, text}.
    embeds: list[dict] = field(default_factory=list)
    # Fields (title, lead, body, date, authors) the site definition's
    # selectors no longer found on this page, read by the generic path instead.
    drift: list[str] = field(default_factory=list)
    # Search/dedup helpers: text with Arabic-script letters and digits folded
    # (ي→ی, ك→ک, ۱→1 ...).  Never replaces ``text``.
    text_normalized: Optional[str] = None
    title_normalized: Optional[str] = None
    # Set by the caller (crawl or replay), not by the pure extractor.
    fetched_at: Optional[str] = None
    warc: Optional[dict] = None  # {"file", "offset", "record_id"} of the response record
    # 1 for a story's first capture; a later run's changed text is 2, 3...
    version: int = 1
    previous: Optional[dict] = None  # {"fetched_at", "warc"} of the version before
