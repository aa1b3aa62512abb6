"""Scheduled crawls that remember, at scale: the same crawl twice on a big site.

Serves a Mashregh-shaped site of N stories (``tests/crawl/newsroom_server.py``,
default 20,000) on loopback and runs the real ``scrapy crawl mashregh`` twice
on one archive.  The second run must fetch no article page, emit nothing, take
a small fraction of the first run's time and use no more memory: the
known-URL and known-story sets live in the SQLite crawl state, not in Python.

Prints, per run: wall seconds, items emitted, article pages fetched, peak RSS
of the crawl's whole process tree (the crawl and its extraction workers,
sampled from /proc every 50 ms), and the ratios run 2 / run 1.

    python bench/incremental.py [--articles 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "tests" / "crawl" / "newsroom_server.py"


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run(cmd: list[str]) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed:\n{err[-3000:]}")

    def stat(name):
        m = re.search(rf"'khabar/{re.escape(name)}': (\d+)", err)
        return int(m.group(1)) if m else 0

    return {"seconds": elapsed, "items": stat("articles"), "article_fetches": stat("fetched/article"),
            "peak_rss_mb": peak[0] / 2**20}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="khabar-incremental-") as tmp:
        tmp = Path(tmp)
        world = tmp / "world.json"
        stories = {str(1_000_000 + i): {"rev": 1, "short": "200"} for i in range(args.articles)}
        world.write_text(json.dumps({"stories": stories}))
        server = subprocess.Popen([sys.executable, str(SERVER), str(world)], stdout=subprocess.PIPE, text=True)
        try:
            port = json.loads(server.stdout.readline())["port"]
            cmd = [sys.executable, "-m", "scrapy", "crawl", "mashregh", "-a", f"base_url=http://127.0.0.1:{port}",
                   "-s", f"ARCHIVE_DIR={tmp / 'archive'}", "-s", "LOG_LEVEL=INFO", "-s", "CLOSESPIDER_TIMEOUT=0"]
            print(f"site: {args.articles} stories (newsroom_server.py, loopback); archive in {tmp}", flush=True)
            first = run(cmd)
            print(f"run 1: {first['seconds']:.1f} s, {first['items']} items, {first['article_fetches']} article "
                  f"pages fetched, peak RSS {first['peak_rss_mb']:.0f} MB", flush=True)
            second = run(cmd)
            print(f"run 2: {second['seconds']:.1f} s, {second['items']} items, {second['article_fetches']} article "
                  f"pages fetched, peak RSS {second['peak_rss_mb']:.0f} MB", flush=True)
            print(f"run 2 / run 1: time {second['seconds'] / first['seconds']:.3f}, "
                  f"peak RSS {second['peak_rss_mb'] / first['peak_rss_mb']:.2f}")
            ok = (first["items"] == args.articles and second["items"] == 0 and second["article_fetches"] == 0
                  and second["peak_rss_mb"] <= first["peak_rss_mb"])
            print("check: every story in run 1, nothing fetched or emitted in run 2, run 2 peak RSS <= run 1:",
                  "ok" if ok else "FAILED")
            return 0 if ok else 1
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
