"""``scrapy replay`` of hostile WARCs stays bounded in memory (issue 9).

The reader used to read a record's whole body into memory: a 200 MB record
(or a chunked stream archived as far as it went) took the replay's process
tree to 3.7 GB.  Now a record body over ``KHABAR_REPLAY_MAX_RECORD`` (64 MiB)
is read past in 64 KiB blocks and skipped as too large (stat
``khabar/replay/reader/too_large``, one ``FILE: offset N:`` warning), and a
kept body over the crawl's article cap (8 MiB) is counted as the crawl counts
it (``khabar/hostile/oversize/article``) and not extracted.

Memory bound: PEAK_MB for the replay's process tree (sum of PSS over scrapy
and its extraction workers, sampled from /proc) and for the main process's
peak RSS (VmHWM).  A replay of a few small stories peaks around 150-250 MB.
The WARCs are generated per test (sparse or gzip of repetitive bytes: under
1 MB on disk each), never stored.
"""

from __future__ import annotations

import re
import tracemalloc

from crawler.archive.reader import ArchiveReader
from tests.archive.helpers import read_items
from tests.archive.hostile_warcs import chunked_warc, endless_warc, sparse_warc
from tests.crawl.hostile import run_scrapy_measured, stats_of

PEAK_MB = 400
MB = 1 << 20
HUGE = 200 * MB


def story(n: int) -> tuple[str, str]:
    return f"http://news.example/story/{n}", f"خبر شماره {n} درباره نشست کارشناسی"


def test_replay_of_huge_and_endless_records_is_bounded(tmp_path):
    warcs = {
        "sparse": sparse_warc(tmp_path / "sparse.warc", "http://news.example/story/huge", HUGE, [story(1), story(2)]),
        "chunked": chunked_warc(tmp_path / "chunked.warc.gz", "http://news.example/story/chunked", HUGE,
                                [story(3), story(4)]),
        "endless": endless_warc(tmp_path / "endless.warc.gz", "http://news.example/story/endless", HUGE,
                                [story(5)]),
        "whole": chunked_warc(tmp_path / "whole.warc.gz", "http://news.example/story/whole", HUGE,
                              [story(6), story(7)], whole_file=True),
        # under the record cap, over the crawl's article cap
        "big": sparse_warc(tmp_path / "big.warc", "http://news.example/story/big", 40 * MB, [story(8)]),
    }
    out = tmp_path / "items.jsonl"
    result, peak_tree, peak_main = run_scrapy_measured(
        "replay", *map(str, warcs.values()), "-O", str(out), "--progress", "off", timeout=300)
    log = result.stderr
    print(f"replay: peak tree PSS {peak_tree:.0f} MB, peak main RSS {peak_main:.0f} MB")
    assert result.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    stats = stats_of(log)
    assert stats["khabar/replay/reader/too_large"] == 4
    assert stats["khabar/hostile/oversize/article"] == 1 and stats["khabar/hostile/oversize"] == 1
    warnings = [line for line in log.splitlines() if "] WARNING:" in line]
    assert len(warnings) == 5, warnings
    for name, url in (("sparse", "huge"), ("chunked", "chunked"), ("endless", "endless"), ("whole", "whole")):
        (line,) = [w for w in warnings if f"/story/{url}:" in w]
        assert re.search(rf"WARNING: {re.escape(str(warcs[name]))}: offset \d+: http://news.example/story/{url}: "
                         rf"record body over {64 * MB} bytes \(\d+ read before giving up\); skipped as too large$",
                         line), line
    (line,) = [w for w in warnings if "/story/big:" in w]
    assert f"{warcs['big']}: offset " in line and "over the article size cap" in line
    # every ordinary story around the hostile records comes out
    assert sorted(i["url"] for i in read_items(out)) == sorted(story(n)[0] for n in range(1, 9))
    assert peak_main < PEAK_MB
    assert peak_tree < PEAK_MB


def test_the_reader_holds_no_more_for_a_bigger_record(tmp_path):
    # 100 MB chunked (gzip) and plain records against a 1 MB cap: read past, never held.
    # What remains is warcio's own step: it inflates one 16 KiB gzip block at a
    # time, up to ~16 MB for the most compressible data, whatever the record's size.
    paths = [chunked_warc(tmp_path / "c.warc.gz", "http://news.example/story/c", 100 * MB, [story(1), story(2)]),
             sparse_warc(tmp_path / "s.warc", "http://news.example/story/s", 100 * MB, [story(3)])]
    errors = []
    reader = ArchiveReader(on_error=errors.append, max_record=MB)
    tracemalloc.start()
    try:
        caps = list(reader.iter_paths(map(str, paths)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"reader peak {peak / MB:.0f} MB for two 100 MB records")
    assert [c.url for c in caps] == [story(n)[0] for n in (1, 2, 3)]
    assert reader.stats["too_large"] == 2 and reader.stats["errors"] == 0
    assert [e.fatal for e in errors] == [False, False]
    assert all("skipped as too large" in str(e) and "\n" not in str(e) for e in errors)
    assert peak < 70 * MB, peak


def test_the_cap_is_the_readers(tmp_path):
    path = sparse_warc(tmp_path / "s.warc", "http://news.example/story/s", 3 * MB, [story(1)])
    assert len(list(ArchiveReader(max_record=2 * MB).iter_paths([str(path)]))) == 1
    caps = list(ArchiveReader(max_record=4 * MB).iter_paths([str(path)]))
    assert len(caps) == 2 and len(caps[1].body) == 3 * MB


def test_a_bad_record_cap_is_a_usage_error(tmp_path):
    from tests.conftest import run_scrapy

    path = sparse_warc(tmp_path / "s.warc", "http://news.example/story/s", MB, [story(1)])
    r = run_scrapy("replay", str(path), "-s", "KHABAR_REPLAY_MAX_RECORD=abc", "-O", str(tmp_path / "o.jsonl"))
    assert r.returncode == 2
    assert "KHABAR_REPLAY_MAX_RECORD must be a whole number of at least 1" in r.stderr
    assert not (tmp_path / "o.jsonl").exists()
