"""Replay throughput vs plain extraction throughput on the same pages.

    .venv/bin/python bench/replay.py [--pages 2000] [--workers N]

1. Crawls the bundled mirror (every site spider it holds) once with the real spiders, so the
   pages are real-markup Persian/Arabic articles captured by Khabar itself.
2. Builds a benchmark WARC (gzip per record, the crawl's own format) holding
   the captured article responses repeated up to ``--pages`` records.
3. Plain extraction: ``extract()`` over the same decoded pages in a process
   pool of ``--workers`` (the ceiling replay is measured against).
4. Replay: ``scrapy replay`` over the benchmark WARC with the same workers
   (item pipelines off; the feed export on, as users run it).

Prints records/s, articles/s and the ratio replay/plain.  The replay time is
taken from Scrapy's ``elapsed_time_seconds`` (the crawl, without interpreter
start-up); the wall time of the whole command is printed too.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.archive.reader import ArchiveReader, decode_content  # noqa: E402
from crawler.archive.writer import ArchiveWriter  # noqa: E402
from crawler.demo import mirrored_spider_sites  # noqa: E402


def scrapy(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=cwd, env=env, capture_output=True, text=True)


def crawl_mirror(tmp: Path) -> dict[str, Path]:
    from mirror.server import serving

    dirs = {}
    sites = mirrored_spider_sites()
    with serving(*sites) as urls:
        for site in sites:
            d = tmp / "crawl" / site
            r = scrapy("crawl", site, "-a", f"base_url={urls[site]}", "-s", f"ARCHIVE_DIR={d}",
                       "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "KHABAR_DEFAULT_FEED=False",
                       "-O", str(d / "items.jsonl"))
            if r.returncode:
                sys.exit(f"crawl of {site} failed:\n{r.stderr[-2000:]}")
            dirs[site] = d / "warc"
    return dirs


def article_captures(dirs: dict[str, Path]) -> list[tuple[str, object]]:
    from crawler.sites import get_site

    out = []
    for site, d in dirs.items():
        for cap in ArchiveReader().iter_paths([str(d)]):
            if cap.status == 200 and get_site(site).is_article_url(cap.url) and "html" in cap.content_type:
                out.append((site, cap))
    return out


def build_bench_warcs(caps, pages: int, out: Path) -> int:
    n = 0
    writers = {site: ArchiveWriter(out, spider_name=site, cdxj_index=False) for site in {site for site, _ in caps}}
    while n < pages:
        for site, cap in caps:
            if n >= pages:
                break
            writers[site].write_exchange(url=cap.url, status=cap.status, response_headers=cap.headers,
                                         body=cap.body, protocol=cap.protocol, ip=cap.ip)
            n += 1
    for w in writers.values():
        w.close()
    return n


def _extract(job):
    from crawler.extraction import NotAnArticle, extract
    from crawler.sites import get_site

    url, body, headers, site = job
    try:
        extract(url, body, headers, get_site(site))
        return 1
    except NotAnArticle:
        return 0


def plain_extraction(caps, pages: int, workers: int) -> tuple[float, int]:
    jobs = []
    while len(jobs) < pages:
        for site, cap in caps:
            if len(jobs) >= pages:
                break
            body, headers = decode_content(cap.body, cap.headers)
            jobs.append((cap.url, body, headers, site))
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        list(pool.map(_extract, jobs[: workers * 2]))  # warm the workers: imports, first-call caches
        t0 = time.perf_counter()
        articles = sum(pool.map(_extract, jobs, chunksize=8))
        return time.perf_counter() - t0, articles


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="khabar-bench-") as tmp:
        tmp = Path(tmp)
        caps = article_captures(crawl_mirror(tmp))
        if not caps:
            sys.exit("the mirror crawl captured no article")
        bench_dir = tmp / "bench"
        n = build_bench_warcs(caps, args.pages, bench_dir)
        size = sum(f.stat().st_size for f in bench_dir.glob("*.warc.gz"))
        print(f"{len(caps)} distinct article pages, {n} records, {size / 1e6:.1f} MB of WARC, {args.workers} workers")

        plain_s, plain_articles = plain_extraction(caps, n, args.workers)

        t0 = time.perf_counter()
        r = scrapy("replay", str(bench_dir), "-O", str(tmp / "out.jsonl"), "-s", "ITEM_PIPELINES={}",
                   "-s", "KHABAR_DEFAULT_FEED=False", "-s", f"REPLAY_WORKERS={args.workers}", "--progress", "off")
        wall = time.perf_counter() - t0
        if r.returncode:
            sys.exit(f"replay failed:\n{r.stderr[-2000:]}")
        m = re.search(r"'elapsed_time_seconds': ([\d.]+)", r.stderr)
        replay_s = float(m.group(1)) if m else wall
        replay_articles = sum(1 for _ in open(tmp / "out.jsonl", encoding="utf-8"))

    print(f"plain extraction : {n / plain_s:8.1f} pages/s   {plain_articles / plain_s:8.1f} articles/s  ({plain_s:.2f} s)")
    print(f"replay           : {n / replay_s:8.1f} records/s {replay_articles / replay_s:8.1f} articles/s  "
          f"({replay_s:.2f} s in the crawl, {wall:.2f} s wall with start-up)")
    print(f"ratio replay/plain: {(n / replay_s) / (n / plain_s):.2f} (records), "
          f"{(n / wall) / (n / plain_s):.2f} including start-up")
    print(json.dumps({"records": n, "workers": args.workers, "plain_pages_per_s": round(n / plain_s, 1),
                      "replay_records_per_s": round(n / replay_s, 1), "replay_articles": replay_articles,
                      "plain_articles": plain_articles, "ratio": round(plain_s / replay_s, 3)}))


if __name__ == "__main__":
    main()
