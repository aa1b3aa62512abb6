"""Khabar on a real Scrapyd: deploy the project egg, schedule a crawl of the
bundled mirror through the HTTP API, find the articles and WARCs it wrote.

Scrapyd runs with a clean environment: the checkout is not on its path, so
the job's spiders, settings, pipelines and seeds can only come from the egg
that ``scrapyd-deploy`` built and uploaded.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from mirror.server import stop_subprocess
from tests.conftest import ROOT
from tests.packaging.test_install import SPIDERS

pytest.importorskip("scrapyd", reason="scrapyd is not installed (pip install scrapyd)")
pytest.importorskip("scrapyd_client", reason="scrapyd-client is not installed (pip install scrapyd-client)")
mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")

SITE = "mashregh"
DEADLINE = 240  # seconds for the scheduled crawl; it takes a few on the mirror


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env() -> dict:
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT")}


def api(base: str, endpoint: str, data: list | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=body, timeout=30) as resp:
        return json.loads(resp.read())


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory):
    home = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\npoll_interval = 0.5\nmax_proc = 1\n"
        "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n")
    log = open(home / "scrapyd.out", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=home, env=clean_env(),
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if api(base, "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("scrapyd did not start: " + (home / "scrapyd.out").read_text()[-3000:])
            time.sleep(0.2)
        yield base, home
    finally:
        stop_subprocess(proc, timeout=20)
        log.close()


@pytest.fixture(scope="module")
def deployed(scrapyd, source_copy):
    base, home = scrapyd
    (source_copy / "scrapy.cfg").write_text(
        "[settings]\ndefault = crawler.settings\n\n"
        f"[deploy]\nurl = {base}/\nproject = khabar\n")
    egg = source_copy.parent / "khabar.egg"
    built = subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", "--build-egg", str(egg)],
                           cwd=source_copy, env=clean_env(), capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    result = subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", "--egg", str(egg), "--version", "r1"],
                            cwd=source_copy, env=clean_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    reply = json.loads(result.stdout[result.stdout.index("{"):])
    assert reply["status"] == "ok", reply
    return base, home, egg, reply


def test_egg_carries_package_seeds_and_settings_entry_point(deployed):
    _, _, egg, _ = deployed
    names = set(zipfile.ZipFile(egg).namelist())
    root = Path(__file__).parents[2]
    sources = {str(p.relative_to(root)) for top in ("crawler", "pipelines") for p in (root / top).rglob("*.py")}
    assert sources == {n for n in names if n.endswith(".py") and n.split("/")[0] in ("crawler", "pipelines")}
    assert {f"crawler/seeds/{SITE}.json", "crawler/schema/article.schema.json"} <= names
    entry_points = zipfile.ZipFile(egg).read("EGG-INFO/entry_points.txt").decode()
    assert "settings = crawler.settings" in entry_points


def test_scrapyd_lists_every_spider(deployed):
    base, _, _, reply = deployed
    assert reply["spiders"] == len(SPIDERS)
    assert set(api(base, "listspiders.json?project=khabar")["spiders"]) == SPIDERS


def test_scheduled_crawl_writes_articles_and_warcs(deployed, tmp_path):
    base, home, _, _ = deployed
    archive = tmp_path / "archive"
    with mirror_server.serving(SITE) as urls:
        job = api(base, "schedule.json", [
            ("project", "khabar"), ("spider", SITE), ("base_url", urls[SITE]),
            ("setting", f"ARCHIVE_DIR={archive}"), ("setting", "AUTOTHROTTLE_ENABLED=0"),
            ("setting", "DOWNLOAD_DELAY=0"),
        ])
        assert job["status"] == "ok", job
        deadline = time.monotonic() + DEADLINE
        while True:
            jobs = api(base, "listjobs.json?project=khabar")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            assert time.monotonic() < deadline, f"job still not finished: {jobs}"
            time.sleep(0.5)
    log = (home / "logs" / "khabar" / SITE / f"{job['jobid']}.log").read_text(encoding="utf-8")
    assert "'finish_reason': 'finished'" in log, log[-3000:]

    feeds = list((archive / "items").glob(f"{SITE}-*.jsonl"))
    assert len(feeds) == 1, log[-3000:]
    items = [json.loads(line) for line in feeds[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    truth = json.loads((ROOT / "mirror" / "sites" / SITE / "expected.json").read_text(encoding="utf-8"))
    got = sorted(urllib.parse.unquote(urllib.parse.urlsplit(i["url"]).path) for i in items)
    assert got == sorted(a["path"] for a in truth["articles"])

    warcs = {p.name for p in (archive / "warc").glob("*.warc.gz")}
    assert warcs and {i["warc"]["file"] for i in items} <= warcs
    (report,) = (archive / "reports").glob(f"{SITE}-*.json")
    assert json.loads(report.read_text(encoding="utf-8"))["articles_per_site"] == {SITE: len(items)}
