"""The crawl state across runs: one SQLite database (WAL) per archive.

Stories are found by any of their keys (``story_keys``); article URLs keep
the outcome of their last fetch and the validators and digest of the last
capture, so the next run fetches only what is new, retries what failed and
rechecks recent stories with conditional requests.

A database written by a newer Khabar, or one that is not Khabar's, or a
corrupt one, is refused with :class:`StateError` naming the file: silently
starting from scratch would re-emit the whole archive.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .records import Story, UrlRecord

SCHEMA_VERSION = 1
APPLICATION = "khabar-crawl-state"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stories (
    key TEXT PRIMARY KEY, site TEXT, url TEXT NOT NULL, version INTEGER NOT NULL,
    text_digest TEXT NOT NULL, run TEXT NOT NULL, fetched_at TEXT, warc TEXT, published TEXT);
CREATE TABLE IF NOT EXISTS story_keys (key TEXT PRIMARY KEY, story TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_keys_story ON story_keys (story);
CREATE TABLE IF NOT EXISTS urls (
    key TEXT PRIMARY KEY, url TEXT NOT NULL, outcome TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    story TEXT, status INTEGER, etag TEXT, last_modified TEXT, payload_digest TEXT, fetched_at TEXT,
    record_id TEXT, published TEXT);
CREATE INDEX IF NOT EXISTS urls_published ON urls (published) WHERE outcome = 'done';
CREATE TABLE IF NOT EXISTS feeds (path TEXT PRIMARY KEY, offset INTEGER NOT NULL);
"""

URL_FIELDS = ("key", "url", "outcome", "attempts", "story", "status", "etag", "last_modified",
              "payload_digest", "fetched_at", "record_id", "published")


class StateError(Exception):
    """The state database cannot be used as it is; the message says what to do."""


class SqliteStore:
    persistent = True

    def __init__(self, path: str | Path, khabar_version: str = ""):
        self.path = Path(path)
        self.failed: Optional[OSError] = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._check_or_create(khabar_version)
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{self.path}: not a usable Khabar state database ({exc}); move it aside "
                             f"to start a new state (every story would be fetched and emitted again), "
                             f"or point -s KHABAR_STATE= at the right file") from None

    def _check_or_create(self, khabar_version: str) -> None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            self.db.executescript(SCHEMA)
            self.db.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("application", APPLICATION), ("schema", str(SCHEMA_VERSION)),
                ("created_by", khabar_version)])
            return
        meta = dict(self.db.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
        if meta.get("application") != APPLICATION:
            raise StateError(f"{self.path}: this SQLite file is not a Khabar crawl state; "
                             f"give -s KHABAR_STATE= another path")
        schema = int(meta.get("schema", "0"))
        if schema > SCHEMA_VERSION:
            raise StateError(f"{self.path}: written by a newer Khabar (state schema {schema}, this Khabar "
                             f"reads {SCHEMA_VERSION}); upgrade Khabar to go on with this archive")
        if schema < SCHEMA_VERSION:
            raise StateError(f"{self.path}: state schema {schema} is older than {SCHEMA_VERSION} and "
                             f"cannot be upgraded in place")
        check = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(check)
        self.db.executescript(SCHEMA)  # indexes added since the file was made

    # -- stories ------------------------------------------------------------
    def find_story(self, keys: Iterable[str]) -> Optional[Story]:
        for key in keys:
            row = self.db.execute(
                "SELECT s.key, s.site, s.url, s.version, s.text_digest, s.run, s.fetched_at, s.warc, s.published "
                "FROM story_keys k JOIN stories s ON s.key = k.story WHERE k.key = ?", (key,)).fetchone()
            if row:
                story = Story(*row[:7], warc=json.loads(row[7]) if row[7] else None, published=row[8])
                story.keys = [r[0] for r in self.db.execute("SELECT key FROM story_keys WHERE story = ?",
                                                             (story.key,))]
                return story
        return None

    def save_story(self, story: Story) -> None:
        self.db.execute("INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (story.key, story.site, story.url, story.version, story.text_digest, story.run,
                         story.fetched_at, json.dumps(story.warc) if story.warc else None, story.published))
        self.db.executemany("INSERT OR REPLACE INTO story_keys VALUES (?, ?)", [(k, story.key) for k in story.keys])

    # -- article URLs -------------------------------------------------------
    def url(self, key: str) -> Optional[UrlRecord]:
        row = self.db.execute(f"SELECT {', '.join(URL_FIELDS)} FROM urls WHERE key = ?", (key,)).fetchone()
        return UrlRecord(*row) if row else None

    def save_url(self, record: UrlRecord) -> None:
        self.db.execute(f"INSERT OR REPLACE INTO urls VALUES ({', '.join('?' * len(URL_FIELDS))})",
                        tuple(getattr(record, f) for f in URL_FIELDS))

    def recent_urls(self, since_iso: str) -> Iterator[UrlRecord]:
        """Article URLs done whose story was published at or after ``since_iso`` (UTC)."""
        rows = self.db.execute(f"SELECT {', '.join(URL_FIELDS)} FROM urls WHERE outcome = 'done' "
                               f"AND published >= ? ORDER BY published DESC", (since_iso,)).fetchall()
        for row in rows:
            yield UrlRecord(*row)

    # -- the default feed, as a log of emitted items ----------------------------
    def feed_offset(self, path: str) -> int:
        row = self.db.execute("SELECT offset FROM feeds WHERE path = ?", (path,)).fetchone()
        return row[0] if row else 0

    def save_feed_offset(self, path: str, offset: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO feeds VALUES (?, ?)", (path, offset))

    # -- transactions -------------------------------------------------------
    # Short ones: several crawls (crawlall, or two cron lines) share one
    # database, and a write transaction held open would make the others wait.
    @contextmanager
    def transaction(self):
        if self.failed is not None:
            raise self.failed
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:  # disk full, read-only: reported as a write failure
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self.failed = OSError(f"{self.path}: {exc}")
            raise self.failed from None

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
