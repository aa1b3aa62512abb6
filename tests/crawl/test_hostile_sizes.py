"""Size caps per kind of document (crawler/middlewares/sizecaps.py) against a real loopback
server: a gzip bomb on an article and on a sitemap, a 50 MB page and an endless
fast stream, all in one crawl.

Memory bound: the crawl's process tree (scrapy and its two extraction
workers) stays under PEAK_MB at every sample (sum of PSS), and the main
process's own peak RSS (VmHWM) too.  An ordinary crawl of this site peaks
around 150-250 MB; without the caps each hostile URL buffers up to 1 GB.
"""

import pytest

from tests.crawl.hostile import LOOPBACK, hostile_server, run_scrapy_measured, spider_args, stats_of

PEAK_MB = 400
HOSTILE = "--links=/news/1800001/gzip-bomb,/news/1800002/big,/news/1800003/stream"


@pytest.mark.parametrize("spider", ["mashregh", "news"])
def test_bombs_big_pages_and_streams_are_cut_and_memory_stays_bounded(tmp_path, spider):
    out = tmp_path / "items.jsonl"
    with hostile_server(HOSTILE, "--sitemap=bomb") as origin:
        result, peak_tree, peak_main = run_scrapy_measured(
            "crawl", *spider_args(spider, origin), "-O", str(out), "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}",
            *LOOPBACK, timeout=240)
    log = result.stderr
    print(f"{spider}: peak tree PSS {peak_tree:.0f} MB, peak main RSS {peak_main:.0f} MB")
    assert result.returncode == 0, log[-3000:]
    stats = stats_of(log)
    sitemap_kind = "sitemap" if spider == "mashregh" else "probe"  # the generic spider guesses /sitemap.xml
    assert stats["khabar/hostile/gzip_bomb/article"] == 1
    assert stats[f"khabar/hostile/gzip_bomb/{sitemap_kind}"] == 1
    assert stats["khabar/hostile/gzip_bomb"] == 2
    assert stats["khabar/hostile/oversize/article"] == 2  # the 50 MB page and the stream
    assert stats["khabar/hostile/oversize"] == 2
    # the ordinary stories still come through
    ids = sorted(line.split('"url": "', 1)[1].split("/")[4] for line in out.read_text().splitlines())
    assert ids == ["1600001", "1600002", "1600003"]
    assert peak_main < PEAK_MB
    assert peak_tree < PEAK_MB
