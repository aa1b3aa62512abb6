"""``scrapy replay``'s own path: captures read, extracted in batches, kept in
archive order; the crawl's downloader rules that still apply to an archived
response (decompression, meta refresh) applied as the crawl applies them."""

from __future__ import annotations

import asyncio
import re

import pytest

from crawler.extraction import NotAnArticle, extract
from crawler.workers import ExtractionPool, RemoteTraceback, run_batch
from tests.archive.helpers import read_items, records
from tests.archive.hostile_warcs import STORY
from tests.archive.test_warc_decoding import HTML, write_warc
from tests.conftest import run_scrapy
from tests.crawl.hostile import stats_of


def story_page(title: str, paragraphs: int = 1) -> bytes:
    page = STORY.format(title=title)
    if paragraphs > 1:  # a heavier page: its extraction takes longer
        body = page[page.index("<p>"):page.index("</article>")]
        page = page.replace("</article>", body * (paragraphs - 1) + "</article>")
    return page.encode()


def replay(tmp_path, warc, *extra):
    out = tmp_path / "items.jsonl"
    result = run_scrapy("replay", str(warc), "-O", str(out), "-s", "KHABAR_DEFAULT_FEED=False",
                        "--progress", "off", *extra)
    return result, (read_items(out) if out.exists() else [])


def test_the_first_capture_of_a_story_in_the_archive_is_the_one_kept(tmp_path):
    # Each story captured three times in a row: first as a heavy page (slow to
    # extract), then twice light, so another worker can finish a later copy
    # first.  The item is the first capture's, whichever worker ends first.
    urls = [f"http://news.example/story/{n}" for n in range(6)]
    pages = []
    for n, url in enumerate(urls):
        for copy in range(3):
            pages.append((url, HTML, story_page(f"خبر شماره {n} درباره نشست", 200 if copy == 0 else 1)))
    warc = tmp_path / "copies.warc.gz"
    write_warc(warc, pages)
    first = {}
    for offset, rec_type, rec_headers, _, _ in records(warc):
        if rec_type == "response":
            first.setdefault(rec_headers.get_header("WARC-Target-URI"), offset)
    result, items = replay(tmp_path, warc, "-s", "REPLAY_WORKERS=2")
    assert result.returncode == 0, result.stderr[-3000:]
    assert {i["url"]: i["warc"]["offset"] for i in items} == first
    stats = stats_of(result.stderr)
    assert stats["khabar/articles"] == 6 and stats["khabar/duplicates"] == 12


def test_a_meta_refresh_page_is_left_as_the_crawl_leaves_it(tmp_path):
    """A refresh sooner than METAREFRESH_MAXDELAY is a redirect to a crawl:
    not extracted, and its target is not fetched (a replay never touches the
    network); a later one is an ordinary page."""
    soon = story_page("صفحه‌ای که به جای دیگری می‌رود").replace(
        b"<title>", b"<meta http-equiv='refresh' content='0; url=http://moved.example/story/9'><title>")
    late = story_page("صفحه‌ای که دیر تازه می‌شود").replace(
        b"<title>", b"<meta http-equiv='refresh' content='300'><title>")
    warc = tmp_path / "refresh.warc.gz"
    write_warc(warc, [("http://news.example/story/soon", HTML, soon), ("http://news.example/story/late", HTML, late),
                      ("http://news.example/story/plain", HTML, story_page("خبر ساده"))])
    result, items = replay(tmp_path, warc)
    assert result.returncode == 0, result.stderr[-3000:]
    assert {i["url"] for i in items} == {"http://news.example/story/late", "http://news.example/story/plain"}
    stats = stats_of(result.stderr)
    assert stats["khabar/replay/skipped/meta_refresh"] == 1
    assert "khabar/replay/failed" not in stats
    assert "moved.example" not in result.stderr  # no request for the target: no lookup, no error


