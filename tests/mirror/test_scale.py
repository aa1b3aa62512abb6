"""The scaled mirror (mirror/scale.py) the throughput benchmark crawls: N
articles per site, every one in the sitemaps, pages of real weight, and the
site's markup (Khabar's site definition reads every page without drift)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from urllib.parse import quote, unquote, urlsplit

import pytest

from crawler.extraction.core import extract
from crawler.sites import get_site
from mirror.content.common import ZWNJ
from mirror.scale import INDEX_FILE, SCALED_SITES, build_scaled, load_scaled, write_scaled
from mirror.static import nginx_binary, serving_static

N = 30  # enough to fill the sidebar boxes (latest 15, most read 10)
_LOC = re.compile(r"<loc>([^<]+)</loc>")
_SITEMAP_LINE = re.compile(r"^Sitemap:\s*(\S+)", re.M | re.I)
_HREF = re.compile(r"<a\b[^>]*\bhref=\"([^\"]*)\"")


@pytest.fixture(scope="module")
def built():
    return {name: build_scaled(name, N) for name in SCALED_SITES}


def _sitemap_articles(ss) -> set[str]:
    """Walk robots.txt Sitemap: lines -> index -> children, as a crawler does."""
    todo = [urlsplit(u).path for u in _SITEMAP_LINE.findall(ss.pages["/robots.txt"].decode())]
    found, seen = set(), set()
    while todo:
        path = todo.pop()
        assert path in ss.pages, f"{ss.name}: sitemap {path} is not served"
        seen.add(path)
        doc = ss.pages[path].decode()
        for loc in _LOC.findall(doc):
            parts = urlsplit(loc)
            assert f"{parts.scheme}://{parts.netloc}" == ss.origin, loc
            if "<sitemapindex" in doc:
                todo.append(parts.path)
            else:
                found.add(unquote(parts.path))
    return found


@pytest.mark.parametrize("name", SCALED_SITES)
def test_n_articles_all_in_the_sitemaps(built, name):
    ss = built[name]
    assert len(ss.articles) == N == len(set(ss.articles))
    assert _sitemap_articles(ss) == set(ss.articles)


@pytest.mark.parametrize("name", SCALED_SITES)
def test_pages_have_real_weight_and_links(built, name):
    ss = built[name]
    hrefs_per_page = []
    for path in ss.articles:
        page = ss.pages[path]
        assert 20 * 1024 <= len(page) <= 80 * 1024, (path, len(page))
        hrefs = _HREF.findall(page.decode())
        assert len(hrefs) >= 100, (path, len(hrefs))
        hrefs_per_page.append(set(hrefs))
    # most links are the menu/sidebar, the same on every page
    shared = set.intersection(*hrefs_per_page)
    assert len(shared) >= 80


@pytest.mark.parametrize("name", SCALED_SITES)
def test_site_definition_reads_every_page(built, name):
    ss = built[name]
    site = get_site(name)
    texts = []
    for path in ss.articles:
        url = ss.origin + quote(path)
        assert site.is_article_url(url), url
        article = extract(url, ss.pages[path], {"Content-Type": "text/html; charset=utf-8"}, site)
        assert article is not None, url
        assert article.title == ss.titles[path]
        assert article.language == site.language
        assert article.drift == [], (url, article.drift)
        assert len(article.text) > 200
        # the sidebar and menus stay out of the text
        assert "irna.ir" not in article.text and "window.__SITE_CONFIG__" not in article.text
        texts.append(article.text)
    assert len(set(texts)) == N  # recombined, not repeated
    if site.language == "fa":
        assert any(ZWNJ in t for t in texts)


def test_deterministic_and_sized_by_n():
    a, b = build_scaled("mashregh", 5), build_scaled("mashregh", 5)
    assert a.pages == b.pages
    assert len(build_scaled("mashregh", 7).articles) == 7
    with pytest.raises(ValueError):
        build_scaled("mashregh", 0)


def test_a_page_that_is_also_a_directory_is_its_index_file(built):
    ss = built["namehnews"]
    files = ss.files()
    section = next(p for p in ss.pages if p.count("/") == 1 and p.startswith("/بخش-"))
    assert section.lstrip("/") + "/" + INDEX_FILE in files
    assert INDEX_FILE in files  # the home page
    article = ss.articles[0]
    assert files[article.lstrip("/")] == ss.pages[article]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), b""


@pytest.mark.parametrize("server", [
    pytest.param("nginx", marks=pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed "
                                                   "(apt-get install nginx-light)")),
    "twisted",
])
def test_static_server_serves_the_tree(tmp_path, server):
    write_scaled(tmp_path, 3, ("namehnews", "alaraby"))
    with serving_static(tmp_path, ["namehnews", "alaraby"], prefer=server) as (kind, urls):
        assert kind.startswith(server)
        for name, origin in urls.items():
            meta = load_scaled(tmp_path, name)
            for path in meta["articles"]:
                status, ctype, body = _get(origin + quote(path))
                assert (status, ctype) == (200, "text/html; charset=utf-8")
                assert body == (tmp_path / name / "root" / path.lstrip("/")).read_bytes()
            assert _get(origin + "/rss")[:2] == (200, "application/rss+xml; charset=utf-8")
            assert _get(origin + "/sitemap.xml")[:2] == (200, "application/xml; charset=utf-8")
            assert _get(origin + "/robots.txt")[:2] == (200, "text/plain; charset=utf-8")
            assert _get(origin + "/")[0] == 200
            assert _get(origin + "/no/such/page")[0] == 404
        status, ctype, body = _get(urls["namehnews"] + quote("/بخش-خبر-سیاسی-10"))
        assert (status, ctype) == (200, "text/html; charset=utf-8") and b"l-second-right-list" in body
        site_json = json.loads((tmp_path / "alaraby" / "site.json").read_text(encoding="utf-8"))
        assert site_json["origin"] == "https://www.alaraby.co.uk"
