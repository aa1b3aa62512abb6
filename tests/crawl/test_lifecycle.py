"""What the crawl commands do for the process as a whole (crawler/lifecycle.py):
Scrapy's HTTP handler is loaded by the command, before the crawler engine
builds it, and a finished command leaves its objects out of the final
collection, with nothing lost and the exit status kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")

SITE = "namehnews"

# Runs a scrapy command in this process as the ``scrapy`` script does, and
# prints what the process looked like when the command returned.
PROBE = r"""
import gc, json, sys
import scrapy.core.downloader.handlers as handlers

seen = {}
_init = handlers.DownloadHandlers.__init__
def init(self, *a, **k):
    seen["tls_loaded_before_the_engine"] = "scrapy.core.downloader.tls" in sys.modules
    return _init(self, *a, **k)
handlers.DownloadHandlers.__init__ = init

from scrapy.cmdline import execute
try:
    execute(["scrapy"] + sys.argv[1:])
except SystemExit as exc:
    seen.update(code=exc.code, frozen=gc.get_freeze_count())
    print("PROBE " + json.dumps(seen))
"""


def probe(*args: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    lines = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, result.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("PROBE "))


@pytest.fixture(scope="module")
def mirror():
    with mirror_server.serving(SITE) as urls:
        yield urls


def expected_paths() -> set[str]:
    truth = json.loads((ROOT / "mirror" / "sites" / SITE / "expected.json").read_text(encoding="utf-8"))
    return {article["path"] for article in truth["articles"]}


def test_a_finished_crawl_freezes_its_objects_and_keeps_everything(mirror, tmp_path: Path):
    out = tmp_path / "items.jsonl"
    seen = probe("crawl", SITE, "-a", f"base_url={mirror[SITE]}", "-O", str(out),
                 "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}", "-s", "AUTOTHROTTLE_ENABLED=0",
                 "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO")
    assert seen["code"] == 0
    assert seen["tls_loaded_before_the_engine"] is True
    # the crawl's objects (and the imports') are out of the final collection's sight
    assert seen["frozen"] > 10_000
    # and the crawl's output is whole: every article once, the WARC closed
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(unquote(urlsplit(i["url"]).path) for i in items) == sorted(expected_paths())
    warcs = sorted((tmp_path / "archive" / "warc").glob("*.warc.gz"))
    assert warcs and not list((tmp_path / "archive" / "warc").glob("*.open"))


def test_a_command_that_stops_early_keeps_its_exit_status_and_collects_as_usual(tmp_path: Path):
    # a usage error: no crawl ran, nothing is frozen, the status is Scrapy's
    seen = probe("crawl", SITE, "-a", "since=yesterday", "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}")
    assert seen["code"] == 2
    assert seen["frozen"] == 0


def test_replay_freezes_its_objects_when_done(mirror, tmp_path: Path):
    archive = tmp_path / "archive"
    subprocess.run([sys.executable, "-m", "scrapy", "crawl", SITE, "-a", f"base_url={mirror[SITE]}",
                    "-s", f"ARCHIVE_DIR={archive}", "-s", "AUTOTHROTTLE_ENABLED=0",
                    "-s", "DOWNLOAD_DELAY=0"], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                   check=True, capture_output=True, timeout=300)
    out = tmp_path / "replay.jsonl"
    seen = probe("replay", str(archive / "warc"), "-O", str(out), "--progress", "off")
    assert seen["code"] == 0
    assert seen["frozen"] > 10_000
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(unquote(urlsplit(i["url"]).path) for i in items) == sorted(expected_paths())


# Loads the HTTP handler as the crawl command does, and reports what its
# deprecation shims came out as, and what ``inspect`` is afterwards.
SHIMS = r"""
import inspect, json, sys, warnings
import scrapy.utils.deprecate as deprecate
real_stack = inspect.stack
calls = []
inspect.stack = lambda *a, **k: calls.append(1) or real_stack(*a, **k)[1:]  # as if called directly
from crawler.lifecycle import load_http_handler
load_http_handler()
import scrapy.core.downloader.contextfactory as cf, scrapy.core.downloader.tls as tls
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    class Mine(cf.ScrapyClientContextFactory):
        pass
print(json.dumps({
    "modules": [cf.ScrapyClientContextFactory.__module__, cf.AcceptableProtocolsContextFactory.__module__,
                tls.ScrapyClientTLSOptions.__module__],
    "stack_calls": len(calls),
    "inspect_restored": deprecate.inspect is inspect,
    "still_warns": any("ScrapyClientContextFactory" in str(w.message) for w in caught),
}))
"""


def test_the_http_handler_loads_with_its_shims_whole_and_inspect_left_as_it_was():
    result = subprocess.run([sys.executable, "-c", SHIMS], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # the same classes Scrapy makes, named after the modules that define them
    assert seen["modules"] == ["scrapy.core.downloader.contextfactory", "scrapy.core.downloader.contextfactory",
                               "scrapy.core.downloader.tls"]
    # without inspect.stack(), which reads the source of every frame
    assert seen["stack_calls"] == 0
    assert seen["inspect_restored"] is True
    assert seen["still_warns"] is True


def test_compile_sources_compiles_the_packages_and_names_a_file_that_does_not(tmp_path: Path, capsys):
    """``make install`` and the benchmarks byte-compile Khabar's packages
    (``python -m crawler.lifecycle``): each module gets its .pyc, and a file
    that does not compile fails the step with its name and error shown."""
    import importlib.util

    from crawler.lifecycle import compile_sources

    (tmp_path / "crawler").mkdir()
    (tmp_path / "crawler" / "fine.py").write_text("X = 'خبر\u200cها'\n", encoding="utf-8")
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "pipelines" / "also_fine.py").write_text("Y = 1\n")
    assert compile_sources(tmp_path) is True
    for source in (tmp_path / "crawler" / "fine.py", tmp_path / "pipelines" / "also_fine.py"):
        assert Path(importlib.util.cache_from_source(str(source))).is_file()

    (tmp_path / "pipelines" / "broken.py").write_text("def f(:\n")
    capsys.readouterr()
    assert compile_sources(tmp_path) is False
    out = capsys.readouterr().out
    assert "broken.py" in out and "SyntaxError" in out