def test_an_undecodable_body_is_one_warning_and_the_replay_goes_on(tmp_path):
    warc = tmp_path / "labelled.warc.gz"
    write_warc(warc, [("http://news.example/story/labelled", HTML + [("Content-Encoding", "gzip")], story_page("الف")),
                      ("http://news.example/story/plain", HTML, story_page("خبر ساده"))])
    result, items = replay(tmp_path, warc)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert [i["url"] for i in items] == ["http://news.example/story/plain"]
    warnings = [line for line in result.stderr.splitlines() if "] WARNING:" in line]
    assert len(warnings) == 1
    assert re.search(rf"WARNING: {re.escape(str(warc))}: offset \d+: cannot replay "
                     r"http://news\.example/story/labelled: Not a gzipped file", warnings[0]), warnings
    assert stats_of(result.stderr)["khabar/replay/failed"] == 1


# -- the extraction pool's batches ----------------------------------------------

def _not_an_article(reason):
    raise NotAnArticle(reason)


def test_run_batch_keeps_each_calls_outcome():
    out = run_batch([(len, ("abc",)), (_not_an_article, ("listing",)), (len, ("de",))])
    assert [ok for ok, _ in out] == [True, False, True]
    assert (out[0][1], out[2][1]) == (3, 2)
    exc, text = out[1][1]
    assert isinstance(exc, NotAnArticle) and exc.reason == "listing"
    assert "_not_an_article" in text and "NotAnArticle: listing" in text


@pytest.mark.parametrize("batch", [1, 4])
def test_the_pool_gives_each_page_its_own_outcome_in_batches(batch):
    pages = [(f"http://news.example/story/{n}", story_page(f"خبر شماره {n} درباره نشست")) for n in range(9)]
    pages[4] = ("http://news.example/story/4", b"<html><body></body></html>")  # not an article
    headers = [("Content-Type", "text/html; charset=utf-8")]

    async def run():
        pool = ExtractionPool(workers=2, batch=batch)
        submits = []
        real_submit = pool.executor.submit
        pool.executor.submit = lambda *a: submits.append(a) or real_submit(*a)
        try:
            results = await asyncio.gather(*(pool.extract(url, body, headers, None) for url, body in pages),
                                           return_exceptions=True)
        finally:
            pool.close()
        return results, len(submits)

    results, tasks = asyncio.run(run())
    assert tasks == (9 if batch == 1 else 3)  # 4 + 4 + 1 pages
    for (url, body), got in zip(pages, results):
        if url.endswith("/4"):
            assert isinstance(got, NotAnArticle)
            assert isinstance(got.__cause__, RemoteTraceback) and "NotAnArticle" in str(got.__cause__)
        else:
            assert got == extract(url, body, headers, None)


class _TwoPartError(Exception):
    """Pickles, but cannot be rebuilt: its __init__ wants two arguments and
    passes one on (what read back in the crawl process broke the whole pool)."""

    def __init__(self, part, other):
        super().__init__(f"{part} / {other}")


def _raise_two_part(n):
    raise _TwoPartError("part", n)


@pytest.mark.parametrize("batch", [1, 4])
def test_an_exception_that_cannot_be_read_back_costs_only_its_own_page(batch):
    async def run():
        pool = ExtractionPool(workers=1, batch=batch)
        try:
            first = await asyncio.gather(pool._call(len, "abc"), pool._call(_raise_two_part, 7),
                                         pool._call(len, "de"), return_exceptions=True)
            later = await pool._call(len, "later")  # the pool still works
        finally:
            pool.close()
        return first, later

    (a, failed, b), later = asyncio.run(run())
    assert (a, b, later) == (3, 2, 5)
    assert type(failed) is RuntimeError and str(failed) == "_TwoPartError: part / 7"


def test_a_closed_pool_is_not_started_again_by_a_batch_still_queued():
    async def run():
        pool = ExtractionPool(workers=1, batch=4)
        pool.executor  # started
        waiting = asyncio.ensure_future(pool._call(len, "abc"))
        await asyncio.sleep(0)  # queued; its submit is scheduled for the next turn
        pool.close()
        await asyncio.sleep(0.05)
        return pool, waiting

    pool, waiting = asyncio.run(run())
    assert pool.group._executor is None and pool.group.closed  # close() was the last word: no new pool
    assert waiting.cancelled()
