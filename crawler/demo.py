"""``make demo``: serve the bundled mirror, crawl it with every site spider,
archive, extract, and print what came out.

The sites are the registry's (``crawler.sites.spider_sites``) that the mirror
holds; one it lacks is named and skipped.

Runs the real ``scrapy crawl <site> -a base_url=...`` commands a user would,
one after another, against the loopback mirror (``mirror.server``), with the
politeness delays lowered because the server is our own.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from crawler.sites import spider_sites
from mirror import list_sites
from mirror.server import serving

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK_SETTINGS = ("AUTOTHROTTLE_ENABLED=0", "DOWNLOAD_DELAY=0", "LOG_LEVEL=WARNING")


def mirrored_spider_sites() -> list[str]:
    """Sites with a spider of their own that the mirror serves (the demo's
    and the benchmarks' sites); each one missing is reported, then skipped."""
    have = set(list_sites())
    names = []
    for site in spider_sites():
        if site.name in have:
            names.append(site.name)
        else:
            print(f"(skipping {site.name}: the mirror has no mirror/sites/{site.name})", file=sys.stderr)
    return names


def crawl(spider: str, base_url: str, archive: Path, extra: list[str]) -> int:
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"base_url={base_url}",
           "-s", f"ARCHIVE_DIR={archive}"]
    for setting in LOOPBACK_SETTINGS:
        cmd += ["-s", setting]
    cmd += extra
    print(f"$ scrapy crawl {spider} -a base_url={base_url} -s ARCHIVE_DIR={archive}", flush=True)
    return subprocess.call(cmd, cwd=ROOT)


def summarize(archive: Path) -> dict:
    per_site: Counter = Counter()
    languages: Counter = Counter()
    feeds = sorted((archive / "items").glob("*.jsonl"))
    for feed in feeds:
        for line in feed.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                per_site[item.get("site")] += 1
                languages[item.get("language")] += 1
    warcs = sorted((archive / "warc").glob("*.warc.gz")) if (archive / "warc").exists() else []
    return {
        "articles_per_site": dict(per_site),
        "languages": dict(languages),
        "jsonl": [str(p) for p in feeds],
        "warc_files": [str(p) for p in warcs],
        "warc_bytes": sum(p.stat().st_size for p in warcs),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--archive", default=str(ROOT / "archive" / "demo"),
                        help="output directory (replaced on each run)")
    parser.add_argument("extra", nargs="*", help="extra arguments passed to every scrapy crawl")
    args = parser.parse_args(argv)
    archive = Path(args.archive).resolve()
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir(parents=True)
    failures = []
    spiders = mirrored_spider_sites()
    with serving(*spiders) as urls:
        for spider in spiders:
            if crawl(spider, urls[spider], archive, args.extra) != 0:
                failures.append(spider)
    summary = summarize(archive)
    print("\n== Khabar demo summary ==")
    for site in spiders:
        print(f"  {site:<10} {summary['articles_per_site'].get(site, 0):>3} articles")
    print(f"  languages: {summary['languages']}")
    print(f"  WARC files: {len(summary['warc_files'])} ({summary['warc_bytes'] / 1024:.0f} KiB) in {archive / 'warc'}")
    for path in summary["warc_files"]:
        print(f"    {path}")
    print(f"  JSON Lines: {archive / 'items'}")
    for path in summary["jsonl"]:
        print(f"    {path}")
    if failures:
        print(f"  FAILED crawls: {', '.join(failures)}")
        return 1
    if not all(summary["articles_per_site"].get(s) for s in spiders):
        print("  FAILED: a site produced no articles")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
