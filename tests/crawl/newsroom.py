"""Test helpers around ``newsroom_server.py``: a site that changes between crawls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.conftest import run_scrapy

SERVER = Path(__file__).with_name("newsroom_server.py")
LOOPBACK = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]


class Newsroom:
    def __init__(self, directory: Path, stories: dict, **world):
        self.world_path = directory / "world.json"
        self.world = {"stories": stories, **world}
        self.save()
        self.proc = subprocess.Popen([sys.executable, str(SERVER), str(self.world_path)],
                                     stdout=subprocess.PIPE, text=True)
        self.port = json.loads(self.proc.stdout.readline())["port"]
        self.url = f"http://127.0.0.1:{self.port}"

    def save(self) -> None:
        tmp = self.world_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.world), encoding="utf-8")
        os.replace(tmp, self.world_path)
        st = self.world_path.stat()  # make sure the server sees a new mtime
        os.utime(self.world_path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))

    def requests(self) -> list[str]:
        """Paths served since the last call ("C " before a conditional request)."""
        with urllib.request.urlopen(self.url + "/_log", timeout=10) as resp:
            return json.loads(resp.read())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def stories(n: int, first: int = 1600001, **info) -> dict:
    """``n`` stories; every other one's short link answers 301, the rest 200."""
    return {str(first + i): {"rev": 1, "status": 200, "short": "301" if i % 2 else "200", **info} for i in range(n)}


def story_id(item: dict) -> str:
    return unquote(urlsplit(item["url"]).path).split("/")[2]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def crawl(archive: Path, base_url: str, *extra: str, spider: str = "mashregh"):
    """``scrapy crawl`` into ``archive``; returns (result, the items of this run's default feed)."""
    before = set((archive / "items").glob("*.jsonl")) if (archive / "items").exists() else set()
    result = run_scrapy("crawl", spider, "-a", f"base_url={base_url}", "-s", f"ARCHIVE_DIR={archive}",
                        *LOOPBACK, *extra)
    new = sorted(set((archive / "items").glob("*.jsonl")) - before) if (archive / "items").exists() else []
    items = [item for path in new for item in read_jsonl(path)]
    return result, items


def warc_records(warc_dir: Path) -> list[tuple[str, str, dict]]:
    """(WARC-Type, WARC-Target-URI, headers) of every record of every WARC in ``warc_dir``."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                out.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI") or "",
                            dict(rec.rec_headers.headers)))
    return out


def check_warcs(warc_dir: Path) -> int:
    """Every WARC passes ``warcio check`` and FastWARC's digest checks; returns the file count."""
    from fastwarc.warc import ArchiveIterator as FastIterator

    files = sorted(warc_dir.glob("*.warc.gz"))
    warcio = Path(sys.executable).parent / "warcio"
    for path in files:
        result = subprocess.run([str(warcio), "check", "-v", str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and "fail" not in result.stdout, result.stdout + result.stderr
        with open(path, "rb") as fh:
            for rec in FastIterator(fh, parse_http=False):
                assert rec.verify_block_digest(), (path.name, rec.record_id)
    return len(files)
