"""The crawl state of one run, in memory (replays; ``-s KHABAR_STATE=``)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterable, Iterator, Optional

from .records import Story, UrlRecord


class MemoryStore:
    persistent = False

    def __init__(self):
        self._story_by_key: dict[str, Story] = {}
        self._urls: dict[str, UrlRecord] = {}

    def find_story(self, keys: Iterable[str]) -> Optional[Story]:
        for key in keys:
            story = self._story_by_key.get(key)
            if story is not None:
                return story
        return None

    def save_story(self, story: Story) -> None:
        for key in story.keys:
            self._story_by_key[key] = story

    def url(self, key: str) -> Optional[UrlRecord]:
        return self._urls.get(key)

    def save_url(self, record: UrlRecord) -> None:
        self._urls[record.key] = record

    def recent_urls(self, since_iso: str) -> Iterator[UrlRecord]:
        for record in self._urls.values():
            if record.outcome == "done" and record.published and record.published >= since_iso:
                yield record

    @contextmanager
    def transaction(self):
        yield

    def close(self) -> None:
        pass

    def feed_offset(self, path: str) -> int:
        return 0

    def save_feed_offset(self, path: str, offset: int) -> None:
        pass
