"""What makes two captures the same story, and the same text.

A story is known by every key it was ever reached under: its fetched URL, its
canonical URL (unless that is a home page: some sites point every canonical
tag at ``/``) and, where the site's definition reads one from a URL, its
story id (``mashregh:1501103``), so ``/news/<id>`` and ``/news/<id>/<slug>``
are one story even when neither page names a canonical URL.  Crawl, replay
and the crawl state use these functions and nothing else.
"""

from __future__ import annotations

import hashlib
from typing import Optional

from .sites import SiteDefinition
from .urls import article_keys


def story_keys(url: str, canonical_url: Optional[str], site: Optional[SiteDefinition]) -> list[str]:
    keys = article_keys(url, canonical_url)
    if site is not None:
        for candidate in (url, canonical_url if canonical_url and site.owns(canonical_url) else None):
            story_id = site.article_id(candidate) if candidate else None
            if story_id and story_id not in keys:
                keys.append(story_id)
    return keys


def text_digest(text: str) -> str:
    """Digest of an article's clean text: a new version is a new digest."""
    return "sha1:" + hashlib.sha1((text or "").encode("utf-8")).hexdigest()
