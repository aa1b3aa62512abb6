"""The offline site mirror (mirror/sites/*, built by the mirror's own
engineer from the seed sites' markup) as an independent check: every page it
marks as an article is extracted completely and cleanly, every other HTML page
is rejected; then the same pages again as if Khabar had no definition for
those sites (generic path + CMS families)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from crawler.extraction import NotAnArticle, extract


MIRROR = Path(__file__).resolve().parents[2] / "mirror" / "sites"


def shingle_recall(pred: str, gold: str, n: int = 4) -> float:
    """Share of the gold text's word 4-grams found in the output (as tests/golden/scorer.py)."""
    from collections import Counter

    def sh(t):
        w = re.findall(r"\w+", t or "")
        return Counter(tuple(w[i:i + n]) for i in range(max(len(w) - n + 1, 0)))

    g = sh(gold)
    return sum((sh(pred) & g).values()) / sum(g.values()) if g else 1.0


def _norm(t):
    return re.sub(r"\s+", " ", t or "").strip()


def _pages():
    if not MIRROR.is_dir():
        return []
    out = []
    for sd in sorted(p for p in MIRROR.iterdir() if (p / "routes.json").exists() and (p / "expected.json").exists()):
        try:
            routes = json.loads((sd / "routes.json").read_text(encoding="utf-8"))
            expected = json.loads((sd / "expected.json").read_text(encoding="utf-8"))
            articles = {}
            for a in expected["articles"]:
                for path in [a["path"], *a.get("aliases", [])]:
                    articles[path] = a
            for path, r in routes["routes"].items():
                if r.get("redirect") or r.get("status") != 200:
                    continue
                f = sd / "files" / r["file"]
                if not f.exists():
                    continue
                ctype = dict((k.lower(), v) for k, v in r["headers"]).get("content-type", "")
                if "html" in ctype:
                    out.append((sd.name, routes["origin"], path, f, r, articles.get(path)))
        except (KeyError, TypeError, ValueError):  # the mirror's format moved on: nothing to check
            continue
    return out


PAGES = _pages()
pytestmark = pytest.mark.skipif(not PAGES, reason="no offline mirror pages in mirror/sites")


def _body(f, r):
    body = f.read_bytes()
    return gzip.decompress(body) if r.get("gzip") and body[:2] == b"\x1f\x8b" else body


@pytest.mark.parametrize("unknown", [False, True], ids=["site-definitions", "as-unknown-sites"])
def test_mirror_pages(unknown):
    failures = []
    for site, origin, path, f, r, gold in PAGES:
        base = f"https://www.unknown-{site}.org" if unknown else origin
        url = base + quote(path, safe="/?=&%:")
        try:
            art = extract(url, _body(f, r), r["headers"])
        except NotAnArticle as e:
            if gold:
                failures.append(f"{site}{path}: article rejected ({e.reason})")
            continue
        if not gold:
            failures.append(f"{site}{path}: non-article emitted ({art.title!r})")
            continue
        rec = shingle_recall(art.text, "\n\n".join(gold["paragraphs"]))
        if rec < 0.98:
            failures.append(f"{site}{path}: recall {rec:.3f}")
        leaked = [b for b in gold.get("boilerplate", []) if _norm(b) in _norm(art.text)]
        if leaked:
            failures.append(f"{site}{path}: leaked {leaked}")
        if gold.get("language") and art.language != gold["language"]:
            failures.append(f"{site}{path}: language {art.language}")
        if gold.get("title") and art.title != gold["title"]:
            failures.append(f"{site}{path}: title {art.title!r}")
        if not unknown and gold.get("published") and art.published != gold["published"]:
            failures.append(f"{site}{path}: published {art.published} != {gold['published']}")
    assert not failures, "\n".join(failures)
