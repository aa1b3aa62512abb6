"""KHABAR_REDIS_* settings are checked like the others; without the URL the
crawl keeps Scrapy's scheduler and the SQLite state."""

from scrapy.settings import Settings

from crawler import settings as project
from crawler.cluster.addon import SCHEDULER, ClusterAddon
from crawler.validate import setting_problems


def settings(**values) -> Settings:
    s = Settings()
    s.setmodule(project, priority="project")
    s.setdict(values, priority="cmdline")
    return s


def test_bad_values_are_reported():
    problems = setting_problems(settings(KHABAR_REDIS_URL="localhost:6379", KHABAR_REDIS_LEASE_SECONDS="0"))
    assert any("KHABAR_REDIS_URL" in p and "must be a Redis URL" in p for p in problems)
    assert any("KHABAR_REDIS_LEASE_SECONDS" in p for p in problems)
    assert setting_problems(settings(KHABAR_REDIS_URL="redis://10.0.0.5:6379/0")) == []


def test_the_addon_does_nothing_without_a_url():
    s = settings()
    before = (s["SCHEDULER"], dict(s.getdict("DOWNLOADER_MIDDLEWARES")))
    ClusterAddon().update_settings(s)
    assert (s["SCHEDULER"], dict(s.getdict("DOWNLOADER_MIDDLEWARES"))) == before


def test_the_addon_switches_the_scheduler_and_politeness():
    s = settings(KHABAR_REDIS_URL="redis://127.0.0.1:6379/0")
    ClusterAddon().update_settings(s)
    assert s["SCHEDULER"] == SCHEDULER
    assert "crawler.cluster.polite.SharedPolitenessMiddleware" in s.getdict("DOWNLOADER_MIDDLEWARES")
    s = settings(KHABAR_REDIS_URL="redis://127.0.0.1:6379/0", KHABAR_REDIS_POLITENESS=False)
    ClusterAddon().update_settings(s)
    assert "crawler.cluster.polite.SharedPolitenessMiddleware" not in s.getdict("DOWNLOADER_MIDDLEWARES")


def test_a_worker_whose_redis_never_answers_stops_before_anything(tmp_path):
    import pytest

    pytest.importorskip("redis", reason="redis-py is not installed (pip install redis)")
    from tests.cluster.redis_server import free_port
    from tests.conftest import run_scrapy

    result = run_scrapy("crawl", "mashregh", "-s", f"ARCHIVE_DIR={tmp_path}",
                        "-s", f"KHABAR_REDIS_URL=redis://127.0.0.1:{free_port()}/0", "-s", "KHABAR_REDIS_MAX_WAIT=1")
    assert result.returncode == 75  # EX_TEMPFAIL: try later
    assert "unreachable" in result.stderr and "nothing was done" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "warc").exists()
