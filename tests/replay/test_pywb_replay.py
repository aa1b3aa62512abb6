"""A crawl of the mirror replays in a real pywb as the page looked, seen by headless Chromium.

The bundled mirror's namehnews is crawled with page requisites on (the
default), the mirror is stopped, the archive is packaged with
``scrapy package-wacz`` (and checked with py-wacz's ``wacz validate``), the
WACZ is loaded into a pywb collection (``wb-manager add --unpack-wacz``) and
served by ``wayback`` on a free loopback port.  Chromium opens a captured
article's replay URL: the mirror's stylesheet must be applied (the body's
background and the headline's colour it sets) and every image, the lead
image included, must have loaded, all from pywb.

pywb and py-wacz pin libraries the crawler cannot use (redis 2.10, brotlipy),
so they live in their own venv: ``.venv-replay`` (``make replay-tools``, or
``KHABAR_REPLAY_VENV``).  Without it, or without Chromium and its driver
(Debian ``chromium``, ``chromium-driver``), the tests skip and say why.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT, crawl_site, mirrored_sites, run_scrapy

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")
from mirror.content.requisites import LOOKS  # noqa: E402
from mirror.server import stop_subprocess  # noqa: E402

SITE = "namehnews"
VENV = Path(os.environ.get("KHABAR_REPLAY_VENV") or ROOT / ".venv-replay")


def tool(name: str) -> Path:
    return VENV / "bin" / name


@pytest.fixture(scope="module")
def tools() -> Path:
    missing = [n for n in ("wayback", "wb-manager", "wacz", "python") if not tool(n).exists()]
    if missing:
        pytest.skip(f"pywb/py-wacz/selenium not installed in {VENV} (run `make replay-tools`); missing {missing}")
    return VENV


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Crawl the mirror (requisites on), then stop it: what follows is served from the archive only."""
    if SITE not in mirrored_sites():
        pytest.skip(f"no mirror/sites/{SITE} to crawl")
    tmp = tmp_path_factory.mktemp("pywb")
    with mirror_server.serving(SITE) as urls:
        items, _, _ = crawl_site(tmp, SITE, urls[SITE])
    assert items
    return tmp, items


@pytest.fixture(scope="module")
def wacz(crawled):
    tmp, _ = crawled
    path = tmp / "khabar.wacz"
    result = run_scrapy("package-wacz", str(tmp / "archive"), "-o", str(path))
    assert result.returncode == 0, result.stderr[-3000:]
    return path


def pages_of(path: Path) -> list[dict]:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        lines = zf.read("pages/pages.jsonl").decode("utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "json-pages-1.0"
    return [json.loads(line) for line in lines[1:]]


def test_wacz_validates_and_lists_exactly_the_articles(tools, crawled, wacz):
    _, items = crawled
    result = subprocess.run([str(tool("wacz")), "validate", "-f", str(wacz)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "the passed WACZ is valid" in result.stdout
    pages = pages_of(wacz)
    assert {(p["url"], p["ts"], p["title"]) for p in pages} == {(i["url"], i["fetched_at"], i["title"]) for i in items}
    assert len(pages) == len(items)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pywb(tools, wacz, tmp_path_factory):
    root = tmp_path_factory.mktemp("pywb-root")
    for args in (["init", "khabar"], ["add", "--unpack-wacz", "khabar", str(wacz)]):
        result = subprocess.run([str(tool("wb-manager")), *args], cwd=root, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
    port = free_port()
    log = open(root / "wayback.log", "wb")
    proc = subprocess.Popen([str(tool("wayback")), "-p", str(port), "-b", "127.0.0.1"], cwd=root,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/khabar/", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("pywb did not start: " + (root / "wayback.log").read_text(errors="replace")[-2000:])
                time.sleep(0.3)
        yield base + "/khabar"
    finally:
        stop_subprocess(proc)
        log.close()


def browser(url: str) -> dict:
    for name, found in (("chromium", shutil.which("chromium")), ("chromedriver", shutil.which("chromedriver"))):
        if not found:
            pytest.skip(f"{name} not installed (Debian: apt-get install chromium chromium-driver)")
    result = subprocess.run([str(tool("python")), str(Path(__file__).with_name("browser_check.py")), url],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_replayed_article_has_its_stylesheet_and_lead_image(crawled, wacz, pywb):
    expected = json.loads((ROOT / "mirror" / "sites" / SITE / "expected.json").read_text(encoding="utf-8"))
    truth = {a["path"]: a for a in expected["articles"]}
    page = next(p for p in pages_of(wacz) if truth[unquote(urlsplit(p["url"]).path)].get("lead_image"))
    lead = truth[unquote(urlsplit(page["url"]).path)]["lead_image"]
    stamp = "".join(ch for ch in page["ts"] if ch.isdigit())[:14]
    seen = browser(f"{pywb}/{stamp}/{page['url']}")
    assert seen["title"].startswith(page["title"])
    look = LOOKS[SITE]
    assert (seen["background"], seen["headline"]) == (look["background"], look["headline"])  # the CSS applied
    assert seen["rules"] and all(n > 0 for n in seen["rules"])  # every stylesheet loaded, none empty
    images = seen["images"]
    assert images and all(i["width"] > 0 for i in images), images  # every image decoded
    assert all(i["src"].startswith(pywb + "/") for i in images)  # served by pywb, from the archive
    assert any(unquote(urlsplit(i["src"].split("im_/", 1)[-1]).path) == lead for i in images), (lead, images)
