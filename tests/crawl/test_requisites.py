"""Page requisites (crawler/requisites.py): what an article page loads is archived beside it.

The pure half is tested on small pages; the spider half by crawling the
bundled mirror, whose ground truth lists each article's stylesheets, scripts
and images (``requisites`` in ``mirror/sites/<site>/expected.json``, found by
the mirror's own reading of its pages).
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.requisites import Requisite, best_srcset, css_requisites, host_allowed, requisites
from crawler.sites import get_site
from tests.conftest import ROOT, crawl_site, mirrored_sites, run_scrapy

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")

SITE = "namehnews"


# -- the pure half -------------------------------------------------------------------
PAGE = """<html><head>
<base href="https://www.alaraby.co.uk/news/">
<link rel="stylesheet" href="/css/site.css?v=2">
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Amiri">
<link rel="alternate" type="application/rss+xml" href="/rss">
<link rel="preload" as="image" href="https://static.alaraby.co.uk/hero.webp">
<meta property="og:image" content="https://www.alaraby.co.uk/media/lead.jpg">
<script src="/js/app.js"></script>
<script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
<script>var inline = 1;</script>
</head><body>
<img src="lead-small.jpg" srcset="lead-480.jpg 480w, lead-1200.jpg 1200w, lead-800.jpg 800w">
<img src="data:image/gif;base64,R0lGOD">
<img src="https://cdn.example-cdn.net/a/pic.png">
<img src="https://ads.tracker.example/pixel.gif">
<picture><source srcset="https://www.alaraby.co.uk/media/p1.avif 1x, https://www.alaraby.co.uk/media/p2.avif 2x"></picture>
<img src="/media/lead.jpg">
</body></html>"""


def test_requisites_of_a_page_are_its_own_hosts_stylesheets_images_and_scripts():
    site = get_site("alaraby").extend(requisite_domains=("example-cdn.net",))
    got = requisites("https://www.alaraby.co.uk/news/story-1", PAGE, site)
    assert got == [
        Requisite("https://www.alaraby.co.uk/css/site.css?v=2", "stylesheet"),
        Requisite("https://static.alaraby.co.uk/hero.webp", "image"),  # a subdomain of the site's domain
        Requisite("https://www.alaraby.co.uk/media/lead.jpg", "image"),  # og:image, once (also an <img>)
        Requisite("https://www.alaraby.co.uk/news/lead-small.jpg", "image"),  # relative to <base href>
        Requisite("https://www.alaraby.co.uk/news/lead-1200.jpg", "image"),  # the largest srcset candidate
        Requisite("https://cdn.example-cdn.net/a/pic.png", "image"),  # a CDN the definition lists
        Requisite("https://www.alaraby.co.uk/media/p2.avif", "image"),
        Requisite("https://www.alaraby.co.uk/js/app.js", "script"),
    ]
    # without the CDN in the definition, that host is a third party like the others
    plain = {r.url for r in requisites("https://www.alaraby.co.uk/news/story-1", PAGE, get_site("alaraby"))}
    assert "https://cdn.example-cdn.net/a/pic.png" not in plain and len(plain) == 7


def test_a_page_without_a_definition_keeps_its_registrable_domain():
    page = '<link rel="stylesheet" href="https://static.news.example.co.uk/s.css"><img src="https://other.example/x.png">'
    got = requisites("https://www.news.example.co.uk/a", page, None)
    assert got == [Requisite("https://static.news.example.co.uk/s.css", "stylesheet")]
    assert host_allowed("127.0.0.1", "127.0.0.1")  # a mirror's own host
    assert not host_allowed("127.0.0.2", "127.0.0.1")


def test_what_a_stylesheet_loads():
    css = """@import url("print.css"); @import 'theme/dark.css';
    body { background: url(../img/bg.png) } .x { background-image: url('data:image/png;base64,AA') }
    @font-face { src: url("https://fonts.gstatic.com/f.woff2") } .y { background: url(/img/bg.png) }"""
    got = css_requisites("https://www.mashreghnews.ir/res/css/style.css", css, get_site("mashregh"))
    assert got == [Requisite("https://www.mashreghnews.ir/res/css/print.css", "stylesheet"),
                   Requisite("https://www.mashreghnews.ir/res/css/theme/dark.css", "stylesheet"),
                   Requisite("https://www.mashreghnews.ir/res/img/bg.png", "css"),
                   Requisite("https://www.mashreghnews.ir/img/bg.png", "css")]


@pytest.mark.parametrize("srcset, best", [("a.jpg 1x, b.jpg 2x", "b.jpg"), ("a.jpg 800w,b.jpg 400w", "a.jpg"),
                                          ("only.jpg", "only.jpg"), ("", None)])
def test_best_srcset_candidate(srcset, best):
    assert best_srcset(srcset) == best


# -- the spider half, on the mirror -------------------------------------------------------
def crawl(tmp: Path, base_url: str, *args: str) -> tuple[list[dict], Path, str]:
    return crawl_site(tmp, SITE, base_url, *args)


def responses(warc_dir: Path, newer_than: float = 0) -> list[tuple[str, str, str]]:
    """(path, Content-Type, record type) of each response/revisit record of the WARCs."""
    out = []
    for warc in sorted(warc_dir.glob("*.warc.gz")):
        if warc.stat().st_mtime <= newer_than:
            continue
        with open(warc, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
                    out.append((unquote(urlsplit(record.rec_headers.get_header("WARC-Target-URI")).path),
                                ctype or "", record.rec_type))
    return out


def stats(log: str) -> dict[str, int]:
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"'khabar/([^']+)': (-?\d+)", log)}


def truth() -> dict:
    return json.loads((ROOT / "mirror" / "sites" / SITE / "expected.json").read_text(encoding="utf-8"))


def routes() -> dict:
    return json.loads((ROOT / "mirror" / "sites" / SITE / "routes.json").read_text(encoding="utf-8"))["routes"]


@pytest.fixture(scope="module")
def mirror():
    if SITE not in mirrored_sites():
        pytest.skip(f"no mirror/sites/{SITE} to crawl")
    with mirror_server.serving(SITE) as urls:
        yield urls[SITE]


def test_each_articles_requisites_archived_once_with_their_real_type(mirror, tmp_path):
    items, archive, log = crawl(tmp_path, mirror)
    articles = {a["path"]: a for a in truth()["articles"]}
    emitted = {unquote(urlsplit(i["url"]).path) for i in items}
    want = set().union(*(articles[p]["requisites"] for p in emitted))
    assert want, "the mirror's articles should refer to stylesheets and images"
    requisite_routes = {path: r for path, r in routes().items() if (r.get("file") or "").startswith("requisites/")}
    got = [(path, ctype) for path, ctype, _ in responses(archive / "warc") if path in requisite_routes]
    assert sorted(p for p, _ in got) == sorted(want)  # every one, each once per crawl
    for path, ctype in got:
        assert ctype == dict(requisite_routes[path]["headers"])["Content-Type"]
    lead_images = {articles[p]["lead_image"] for p in emitted} - {None}
    assert lead_images and lead_images <= want
    counts = stats(log)
    assert counts["urls/requisite/captured"] == counts["requisites/captured"] == len(want)
    discovered = counts.pop("urls/discovered")
    assert sum(v for k, v in counts.items() if k.startswith("urls/") and k != "urls/accounted") == discovered
    assert "never settled" not in log
    # replay takes no requisite for an article: the same lines as the crawl
    out = tmp_path / "replay.jsonl"
    result = run_scrapy("replay", str(archive / "warc"), "-O", str(out), "--progress", "off")
    assert result.returncode == 0, result.stderr[-2000:]
    replayed = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    key = lambda i: json.dumps(i, ensure_ascii=False, sort_keys=True)  # noqa: E731
    assert sorted(map(key, replayed)) == sorted(map(key, items))
    assert stats(result.stderr)["replay/skipped/requisite"] == len(want)


def test_capture_requisites_off_fetches_none(mirror, tmp_path):
    items, archive, log = crawl(tmp_path, mirror, "-s", "CAPTURE_REQUISITES=False")
    assert len(items) == len(truth()["articles"])
    requisite_paths = {path for path, r in routes().items() if (r.get("file") or "").startswith("requisites/")}
    fetched = {path for path, _, _ in responses(archive / "warc")}
    assert fetched & requisite_paths == set()
    assert not any(k.startswith(("requisites/", "urls/requisite", "fetched/requisite")) for k in stats(log))


def forget_articles(archive: Path) -> None:
    """The crawl state without its stories and article URLs: the next run meets
    every story as new (as an hourly run meets the new ones), the requisites
    stay known."""
    with sqlite3.connect(archive / "state.sqlite") as db:
        db.execute("DELETE FROM urls WHERE key NOT LIKE 'requisite %'")
        db.execute("DELETE FROM stories")
        db.execute("DELETE FROM story_keys")


def test_later_runs_do_not_fetch_known_requisites_and_revisit_after_the_refresh(mirror, tmp_path):
    first, archive, log = crawl(tmp_path, mirror)
    warcs = archive / "warc"
    captured = {p for p, t in ((p, t) for p, _, t in responses(warcs) if t == "response")
                if p.startswith(("/themes/", "/files/"))}
    assert stats(log)["requisites/captured"] == len(captured) > 0
    through_css = stats(log)["requisites/captured/css"]  # a url() of a stylesheet: met only when it is read
    forget_articles(archive)
    mark = time.time()
    time.sleep(0.05)
    second, _, log = crawl(tmp_path, mirror)
    assert len(second) == len(first)
    assert {p for p, _, _ in responses(warcs, newer_than=mark)} & captured == set()  # not fetched every run
    counts = stats(log)
    assert counts["urls/skipped/requisite_known"] == counts["requisites/known"] == len(captured) - through_css
    assert not any(k.startswith(("fetched/requisite", "requisites/captured")) for k in counts)
    # after REQUISITE_REFRESH_DAYS each is asked for again; unchanged, it is a revisit record
    forget_articles(archive)
    mark = time.time()
    time.sleep(0.05)
    _, _, log = crawl(tmp_path, mirror, "-s", "REQUISITE_REFRESH_DAYS=0")
    revisited = {p for p, _, t in responses(warcs, newer_than=mark) if t == "revisit"}
    assert revisited == captured
    counts = stats(log)
    assert counts["urls/requisite/unchanged"] == counts["requisites/unchanged"] == len(captured)


def test_a_requisite_over_the_size_cap_is_cut_counted_and_not_archived(mirror, tmp_path):
    sizes = {path: (ROOT / "mirror" / "sites" / SITE / "files" / r["file"]).stat().st_size
             for path, r in routes().items() if (r.get("file") or "").startswith("requisites/")}
    cap = 300  # the mirror's JPEGs are about 225 bytes, its stylesheets and PNGs larger
    items, archive, log = crawl(tmp_path, mirror, "-s", f"REQUISITE_MAX_SIZE={cap}")
    archived = {p for p, _, _ in responses(archive / "warc") if p in sizes}
    assert archived and all(sizes[p] <= cap for p in archived)
    counts = stats(log)
    articles = {a["path"]: a for a in truth()["articles"]}
    met = set().union(*(articles[unquote(urlsplit(i["url"]).path)]["requisites"] for i in items))
    too_big = {p for p in met if sizes[p] > cap and not p.endswith("header-bg.png")}  # (only a stylesheet names it)
    assert too_big and counts["urls/skipped/requisite_too_large"] == counts["requisites/too_large"] == len(too_big)
    assert counts["requisites/captured"] == len(archived)
