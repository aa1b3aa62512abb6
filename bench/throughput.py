"""Crawl throughput and memory: Khabar against a one-file Scrapy spider (issue 10).

    .venv/bin/python bench/throughput.py [--articles 500] [--rounds 3] [--profile DIR]

1. Generates a large mirror of namehnews, mashregh and alaraby (``mirror.scale``:
   N articles per site in the site's own markup, 20-80 KB pages with 100+
   links, sitemaps listing every article) in a temporary directory.
2. Serves it with Debian's nginx (else ``twisted.web.static``; the output says
   which), one loopback port per site.
3. Each round runs the naive spider (``bench/naive_spider.py``: one crawl over
   the three sitemaps), Khabar's three site crawls one after another
   (``scrapy crawl <site> -a base_url=...``, default settings, a fresh
   ARCHIVE_DIR), and the same three crawls side by side in one process
   (``scrapy crawlall``, as one cron line for many outlets runs them), the
   order rotating between rounds.  Every run is a real process.  Its CPU time
   is the ``wait4`` rusage (the process and every child it reaped), split into
   main process and workers by sampling ``/proc/<pid>/stat`` of every process
   in the tree every 50 ms and keeping each worker's last utime+stime (workers
   exit before the parent is reaped).  Peak RSS is the tree's sum of
   ``/proc/<pid>/statm`` every 50 ms, peak PSS its sum of
   ``/proc/<pid>/smaps_rollup`` every 300 ms (costly for the kernel).
4. Checks that each found exactly the mirror's articles (URLs mapped to one
   form: site + decoded path) and that Khabar's WARCs hold every article
   page's bytes; fails loudly otherwise.
5. Prints per run and, over the rounds, medians and the Khabar/naive ratios
   (each ratio taken within one round, then the median), then one JSON line.

``--profile DIR`` instead runs Khabar's crawls once under ``py-spy record
--subprocesses`` (raw collapsed stacks in DIR) and prints the top functions
by self and cumulative time for the main process and for the extraction
workers separately.  Profiling slows the crawl: its times are not figures.

Timings on a shared machine are noisy: quote the medians and the ratios, not
absolute times from different runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.lifecycle import compile_sources  # noqa: E402
from mirror.scale import SCALED_SITES, load_scaled, write_scaled  # noqa: E402
from mirror.static import serving_static  # noqa: E402

NAIVE = ROOT / "bench" / "naive_spider.py"
TICK = os.sysconf("SC_CLK_TCK")
# What Khabar runs with on a loopback mirror (crawler/spiders/base.py
# apply_site_settings; the rest are crawler/settings.py defaults); the naive
# spider gets the same concurrency, every other setting Scrapy's default.
NAIVE_SETTINGS = {"CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "DOWNLOAD_DELAY": 0,
                  "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "INFO"}


# ------------------------------------------------------------ measurement ---
def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = defaultdict(list)
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids[ppid].append(int(name))
    return kids


def _tree(root: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, ()))
    return out


def _cpu_ticks(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(b")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (own, not children's)


def _rollup(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes from /proc/<pid>/smaps_rollup."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss(pid: int) -> int:
    """Resident bytes from /proc/<pid>/statm (cheap: read every sample)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


