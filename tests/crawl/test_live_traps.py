"""Traps of the live sites that the bundled mirror lacks (see trap_server.py)."""

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import run_scrapy

SERVER = Path(__file__).with_name("trap_server.py")


@pytest.fixture(scope="module")
def trap_site():
    proc = subprocess.Popen([sys.executable, str(SERVER)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = json.loads(proc.stdout.readline())["port"]
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.parametrize("spider_args", [("mashregh", "base_url"), ("news", "site")], ids=["mashregh", "news"])
def test_redirects_base_href_feed_help_and_twin_urls(trap_site, tmp_path, spider_args):
    spider, arg = spider_args
    out = tmp_path / "items.jsonl"
    result = run_scrapy("crawl", spider, "-a", f"{arg}={trap_site}", "-O", str(out), "-s", f"ARCHIVE_DIR={tmp_path}")
    assert result.returncode == 0, result.stderr[-2000:]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = sorted(unquote(urlsplit(i["url"]).path).split("/")[2] for i in items)
    # 1501100: via a 301 to the live domain; 1501101: via <base href>; 1501102: via /rss-help;
    # 1501103: twin URLs, one item
    wanted = ["1501100", "1501101", "1501102", "1501103"] if spider == "mashregh" else ["1501100", "1501101", "1501103"]
    assert ids == wanted
    assert all(i["published"] == "2023-04-25T21:46:00+03:30" for i in items)
    # scrapy replay of the same archive: the same items, line for line (no second 1501103)
    replayed = tmp_path / "replay.jsonl"
    result = run_scrapy("replay", str(tmp_path / "warc"), "-O", str(replayed), "--progress", "off")
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(replayed.read_text(encoding="utf-8").splitlines()) == sorted(out.read_text(encoding="utf-8").splitlines())
