"""kill -9 of a crawl leaves no extraction worker behind (crawler/workers.py):
a real ``scrapy crawl`` against a slow loopback server, killed while it waits."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.crawl.hostile import LOOPBACK, hostile_server, spider_args


def children(pid: int) -> set[int]:
    kids = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return kids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie is dead (its new parent may not reap it)


def wait_for(predicate, timeout: float, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_kill_9_of_a_crawl_leaves_no_worker(tmp_path):
    with hostile_server("--slow=60") as origin:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        crawl = subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", *spider_args("mashregh", origin),
                                  "-s", f"ARCHIVE_DIR={tmp_path}", "-s", "EXTRACTION_WORKERS=2", *LOOPBACK],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            # the two workers are forked when the spider opens; the server makes the crawl wait
            workers = wait_for(lambda: children(crawl.pid) if len(children(crawl.pid)) >= 2 else None, 60)
            assert workers and len(workers) >= 2, "the crawl never started its extraction workers"
            assert crawl.poll() is None
            time.sleep(1)  # the workers' initializer has run
            crawl.send_signal(signal.SIGKILL)
            crawl.wait(timeout=10)
            survivors = wait_for(lambda: not [p for p in workers if alive(p)], 5)
            left = [p for p in workers if alive(p)]
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.wait()
        for pid in left:  # clean up what the test found, then fail
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        assert survivors and not left, f"orphaned workers still running: {left}"
