"""What ``extract()`` costs per page, and proof that a change kept its output.

    .venv/bin/python bench/extraction_cost.py [--rounds 3] [--naive]
    .venv/bin/python bench/extraction_cost.py --dump before.jsonl
    .venv/bin/python bench/extraction_cost.py --compare before.jsonl
    .venv/bin/python bench/extraction_cost.py --profile [--only mirror]

The corpus is every HTML page at hand: the bundled mirror's pages (with their
site definition, and again as an unknown site, as tests/extraction/
test_mirror_pages.py reads them), the golden pages, and the public benchmark
pages in ``../shared/external`` (unknown-site path, ``Content-Type:
text/html``), and a scaled mirror (``mirror/scale.py``, ``SCALED_ARTICLES``
articles per site, generated in a temporary directory: deterministic) whose
30-70 KB pages with 100+ links are what a crawl's workers really see; for
those the worker's whole page task is run and compared (``extract()`` and
its links and requisites, as ``crawler/workers.py: extract_page``).
``--dump`` writes one JSON line per page and mode (the whole
``Article``, or the exception and its reason); ``--compare`` re-extracts and
lists every line that differs, so a speed-up is accepted only with identical
output.  Timing prints ms/page per group, median of ``--rounds`` passes in
this process; ``--naive`` adds the one-file spider's per-page work
(``trafilatura.extract(output_format="json", with_metadata=True)`` then
``langdetect``) on the same pages.  Times are CPU times of this process.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gzip
import json
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # not bench/: bench/incremental.py would shadow a package
EXTERNAL = ROOT.parent / "shared" / "external"
HTML = (("Content-Type", "text/html"),)


def mirror_pages():
    """(key, url, body, headers, site) for every HTML page the mirror serves, twice:
    with the site's definition and as an unknown site."""
    from crawler.sites import get_site

    base = ROOT / "mirror" / "sites"
    for sd in sorted(p for p in base.iterdir() if (p / "routes.json").exists()):
        routes = json.loads((sd / "routes.json").read_text(encoding="utf-8"))
        try:
            site = get_site(sd.name)
        except (KeyError, ValueError):
            site = None
        for path, r in sorted(routes["routes"].items()):
            if r.get("redirect") or r.get("status") != 200 or "file" not in r:
                continue
            f = sd / "files" / r["file"]
            headers = tuple((k, v) for k, v in r.get("headers", ()))
            if not f.exists() or "html" not in dict((k.lower(), v) for k, v in headers).get("content-type", ""):
                continue
            body = f.read_bytes()
            if r.get("gzip") and body[:2] == b"\x1f\x8b":
                body = gzip.decompress(body)
            qpath = quote(path, safe="/?=&%:")
            if site is not None:
                yield f"mirror/{sd.name}{path}", routes["origin"] + qpath, body, headers, site
            yield f"mirror-unknown/{sd.name}{path}", f"https://www.unknown-{sd.name}.org" + qpath, body, headers, None


