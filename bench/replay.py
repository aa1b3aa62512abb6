"""Replay throughput against the one-file baseline: warcio + trafilatura in one process.

    .venv/bin/python bench/replay.py [--pages 2000] [--rounds 3]

1. Crawls the bundled mirror (every site spider it holds) once with the real
   spiders, so the pages are real-markup Persian/Arabic articles captured by
   Khabar itself.
2. Builds a benchmark WARC (gzip per record, the crawl's own format) holding
   the captured article responses repeated up to ``--pages`` records.
3. Times, in one run, interleaved, ``--rounds`` times each (medians printed):
   a. ``bench/warcio_loop.py``: warcio ``ArchiveIterator`` and
      ``trafilatura.extract(html, output_format="json", with_metadata=True)``
      in a single process, one JSON line per article;
   b. ``scrapy replay WARC -O out.jsonl`` with default settings (extraction
      in ``REPLAY_WORKERS`` processes, all cores; the item pipelines on).

Prints records/s and articles/s of each and the ratio replay/loop, on wall
time with interpreter start-up (both are commands a user runs) and on the
inner time (the loop alone; Scrapy's ``elapsed_time_seconds``).  Articles:
lines the loop wrote; ``khabar/articles`` for the replay (its JSON Lines hold
one item per story, and the WARC repeats each story).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # not bench/: bench/incremental.py would shadow a package

from crawler.archive.reader import ArchiveReader  # noqa: E402
from crawler.lifecycle import compile_sources  # noqa: E402
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


def warcio_loop(bench_dir: Path, out: Path) -> tuple[float, float, int, int]:
    """bench/warcio_loop.py over the benchmark WARC: (wall s with start-up, loop s, records, articles, CPU s)."""
    files = sorted(str(p) for p in bench_dir.glob("*.warc.gz"))
    t0 = time.perf_counter()
    cpu0 = _children_cpu()
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "warcio_loop.py"), str(out), *files],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    if r.returncode:
        sys.exit(f"warcio loop failed:\n{r.stderr[-2000:]}")
    records, articles, loop_s = r.stdout.split()
    return wall, float(loop_s), int(records), int(articles), cpu


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


# Runs ``scrapy`` in this interpreter and, at exit, writes the CPU seconds of
# the main process and of its (reaped) extraction workers.
_WITH_RUSAGE = """
import atexit, json, resource, sys
_out = sys.argv.pop(1)
def _cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(_out, "w") as fh:
        json.dump({"main": own.ru_utime + own.ru_stime, "workers": kids.ru_utime + kids.ru_stime}, fh)
