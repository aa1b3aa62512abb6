"""Replay: `scrapy replay` on Khabar's own WARCs, whole-crawl replay, bad input."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

from tests.archive.helpers import capture_crawl, read_items, records
from tests.conftest import run_scrapy

ERROR_LINE = re.compile(r"^.*?(?P<file>/\S+): (?:offset (?P<offset>\d+): )?(?P<msg>.+)$")


def replay(tmp: Path, *paths, extra=()):
    out = tmp / "replay.jsonl"
    result = run_scrapy("replay", *map(str, paths), "-O", str(out), "-s", "KHABAR_DEFAULT_FEED=False",
                        "-s", "REPLAY_WORKERS=2", "--progress", "log", *extra)
    items = read_items(out) if out.exists() else []
    return result, items


def test_replay_gives_the_crawl_items_field_for_field(crawled, tmp_path):
    result, items = replay(tmp_path, crawled["warc_dir"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    by_url = {i["url"]: i for i in items}
    assert crawled["items"] and len(by_url) == len(items)
    assert by_url == {i["url"]: i for i in crawled["items"]}  # text, dates, warc pointer, fetched_at: all equal
    assert "replay:" in result.stderr and "0 unreadable" in result.stderr


def test_replay_output_is_byte_identical_per_item(crawled, tmp_path):
    _, _ = replay(tmp_path, crawled["warc_dir"])
    crawl_lines = set((crawled["tmp"] / "items.jsonl").read_text(encoding="utf-8").splitlines())
    replay_lines = set((tmp_path / "replay.jsonl").read_text(encoding="utf-8").splitlines())
    assert crawl_lines == replay_lines


def test_whole_crawl_replay_without_network(crawled, tmp_path):
    """Same spider, server gone: every request (robots.txt too) is served from the WARC."""
    live = crawled["items"]
    port = crawled["server"].port
    crawled["server"].stop()  # nothing listens any more: a live fetch would fail
    items, _, log = capture_crawl(tmp_path, f"http://127.0.0.1:{port}/", "-s", f"WARC_REPLAY={crawled['warc_dir']}")
    assert sorted(items, key=lambda i: i["url"]) == sorted(live, key=lambda i: i["url"])
    assert "Connection refused" not in log and "downloader/exception" not in log
    assert re.search(r"'khabar/replay/served': 8", log)
    assert "Redirecting (301)" in log  # the recorded 301 replays as a 301
    assert "robots.txt> (referer: None) ['warc']" in log
    assert not (tmp_path / "archive" / "warc").exists()  # nothing re-archived


def test_whole_crawl_replay_reports_missing_urls(crawled, tmp_path):
    port = crawled["server"].port
    items, _, log = capture_crawl(tmp_path, f"http://127.0.0.1:{port}/never-archived",
                                  "-s", f"WARC_REPLAY={crawled['warc_dir']}")
    assert items == []
    assert f"Not in the archive, not fetched: http://127.0.0.1:{port}/never-archived" in log
    assert "'khabar/replay/missing': 1" in log


def _damaged_inputs(src: Path, tmp: Path) -> dict[str, Path]:
    good = tmp / "good.warc.gz"
    shutil.copy(src, good)
    recs = records(good)
    data = good.read_bytes()
    ends = {r[0]: nxt[0] for r, nxt in zip(recs, recs[1:])}
    # responses whose gzip member holds the garbage below whole (a robots.txt's
    # may not: the garbage then ran into the next record, and the error was
    # reported there; which response comes second varies from crawl to crawl)
    resp = [r for r in recs if r[1] == "response" and ends.get(r[0], len(data)) - r[0] > 5 + 180 + 64]
    # corrupt: garbage over the middle of the 2nd such response record; the rest must still replay
    corrupt = tmp / "corrupt.warc.gz"
    start = resp[1][0]
    corrupt.write_bytes(data[:start + 5] + b"\x00garbage!" * 20 + data[start + 5 + 180:])
    # truncated in the middle of the last response record
    truncated = tmp / "truncated.warc.gz"
    truncated.write_bytes(data[: resp[-1][0] + 40])
    notwarc = tmp / "notes.warc"
    notwarc.write_text("this is not a web archive\nat all\n")
    empty = tmp / "empty.warc.gz"
    empty.write_bytes(b"")
    return {"good": good, "corrupt": corrupt, "truncated": truncated, "notwarc": notwarc, "empty": empty,
            "missing": tmp / "nope.warc.gz", "start_of_bad": start,
            "bad_url": resp[1][2].get_header("WARC-Target-URI")}


def test_bad_input_one_line_errors_and_nonzero_exit(crawled, tmp_path):
    src = sorted(crawled["warc_dir"].glob("*.warc.gz"))[0]
    d = _damaged_inputs(src, tmp_path)
    result, items = replay(tmp_path, d["corrupt"], d["truncated"], d["notwarc"], d["empty"], d["missing"])
    assert result.returncode == 1
    err = result.stderr
    assert "Traceback" not in err
    lines = [l for l in err.splitlines() if "ERROR" in l]
    for name in ("corrupt.warc.gz", "truncated.warc.gz", "notes.warc", "empty.warc.gz", "nope.warc.gz"):
        hit = [l for l in lines if name in l]
        assert hit, f"no error line for {name}:\n{err[-3000:]}"
    assert any(f"corrupt.warc.gz: offset {d['start_of_bad']}:" in l for l in lines), "\n".join(lines)
    assert any("empty.warc.gz: empty file" in l for l in lines)
    assert any("nope.warc.gz: no such file or directory" in l for l in lines)
    assert any("notes.warc: offset 0: not a WARC or ARC file" in l for l in lines)
    # replay went on after the corrupt record: every other article came out
    (tmp_path / "g").mkdir()
    good_result, good_items = replay(tmp_path / "g", d["good"])
    assert good_result.returncode == 0
    # the two damaged copies of one archive give each story once
    assert len({i["url"] for i in items}) == len(items)
    assert {i["url"] for i in items} == {i["url"] for i in good_items}
    assert re.search(r"\d+ unreadable \(skipped\)", err)
    (tmp_path / "c").mkdir()
    corrupt_result, corrupt_items = replay(tmp_path / "c", d["corrupt"])
    assert corrupt_result.returncode == 1
    got = {i["url"] for i in corrupt_items}
    want = {i["url"] for i in good_items} - {d["bad_url"]}
    assert want and want == got, (sorted(want ^ got), d['bad_url'], err[-3000:])
    assert any(i["warc"]["offset"] > d["start_of_bad"] for i in corrupt_items)


def test_index_foreign_warc(samples, tmp_path):
    src = samples / "warcio" / "example.warc.gz"
    dst = tmp_path / "example.warc.gz"
    shutil.copy(src, dst)
    result = run_scrapy("replay", "--index", str(dst))
    assert result.returncode == 0, result.stderr[-2000:]
    index = tmp_path / "example.cdxj"
    lines = index.read_text().splitlines()
    assert lines and lines == sorted(lines)
    assert all(l.startswith("com,example)/") for l in lines)


def test_replay_uses_cdxj_for_whole_crawl_lookup(crawled, tmp_path):
    from crawler.archive.replay import ReplayIndex

    index = ReplayIndex([str(crawled["warc_dir"])])
    assert index.reader.stats["files"] == 0  # every file had a fresh CDXJ: no scan
    port = crawled["server"].port
    cap = index.lookup(f"http://127.0.0.1:{port}/news/1-gzip")
    assert cap is not None and cap.status == 200 and cap.body[:2] == b"\x1f\x8b"
    body, headers = cap.decoded()
    assert "خبر فشرده" in body.decode("utf-8")
    assert not any(k.lower() == "content-encoding" for k, _ in headers)


def test_whole_crawl_replay_exits_nonzero_on_an_unreadable_archive(crawled, tmp_path):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"this is not a WARC file")
    port = crawled["server"].port
    out = tmp_path / "items.jsonl"
    from tests.conftest import run_scrapy

    result = run_scrapy("crawl", "news", "-a", f"site=http://127.0.0.1:{port}", "-O", str(out),
                        "-s", f"WARC_REPLAY={bad},{crawled['warc_dir']}", "-s", f"ARCHIVE_DIR={tmp_path / 'a'}")
    assert result.returncode == 1
    assert "unreadable" in result.stdout + result.stderr
    assert out.exists()  # the readable archive was still replayed


def test_replay_writes_where_told_and_to_the_archive_otherwise(crawled, tmp_path):
    from tests.conftest import run_scrapy

    told = tmp_path / "told"
    result = run_scrapy("replay", str(crawled["warc_dir"]), "-O", str(told / "x.jsonl"),
                        "-s", f"ARCHIVE_DIR={told}", "--progress", "off")
    assert result.returncode == 0 and (told / "x.jsonl").stat().st_size > 0
    assert not (told / "items").exists()  # no second copy beside the user's -O
    default = tmp_path / "default"
    result = run_scrapy("replay", str(crawled["warc_dir"]), "-s", f"ARCHIVE_DIR={default}", "--progress", "off")
    assert result.returncode == 0
    (feed,) = (default / "items").glob("replay-*.jsonl")
    assert feed.read_text(encoding="utf-8").count("\n") == (told / "x.jsonl").read_text(encoding="utf-8").count("\n")
