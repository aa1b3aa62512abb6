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


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return kids


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += _children(p)
    return out


def _kb(path: str, field: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_scrapy_measured(*args: str, timeout: float = 180, interval: float = 0.05):
    """``run_scrapy`` that also samples memory of the crawl's process tree.

    Returns (CompletedProcess, peak_tree_mb, peak_main_mb): the largest sum of
    proportional set sizes (PSS, shared pages split between the processes
    sharing them) over the process and its children (the extraction workers)
    seen at any sample, and the main process's own peak RSS (VmHWM, exact).
    """
    import os
    import time

    from tests.conftest import ROOT
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "scrapy", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    import threading
    outs: dict[str, str] = {}
    readers = [threading.Thread(target=lambda n=n, f=f: outs.__setitem__(n, f.read()), daemon=True)
               for n, f in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    peak_tree = peak_main = 0
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        if time.monotonic() > deadline:
            proc.kill()
            raise subprocess.TimeoutExpired(args, timeout)
        total = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in _tree(proc.pid))
        peak_tree = max(peak_tree, total)
        peak_main = max(peak_main, _kb(f"/proc/{proc.pid}/status", "VmHWM"))
        time.sleep(interval)
    for r in readers:
        r.join(timeout=10)
    result = subprocess.CompletedProcess(args, proc.returncode, outs.get("out", ""), outs.get("err", ""))
    return result, peak_tree / 1024, peak_main / 1024


@contextlib.contextmanager
def tiny_filesystem(path: Path, size: str = "1m", readonly: bool = False):
    """A tmpfs of ``size`` mounted at ``path`` (read-only if asked), for disk-full
    tests; skips the test where mounting is not allowed (needs root or
    CAP_SYS_ADMIN)."""
    import pytest

    path.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if readonly else "")
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"cannot mount a tmpfs: {exc}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs (needs root): {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)
