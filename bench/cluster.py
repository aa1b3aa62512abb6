"""Cluster throughput: 1, 2 and 4 workers on one machine, one Redis.

Two sites to crawl: by default a Mashregh-shaped site of ``--stories`` stories
(``tests/crawl/newsroom_server.py``, 1000 by default; ``scrapy crawl mashregh``
in each worker), or with ``--mirror`` the bundled mirror of three sites (35
articles; ``scrapy crawlall`` in each worker: start-up dominates).
Starts a throw-away ``redis-server`` (AOF on, as documented) and the site on
loopback; for each worker count, empties Redis, starts the workers at once
and waits for them all.  Prints, per worker count: wall seconds (process
start-up included), articles/s over the wall time and over the crawl itself
(first to last item fetched), and Redis round trips per article (every
command, pipeline or script a worker sends, counted by the workers:
``khabar/cluster/redis_calls``).

    python bench/cluster.py [--stories 1000 | --mirror] [--workers 1 2 4] [--delay 0] [--no-politeness]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mirror.server import serving  # noqa: E402
from tests.cluster.redis_server import REDIS_SERVER, RedisServer  # noqa: E402

SITES = ("namehnews", "mashregh", "alaraby")


def crawl_command(urls: dict) -> list[str]:
    if "newsroom" in urls:
        return ["crawl", "mashregh", "-a", f"base_url={urls['newsroom']}", "-s", "CLOSESPIDER_TIMEOUT=0"]
    base_urls = ",".join(f"{s}={urls[s]}" for s in SITES)
    return ["crawlall", "-a", f"sites={','.join(SITES)}", "-a", f"base_urls={base_urls}"]


@contextlib.contextmanager
def newsroom(stories: int, tmp: Path):
    world = tmp / "world.json"
    world.write_text(json.dumps({"stories": {str(1_000_000 + i): {"rev": 1, "short": "301"} for i in range(stories)}}))
    server = subprocess.Popen([sys.executable, str(ROOT / "tests" / "crawl" / "newsroom_server.py"), str(world)],
                              stdout=subprocess.PIPE, text=True)
    try:
        yield {"newsroom": f"http://127.0.0.1:{json.loads(server.stdout.readline())['port']}"}
    finally:
        server.terminate()
        server.wait()


def run(n: int, urls: dict, redis: RedisServer, tmp: Path, extra: list[str]) -> dict:
    redis.client().flushall()
    procs, archives = [], []
    start = time.perf_counter()
    for w in range(n):
        archive = tmp / f"n{n}-w{w}"
        archives.append(archive)
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "scrapy", *crawl_command(urls),
             "-s", f"ARCHIVE_DIR={archive}", "-s", f"KHABAR_REDIS_URL={redis.url}", "-s", "AUTOTHROTTLE_ENABLED=0",
             "-s", "LOG_LEVEL=INFO", *extra],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    logs = [p.communicate()[1] for p in procs]
    wall = time.perf_counter() - start
    if any(p.returncode for p in procs):
        raise SystemExit(f"a worker failed:\n{logs[0][-2000:]}")
    items = [json.loads(line) for a in archives for f in (a / "items").glob("*.jsonl")
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    calls = sum(int(m) for log in logs for m in re.findall(r"'khabar/cluster/redis_calls': (\d+)", log))
    times = sorted(datetime.fromisoformat(i["fetched_at"].replace("Z", "+00:00")) for i in items)
    span = (times[-1] - times[0]).total_seconds() if len(times) > 1 else 0
    return {"workers": n, "articles": len(items), "unique": len({i["url"] for i in items}),
            "wall_s": round(wall, 2), "articles_per_s": round(len(items) / wall, 2),
            "crawl_articles_per_s": round(len(items) / span, 2) if span else None,
            "redis_round_trips_per_article": round(calls / max(1, len(items)), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=1000, help="stories of the generated site")
    parser.add_argument("--mirror", action="store_true", help="crawl the bundled mirror of three sites instead")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--delay", type=float, default=0.0, help="DOWNLOAD_DELAY (shared across workers)")
    parser.add_argument("--no-politeness", action="store_true", help="-s KHABAR_REDIS_POLITENESS=0")
    args = parser.parse_args()
    if REDIS_SERVER is None:
        print("bench/cluster.py: skipped, redis-server is not installed (apt-get install redis-server)")
        return
    extra = ["-s", f"DOWNLOAD_DELAY={args.delay}"]
    if args.no_politeness:
        extra += ["-s", "KHABAR_REDIS_POLITENESS=0"]
    with tempfile.TemporaryDirectory() as tmp, \
            (serving(*SITES) if args.mirror else newsroom(args.stories, Path(tmp))) as urls:
        redis = RedisServer(Path(tmp) / "redis").start()
        try:
            rows = [run(n, urls, redis, Path(tmp), extra) for n in args.workers]
        finally:
            redis.stop()
    print(f"{'workers':>7} {'articles':>8} {'wall s':>7} {'art/s wall':>10} {'art/s crawl':>11} {'Redis trips/art':>15}")
    for r in rows:
        print(f"{r['workers']:>7} {r['articles']:>8} {r['wall_s']:>7} {r['articles_per_s']:>10} "
              f"{r['crawl_articles_per_s'] or '-':>11} {r['redis_round_trips_per_article']:>15}")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