atexit.register(_cpu)
from scrapy.cmdline import execute
sys.argv[0] = "scrapy"
execute()
"""


def khabar_replay(bench_dir: Path, out: Path, *extra: str) -> tuple[float, float, int, dict]:
    """``scrapy replay`` with default settings: (wall s with start-up, crawl s, items, stats).
    ``stats`` holds the counts and the CPU seconds of the main process and the workers."""
    cpu_file = out.with_suffix(".cpu.json")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", _WITH_RUSAGE, str(cpu_file), "replay", str(bench_dir), "-O", str(out),
                        "--progress", "off", *extra], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode:
        sys.exit(f"replay failed:\n{r.stderr[-2000:]}")
    m = re.search(r"'elapsed_time_seconds': ([\d.]+)", r.stderr)
    stats = {k: int(v) for k, v in re.findall(r"'(khabar/[a-z_/]+)': (\d+)", r.stderr)}
    stats.update(json.loads(cpu_file.read_text()))
    items = sum(1 for _ in open(out, encoding="utf-8"))
    return wall, float(m.group(1)) if m else wall, items, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="keep the benchmark WARC in this directory")
    ap.add_argument("--warc", type=Path, help="time this directory of WARCs (a --keep of an earlier run) instead")
    ap.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                    help="a Scrapy setting for the replay (to compare with the defaults)")
    args = ap.parse_args()
    extra = [a for s in args.settings for a in ("-s", s)]
    if not compile_sources():  # Khabar as installed (`make install` does the same)
        sys.exit("Khabar's sources do not compile (see above)")
    with tempfile.TemporaryDirectory(prefix="khabar-bench-") as tmp:
        tmp = Path(tmp)
        if args.warc:
            bench_dir = args.warc
        else:
            caps = article_captures(crawl_mirror(tmp))
            if not caps:
                sys.exit("the mirror crawl captured no article")
            bench_dir = args.keep or tmp / "bench"
            n = build_bench_warcs(caps, args.pages, bench_dir)
            print(f"{len(caps)} distinct article pages, {n} response records")
        size = sum(f.stat().st_size for f in bench_dir.glob("*.warc.gz"))
        print(f"{size / 1e6:.1f} MB of WARC, {os.cpu_count()} cores; {args.rounds} rounds, medians")
        loop, replay = [], []
        for i in range(args.rounds):  # interleaved, so both see the same machine
            loop.append(warcio_loop(bench_dir, tmp / f"loop{i}.jsonl"))
            replay.append(khabar_replay(bench_dir, tmp / f"replay{i}.jsonl", *extra))

    med = statistics.median
    loop_wall, loop_s = med(r[0] for r in loop), med(r[1] for r in loop)
    records, loop_articles = loop[0][2], loop[0][3]
    rep_wall, rep_s = med(r[0] for r in replay), med(r[1] for r in replay)
    items, stats = replay[0][2], replay[0][3]
    # every extracted article: the pipelines then keep one item per story (the WARC repeats stories)
    rep_articles = stats.get("khabar/articles", 0) + stats.get("khabar/duplicates", 0)
    main_cpu = med(r[3]["main"] for r in replay) * 1000 / records
    worker_cpu = med(r[3]["workers"] for r in replay) * 1000 / records
    print(f"warcio+trafilatura loop: {records / loop_wall:7.1f} records/s {loop_articles / loop_wall:7.1f} articles/s"
          f"  ({loop_wall:.2f} s wall; loop alone {records / loop_s:.1f} records/s)")
    print(f"scrapy replay          : {records / rep_wall:7.1f} records/s {rep_articles / rep_wall:7.1f} articles/s"
          f"  ({rep_wall:.2f} s wall; crawl alone {records / rep_s:.1f} records/s; "
          f"{items} items after one-per-story)")
    loop_cpu = med(r[4] for r in loop) * 1000 / records
    cores = os.cpu_count() or 1
    # What the CPU figures allow on idle cores: the loop uses one; the replay is held by
    # its busiest process (the main one) or by all its work spread over every core.
    bound = max(main_cpu, (main_cpu + worker_cpu) / cores)
    print(f"CPU per record: loop {loop_cpu:.2f} ms; replay main process {main_cpu:.2f} ms + "
          f"extraction workers {worker_cpu:.2f} ms")
    print(f"ratio on idle cores from CPU figures: {loop_cpu / bound:.2f} "
          f"({cores} cores; the wall ratios below depend on what else runs)")
    print(f"ratio replay/loop: {loop_wall / rep_wall:.2f} (wall, start-up included), "
          f"{loop_s / rep_s:.2f} (loop vs crawl time)")
    print(json.dumps({"records": records, "loop_articles": loop_articles, "replay_articles": rep_articles,
                      "loop_wall_s": [round(r[0], 2) for r in loop], "replay_wall_s": [round(r[0], 2) for r in replay],
                      "ratio_wall": round(loop_wall / rep_wall, 3), "ratio_inner": round(loop_s / rep_s, 3),
                      "replay_cpu_ms_per_record": {"main": round(main_cpu, 2), "workers": round(worker_cpu, 2)},
                      "loop_cpu_ms_per_record": round(loop_cpu, 2), "ratio_cpu_bound": round(loop_cpu / bound, 3)}))


if __name__ == "__main__":
    main()
