"""Extraction workers shared by the crawls of one process (``scrapy crawlall``):
one set of processes, started once, shut down when the last crawl closes."""

import asyncio
import os

from crawler.workers import ExtractionPool, WorkerGroup


def test_pools_of_one_group_share_one_set_of_processes_until_the_last_closes():
    async def run():
        group = WorkerGroup(2)
        first, second = ExtractionPool(2, group=group), ExtractionPool(2, group=group)
        first.warm()
        second.warm()  # already started: no second set
        executor = group.executor
        pids = sorted(executor._processes)
        got = await asyncio.gather(first._call(os.getpid), second._call(os.getpid))
        first.close()
        still = await second._call(os.getpid)  # the other crawl goes on with the same workers
        assert group.executor is executor and not group.closed
        second.close()
        return pids, got, still, group

    pids, got, still, group = asyncio.run(run())
    assert len(pids) == 2 and os.getpid() not in pids
    assert set(got) | {still} <= set(pids)
    assert group.closed and group._executor is None


def test_a_pool_without_a_group_has_its_own():
    a, b = ExtractionPool(0), ExtractionPool(0)
    assert a.group is not b.group
    a.close()
    assert a.group.closed and not b.group.closed
    b.close()


def test_a_crawl_joining_after_the_others_closed_gets_workers_again():
    async def run():
        group = WorkerGroup(1)
        first = ExtractionPool(1, group=group)
        first.warm()
        assert await first._call(len, "ab") == 2
        first.close()  # the only member: the workers stop
        assert group.closed
        late = ExtractionPool(1, group=group)  # a crawl whose extensions were built later
        late.warm()
        got = await late._call(len, "abc")
        late.close()
        return got, group

    got, group = asyncio.run(run())
    assert got == 3 and group.closed and group._executor is None
