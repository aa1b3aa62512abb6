"""``scrapy replay`` takes the crawl's response steps (decompression, meta
refresh) from the crawl's own ``DOWNLOADER_MIDDLEWARES``, in the order a
response meets them: a project's replacement is followed, a step turned off
is left out."""

from scrapy.utils.test import get_crawler

from crawler import settings as khabar_settings
from crawler.archive.replayspider import ReplaySpider
from crawler.middlewares.metarefresh import QuickMetaRefreshMiddleware
from crawler.middlewares.sizecaps import CappedHttpCompressionMiddleware


class ProjectMetaRefresh(QuickMetaRefreshMiddleware):
    """A project's own meta-refresh rule, swapped in by settings."""


def steps(**overrides):
    settings = {k: getattr(khabar_settings, k) for k in dir(khabar_settings)
                if k.isupper() and k not in ("TWISTED_REACTOR", "ASYNCIO_EVENT_LOOP")}
    settings.update(overrides)
    crawler = get_crawler(ReplaySpider, settings)  # applies the spider's update_settings
    spider = ReplaySpider(paths="x.warc.gz")
    spider.crawler = crawler
    return [type(step) for step in spider._downloader_steps()]


def test_the_crawls_steps_in_the_order_a_response_meets_them():
    assert steps() == [CappedHttpCompressionMiddleware, QuickMetaRefreshMiddleware]


def test_a_projects_replacement_is_followed_and_a_step_turned_off_left_out():
    swapped = dict(khabar_settings.DOWNLOADER_MIDDLEWARES)
    swapped["crawler.middlewares.metarefresh.QuickMetaRefreshMiddleware"] = None
    swapped[f"{__name__}.ProjectMetaRefresh"] = 580
    assert steps(DOWNLOADER_MIDDLEWARES=swapped) == [CappedHttpCompressionMiddleware, ProjectMetaRefresh]
    assert steps(METAREFRESH_ENABLED=False) == [CappedHttpCompressionMiddleware]
