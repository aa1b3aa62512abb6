"""``KHABAR_GC_THRESHOLD``: the collector's young-generation threshold during a
crawl, Python's own again after it; 0 leaves Python's alone."""

import gc

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

import pytest

from crawler.gcpolicy import CollectorPolicy


@pytest.fixture
def python_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*before)


def test_set_for_the_crawl_and_restored_when_it_ends(python_thresholds):
    crawler = get_crawler(settings_dict={"KHABAR_GC_THRESHOLD": 12345})
    policy = CollectorPolicy.from_crawler(crawler)  # noqa: F841 (signals hold it weakly; Scrapy keeps its extensions)
    assert gc.get_threshold() == (12345, 10, 10)
    crawler.signals.send_catch_log(signals.engine_stopped)
    assert gc.get_threshold() == python_thresholds


def test_zero_leaves_pythons_thresholds(python_thresholds):
    with pytest.raises(NotConfigured):
        CollectorPolicy.from_crawler(get_crawler(settings_dict={"KHABAR_GC_THRESHOLD": 0}))
    assert gc.get_threshold() == python_thresholds


def test_on_by_default_in_the_project():
    from crawler import settings

    assert "crawler.gcpolicy.CollectorPolicy" in settings.EXTENSIONS
    assert getattr(settings, "KHABAR_GC_THRESHOLD", 10_000) == 10_000


def test_extraction_workers_keep_pythons_thresholds(python_thresholds):
    """A worker's garbage is whole page trees: the crawl's larger threshold
    would hold them longer (its memory grew 18 MB over 2,500 pages)."""
    from crawler.workers import ExtractionPool

    crawler = get_crawler(settings_dict={"KHABAR_GC_THRESHOLD": 12345, "EXTRACTION_WORKERS": 1})
    policy = CollectorPolicy.from_crawler(crawler)  # noqa: F841
    pool = ExtractionPool(1)
    pool.warm()
    try:
        assert gc.get_threshold() == (12345, 10, 10)
        assert pool.executor.submit(gc.get_threshold).result(timeout=60) == python_thresholds
    finally:
        pool.close()
