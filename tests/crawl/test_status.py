"""Progress while a crawl runs (crawler/status.py): a status line every
KHABAR_STATUS_INTERVAL seconds with the true figures, a live bar on a
terminal and never in a pipe, and Khabar's summary last on screen either way."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time

import pytest

from tests.conftest import ROOT, run_scrapy

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")

SITE = "mashregh"
# a small delay stretches the mirror crawl over a few seconds: several status ticks
SLOW = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0.05", "-s", "KHABAR_STATUS_INTERVAL=0.3",
        "-s", "LOG_LEVEL=INFO", "-s", "KHABAR_STATE="]
STATUS = re.compile(rf"\[crawler\.status\] INFO: Status(?P<close> at close)? \[{SITE}\](?: \(\w+\))?: (?P<pages>\d+) pages fetched "
                    r"\(\d+/min\), (?P<articles>\d+) articles \(\d+/min\), (?P<queued>\d+) queued, "
                    r"(?P<in_flight>\d+) in flight, (?P<failed>\d+) failed URLs, \d+:\d\d:\d\d elapsed")
BAR = re.compile(r"\d+/\d+ pages \[")
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[([\w.]+)\] (\w+): ", re.M)


def stat(log: str, name: str) -> int:
    return int(re.search(rf"'{re.escape(name)}': (\d+)", log).group(1))


@pytest.fixture(scope="module")
def mirror():
    with mirror_server.serving(SITE) as urls:
        yield urls[SITE]


def test_status_lines_tell_the_truth_and_no_bar_in_a_pipe(mirror, tmp_path):
    out = tmp_path / "items.jsonl"
    result = run_scrapy("crawl", SITE, "-a", f"base_url={mirror}", "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}",
                        *SLOW, "-O", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stderr
    items = out.read_text(encoding="utf-8").splitlines()
    lines = [m.groupdict() for m in STATUS.finditer(log)]
    assert len(lines) >= 3, log[-3000:]
    figures = [{k: int(v) for k, v in line.items() if k != "close"} for line in lines]
    # one closing line, last, with the crawl's final figures
    assert [bool(line["close"]) for line in lines] == [False] * (len(lines) - 1) + [True]
    last = figures[-1]
    assert last["articles"] == len(items) == stat(log, "item_scraped_count")
    assert last["pages"] == stat(log, "response_received_count")
    failed = sum(int(n) for n in re.findall(r"'khabar/urls/failed/[^']+': (\d+)", log))
    assert last["failed"] == failed
    assert (last["queued"], last["in_flight"]) == (0, 0)
    for before, after in zip(figures, figures[1:]):
        assert after["pages"] >= before["pages"] and after["articles"] >= before["articles"]
    assert any(0 < f["articles"] < len(items) for f in figures[:-1]), "no line caught the crawl midway"
    # Khabar's line replaces Scrapy's LogStats; a pipe gets no bar and no carriage returns
    assert "Crawled " not in log
    assert not BAR.search(log) and "\r" not in log
    records = LOG_LINE.findall(log)
    assert records[-1] == ("crawler.summary", "INFO")
    # the report kept one rate sample per status line, plus the one at the start
    folder = tmp_path / "archive" / "reports"
    report = json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))
    samples = report["rate_samples"]
    assert len(samples) == len(lines) + 1
    assert [(s["pages"], s["articles"]) for s in samples[1:]] == [(f["pages"], f["articles"]) for f in figures]
    assert samples[0]["pages"] == samples[0]["articles"] == 0


def run_in_a_terminal(args: list[str], timeout: float = 180) -> tuple[int, str]:
    """Run the scrapy CLI with stdout and stderr on a pseudo-terminal (120
    columns), as a user at a shell would; return its status and everything it wrote."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="120")
    proc = subprocess.Popen([sys.executable, "-m", "scrapy", *args], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        status = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return status, b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_a_live_bar_and_the_summary_stays_last(mirror, tmp_path):
    status, screen = run_in_a_terminal(["crawl", SITE, "-a", f"base_url={mirror}",
                                        "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}", *SLOW])
    assert status == 0, screen[-3000:]
    bars = BAR.findall(screen)
    assert len(bars) >= 3, screen[-3000:]  # redrawn while the crawl ran
    assert "\r" in screen
    # the bar is cleared before each log line, so every log record starts a line
    text = screen.replace("\r\n", "\n")
    for match in LOG_LINE.finditer(text):
        assert match.start() == 0 or text[match.start() - 1] == "\n"
    # after the summary starts, nothing else is drawn or logged
    tail = text[text.index("Khabar summary for"):]
    assert not BAR.search(tail) and "\r" not in tail
    assert LOG_LINE.findall(text)[-1] == ("crawler.summary", "INFO")
    assert "report (html):" in tail


def test_bar_off_on_a_terminal_when_asked(mirror, tmp_path):
    status, screen = run_in_a_terminal(["crawl", SITE, "-a", f"base_url={mirror}", "-a", "max_articles=2",
                                        "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}", *SLOW,
                                        "-s", "KHABAR_STATUS_BAR=off"])
    assert status == 0, screen[-3000:]
    assert not BAR.search(screen)
    assert STATUS.search(screen)


def test_bad_status_settings_are_usage_errors(tmp_path):
    result = run_scrapy("crawl", SITE, "-s", "KHABAR_STATUS_BAR=sometimes", "-s", "KHABAR_STATUS_INTERVAL=-1",
                        "-s", f"ARCHIVE_DIR={tmp_path}")
    assert result.returncode == 2
    assert "KHABAR_STATUS_BAR must be one of auto, on, off" in result.stderr
    assert "KHABAR_STATUS_INTERVAL must be a number of at least 0" in result.stderr
