"""Fixtures for the WARC tests: a loopback server and one real capture crawl."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.archive.helpers import LoopbackServer, capture_crawl
from tests.conftest import SHARED


@pytest.fixture(scope="module")
def server():
    srv = LoopbackServer()
    yield srv
    srv.stop()



@pytest.fixture(scope="module")
def crawled(server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("capture")
    items, warc_dir, log = capture_crawl(tmp, server.url + "/")
    return {"items": items, "warc_dir": warc_dir, "log": log, "tmp": tmp, "server": server}


@pytest.fixture
def samples() -> Path:
    d = SHARED / "external" / "warc-samples"
    if not d.is_dir():
        pytest.skip(f"{d} is absent (shared test data lives beside the repo in the team workspace)")
    return d
