"""Billion laughs and XXE in sitemaps and feeds, against a real loopback
server: refused unparsed (crawler/discovery.py), named by a stat
``khabar/hostile/<kind>`` and one log line each (crawler/middlewares/hostilexml.py), no
byte of the local file the XXE names anywhere (log, items, WARC, the URLs
requested), and memory bounded (the bomb expands to 3 GB).

Memory bound: PEAK_MB for the crawl's process tree (sum of PSS, sampled
from /proc) and the main process's peak RSS, as in test_hostile_sizes.py.
"""

import gzip
import json

import pytest

from tests.crawl.hostile import LOOPBACK, hostile_server, requests_seen, run_scrapy_measured, spider_args, stats_of

PEAK_MB = 400
SECRET = "KHABAR-XXE-SECRET-7f3a9c"


def warc_bytes(archive):
    out = b""
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        with gzip.open(path) as f:
            out += f.read()
    return out


@pytest.mark.parametrize("spider", ["mashregh", "news"])
@pytest.mark.parametrize("sitemap,rss", [("laughs", "xxe"), ("xxe", "laughs")])
def test_hostile_xml_is_named_refused_and_leaks_nothing(tmp_path, spider, sitemap, rss):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n")
    out = tmp_path / "items.jsonl"
    archive = tmp_path / "archive"
    with hostile_server(f"--sitemap={sitemap}", f"--rss={rss}", f"--secret={secret}") as origin:
        result, peak_tree, peak_main = run_scrapy_measured(
            "crawl", *spider_args(spider, origin), "-O", str(out), "-s", f"ARCHIVE_DIR={archive}",
            *LOOPBACK, timeout=240)
        seen = requests_seen(origin)
    log = result.stderr
    print(f"{spider}: peak tree PSS {peak_tree:.0f} MB, peak main RSS {peak_main:.0f} MB")
    assert result.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    stats = stats_of(log)
    kinds = {"laughs": "xml_entities", "xxe": "xml_external_entity"}
    doc_kind = {"mashregh": {"sitemap": "sitemap", "rss": "feed"}, "news": {"sitemap": "probe", "rss": "probe"}}
    for path, mode, what in (("/sitemap.xml", sitemap, "sitemap"), ("/rss", rss, "rss")):
        kind = kinds[mode]
        assert stats[f"khabar/hostile/{kind}"] == 1
        assert stats[f"khabar/hostile/{kind}/{doc_kind[spider][what]}"] == 1
        lines = [line for line in log.splitlines() if f"{origin}{path}: " in line and "Hostile document" in line]
        assert len(lines) == 1 and "WARNING" in lines[0] and kind in lines[0], lines
    assert "khabar/bad_sitemap" not in stats and "khabar/bad_feed" not in stats
    # the ordinary stories, found from the home page, come through; nothing the documents list does
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(i["url"].rsplit("/", 2)[1] for i in items) == ["1600001", "1600002", "1600003"]
    # no byte of the secret anywhere: log, items, archived WARC records, URLs requested
    assert SECRET not in log
    assert SECRET not in out.read_text(encoding="utf-8")
    warc = warc_bytes(archive)
    assert f"file://{secret}".encode() in warc  # the hostile document itself is archived as served
    assert SECRET.encode() not in warc
    for f in archive.rglob("*"):
        if f.is_file() and not f.name.endswith(".gz"):
            assert SECRET.encode() not in f.read_bytes(), f
    assert not [p for _, p in seen if SECRET in p or "1610001" in p or "1610002" in p]
    assert peak_main < PEAK_MB
    assert peak_tree < PEAK_MB
