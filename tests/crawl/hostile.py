"""Helpers for the hostile-server tests: start ``hostile_server.py``, crawl it, read stats."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.conftest import run_scrapy

SERVER = Path(__file__).with_name("hostile_server.py")
LOOPBACK = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]


@contextlib.contextmanager
def hostile_server(*options: str):
    proc = subprocess.Popen([sys.executable, str(SERVER), *options], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        port = json.loads(proc.stdout.readline())["port"]
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.kill()
        proc.wait(timeout=10)


def requests_seen(origin: str) -> list[tuple[float, str]]:
    with urllib.request.urlopen(origin + "/__log", timeout=10) as f:
        return [(t, p) for t, p in json.load(f)]


def spider_args(spider: str, origin: str) -> list[str]:
    return [spider, "-a", f"{'site' if spider == 'news' else 'base_url'}={origin}"]


def crawl(tmp: Path, spider: str, origin: str, *args: str, timeout: float = 180):
    """Run ``scrapy crawl`` against the server; returns (items, stats, log, returncode)."""
    out = tmp / "items.jsonl"
    result = run_scrapy("crawl", *spider_args(spider, origin), *args, "-O", str(out),
                        "-s", f"ARCHIVE_DIR={tmp / 'archive'}", *LOOPBACK, timeout=timeout)
    items = []
    if out.exists():
        items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items, stats_of(result.stderr), result.stderr, result.returncode


def stats_of(log: str) -> dict[str, int]:
    """The numeric stats of Scrapy's final stats dump."""
    dump = log.rsplit("Dumping Scrapy stats:", 1)[-1]
    return {k: int(v) for k, v in re.findall(r"'([^']+)': (\d+)[,}]", dump)}
