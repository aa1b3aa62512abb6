"""Scores one extraction against a hand-checked gold file.

Body recall is scrapinghub's 4-gram shingle recall over ``\\w+`` tokens of
the gold paragraphs; leakage counts both the gold file's listed boilerplate
snippets found in the text and output paragraphs that are not gold
paragraphs (a careful editor's copy has no extra lines); ZWNJ preservation is
the share of gold words containing U+200C that appear intact in the output.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

ZWNJ = "\u200c"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = re.findall(r"\w+", text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def shingle_recall(pred: str, gold: str) -> float:
    g = _shingles(gold)
    if not g:
        return 1.0
    return sum((_shingles(pred) & g).values()) / sum(g.values())


@dataclass
class Score:
    name: str
    recall: float = 0.0
    leaked: list[str] = field(default_factory=list)
    zwnj_words: int = 0
    zwnj_kept: int = 0
    checks: dict[str, tuple] = field(default_factory=dict)  # field -> (expected, got)

    @property
    def zwnj_rate(self) -> float:
        return self.zwnj_kept / self.zwnj_words if self.zwnj_words else 1.0

    @property
    def wrong(self) -> dict[str, tuple]:
        return {k: v for k, v in self.checks.items() if v[0] != v[1]}

    def summary(self) -> str:
        wrong = ", ".join(f"{k}: expected {e!r} got {g!r}" for k, (e, g) in self.wrong.items())
        return (f"{self.name}: recall {self.recall:.3f}, leaked {len(self.leaked)}, "
                f"ZWNJ {self.zwnj_kept}/{self.zwnj_words}" + (f", wrong: {wrong}" if wrong else ""))


CHECKED_FIELDS = ("title", "language", "published", "modified", "source_credit", "lead", "section", "tags", "site",
                  "drift", "embeds")


def score(name: str, gold: dict, article) -> Score:
    s = Score(name)
    gold_body = gold["body"]
    text = article.text
    s.recall = shingle_recall(text, "\n\n".join(gold_body))
    norm_text = _norm(text)
    for snippet in gold.get("boilerplate", []):
        if _norm(snippet) in norm_text:
            s.leaked.append(snippet)
    gold_paras = {_norm(p) for p in gold_body}
    for para in text.split("\n\n"):
        if _norm(para) not in gold_paras:
            s.leaked.append(para)
    words = [w for p in gold_body for w in p.split() if ZWNJ in w]
    out_words = Counter(w for w in text.split() if ZWNJ in w)
    s.zwnj_words = len(words)
    s.zwnj_kept = sum(min(c, out_words[w]) for w, c in Counter(words).items())
    for f in CHECKED_FIELDS:
        if f in gold:
            s.checks[f] = (gold[f], getattr(article, f))
    return s