class TreeSampler(threading.Thread):
    """Samples a process tree: each pid's last CPU ticks, peak RSS and PSS of the tree.

    Every ``interval``: CPU ticks and RSS of the known pids.  Every
    ``rescan`` samples the tree is found again (a scan of every
    /proc/<pid>/stat for parent pids); every ``pss_every`` samples the PSS
    is read from smaps_rollup, which costs the kernel ~4 ms per 200 MB
    process (at every sample it would take a fifth of a core from the
    crawls it measures)."""

    def __init__(self, root: int, interval: float = 0.05, rescan: int = 5, pss_every: int = 6):
        super().__init__(daemon=True)
        self.root, self.interval, self.rescan, self.pss_every = root, interval, rescan, pss_every
        self.ticks: dict[int, int] = {}
        self.peak_rss = self.peak_pss = 0
        self.peak_main_rss = 0  # the root process alone: says whether growth is the crawl's or the workers'
        self.peak_procs = 0
        self.samples = 0
        self._pids: list[int] = [root]
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def sample(self) -> None:
        if self.samples % self.rescan == 0:
            self._pids = _tree(self.root)
        with_pss = self.samples % self.pss_every == 0
        rss = pss = alive = 0
        for pid in self._pids:
            t = _cpu_ticks(pid)
            if t is None:
                continue
            alive += 1
            self.ticks[pid] = t
            own = _rss(pid)
            rss += own
            if pid == self.root:
                self.peak_main_rss = max(self.peak_main_rss, own)
            if with_pss:
                pss += _rollup(pid)[1]
        self.peak_rss = max(self.peak_rss, rss)
        if with_pss:
            self.peak_pss = max(self.peak_pss, pss)
        self.peak_procs = max(self.peak_procs, alive)
        self.samples += 1

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_measured(cmd: list[str], cwd: Path, log: Path) -> dict:
    """Run ``cmd``; wall seconds, CPU seconds (main process / the rest of its
    tree), peak RSS and PSS of the tree, exit status."""
    start = time.perf_counter()
    with open(log, "wb") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)))
        sampler = TreeSampler(proc.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # usage: the process + every descendant it reaped
        except BaseException:  # Ctrl-C: leave no crawl running
            proc.kill()
            proc.wait()
            raise
        finally:
            wall = time.perf_counter() - start
            sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
    total = usage.ru_utime + usage.ru_stime
    others = sum(t for pid, t in sampler.ticks.items() if pid != proc.pid) / TICK
    return {"wall_s": wall, "cpu_s": total, "cpu_main_s": max(0.0, total - others), "cpu_workers_s": others,
            "peak_rss": sampler.peak_rss, "peak_pss": sampler.peak_pss, "peak_main_rss": sampler.peak_main_rss,
            "processes": sampler.peak_procs,
            "samples": sampler.samples, "returncode": proc.returncode}


# ------------------------------------------------------------ the crawls ---
def urls_sites(tree: Path) -> list[str]:
    """The sites of the generated tree, in SCALED_SITES order."""
    return [s for s in SCALED_SITES if (tree / s / "site.json").exists()]


def origins(tree: Path) -> dict[str, str]:
    return {s: load_scaled(tree, s)["origin"] for s in urls_sites(tree)}


def run_naive(tree: Path, urls: dict, out: Path) -> dict:
    out.mkdir(parents=True)
    sitemaps = ",".join(f"{urls[s]}/sitemap.xml" for s in urls)
    mirror = ",".join(f"{urlsplit(o).hostname.removeprefix('www.')}={urls[s]}" for s, o in origins(tree).items())
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(NAIVE), "-a", f"sitemaps={sitemaps}", "-a", f"mirror={mirror}",
           "-s", f"NAIVE_OUT={out}"]
    for k, v in NAIVE_SETTINGS.items():
        cmd += ["-s", f"{k}={v}"]
    # a directory without scrapy.cfg: Scrapy's defaults, not Khabar's settings
    m = run_measured(cmd, out, out / "scrapy.log")
    if m["returncode"]:
        raise SystemExit(f"naive spider failed ({m['returncode']}):\n{(out / 'scrapy.log').read_text()[-3000:]}")
    by_port = {urlsplit(u).port: s for s, u in urls.items()}
    found = []
    with open(out / "items.jsonl", encoding="utf-8") as f:
        for line in f:
            url = json.loads(line)["url"]
            found.append((by_port[urlsplit(url).port], url_path(url)))
    m["found"] = found
    return m


def khabar_cmd(site: str, url: str, archive: Path) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", site, "-a", f"base_url={url}", "-s", f"ARCHIVE_DIR={archive}"]


def feed_found(archive: Path, pattern: str) -> list:
    """(site, path) of every item in the archive's feeds matching ``pattern``."""
    found = []
    for feed in sorted((archive / "items").glob(pattern)):
        with open(feed, encoding="utf-8") as f:
            for line in f:
                item = json.loads(line)
                found.append((item["site"], url_path(item["url"])))
    return found


def run_khabar_cmd(cmd: list[str], what: str, archive: Path, log: Path, pattern: str) -> dict:
    archive.mkdir(parents=True, exist_ok=True)
    m = run_measured(cmd, ROOT, log)
    if m["returncode"]:
        raise SystemExit(f"khabar {what} failed ({m['returncode']}):\n{log.read_text()[-3000:]}")
    m["found"] = feed_found(archive, pattern)
    return m


