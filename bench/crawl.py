"""Crawl throughput on the bundled mirror, extraction off vs on the reactor.

Serves the mirror on loopback and runs the real ``scrapy crawl`` for each site
spider several times, with extraction in worker processes
(``EXTRACTION_WORKERS=2``) and in one background thread (``=0``).  Prints
responses/s and articles/s per configuration: the figure that shows whether
extraction stalls downloads.

    python bench/crawl.py [--rounds 3] [--workers 0 2]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.demo import mirrored_spider_sites  # noqa: E402
from mirror.server import serving  # noqa: E402


def crawl(site: str, url: str, workers: int, tmp: Path) -> tuple[float, int, int]:
    out = tmp / f"{site}-{workers}.jsonl"
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", site, "-a", f"base_url={url}", "-O", str(out),
         "-s", f"ARCHIVE_DIR={tmp / 'archive'}", "-s", f"EXTRACTION_WORKERS={workers}", "-s", "LOG_LEVEL=INFO"],
        cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"crawl {site} failed:\n{result.stderr[-2000:]}")
    responses = int(re.search(r"'downloader/response_count': (\d+)", result.stderr).group(1))
    articles = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.strip())
    return elapsed, responses, articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    args = parser.parse_args()
    rows = []
    sites = mirrored_spider_sites()
    with serving(*sites) as urls, tempfile.TemporaryDirectory() as tmp:
        for workers in args.workers:
            total_t = total_r = total_a = 0.0
            for _ in range(args.rounds):
                for site in sites:
                    t, r, a = crawl(site, urls[site], workers, Path(tmp))
                    total_t, total_r, total_a = total_t + t, total_r + r, total_a + a
            rows.append({"extraction_workers": workers, "seconds": round(total_t, 2),
                         "responses_per_s": round(total_r / total_t, 1),
                         "articles_per_s": round(total_a / total_t, 1)})
    print(f"{'EXTRACTION_WORKERS':>18} {'seconds':>8} {'responses/s':>12} {'articles/s':>11}")
    for row in rows:
        print(f"{row['extraction_workers']:>18} {row['seconds']:>8} {row['responses_per_s']:>12} {row['articles_per_s']:>11}")
    print("(wall time includes process start-up: about 1-2 s per crawl)")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
