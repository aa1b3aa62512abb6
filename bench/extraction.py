"""Khabar's extractor against plain trafilatura on public benchmarks.

    .venv/bin/python bench/extraction.py [--only scrapinghub,fundus,...] [--limit N]

Both run in this process on the same bytes.  Khabar goes through exactly the
replay path for an unknown site: ``extract(url, body, headers)`` with only a
``Content-Type: text/html`` header (no charset), classification included, so a
real article it rejects (``NotAnArticle``) scores as an empty extraction.
"Plain" is ``trafilatura.extract(html_bytes, url=url)`` with default settings
(comments included, as the published 0.958 baseline); "plain-nc" adds
``include_comments=False``.  Both plain variants get the raw bytes and do their
own decoding.

Metrics (as defined by each benchmark, see shared/research/external-data.md):
* scrapinghub, fundus, newspaper4k, wcxb: 4-gram shingle precision/recall
  averaged over documents, F1 from the averages (scrapinghub's evaluate.py);
* trafilatura-eval: "with"/"without" snippet counts pooled over pages;
* metadata: title and date accuracy on fundus, Khabar vs trafilatura's metadata.
Also pages/s for each extractor (single process, wall clock, parsing included).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXTERNAL = ROOT.parent / "shared" / "external"
HEADERS = {"Content-Type": "text/html"}


# ------------------------------------------------------------------ scoring
def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text or "")


def _shingles(tokens: list[str], n: int = 4) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def shingle_pr(pred: str, gold: str) -> tuple[float, float]:
    """Per-document precision and recall, scrapinghub's evaluate.py."""
    p, g = _shingles(_tokens(pred)), _shingles(_tokens(gold))
    tp = sum((p & g).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    prec = tp / (tp + fp) if tp + fp else 1.0 if fn == 0 else 0.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    if fp == 0 and fn == 0:
        prec = rec = 1.0
    return prec, rec


def f1_from(prs: list[tuple[float, float]]) -> dict:
    if not prs:
        return {"n": 0}
    p = sum(x[0] for x in prs) / len(prs)
    r = sum(x[1] for x in prs) / len(prs)
    return {"n": len(prs), "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}


# ------------------------------------------------------------------ extractors
def khabar(url: str, body: bytes) -> str:
    from crawler.extraction import ExtractionError, NotAnArticle, extract
    from crawler.extraction.chars import line_key

    try:
        return extract(url, body, HEADERS).text
    except (NotAnArticle, ExtractionError):
        return ""


def plain(url: str, body: bytes) -> str:
    import trafilatura

    return trafilatura.extract(body, url=url) or ""


def plain_nc(url: str, body: bytes) -> str:
    import trafilatura

    return trafilatura.extract(body, url=url, include_comments=False) or ""


EXTRACTORS = {"khabar": khabar, "plain": plain, "plain-nc": plain_nc}


# ------------------------------------------------------------------ datasets
def scrapinghub():
    base = EXTERNAL / "scrapinghub-article-extraction-benchmark"
    truth = json.loads((base / "ground-truth.json").read_text())
    for key in sorted(truth):
        body = gzip.decompress((base / "html" / f"{key}.html.gz").read_bytes())
        yield key, truth[key]["url"], body, truth[key]["articleBody"]


def fundus():
    base = EXTERNAL / "fundus-parser-testdata"
    pairs = json.loads((base / "_derived_pairs.json").read_text())["pairs"]
    for name in sorted(pairs):
        item = pairs[name]
        body = gzip.decompress((base / "test_data" / name).read_bytes())
        yield name, item["url"], body, item["body_text"]


def newspaper4k():
    base = EXTERNAL / "newspaper4k-testdata"
    for txt in sorted((base / "txt").glob("*.txt")):
        html = base / "html" / f"{txt.stem}.html.gz"
        if not html.exists():
            continue
        meta = base / "metadata" / f"{txt.stem}.json"
        url = json.loads(meta.read_text()).get("url") if meta.exists() else None
        url = url or f"https://example.com/{txt.stem}"
        yield txt.stem, url, gzip.decompress(html.read_bytes()), txt.read_text()


def wcxb():
    base = EXTERNAL / "wcxb-test-articles-subset"
    for gt in sorted((base / "ground-truth").glob("*.json")):
        data = json.loads(gt.read_text())
        html = next(iter((base / "html").glob(f"{gt.stem}.htm*")), None)
        if html is None:
            continue
        body = html.read_bytes()
        if html.suffix == ".gz":
            body = gzip.decompress(body)
        yield gt.stem, data.get("url") or f"https://example.com/{gt.stem}", body, data["ground_truth"]["main_content"]


def trafilatura_eval():
    base = EXTERNAL / "trafilatura-eval-subset"
    data = json.loads((base / "evaldata-subset.json").read_text())
    for url in sorted(data):
        item = data[url]
        path = base / "eval" / (item["file"] + ".gz")
        if path.exists():
            yield url, url, gzip.decompress(path.read_bytes()), item


def metadata_accuracy(limit: int = 0) -> None:
    """Title and date accuracy on fundus (hand-written per-publisher parsers' values):
    Khabar's title/published against trafilatura's metadata (bare_extraction
    with_metadata=True).  Titles: exact after whitespace/case normalisation.
    Dates: same calendar day as written by each side; Khabar also "same instant"
    (within two minutes, when both carry a time and offset; trafilatura gives days only)."""
    import trafilatura
    from datetime import datetime

    from crawler.extraction import ExtractionError, NotAnArticle, extract
    from crawler.extraction.chars import line_key

    def norm(t):
        return re.sub(r"\s+", " ", t or "").strip().casefold()

    def parse(v):
        try:
            return datetime.fromisoformat(v.replace("Z", "+00:00"))
        except (AttributeError, ValueError):
            return None

    base = EXTERNAL / "fundus-parser-testdata"
    pairs = json.loads((base / "_derived_pairs.json").read_text())["pairs"]
    names = sorted(pairs)[: limit or None]
    c = Counter()
    for name in names:
        item = pairs[name]
        body = gzip.decompress((base / "test_data" / name).read_bytes())
        try:
            art = extract(item["url"], body, HEADERS)
            k_title, k_pub = art.title, art.published
        except (NotAnArticle, ExtractionError):
            k_title = k_pub = None
        doc = trafilatura.bare_extraction(body, url=item["url"], with_metadata=True)
        p_title, p_date = (doc.title, doc.date) if doc else (None, None)
        gold_authors = authors_of(base, item)
        if gold_authors:  # bylines: names found (recall) and names right (precision)
            got = {line_key(a) for a in (art.authors if k_title is not None else [])}
            plain = {line_key(a) for a in re.split(r"\s*;\s*", (doc.author or "") if doc else "") if a}
            want = {line_key(a) for a in gold_authors}
            c["author_pages"] += 1
            c["a_want"] += len(want)
            c["k_a_found"] += len(want & got)
            c["k_a_given"] += len(got)
            c["k_a_exact"] += got == want
            c["p_a_found"] += len(want & plain)
            c["p_a_given"] += len(plain)
            c["p_a_exact"] += plain == want
        if item.get("title"):
            c["titles"] += 1
            c["k_title"] += norm(k_title) == norm(item["title"])
            c["p_title"] += norm(p_title) == norm(item["title"])
        gold = parse(item.get("publishing_date"))
        if gold:
            c["dates"] += 1
            kd = parse(k_pub)
            c["k_day"] += bool(kd) and kd.date() == gold.date()
            c["p_day"] += bool(p_date) and p_date[:10] == gold.date().isoformat()
            if kd and kd.tzinfo and gold.tzinfo and len(k_pub) > 10:
                c["k_timed"] += 1
                c["k_instant"] += abs((kd - gold).total_seconds()) <= 120
    print(f"\n== metadata on fundus ({len(names)} pages)")
    print(f"  title exact   khabar {c['k_title'] / c['titles']:.3f}   plain {c['p_title'] / c['titles']:.3f}   ({c['titles']} titles)")
    print(f"  date same day khabar {c['k_day'] / c['dates']:.3f}   plain {c['p_day'] / c['dates']:.3f}   ({c['dates']} dates)")
    if c["k_timed"]:
        print(f"  date instant  khabar {c['k_instant'] / c['k_timed']:.3f} of {c['k_timed']} with time and offset")
    if c["author_pages"]:
        ratio = lambda a, b: a / b if b else 0.0  # noqa: E731
        print(f"  authors       khabar recall {ratio(c['k_a_found'], c['a_want']):.3f} precision "
              f"{ratio(c['k_a_found'], c['k_a_given']):.3f} exact {ratio(c['k_a_exact'], c['author_pages']):.3f}   "
              f"plain recall {ratio(c['p_a_found'], c['a_want']):.3f} precision {ratio(c['p_a_found'], c['p_a_given']):.3f} "
              f"exact {ratio(c['p_a_exact'], c['author_pages']):.3f}   ({c['author_pages']} pages with bylines)")


def authors_of(base, item) -> list[str]:
    """fundus's authors for a page: its publisher file's entry for the page's parser version."""
    try:
        data = json.loads((base / "test_data" / item["expected_json"]).read_text(encoding="utf-8"))
        return list(data.get(item["version_key"], {}).get("authors") or [])
    except (OSError, ValueError, KeyError):
        return []


SHINGLE_SETS = {"scrapinghub": scrapinghub, "fundus": fundus, "newspaper4k": newspaper4k, "wcxb": wcxb}


def _norm(t: str) -> str:
    return re.sub(r"\s+", " ", t or "").strip()


def run_snippets(items, names):
    counts = {n: Counter() for n in names}
    seconds = Counter()
    for _key, url, body, item in items:
        for n in names:
            t0 = time.perf_counter()
            out = _norm(EXTRACTORS[n](url, body))
            seconds[n] += time.perf_counter() - t0
            for s in item.get("with", []):
                counts[n]["tp" if _norm(s) in out else "fn"] += 1
            for s in item.get("without", []):
                counts[n]["fp" if _norm(s) in out else "tn"] += 1
    result = {}
    for n, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0
        result[n] = {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0, **c}
    return result, seconds


def run_shingles(items, names):
    prs = {n: [] for n in names}
    seconds = Counter()
    worst = []
    for key, url, body, gold in items:
        row = {}
        for n in names:
            t0 = time.perf_counter()
            out = EXTRACTORS[n](url, body)
            seconds[n] += time.perf_counter() - t0
            pr = shingle_pr(out, gold)
            prs[n].append(pr)
            row[n] = pr
        worst.append((key, row))
    return {n: f1_from(v) for n, v in prs.items()}, seconds, worst


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="scrapinghub,fundus,newspaper4k,trafilatura-eval,wcxb,metadata")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--extractors", default="khabar,plain,plain-nc")
    ap.add_argument("--worst", type=int, default=0, help="print the N pages where khabar loses most F1 to plain")
    args = ap.parse_args(argv)
    if not EXTERNAL.exists():
        print(f"benchmarks not found at {EXTERNAL} (shared/external is not part of the repository)")
        return 2
    names = args.extractors.split(",")
    for dataset in args.only.split(","):
        if dataset == "metadata":
            metadata_accuracy(args.limit)
            continue
        items = list(trafilatura_eval() if dataset == "trafilatura-eval" else SHINGLE_SETS[dataset]())
        if args.limit:
            items = items[: args.limit]
        print(f"\n== {dataset} ({len(items)} pages)")
        if dataset == "trafilatura-eval":
            result, seconds = run_snippets(items, names)
            for n in names:
                r = result[n]
                print(f"  {n:9s} P {r['P']:.3f}  R {r['R']:.3f}  F1 {r['F1']:.3f}   "
                      f"(tp {r['tp']} fn {r['fn']} fp {r['fp']} tn {r['tn']})   {len(items) / seconds[n]:.1f} pages/s")
            continue
        result, seconds, rows = run_shingles(items, names)
        for n in names:
            r = result[n]
            print(f"  {n:9s} P {r['P']:.3f}  R {r['R']:.3f}  F1 {r['F1']:.3f}   {len(items) / seconds[n]:.1f} pages/s")
        if args.worst and "khabar" in names and "plain" in names:
            def f1(pr):
                return 2 * pr[0] * pr[1] / (pr[0] + pr[1]) if sum(pr) else 0
            rows.sort(key=lambda kr: f1(kr[1]["khabar"]) - f1(kr[1]["plain"]))
            for key, row in rows[: args.worst]:
                print(f"    {key}: khabar P{row['khabar'][0]:.2f} R{row['khabar'][1]:.2f}  "
                      f"plain P{row['plain'][0]:.2f} R{row['plain'][1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
