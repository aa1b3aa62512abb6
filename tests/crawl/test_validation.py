"""Settings and spider arguments are checked before anything is fetched:
a wrong value or an unknown name is one usage error, exit status 2."""

from __future__ import annotations

from typing import Optional

import pytest
import scrapy
from scrapy.settings import Settings

from crawler.validate import (SCRAPY_SPIDER_ARGUMENTS, argument_problems, setting_problems,
                              spider_arguments)
from tests.conftest import run_scrapy


def project_settings(**cmdline) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict(cmdline, priority="cmdline")
    return settings


def test_the_shipped_settings_are_valid():
    assert setting_problems(project_settings()) == []


def test_well_formed_values_from_the_command_line_pass():
    settings = project_settings(WARC_MAX_SIZE="5000000", EXTRACTION_WORKERS="0", CONCURRENT_REQUESTS="8",
                                DOWNLOAD_DELAY="0.25", ROBOTSTXT_OBEY="False", KHABAR_DEFAULT_FEED="0",
                                LOG_LEVEL="DEBUG", WARC_REPLAY="a.warc.gz,b.warc.gz", WARC_GZIP_LEVEL="9",
                                SOME_OTHER_SETTING="anything")
    assert setting_problems(settings) == []


def test_every_problem_is_listed():
    settings = project_settings(WARC_MAX_SIZE="abc", EXTRACTION_WORKERS="-1", DOWNLOAD_TIMEOUT="0",
                                WARC_ENABLED="yes please", KHABAR_DEFALT_FEED="1", WARC_FOO="1",
                                LOG_LEVEL="info", WARC_GZIP_LEVEL="0")
    assert setting_problems(settings) == [
        "-s DOWNLOAD_TIMEOUT=0: DOWNLOAD_TIMEOUT must be a number above 0",
        "-s EXTRACTION_WORKERS=-1: EXTRACTION_WORKERS must be a whole number of at least 0",
        "-s KHABAR_DEFALT_FEED=1: unknown setting (did you mean KHABAR_DEFAULT_FEED?)",
        "-s LOG_LEVEL=info: LOG_LEVEL must be one of CRITICAL, ERROR, WARNING, INFO, DEBUG",
        "-s WARC_ENABLED=yes please: WARC_ENABLED must be a boolean: True/False, 1/0",
        "-s WARC_FOO=1: unknown setting",
        "-s WARC_GZIP_LEVEL=0: WARC_GZIP_LEVEL must be a whole number from 1 to 9",
        "-s WARC_MAX_SIZE=abc: WARC_MAX_SIZE must be a whole number of at least 1",
    ]


def test_a_setting_the_project_defines_is_known():
    # the project's settings module is the other source of known names
    settings = project_settings(KHABAR_NEW_THING="1")
    assert setting_problems(settings, project_settings=["KHABAR_NEW_THING"]) == []
    assert setting_problems(settings, project_settings=[]) == ["-s KHABAR_NEW_THING=1: unknown setting"]


class Parent(scrapy.Spider):
    name = "parent"

    def __init__(self, base_url: Optional[str] = None, site: Optional["Definition"] = None,  # noqa: F821
                 limit=None, **kwargs):
        super().__init__(**kwargs)


class Child(Parent):
    name = "child"

    def __init__(self, site: Optional[str] = None, depth: str = "1", **kwargs):
        super().__init__(**kwargs)


class Closed(Parent):
    name = "closed"

    def __init__(self, only: str = ""):  # passes nothing on: the parents' arguments are not reachable
        super().__init__()


def test_spider_arguments_follow_the_init_chain():
    assert spider_arguments(Parent) == {"base_url", "limit"}  # site takes an object, not a string
    assert spider_arguments(Child) == {"site", "depth", "base_url", "limit"}
    assert spider_arguments(Closed) == {"only"}


