"""The shared politeness gate on a real Redis: two workers' middlewares on
one site keep DOWNLOAD_DELAY between starts and CONCURRENT_REQUESTS_PER_DOMAIN
downloads at once, together; different sites do not wait for each other."""

from __future__ import annotations

import asyncio
import time

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from .redis_server import RedisServer, needs_redis

pytest.importorskip("redis", reason="redis-py is not installed (pip install redis)")
pytestmark = needs_redis


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def workers(url: str, n: int, **settings):
    from crawler.cluster.polite import SharedPolitenessMiddleware

    return [SharedPolitenessMiddleware.from_crawler(get_crawler(settings_dict={"KHABAR_REDIS_URL": url, **settings}))
            for _ in range(n)]


async def download(mw, url: str, hold: float, log: list) -> None:
    request = Request(url)
    await mw.process_request(request)
    start = time.monotonic()
    log.append(("start", start))
    await asyncio.sleep(hold)
    log.append(("end", time.monotonic()))
    mw.process_response(request, Response(url, request=request))


def test_delay_holds_across_workers(redis_server):
    a, b = workers(redis_server.url, 2, DOWNLOAD_DELAY=0.2, CONCURRENT_REQUESTS_PER_DOMAIN=8)
    log: list = []

    async def main():
        await asyncio.gather(*(download(mw, f"http://site.test/{i}", 0, log) for i, mw in enumerate([a, b] * 3)))

    asyncio.run(main())
    starts = sorted(t for kind, t in log if kind == "start")
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    assert len(starts) == 6
    assert min(gaps) >= 0.18, gaps  # one start per 0.2 s for both workers together (ms clock)


def test_concurrency_holds_across_workers(redis_server):
    a, b = workers(redis_server.url, 2, DOWNLOAD_DELAY=0, CONCURRENT_REQUESTS_PER_DOMAIN=2)
    log: list = []

    async def main():
        await asyncio.gather(*(download(mw, f"http://site.test/{i}", 0.15, log) for i, mw in enumerate([a, b] * 4)))

    asyncio.run(main())
    running = peak = 0
    for kind, _ in sorted(log, key=lambda e: (e[1], e[0] == "start")):
        running += 1 if kind == "start" else -1
        peak = max(peak, running)
    assert peak == 2


def test_other_sites_do_not_wait(redis_server):
    a, b = workers(redis_server.url, 2, DOWNLOAD_DELAY=5, CONCURRENT_REQUESTS_PER_DOMAIN=1)
    log: list = []

    async def main():
        await asyncio.gather(download(a, "http://one.test/", 0, log), download(b, "http://two.test/", 0, log))

    began = time.monotonic()
    asyncio.run(main())
    assert time.monotonic() - began < 1