def run_khabar(site: str, url: str, archive: Path) -> dict:
    return run_khabar_cmd(khabar_cmd(site, url, archive), f"crawl {site}", archive, archive / f"{site}.log",
                          f"{site}-*.jsonl")


def run_crawlall(urls: dict, archive: Path) -> dict:
    """``scrapy crawlall``: the three site crawls side by side in one process
    (one reactor, one set of extraction workers), as one cron line runs them."""
    base_urls = ",".join(f"{s}={u}" for s, u in urls.items())
    cmd = [sys.executable, "-m", "scrapy", "crawlall", "-a", f"sites={','.join(urls)}", "-a", f"base_urls={base_urls}",
           "-s", f"ARCHIVE_DIR={archive}"]
    return run_khabar_cmd(cmd, "crawlall", archive, archive / "crawlall.log", "*.jsonl")


def url_path(url: str) -> str:
    """The one form URLs are compared in: the decoded path, no trailing slash."""
    return unquote(urlsplit(url).path).rstrip("/") or "/"


# ------------------------------------------------------------ the checks ---
def check_found(who: str, found: list, truth: set) -> None:
    got = set(found)
    dupes = sum(c - 1 for c in Counter(found).values() if c > 1)
    missing, extra = truth - got, got - truth
    print(f"  check {who}: {len(got)} articles, {len(missing)} missing, {len(extra)} extra, {dupes} emitted twice")
    if missing or extra or dupes:
        for site, path in sorted(missing)[:5]:
            print(f"    missing {site} {path}")
        for site, path in sorted(extra)[:5]:
            print(f"    extra   {site} {path}")
        raise SystemExit(f"FAILED: {who} did not find exactly the mirror's articles")