def test_unknown_argument_message():
    assert argument_problems(Child, {"depht": "2", "_job": "abc", "user_agent": "x", "base_url": "u"}) == [
        "-a depht=2: unknown argument for child; did you mean -a depth=? "
        "it accepts: -a base_url=, -a depth=, -a limit=, -a site="]
    assert not argument_problems(Child, {k: "1" for k in SCRAPY_SPIDER_ARGUMENTS})


def test_khabar_spiders_accept_their_documented_arguments():
    from crawler.archive.replayspider import ReplaySpider
    from crawler.spiders.news import NewsSpider
    from crawler.spiders.sites import MashreghSpider

    assert {"base_url", "since", "until", "max_articles", "max_pages"} <= spider_arguments(MashreghSpider)
    assert "site" not in spider_arguments(MashreghSpider)
    # news takes what the spiders it builds take (GenericSpider's are a superset of KhabarSpider's)
    assert spider_arguments(NewsSpider) == {"site", "base_url", "since", "until", "max_articles", "max_pages",
                                            "recheck", "max_depth"}
    assert {"site", "since", "until", "article_urls_only"} <= spider_arguments(ReplaySpider)


@pytest.mark.parametrize("args, message", [
    (["crawl", "mashregh", "-s", "WARC_MAX_SIZE=abc"],
     "error: -s WARC_MAX_SIZE=abc: WARC_MAX_SIZE must be a whole number of at least 1"),
    (["crawl", "mashregh", "-s", "EXTRACTION_WORKERS=x"],
     "error: -s EXTRACTION_WORKERS=x: EXTRACTION_WORKERS must be a whole number of at least 0"),
    (["crawl", "alaraby", "-s", "CONCURRENT_REQUESTS=-1"],
     "error: -s CONCURRENT_REQUESTS=-1: CONCURRENT_REQUESTS must be a whole number of at least 1"),
    (["crawl", "namehnews", "-s", "WARC_MAXSIZE=10"],
     "error: -s WARC_MAXSIZE=10: unknown setting (did you mean WARC_MAX_SIZE?)"),
    (["crawl", "mashregh", "-s", "LOG_LEVEL=info"],
     "error: -s LOG_LEVEL=info: LOG_LEVEL must be one of CRITICAL, ERROR, WARNING, INFO, DEBUG"),
    (["crawl", "mashregh", "-a", "bogus=1"],
     "error: -a bogus=1: unknown argument for mashregh; it accepts: -a base_url="),
    (["crawl", "news", "-a", "site=mashregh", "-a", "sinse=2024-01-01"],
     "error: -a sinse=2024-01-01: unknown argument for news; did you mean -a since=?"),
    (["crawl", "mashregh", "-a", "bogus=1", "-s", "WARC_MAX_SIZE=abc"],
     "error: 2 problems:\n  -s WARC_MAX_SIZE=abc: WARC_MAX_SIZE must be a whole number of at least 1\n"
     "  -a bogus=1: unknown argument for mashregh"),
    (["replay", "nothing.warc.gz", "-a", "bogus=1"],
     "error: -a bogus=1: unknown argument for replay; it accepts: -a article_urls_only="),
    (["crawl", "mashregh", "-s", "URLLENGTH_LIMIT=-5"],
     "error: -s URLLENGTH_LIMIT=-5: URLLENGTH_LIMIT must be a whole number of at least 0"),
    (["replay", "nothing.warc.gz", "-s", "REPLAY_WORKERS=many"],
     "error: -s REPLAY_WORKERS=many: REPLAY_WORKERS must be a whole number of at least 0"),
])
def test_bad_settings_and_arguments_stop_before_the_crawl(tmp_path, args, message):
    result = run_scrapy(*args, "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}")
    assert result.returncode == 2, result.stderr[-2000:]
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert "Scrapy 2" not in result.stderr  # stopped before Scrapy even started logging
    assert list(tmp_path.iterdir()) == []  # nothing fetched, nothing written
