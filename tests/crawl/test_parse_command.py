"""``scrapy parse URL`` works on a site spider (issue 12): it failed with
NotImplementedError, the spiders having no ``parse`` callback."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from tests.conftest import ROOT, run_scrapy

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")


def test_scrapy_parse_an_article_url_gives_its_article(tmp_path):
    expected = json.loads((ROOT / "mirror" / "sites" / "mashregh" / "expected.json").read_text(encoding="utf-8"))
    article = expected["articles"][0]
    with mirror_server.serving("mashregh") as urls:
        result = run_scrapy("parse", "--spider=mashregh", "-a", f"base_url={urls['mashregh']}",
                            "-s", f"ARCHIVE_DIR={tmp_path}", "-s", "KHABAR_STATE=", "-s", "WARC_ENABLED=0",
                            urls["mashregh"] + quote(article["path"]), timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "NotImplementedError" not in result.stderr
    scraped = result.stdout.split("# Scraped Items", 1)[1].split("# Requests", 1)[0]
    assert scraped.count("'url':") == 1 and "'version': 1" in scraped
    assert quote(article["path"]) in scraped
