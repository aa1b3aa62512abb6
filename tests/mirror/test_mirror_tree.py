"""The committed mirror tree is exactly what mirror/build.py makes, and consistent."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from mirror import SITES_DIR, list_sites, load_expected, load_routes
from mirror.build import SITE_MODULES, build_all
from mirror.content.common import ZWNJ, gregorian_to_jalali, jalali_text, slugify, fa


def _tree(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_rebuild_reproduces_the_committed_tree(tmp_path):
    build_all(tmp_path)
    built = _tree(tmp_path)
    committed = {k: v for k, v in _tree(SITES_DIR).items() if k.split("/")[0] in SITE_MODULES}
    assert sorted(built) == sorted(committed), "files differ: run `python -m mirror.build`"
    stale = [k for k in built if built[k] != committed[k]]
    assert not stale, f"stale generated files (run `python -m mirror.build`): {stale[:10]}"


def test_every_built_site_is_listed():
    assert set(SITE_MODULES) <= set(list_sites())


def test_jalali_dates():
    assert gregorian_to_jalali(2023, 4, 25) == (1402, 2, 5)
    assert gregorian_to_jalali(2023, 3, 21) == (1402, 1, 1)
    assert gregorian_to_jalali(2024, 3, 20) == (1403, 1, 1)
    assert jalali_text("2023-04-25T21:46:00+03:30") == "۵ اردیبهشت ۱۴۰۲ - ۲۱:۴۶"


def test_persian_slug_splits_zwnj_like_the_cms():
    assert slugify(fa("از نسل کشی آلمان در آفریقا چه می_دانیم؟")) == "از-نسل-کشی-آلمان-در-آفریقا-چه-می-دانیم"


@pytest.mark.parametrize("site", SITE_MODULES)
def test_expected_matches_routes(site):
    truth, manifest = load_expected(site), load_routes(site)
    routes = manifest["routes"]
    assert manifest["not_found"]["status"] == 404
    assert truth["articles"], "no articles"
    paths = [a["path"] for a in truth["articles"]]
    assert len(paths) == len(set(paths))
    for a in truth["articles"]:
        r = routes[a["path"]]
        assert r["status"] == 200 and r["file"] and not r["redirect"]
        data = (SITES_DIR / site / "files" / r["file"]).read_bytes()
        text = data.decode(a.get("encoding", "utf-8"))
        assert a["title"] in text.replace("&zwnj;", ZWNJ) or _esc(a["title"]) in text.replace("&zwnj;", ZWNJ)
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", a["published"])
        assert a["reachable_from"], a["path"]
        assert a["paragraphs"], a["path"]
        for form in a["linked_as"]:
            assert form.startswith(("/", "http", "?")) or not form.startswith("#")
    for n in truth["non_articles"]:
        assert n["path"] not in paths
        if n["kind"] == "404":
            assert n["path"] not in routes
        else:
            assert routes[n["path"]]["status"] == 200
    assert truth["must_not_fetch"]
    robots = (SITES_DIR / site / "files" / routes["/robots.txt"]["file"]).read_text()
    for p in truth["must_not_fetch"]:
        assert f"Disallow: {p}" in robots
    assert re.search(r"^Sitemap: https://", robots, re.M)


def _esc(s: str) -> str:
    import html
    return html.escape(s, quote=True)


PERSIAN = [site for site in SITE_MODULES if load_expected(site)["language"] == "fa"]


@pytest.mark.parametrize("site", PERSIAN)
def test_persian_pages_carry_zwnj(site):
    truth = load_expected(site)
    assert any(ZWNJ in p for a in truth["articles"] for p in a["paragraphs"])
    routes = load_routes(site)["routes"]
    page = (SITES_DIR / site / "files" / routes[truth["articles"][0]["path"]]["file"]).read_bytes()
    assert "\u200c".encode() in page or b"&zwnj;" in page


def test_routes_are_decoded_utf8():
    for site in SITE_MODULES:
        for target in load_routes(site)["routes"]:
            assert unquote(target) == target or "%" in unquote(target), target


@pytest.mark.parametrize("site", PERSIAN)
def test_persian_text_has_no_lost_zwnj(site):
    """The seeds lost every U+200C; the mirror's Persian must carry it."""
    broken = ["بینالملل", "همکاریها", "کردهاند", "منطقهای", "سهشنبه", "سه شنبه", "میخوانند",
              "می خوانند", "گفتوگو", "میکنند", "می کنند", "می شود", "میشود", "تلاش ها"]
    for a in load_expected(site)["articles"]:
        text = " ".join([a["title"], a["lead"] or ""] + a["paragraphs"])
        bad = [w for w in broken if w in text]
        assert not bad, (a["path"], bad)
        assert ZWNJ in text, a["path"]