def check_warcs(archive: Path, tree: Path, urls: dict, truth: set) -> None:
    """Every article page's bytes are in Khabar's WARCs (response payloads)."""
    from warcio.archiveiterator import ArchiveIterator

    by_port = {urlsplit(u).port: s for s, u in urls.items()}
    held: set = set()
    bad = []
    for warc in sorted((archive / "warc").glob("*.warc.gz")):
        with open(warc, "rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                key = (by_port.get(urlsplit(uri).port), url_path(uri))
                if key not in truth:
                    continue
                body = record.content_stream().read()
                if body == (tree / key[0] / "root" / key[1].lstrip("/")).read_bytes():
                    held.add(key)
                else:
                    bad.append(key)
    missing = truth - held
    print(f"  check Khabar WARCs: {len(held)} article pages byte-identical, {len(missing)} missing, {len(bad)} differing")
    if missing or bad:
        raise SystemExit("FAILED: Khabar's WARCs do not hold every article page's bytes")


# ------------------------------------------------------------ reporting ---
def per_article(m: dict) -> dict:
    n = len(m["found"])
    return {"articles": n, "wall_s": round(m["wall_s"], 2), "articles_per_s": round(n / m["wall_s"], 2),
            "cpu_ms_per_article": round(1000 * m["cpu_s"] / n, 1),
            "cpu_main_ms_per_article": round(1000 * m["cpu_main_s"] / n, 1),
            "cpu_workers_ms_per_article": round(1000 * m["cpu_workers_s"] / n, 1),
            "peak_rss_mb": round(m["peak_rss"] / 2**20, 1), "peak_pss_mb": round(m["peak_pss"] / 2**20, 1),
            "peak_main_rss_mb": round(m.get("peak_main_rss", 0) / 2**20, 1)}


def combine(runs: list[dict]) -> dict:
    """Khabar's three site crawls as one: sums, and the largest peak (they run one after another)."""
    return {"found": [x for r in runs for x in r["found"]], "wall_s": sum(r["wall_s"] for r in runs),
            "cpu_s": sum(r["cpu_s"] for r in runs), "cpu_main_s": sum(r["cpu_main_s"] for r in runs),
            "cpu_workers_s": sum(r["cpu_workers_s"] for r in runs),
            "peak_rss": max(r["peak_rss"] for r in runs), "peak_pss": max(r["peak_pss"] for r in runs),
            "peak_main_rss": max(r["peak_main_rss"] for r in runs)}


def ratios(k: dict, n: dict) -> dict:
    return {"articles_per_s": round(k["articles_per_s"] / n["articles_per_s"], 3),
            "cpu_ms_per_article": round(k["cpu_ms_per_article"] / n["cpu_ms_per_article"], 3),
            "peak_rss": round(k["peak_rss_mb"] / n["peak_rss_mb"], 3),
            "peak_pss": round(k["peak_pss_mb"] / n["peak_pss_mb"], 3)}


ROW = "{:<22} {:>8} {:>8} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}"


def print_row(name: str, f: dict) -> None:
    print(ROW.format(name, f["articles"], f["wall_s"], f["articles_per_s"], f["cpu_ms_per_article"],
                     f["cpu_main_ms_per_article"], f["cpu_workers_ms_per_article"], f["peak_rss_mb"], f["peak_pss_mb"],
                     f.get("peak_main_rss_mb", "")))


def print_header() -> None:
    print(ROW.format("", "articles", "wall s", "articles/s", "CPU ms/a", "main ms/a", "workers", "RSS MB", "PSS MB", "main RSS"))


def median_dict(ds: list[dict]) -> dict:
    return {k: round(statistics.median(d[k] for d in ds), 3) for k in ds[0]}


# ------------------------------------------------------------ profile ---
def profile(tree: Path, urls: dict, work: Path, out: Path) -> None:
    """Khabar's three crawls under py-spy (all processes), then the top functions."""
    out.mkdir(parents=True, exist_ok=True)
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not os.access(pyspy, os.X_OK):
        raise SystemExit("--profile needs py-spy (pip install py-spy, pinned in requirements.txt)")
    archive = work / "profile-archive"
    for site in urls:
        raw = out / f"{site}.txt"
        cmd = [pyspy, "record", "--subprocesses", "--format", "raw", "--rate", str(PROFILE_RATE), "-o", str(raw), "--",
               *khabar_cmd(site, urls[site], archive)]
        print(f"$ py-spy record --subprocesses --format raw --rate {PROFILE_RATE} -o {raw} -- scrapy crawl {site} ...",
              flush=True)
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        if r.returncode:
            raise SystemExit(f"py-spy failed:\n{r.stderr[-2000:]}")
    print_profile(sorted(out.glob("*.txt")), PROFILE_RATE)


PROFILE_RATE = 200  # py-spy samples per second
_PROCESS = re.compile(r'^process (\d+):"([^"]*)"$')


def _frame_name(frame: str) -> str:
    # "function (path/to/file.py:123)" -> "function (file.py)"; drops line numbers so a
    # function counts once however many lines its samples fall on
    m = re.match(r"^(.*) \((.*?):\d+\)$", frame)
    if not m:
        return frame
    path = m.group(2)
    for marker in ("site-packages/", "/work/wt/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{m.group(1)} ({path})"


# a worker's stack runs through multiprocessing's child bootstrap; its
# parent-watch thread (crawler/workers.py) is a worker's too
_WORKER_FRAMES = ("BaseProcess._bootstrap ", "_process_worker ", "_die_with_parent.")


# Leaf frames of a thread waiting (py-spy counts some waits as active, above
# all on a loaded machine where a thread wanting the GIL looks busy): left
# out of the busy samples the percentages are taken over.
IDLE_LEAVES = ("_PollLikeSelector.select ", "Condition.wait ", "Event.wait ", "_wait (asyncio", "SemLock.__enter__ ",
               "Connection._recv ", "Connection._recv_bytes ", "_die_with_parent.", "Queue.get ", "sleep ")


def read_collapsed(files: list[Path], rate: int) -> dict:
    """{"main"|"workers": [busy samples, self Counter, cumulative Counter, idle samples]} from
    py-spy's raw output (``process PID:"cmdline";frame;frame... count``).  A
    sample is a worker's when its stack runs through multiprocessing's child
    bootstrap: the pool forks its workers, so a worker's stack still shows the
    parent's frames above the fork (dropped here) and py-spy may label it
    with the parent's pid."""
    roles: dict = {}
    for path in files:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = [f for f in stack.split(";") if not _PROCESS.match(f) and not f.startswith("thread ")]
            role = "main"
            for i, f in enumerate(frames):
                if f.startswith(_WORKER_FRAMES):
                    role, frames = "workers", frames[i:]
                    break
            n = int(count)
            entry = roles.setdefault(role, [0, Counter(), Counter(), 0])
            if frames and frames[-1].startswith(IDLE_LEAVES):
                entry[3] += n
                continue
            frames = [_frame_name(f) for f in frames]
            entry[0] += n
            if frames:
                entry[1][frames[-1]] += n
                for f in set(frames):
                    entry[2][f] += n
    return roles


def _file_of(frame: str) -> str:
    m = re.match(r"^.* \((.*)\)$", frame)
    return m.group(1) if m else frame


def print_profile(files: list[Path], rate: int, top: int = 20) -> None:
    roles = read_collapsed(files, rate)
    for role in ("main", "workers"):
        if role not in roles:
            continue
        total, selfc, cum, idle = roles[role]
        what = "main process (the reactor thread and its helper threads)" if role == "main" else "extraction workers"
        print(f"\n== py-spy, {what}: {total} busy samples at {rate} Hz, every thread counted "
              f"({idle} more in waits, left out); shares of the busy samples ==")
        by_file: Counter = Counter()
        for f, n in selfc.items():
            by_file[_file_of(f)] += n
        print(f"-- self time by file (top {top}) --")
        for f, n in by_file.most_common(top):
            print(f"  {100 * n / total:5.1f}%  {f}")
        print(f"-- self time by function (top {top}) --")
        for f, n in selfc.most_common(top):
            print(f"  {100 * n / total:5.1f}%  {f}")
        own = [(f, n) for f, n in cum.most_common() if _file_of(f).startswith(("crawler/", "pipelines/"))]
        print(f"-- cumulative time, Khabar's own functions (top {top}) --")
        for f, n in own[:top]:
            print(f"  {100 * n / total:5.1f}%  {f}")


CRAWLERS = ("naive", "khabar", "crawlall")
LABELS = {"naive": "naive (one crawl)", "khabar": "Khabar (site crawls)", "crawlall": "Khabar crawlall"}
RATIO_KEYS = {"khabar": "ratio", "crawlall": "ratio_crawlall"}


def print_ratio(who: str, r: dict, prefix: str = "") -> None:
    name = "Khabar" if who == "khabar" else "crawlall"
    print(f"{prefix}{name}/naive: articles/s {r['articles_per_s']}x, CPU/article {r['cpu_ms_per_article']}x, "
          f"peak RSS {r['peak_rss']}x, peak PSS {r['peak_pss']}x", flush=True)


def one_round(n: int, args, tree: Path, urls: dict, truth: set, rdir: Path) -> dict:
    """The crawlers asked for, the order rotating between rounds, checked; their figures."""
    results = {}
    wanted = [who for who in CRAWLERS if who in args.crawlers]
    order = wanted[n % len(wanted):] + wanted[:n % len(wanted)]
    for who in order:
        if who == "naive":
            results["naive"] = run_naive(tree, urls, rdir / "naive")
        elif who == "khabar":
            runs = {s: run_khabar(s, urls[s], rdir / "khabar") for s in urls}
            results["khabar_sites"] = runs
            results["khabar"] = combine(list(runs.values()))
        else:
            results["crawlall"] = run_crawlall(urls, rdir / "crawlall")
    figs: dict = {}
    if "naive" in results:
        check_found("naive", results["naive"]["found"], truth)
        figs["naive"] = per_article(results["naive"])
    for who in ("khabar", "crawlall"):
        if who in results:
            check_found(LABELS[who], results[who]["found"], truth)
            check_warcs(rdir / who, tree, urls, truth)
            figs[who] = per_article(results[who])
    if "khabar_sites" in results:
        figs["khabar_sites"] = {s: per_article(m) for s, m in results["khabar_sites"].items()}
    print_header()
    for who in CRAWLERS:
        if who in figs:
            if who == "khabar":
                for s, f in figs["khabar_sites"].items():
                    print_row(f"  khabar {s}", f)
            print_row(LABELS[who], figs[who])
    for who, key in RATIO_KEYS.items():
        if "naive" in figs and who in figs:
            figs[key] = ratios(figs[who], figs["naive"])
            print_ratio(who, figs[key])
    if not args.keep:
        shutil.rmtree(rdir, ignore_errors=True)
    return figs


def git_commit() -> str:
    r = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
    return r.stdout.strip() or "unknown"


# ------------------------------------------------------------ main ---
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=500, help="articles per site (default 500)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--server", choices=("nginx", "twisted"), default="nginx",
                    help="nginx when installed (default), else twisted.web.static")
    ap.add_argument("--profile", type=Path, metavar="DIR", help="profile Khabar's crawls with py-spy instead")
    ap.add_argument("--crawlers", type=lambda v: tuple(v.split(",")), default=CRAWLERS,
                    help="naive,khabar,crawlall (default all three; khabar alone for a flat-cost run at "
                         "--articles 5000)")
    ap.add_argument("--sites", type=lambda v: tuple(v.split(",")), default=SCALED_SITES,
                    help=f"a subset of {','.join(SCALED_SITES)} (default all three)")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it (mirror, outputs, logs)")
    args = ap.parse_args(argv)
    if not args.sites or set(args.sites) - set(SCALED_SITES):
        ap.error(f"--sites: choose among {','.join(SCALED_SITES)}")
    if not args.crawlers or set(args.crawlers) - set(CRAWLERS):
        ap.error(f"--crawlers: choose among {','.join(CRAWLERS)}")

    commit = git_commit()
    # Khabar as installed (`make install` does the same): where PYTHONDONTWRITEBYTECODE
    # is set, each crawl would otherwise compile Khabar's modules at its start
    if not compile_sources():
        raise SystemExit("Khabar's sources do not compile (see above)")
    # `kill PID` (or a background job's end) cleans up as Ctrl-C does: the crawl measured and the server stop
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = args.keep or Path(tempfile.mkdtemp(prefix="khabar-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        tree = work / "mirror"
        t = time.perf_counter()
        manifest = write_scaled(tree, args.articles, args.sites)
        truth = {(s, p.rstrip("/") or "/") for s, meta in manifest.items() for p in meta["articles"]}
        print(f"mirror: {args.articles} articles x {len(manifest)} sites = {len(truth)} articles, "
              f"generated in {time.perf_counter() - t:.1f} s into {tree}")
        with serving_static(tree, list(args.sites), prefer=args.server) as (server, urls):
            print(f"server: {server} on {', '.join(urls.values())}")
            if args.profile:
                profile(tree, urls, work, args.profile.resolve())
                return 0
            if "naive" in args.crawlers:
                print(f"naive spider settings: {', '.join(f'{k}={v}' for k, v in NAIVE_SETTINGS.items())} "
                      "(Khabar on a loopback mirror: the same; everything else Scrapy's defaults)")
            print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
                  f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
            rounds = []
            for n in range(args.rounds):
                print(f"\n-- round {n + 1}/{args.rounds} --", flush=True)
                rounds.append(one_round(n, args, tree, urls, truth, work / f"round-{n + 1}"))
        keys = [k for k in ("naive", "khabar", "crawlall", "ratio", "ratio_crawlall") if k in rounds[0]]
        med = {k: median_dict([r[k] for r in rounds]) for k in keys}
        print(f"\n== medians over {len(rounds)} round(s), {args.articles} articles per site, {server} ==")
        print_header()
        for who in CRAWLERS:
            if who in med:
                print_row(LABELS[who], med[who])
        for who, key in RATIO_KEYS.items():
            if key in med:
                print_ratio(who, med[key], prefix="(median of per-round ratios) ")
        print("(wall time includes interpreter start-up; 'site crawls' is the sum of three `scrapy crawl` runs one "
              "after another and its peak the largest of them; 'crawlall' is one `scrapy crawlall` process crawling "
              "the three sites side by side; CPU 'main' is the crawl process, 'workers' its extraction processes)")
        print(json.dumps({"bench": "throughput", "articles_per_site": args.articles, "rounds": len(rounds),
                          "sites": list(args.sites), "server": server, "cpus": os.cpu_count(), "commit": commit,
                          "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                          "median": med, "per_round": rounds}, ensure_ascii=False))
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
