"""Runs ``extract()`` off the reactor thread.

Extraction is CPU-bound (HTML parsing, trafilatura, language detection); done
inline it would stall every download.  This extension owns a process pool
(``EXTRACTION_WORKERS``, 0 = a single background thread) and gives spiders an
awaitable ``extract``.  Built ``from_crawler``, shut down on ``spider_closed``.

``EXTRACTION_BATCH`` (Khabar's settings: 4; 1 without them): pages asked for
in the same turn of the event loop go to a worker together, up to that many
per task, so the main process pays one hand-off (a future, a pipe write
woken by a feeder thread, a result read back by a manager thread) per batch
instead of per page.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, Callable, Optional

from scrapy import signals

from .extraction import extract
from .extraction.core import article_of, parse_document
from .items import Article
from .links import LinkPolicy, PageLinks, base_url, page_links, same_codec, tree_links
from .sites import SiteDefinition

logger = logging.getLogger(__name__)


def _warm_up() -> None:
    """Import the heavy modules once per worker, not on the first page."""
    import crawler.extraction  # noqa: F401


def extract_page(url: str, body: bytes, headers, site: Optional[SiteDefinition],
                 link_encoding: Optional[str], requisites_site=False,
                 link_policy: Optional[LinkPolicy] = None) -> tuple[Article, Optional[PageLinks]]:
    """One worker task per article page: ``extract()`` and, when the crawl
    follows the page's links (``link_encoding``: the response's encoding),
    those links (triaged too, given the spider's ``link_policy``), read here
    rather than by a second parse on the reactor thread.  When the extractor
    decoded and parsed the page as Scrapy does (nearly always: the same
    codec, nothing rewritten before parsing, no parser limit met), the links
    come from the extractor's own parse, read before it prunes the tree;
    otherwise from a parse of Scrapy's decoding, so they are always the links
    Scrapy's ``response.xpath("//a/@href")`` gives.  ``extract()`` stays the one pure
    function (this is its two halves, with the hrefs read in between); a
    page that is not an article raises as it does, before its links are
    triaged."""
    document = parse_document(url, body, headers, site)
    links = None
    if link_encoding:
        try:
            if document.faithful and same_codec(document.encoding, link_encoding):
                base = base_url(url, document.text, link_encoding)
                links = tree_links(url, document.tree, base, requisites_site)
            else:
                links = page_links(url, body, link_encoding, requisites_site)
        except Exception as exc:  # the article is kept; its links are lost, and said so
            links = PageLinks(url, (), None, error=f"{type(exc).__name__}: {exc}")
    article = article_of(document)
    if links is not None and link_policy is not None and links.error is None:
        try:
            links = links.triaged(link_policy)
        except Exception as exc:
            links = PageLinks(url, (), None, error=f"{type(exc).__name__}: {exc}")
    return article, links


class RemoteTraceback(Exception):
    """The traceback, as text, of an exception raised in a worker (the
    ``__cause__`` of the exception re-raised here, as ProcessPoolExecutor does)."""

    def __str__(self) -> str:
        return self.args[0]


def run_batch(calls: list[tuple[Callable, tuple]]) -> list[tuple[bool, Any]]:
    """Several calls in one worker task: ``(True, result)`` or ``(False,
    (exception, traceback text))`` for each, in order; one call's exception
    never costs another its result."""
    out: list[tuple[bool, Any]] = []
    for fn, args in calls:
        try:
            out.append((True, fn(*args)))
        except Exception as exc:
            text = traceback.format_exc()
            try:
                # both ways: an exception that pickles but cannot be rebuilt
                # (an __init__ with more arguments than it passes on) would
                # break the whole pool when the crawl process reads it back
                pickle.loads(pickle.dumps(exc))
            except Exception:  # its type and message still reach the crawl
                exc = RuntimeError(f"{type(exc).__name__}: {exc}")
            out.append((False, (exc, text)))
    return out


PR_SET_PDEATHSIG = 1
WATCHDOG_INTERVAL = 1.0  # seconds


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive the crawl (``kill -9`` of scrapy left both
    workers running).  On Linux the kernel kills it when its parent dies
    (``PR_SET_PDEATHSIG``); everywhere a daemon thread also checks every
    second that the parent is still the one that started it.  SIGKILL, not
    SIGTERM: a forked worker inherits the crawl's Python signal handlers."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog still applies

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(WATCHDOG_INTERVAL)

    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=watch, name="khabar-parent-watchdog", daemon=True).start()


# Python's collector thresholds, as they were when the crawl process started.
# A worker goes back to them: the crawl process's larger young threshold
# (crawler/gcpolicy.py) would keep a worker's dead page trees (lxml documents
# in reference cycles, ~1 MB each) for longer, and its memory grew 18 MB over
# 2,500 pages instead of 3.
_PYTHON_GC_THRESHOLD = gc.get_threshold()


def _init_worker(parent: int) -> None:
    gc.set_threshold(*_PYTHON_GC_THRESHOLD)
    _die_with_parent(parent)
    _warm_up()


def start_method() -> str:
    default = "fork" if sys.platform == "linux" else "spawn"
    return os.environ.get("KHABAR_MP_CONTEXT", default)


def make_executor(workers: int) -> Executor:
    if workers <= 0:
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="khabar-extract")
    # On Linux, fork: the workers start at once with the extractor already
    # imported.  ``warm()`` forks them at spider_opened, before the reactor
    # has started any thread or opened any WARC file; a child only runs
    # extract() and leaves with os._exit.  Elsewhere (or with
    # KHABAR_MP_CONTEXT=spawn) each worker imports the extractor itself.
    ctx = multiprocessing.get_context(start_method())
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(os.getpid(),))


class WorkerGroup:
    """The extraction processes of one crawl process.

    ``scrapy crawl`` has one crawl and one group.  ``scrapy crawlall`` runs
    every site's crawl in one reactor and hands each crawler the same group
    (the ``EXTRACTION_GROUP`` setting), so N sites share
    ``EXTRACTION_WORKERS`` processes instead of starting N sets: the CPU is
    the machine's two cores either way, and each set of workers costs its
    own memory.  Each crawl's :class:`ExtractionPool` joins the group; the
    last to leave shuts the processes down."""

    def __init__(self, workers: int):
        self.workers = workers
        self._executor: Optional[Executor] = None
        self._members = 0
        self._closed = False

    def __repr__(self) -> str:  # as Scrapy's "Overridden settings" line shows it
        return f"WorkerGroup(workers={self.workers}, crawls={self._members})"

    def join(self) -> None:
        # a crawl that joins after every other has closed (a site crawled
        # in no time, before the next one's extensions were built) starts
        # the workers again rather than finding them shut down
        self._members += 1
        self._closed = False

    def leave(self) -> None:
        self._members -= 1
        if self._members <= 0:
            self.close()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def executor(self) -> Executor:
        if self._closed:
            raise RuntimeError("the extraction workers have been shut down")
        if self._executor is None:
            self._executor = make_executor(self.workers)
        return self._executor

    def warm(self) -> None:
        """Start the workers now, while robots.txt, feeds and sitemaps are
        fetched, so the first article does not wait for them to import.

        Forked workers share the crawl process's memory until either writes
        to it: what extraction loads is loaded here, before the fork, so the
        workers share one copy; and ``gc.freeze()`` keeps the collector of a
        worker from writing to (and so copying) every object it inherited.
        (Peak PSS of a crawl's process tree: see bench/throughput.py.)"""
        if self._executor is not None or self._closed:
            return  # started by an earlier crawl of this process
        frozen = self.workers > 0 and start_method() == "fork"
        if frozen:
            _warm_up()
            gc.freeze()
        for _ in range(max(self.workers, 1)):
            self.executor.submit(_warm_up)  # with fork, the first submit forks every worker
        if frozen:
            # the workers keep their frozen copy; the crawl process collects again
            gc.unfreeze()
        pids = sorted(getattr(self._executor, "_processes", None) or ())
        logger.info("Extraction workers: %s (%s crawl(s) of this process share them)",
                    f"{len(pids)} processes, pids {', '.join(map(str, pids))}" if pids else "one background thread",
                    self._members)

    def close(self) -> None:
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class ExtractionPool:
    """One crawl's hand-off to the extraction workers: batching, and the
    callers to cancel when the spider closes (the processes are its
    :class:`WorkerGroup`'s, shared under crawlall)."""

    def __init__(self, workers: int, stats=None, batch: int = 1, group: Optional[WorkerGroup] = None):
        self.group = group if group is not None else WorkerGroup(workers)
        self.group.join()
        self.workers = self.group.workers
        self.stats = stats
        self.batch = max(1, batch) if self.workers > 0 else 1
        self._queued: list[tuple[Callable, tuple, asyncio.Future]] = []  # the batch being gathered
        self._closed = False

    @classmethod
    def from_crawler(cls, crawler):
        group = crawler.settings.get("EXTRACTION_GROUP")
        if group is not None and not isinstance(group, WorkerGroup):
            raise TypeError(f"EXTRACTION_GROUP must be a crawler.workers.WorkerGroup, got {type(group).__name__}")
        workers = crawler.settings.getint("EXTRACTION_WORKERS", os.cpu_count() or 1)
        pool = cls(workers, crawler.stats, crawler.settings.getint("EXTRACTION_BATCH", 1), group)
        crawler.signals.connect(pool.warm, signal=signals.spider_opened)
        crawler.signals.connect(pool.close, signal=signals.spider_closed)
        return pool

    def warm(self, spider=None) -> None:
        self.group.warm()

    @property
    def executor(self) -> Executor:
        return self.group.executor

    async def extract(self, url: str, body: bytes, headers, site: Optional[SiteDefinition]) -> Article:
        return await self._call(extract, url, body, headers, site)

    async def extract_page(self, url: str, body: bytes, headers, site: Optional[SiteDefinition],
                           link_encoding: Optional[str], requisites_site=False,
                           link_policy: Optional[LinkPolicy] = None) -> tuple[Article, Optional[PageLinks]]:
        """``extract()`` and the page's links (see :func:`extract_page`)."""
        return await self._call(extract_page, url, body, headers, site, link_encoding, requisites_site, link_policy)

    async def _call(self, fn: Callable, *args):
        # Every call goes through run_batch (a batch of one by default), so a
        # worker's exception that cannot be read back never breaks the pool.
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queued.append((fn, args, future))
        if len(self._queued) >= self.batch:
            self._submit_queued()
        elif len(self._queued) == 1:  # the others asked for in this turn of the loop join it
            loop.call_soon(self._submit_queued)
        return await future

    def _submit_queued(self) -> None:
        queued, self._queued = self._queued, []
        queued = [q for q in queued if not q[2].done()]  # a caller that gave up is not sent
        if self._closed or self.group.closed:  # scheduled before close(): the pool is not started again
            for _, _, future in queued:
                future.cancel()
            return
        if not queued:
            return
        futures = [future for _, _, future in queued]
        if self.stats is not None:
            self.stats.inc_value("khabar/extraction/tasks")
            self.stats.inc_value("khabar/extraction/pages", len(queued))
        try:
            done = asyncio.wrap_future(self.executor.submit(run_batch, [(fn, args) for fn, args, _ in queued]))
        except Exception as exc:  # a pool shut down or broken: every caller hears it
            done = asyncio.get_running_loop().create_future()
            done.set_exception(exc)
        done.add_done_callback(lambda d: self._settle(futures, d))

    @staticmethod
    def _settle(futures: list[asyncio.Future], done: asyncio.Future) -> None:
        if done.cancelled():
            for future in futures:
                future.cancel()
            return
        error = done.exception()
        outcomes = [(False, (error, None))] * len(futures) if error is not None else done.result()
        for future, (ok, value) in zip(futures, outcomes):
            if future.done():  # its caller gave up waiting
                continue
            if ok:
                future.set_result(value)
            else:
                exc, text = value
                if text is not None:
                    exc.__cause__ = RemoteTraceback(text)
                future.set_exception(exc)

    def close(self, spider=None) -> None:
        if self._closed:
            return
        self._closed = True
        queued, self._queued = self._queued, []
        for _, _, future in queued:
            future.cancel()
        self.group.leave()  # the last crawl of the process shuts the workers down
