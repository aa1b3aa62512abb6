"""``scrapy package-wacz``: a crawl's WARCs as a WACZ 1.1.1 (crawler/archive/wacz.py).

Checked here without py-wacz (every file named in datapackage.json with its
SHA-256 and size, WARCs stored, pages = the articles emitted); tests/replay
also runs py-wacz's ``wacz validate`` and opens the WACZ in pywb.
"""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from tests.conftest import crawl_site, mirrored_sites, run_scrapy

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")

SITE = "mashregh"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    if SITE not in mirrored_sites():
        pytest.skip(f"no mirror/sites/{SITE} to crawl")
    tmp = tmp_path_factory.mktemp("wacz")
    with mirror_server.serving(SITE) as urls:
        items, _, _ = crawl_site(tmp, SITE, urls[SITE])
    return tmp, items


def test_wacz_holds_the_warcs_an_index_and_exactly_the_articles_as_pages(crawled):
    tmp, items = crawled
    result = run_scrapy("package-wacz", "-s", f"ARCHIVE_DIR={tmp / 'archive'}")  # the default: ARCHIVE_DIR
    assert result.returncode == 0, result.stderr[-2000:]
    [wacz] = list((tmp / "archive" / "wacz").glob("khabar-*.wacz"))
    assert f"{len(items)} article pages" in result.stdout
    warcs = sorted(p.name for p in (tmp / "archive" / "warc").glob("*.warc.gz"))
    with zipfile.ZipFile(wacz) as zf:
        names = set(zf.namelist())
        assert names == {f"archive/{w}" for w in warcs} | {"indexes/index.cdx", "pages/pages.jsonl",
                                                             "datapackage.json", "datapackage-digest.json"}
        assert all(zf.getinfo(f"archive/{w}").compress_type == zipfile.ZIP_STORED for w in warcs)
        package = json.loads(zf.read("datapackage.json"))
        assert package["wacz_version"] == "1.1.1" and package["profile"] == "data-package"
        for resource in package["resources"]:
            data = zf.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert resource["bytes"] == len(data)
        assert {r["path"] for r in package["resources"]} == names - {"datapackage.json", "datapackage-digest.json"}
        digest = json.loads(zf.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(zf.read("datapackage.json")).hexdigest()
        lines = zf.read("pages/pages.jsonl").decode("utf-8").splitlines()
        index = zf.read("indexes/index.cdx").decode("utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "json-pages-1.0"
    pages = [json.loads(line) for line in lines[1:]]
    assert {(p["url"], p["ts"], p["title"]) for p in pages} == {(i["url"], i["fetched_at"], i["title"]) for i in items}
    assert len(pages) == len(items) == len({p["id"] for p in pages})
    # the index names each WARC as the WACZ holds it, and covers the requisites too
    assert {json.loads(line.split(" ", 2)[2])["filename"] for line in index} == set(warcs)
    assert any(json.loads(line.split(" ", 2)[2]).get("mime") == "text/css" for line in index)


def test_a_bad_warc_is_one_clear_error_and_no_wacz(crawled, tmp_path):
    tmp, _ = crawled
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00not really gzip at all" * 10)
    out = tmp_path / "out.wacz"
    result = run_scrapy("package-wacz", str(tmp / "archive" / "warc"), str(bad), "-o", str(out))
    assert result.returncode == 1
    assert "broken.warc.gz" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))
    missing = run_scrapy("package-wacz", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "no such file or directory" in missing.stderr