def golden_pages():
    here = ROOT / "tests" / "golden"
    for g in sorted((here / "gold").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        body = (here / "pages" / f"{gold.get('page', g.stem)}.html").read_bytes()
        yield f"golden/{g.stem}", gold["url"], body, gold.get("headers"), None


def external_pages():
    if not EXTERNAL.is_dir():
        return
    urls = {}
    sh = EXTERNAL / "scrapinghub-article-extraction-benchmark" / "ground-truth.json"
    if sh.exists():
        urls.update({f"scrapinghub-article-extraction-benchmark/html/{k}.html.gz": v["url"]
                     for k, v in json.loads(sh.read_text()).items()})
    fp = EXTERNAL / "fundus-parser-testdata" / "_derived_pairs.json"
    if fp.exists():
        urls.update({f"fundus-parser-testdata/test_data/{k}": v["url"]
                     for k, v in json.loads(fp.read_text())["pairs"].items()})
    te = EXTERNAL / "trafilatura-eval-subset" / "evaldata-subset.json"
    if te.exists():
        urls.update({f"trafilatura-eval-subset/eval/{v['file']}.gz": k for k, v in json.loads(te.read_text()).items()})
    for f in sorted(EXTERNAL.rglob("*.htm*.gz")) + sorted(EXTERNAL.glob("trafilatura-eval-subset/eval/*.gz")):
        rel = f.relative_to(EXTERNAL).as_posix()
        if rel.startswith("warc-samples/") or f.name.startswith("expected"):
            continue
        url = urls.get(rel)
        if url is None:
            for side in (f.with_name(f.name.split(".")[0] + ".json"),
                         f.parent.parent / "metadata" / (f.name.split(".")[0] + ".json"),
                         f.parent.parent / "ground-truth" / (f.name.split(".")[0] + ".json")):
                if side.exists():
                    try:
                        url = json.loads(side.read_text()).get("url")
                    except (ValueError, AttributeError):
                        url = None
                    break
        url = url or f"https://example.com/{quote(rel)}"
        yield f"external/{rel}", url, gzip.decompress(f.read_bytes()), HTML, None


SCALED_ARTICLES = 60


def scaled_pages():
    """Every HTML page of a small scaled mirror (articles, home, sections,
    tags) with its site's definition."""
    import tempfile

    from crawler.sites import get_site
    from mirror.scale import SCALED_SITES, write_scaled

    with tempfile.TemporaryDirectory(prefix="khabar-scaled-") as tmp:
        manifest = write_scaled(Path(tmp), SCALED_ARTICLES)
        for name in SCALED_SITES:
            root = Path(tmp) / name / "root"
            site = get_site(name)
            for f in sorted(p for p in root.rglob("*") if p.is_file()):
                path = "/" + f.relative_to(root).as_posix()
                if path.endswith("/__index.html"):
                    path = path[: -len("__index.html")]
                if path in manifest[name]["types"] or f.suffix in (".xml", ".txt"):
                    continue
                yield (f"scaled/{name}{path}", manifest[name]["origin"] + quote(path), f.read_bytes(),
                       (("Content-Type", "text/html; charset=utf-8"),), site)


GROUPS = {"mirror": mirror_pages, "golden": golden_pages, "external": external_pages, "scaled": scaled_pages}
WORKER_TASK_GROUPS = {"scaled"}  # extract() and the page's links, as a crawl's worker does


def corpus(only=None):
    seen = set()
    out = []
    for name, fn in GROUPS.items():
        if only and name not in only:
            continue
        for item in fn():
            if item[0] not in seen:  # trafilatura-eval files match both globs
                seen.add(item[0])
                out.append((name, *item))
    return out


def run_one(url, body, headers, site, links=False) -> dict:
    """The page's ``Article`` (or why none); with ``links``, the worker's
    whole page task (``crawler/workers.py`` ``extract_page``: the article
    and the links and requisites read from the same parse)."""
    from crawler.extraction import ExtractionError, NotAnArticle, extract
    from crawler.workers import extract_page

    try:
        if links:
            article, found = extract_page(url, body, headers, site, scrapy_encoding(url, body, headers), site)
            out = {"article": dataclasses.asdict(article), "links": dataclasses.asdict(found)}
        else:
            out = {"article": dataclasses.asdict(extract(url, body, headers, site))}
    except NotAnArticle as err:
        out = {"not_article": err.reason}
    except ExtractionError as err:
        out = {"error": str(err)}
    return out


def scrapy_encoding(url, body, headers) -> str:
    """The encoding Scrapy would give the response (the worker is handed it)."""
    from scrapy.http import HtmlResponse
    from w3lib.url import safe_url_string

    pairs = list(headers.items()) if isinstance(headers, dict) else list(headers or ())
    return HtmlResponse(safe_url_string(url), body=body, headers=pairs).encoding


def line(key, result) -> str:
    return json.dumps({"key": key, **result}, ensure_ascii=False, sort_keys=True)


def naive_one(url, body, _headers, _site, _links=False):
    import trafilatura
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    out = trafilatura.extract(body, url=url, output_format="json", with_metadata=True)
    if out:
        try:
            detect(json.loads(out).get("text") or "")
        except LangDetectException:
            pass


def timed(pages, fn, rounds):
    """{group: median ms/page over ``rounds`` passes}."""
    per_round = {}
    for _ in range(rounds):
        spent = {}
        for group, _key, url, body, headers, site in pages:
            t0 = time.process_time()  # CPU time: other work on the machine does not count
            fn(url, body, headers, site, group in WORKER_TASK_GROUPS)
            spent[group] = spent.get(group, 0.0) + time.process_time() - t0
        for group, s in spent.items():
            per_round.setdefault(group, []).append(s)
    counts = {}
    for p in pages:
        counts[p[0]] = counts.get(p[0], 0) + 1
    return {g: (counts[g], 1000 * statistics.median(v) / counts[g]) for g, v in per_round.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="groups, comma-separated: mirror,golden,external,scaled")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dump", type=Path, help="write every page's output as JSON lines")
    ap.add_argument("--compare", type=Path, help="re-extract and compare with a --dump file")
    ap.add_argument("--profile", action="store_true", help="cProfile one pass, print the top functions")
    ap.add_argument("--naive", action="store_true", help="also time trafilatura json+metadata and langdetect")
    args = ap.parse_args(argv)
    pages_groups = set(args.only.split(",")) - {""}
    pages = corpus(pages_groups)
    from crawler.extraction import warm

    warm()  # imports, langdetect profiles, justext stoplists: once per process, not per page

    if args.dump or args.compare:
        lines = [line(key, run_one(url, body, headers, site, g in WORKER_TASK_GROUPS))
                 for g, key, url, body, headers, site in pages]
        if args.dump:
            args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"{len(lines)} outputs written to {args.dump}")
        if args.compare:
            before = {json.loads(s)["key"]: s for s in args.compare.read_text(encoding="utf-8").splitlines()}
            if args.only:  # "mirror-unknown/..." is of the mirror group
                before = {k: v for k, v in before.items() if k.split("/")[0].split("-")[0] in pages_groups}
            now = {json.loads(s)["key"]: s for s in lines}
            differ = sorted(k for k in before.keys() & now.keys() if before[k] != now[k])
            missing = sorted(before.keys() ^ now.keys())
            for k in differ:
                print("DIFFERS", k)
            for k in missing:
                print("ONLY ONE SIDE", k)
            print(f"{len(before.keys() & now.keys())} outputs compared: {len(differ)} differ, "
                  f"{len(missing)} on one side only")
            return 1 if differ or missing else 0
        return 0

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for g, _k, url, body, headers, site in pages:
            run_one(url, body, headers, site, g in WORKER_TASK_GROUPS)
        prof.disable()
        stats = pstats.Stats(prof)
        stats.sort_stats("tottime").print_stats(35)
        stats.sort_stats("cumulative").print_stats(60)
        return 0

    def ours(url, body, headers, site, links):
        run_one(url, body, headers, site, links)

    figures = timed(pages, ours, args.rounds)
    naive = timed(pages, naive_one, args.rounds) if args.naive else {}
    for group, (n, ms) in figures.items():
        extra = f"   naive trafilatura+langdetect {naive[group][1]:6.2f} ms/page" if group in naive else ""
        what = "extract+links" if group in WORKER_TASK_GROUPS else "extract"
        print(f"{group:9s} {n:5d} pages  {what} {ms:6.2f} ms/page{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
