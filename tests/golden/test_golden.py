"""Golden pages: realistic Persian/Arabic pages with their boilerplate in
place, each with a hand-checked gold file (``gold/<case>.json``, whose
``covers`` says what it tests).  Fails below body recall 0.98, on any leaked
boilerplate line, any lost ZWNJ, any wrong title/language/date/credit/lead/
tags/section, or an article emitted for a non-article page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extraction import NotAnArticle, extract

from .scorer import score

HERE = Path(__file__).parent
CASES = sorted(p.stem for p in (HERE / "gold").glob("*.json"))


def load(case: str):
    gold = json.loads((HERE / "gold" / f"{case}.json").read_text(encoding="utf-8"))
    # "page": another case's page served under this case's URL (one file, two tests)
    body = (HERE / "pages" / f"{gold.get('page', case)}.html").read_bytes()
    return gold, body


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    gold, body = load(case)
    if gold.get("not_article"):
        with pytest.raises(NotAnArticle):
            extract(gold["url"], body, gold["headers"])
        return
    article = extract(gold["url"], body, gold["headers"])
    s = score(case, gold, article)
    print(s.summary())
    assert s.recall >= 0.98, s.summary()
    assert not s.leaked, f"leaked lines: {s.leaked}"
    assert s.zwnj_kept == s.zwnj_words, s.summary()
    assert not s.wrong, s.summary()
    assert "\n\n\n" not in article.text and not article.text.startswith("\n")
    assert article.fetched_at is None and article.warc is None


def test_golden_report(capsys):
    """Aggregate report over all cases (``pytest -s`` shows it); asserts the totals."""
    rows, scores, emitted_non_articles, rejected = [], [], 0, 0
    for case in CASES:
        gold, body = load(case)
        try:
            article = extract(gold["url"], body, gold["headers"])
        except NotAnArticle as err:
            if not gold.get("not_article"):
                rejected += 1
                rows.append(f"{case}: REJECTED ({err.reason})")
            continue
        if gold.get("not_article"):
            emitted_non_articles += 1
            rows.append(f"{case}: non-article EMITTED")
            continue
        s = score(case, gold, article)
        scores.append(s)
        rows.append(s.summary())

    def accuracy(field):
        checked = [s for s in scores if field in s.checks]
        return sum(s.checks[field][0] == s.checks[field][1] for s in checked), len(checked)

    zw, zk = sum(s.zwnj_words for s in scores), sum(s.zwnj_kept for s in scores)
    totals = [
        f"articles {len(scores)}, mean body recall {sum(s.recall for s in scores) / len(scores):.3f}, "
        f"min {min(s.recall for s in scores):.3f}",
        f"leaked lines {sum(len(s.leaked) for s in scores)}, ZWNJ words kept {zk}/{zw}",
        ", ".join(f"{f} {'%d/%d' % accuracy(f)}" for f in ("title", "language", "published", "source_credit")),
        f"non-articles emitted {emitted_non_articles}, articles rejected {rejected}",
    ]
    with capsys.disabled():
        print("\n" + "\n".join(rows + totals))
    assert emitted_non_articles == 0 and rejected == 0
    assert all(s.recall >= 0.98 for s in scores) and zk == zw
    assert not any(s.leaked or s.wrong for s in scores)
