"""Placeholder pipeline: plain trafilatura (replaced by the full extractor)."""

from __future__ import annotations

from typing import Iterable, Mapping, Optional, Union

import trafilatura

from ..items import Article
from ..sites import SiteDefinition, site_for_url

Headers = Union[Mapping[str, str], Iterable[tuple[str, str]], None]


class ExtractionError(ValueError):
    """The input cannot be read as an HTML page at all."""


class NotAnArticle(ValueError):
    """The page is readable but is not a single article."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def extract(url: str, body: bytes, headers: Headers = None, site: Optional[SiteDefinition] = None) -> Article:
    site = site or site_for_url(url)
    html = body.decode("utf-8", "replace")
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None or not doc.text:
        raise NotAnArticle("no main text")
    return Article(url=url, site=site.name if site else None, title=doc.title, text=doc.text,
                   word_count=len(doc.text.split()))
