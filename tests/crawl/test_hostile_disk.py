"""A full disk or a read-only archive stops the crawl at once, with one clear
error and exit status 1, and keeps what was written before (crawler/writefail.py).

A real crawl of a loopback site with 200 ~60 KB stories into a 1 MB tmpfs
(mounted by the test: root only, skipped otherwise).
"""

import io
import json
import re

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import run_scrapy
from tests.crawl.hostile import LOOPBACK, hostile_server, requests_seen, spider_args, tiny_filesystem

FILLER = 200


def error_lines(log):
    return [line for line in log.splitlines() if re.search(r"\] (ERROR|CRITICAL):", line)]


def test_read_only_archive_stops_before_anything_is_fetched(tmp_path):
    with tiny_filesystem(tmp_path / "ro", readonly=True) as archive, hostile_server(f"--filler={FILLER}") as origin:
        out = tmp_path / "items.jsonl"
        result = run_scrapy("crawl", *spider_args("mashregh", origin), "-O", str(out),
                            "-s", f"ARCHIVE_DIR={archive}", *LOOPBACK, timeout=120)
        seen = requests_seen(origin)
    assert result.returncode == 1, result.stderr[-3000:]
    assert seen == []
    # the crawl command's preflight refuses it in one line, before the crawler starts
    errors = error_lines(result.stderr) + [l for l in result.stderr.splitlines() if l.startswith("khabar: ")]
    assert len(errors) == 1 and "Read-only file system" in errors[0], errors
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def disk_full(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("diskfull")
    with tiny_filesystem(tmp / "small", size="1m") as archive, hostile_server(f"--filler={FILLER}") as origin:
        out = tmp / "items.jsonl"
        # KHABAR_MIN_FREE_MB=0: let the crawl start on the tiny disk and fill it
        result = run_scrapy("crawl", *spider_args("mashregh", origin), "-O", str(out),
                            "-s", f"ARCHIVE_DIR={archive}", "-s", "KHABAR_MIN_FREE_MB=0", *LOOPBACK, timeout=240)
        seen = requests_seen(origin)
        files = {p.relative_to(archive): p.read_bytes() for p in archive.rglob("*") if p.is_file()}
    yield result, seen, files


def test_disk_full_stops_the_crawl_and_keeps_whole_json_lines(disk_full):
    result, seen, files = disk_full
    log = result.stderr
    assert result.returncode == 1, log[-3000:]
    assert "'finish_reason': 'archive_write_failed'" in log
    assert len([line for line in log.splitlines() if "Stopping the crawl" in line]) == 1
    stories = [p for _, p in seen if p.startswith("/news/")]
    assert len(stories) < FILLER * 3 // 4, "the crawl went on fetching after the disk was full"
    feeds = [data for name, data in files.items() if name.parts[0] == "items"]
    assert feeds and all(data.endswith(b"\n") for data in feeds if data)
    lines = [json.loads(line) for data in feeds for line in data.decode("utf-8").splitlines()]
    assert lines, "nothing was kept"
    # the WARC holds whole records up to where the disk filled
    warcs = [data for name, data in files.items() if ".warc.gz" in name.name]
    assert warcs
    responses = 0
    try:
        for record in ArchiveIterator(io.BytesIO(warcs[0])):
            record.content_stream().read()
            responses += record.rec_type == "response"
    except Exception:
        pass  # a record cut off by the full disk (see the test below)
    assert responses > 0


def test_disk_full_one_error_no_traceback_and_a_usable_warc(disk_full):
    result, seen, files = disk_full
    log = result.stderr
    assert "Traceback" not in log
    assert len(error_lines(log)) == 1, error_lines(log)[:5]
    # every WARC readable to its end, and indexed (or left .open for recover_stale)
    for name, data in files.items():
        assert not name.name.endswith(".cdxj.tmp"), f"half-written index {name}"
        if name.name.endswith(".warc.gz"):
            for record in ArchiveIterator(io.BytesIO(data)):
                record.content_stream().read()
            assert files.get(name.with_name(name.name[:-len(".warc.gz")] + ".cdxj")), f"no CDXJ for {name}"
