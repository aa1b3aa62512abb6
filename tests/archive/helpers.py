"""Helpers for the WARC tests: loopback server process, capture crawl runner, WARC readers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED, run_scrapy

HERE = Path(__file__).resolve().parent
SPIDER = HERE / "capture_spider.py"
LOOPBACK = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=DEBUG"]
CAPTURE_SETTINGS = [
    "-s", 'DOWNLOADER_MIDDLEWARES={"crawler.archive.capture.WarcCaptureMiddleware": 650, '
          '"crawler.archive.replay.WarcReplayMiddleware": 950}',
    "-s", 'ITEM_PIPELINES={"pipelines.wet.WetConversionPipeline": 800}',
    "-s", 'EXTENSIONS={"crawler.archive.extension.WarcArchive": 0}',
    "-s", 'SPIDER_MIDDLEWARES={"crawler.middlewares.provenance.ProvenanceMiddleware": 800}',
    "-s", "ROBOTSTXT_OBEY=True", "-s", "FEED_EXPORT_ENCODING=utf-8",
]


class LoopbackServer:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, str(HERE / "server.py")], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        self.port = json.loads(line)["port"]
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)




def records(path):
    """(offset, record type, rec_headers, http_headers, raw payload) for every record of a WARC, via warcio."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            payload = rec.raw_stream.read()
            out.append((it.get_record_offset(), rec.rec_type, rec.rec_headers, rec.http_headers, payload))
    return out


def read_items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def capture_crawl(tmp: Path, start: str, *extra: str):
    """Run the minimal capture spider (no project settings) and return (items, warc dir, stderr)."""
    out = tmp / "items.jsonl"
    result = run_scrapy("runspider", str(SPIDER), "-a", f"start={start}", "-O", str(out),
                        "-s", f"ARCHIVE_DIR={tmp / 'archive'}", *CAPTURE_SETTINGS, *LOOPBACK, *extra, cwd=tmp)
    assert result.returncode == 0, result.stderr[-3000:]
    return read_items(out), tmp / "archive" / "warc", result.stderr
