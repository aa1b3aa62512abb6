"""Item pipeline deciding whether an article is a new story, a new version of
one, or a copy: the one place crawls, whole-crawl replays and ``scrapy replay``
decide it.

In order, for every ``Article``:

1. **Date window**: outside the spider's ``since``/``until`` (aware
   datetimes, the site's time zone) it is dropped (``khabar/out_of_window``).
2. **Same story, same run**: a story already emitted by this crawl run under
   any of its keys (URL, canonical URL, story id: :mod:`crawler.identity`) is
   a duplicate (``khabar/duplicates``); so is a story another worker of a
   cluster claimed (``-s KHABAR_REDIS_URL=``, crawler/cluster).  The run of an item is the run of the
   WARC file it was read from (:func:`crawler.archive.writer.run_of`), so a
   replay tells the runs of an archive apart as the crawls did.
3. **Same story, later run**: the same clean text is no news
   (``khabar/unchanged``); changed text is the story's next ``version``, with
   ``previous`` pointing at the version before (``khabar/versions``).
4. ``max_articles``: the crawl stops after that many items.

The stories live in the crawl state (:class:`crawler.state.extension.CrawlState`).
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from crawler.archive.writer import run_of
from crawler.identity import story_keys, text_digest
from crawler.sites import definition_named
from crawler.state import Story
from crawler.state.extension import CrawlState
from crawler.window import DateWindow


class Dropped(DropItem):
    """A decision, not a problem: logged at DEBUG (the stats count them);
    ``outcome`` is the URL ledger's name for it (crawler/ledger.py)."""

    def __init__(self, message: str, outcome: str):
        super().__init__(message, log_level="DEBUG")
        self.outcome = outcome


class ClaimedElsewhere(Dropped):
    """A live crawl of another worker of the cluster claimed this version of
    the story: it emits it (a claim of a dead crawl is taken over,
    crawler/cluster/store.py).  The URL is not recorded as done here (see
    ``CrawlState.item_dropped``): if that crawl dies before recording the
    story, a later fetch of the URL still captures it."""

    claimed_elsewhere = True


class StoryPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.emitted = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def state(self) -> CrawlState:
        return self.crawler.get_extension(CrawlState)

    def open_spider(self, spider=None) -> None:
        spider = self.crawler.spider
        self.window: DateWindow = getattr(spider, "window", None) or DateWindow()
        self.max_articles = getattr(spider, "max_articles", None)

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        site = definition_named(adapter.get("site"))
        zone = site.timezone if site is not None else "UTC"
        if not self.window.contains_iso(adapter.get("published"), zone):
            self.stats.inc_value("khabar/out_of_window")
            raise Dropped(f"published outside the date window: {adapter['url']}", "out_of_window")
        keys = story_keys(adapter["url"], adapter.get("canonical_url"), site)
        warc = adapter.get("warc")
        run = run_of(warc["file"]) if warc else self.state.run
        digest = text_digest(adapter.get("text"))
        state = self.state
        story = state.find_story(keys)
        version, previous = 1, None
        if story is not None:
            if story.run == run:
                self.stats.inc_value("khabar/duplicates")
                raise Dropped(f"duplicate of {story.url}: {adapter['url']}", "duplicate")
            if story.text_digest == digest:
                self.stats.inc_value("khabar/unchanged")
                raise Dropped(f"text unchanged since {story.fetched_at}: {adapter['url']}", "unchanged")
            version, previous = story.version + 1, {"fetched_at": story.fetched_at, "warc": story.warc}
            keys = story.keys + [k for k in keys if k not in story.keys]
            self.stats.inc_value("khabar/versions")
        if self.max_articles is not None and self.emitted >= self.max_articles:
            self.stats.inc_value("khabar/skipped/max_articles")
            raise Dropped(f"max_articles reached: {adapter['url']}", "max_articles")
        adapter["version"], adapter["previous"] = version, previous
        claimed = state.claim(Story(key=story.key if story is not None else keys[0], site=adapter.get("site"),
                                    url=adapter["url"], version=version, text_digest=digest, run=run,
                                    fetched_at=adapter.get("fetched_at"), warc=warc,
                                    published=adapter.get("published"), keys=keys))
        if not claimed:  # another worker of the cluster emits this version
            self.stats.inc_value("khabar/duplicates")
            self.stats.inc_value("khabar/cluster/claimed_elsewhere")
            raise ClaimedElsewhere(f"emitted by another worker: {adapter['url']}", "duplicate")
        self.emitted += 1
        self.stats.inc_value("khabar/articles")
        if self.max_articles is not None and self.emitted >= self.max_articles:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))
        return item
