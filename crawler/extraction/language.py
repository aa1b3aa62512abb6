"""Language of the clean text: langdetect, deterministic, with fa/ar priors.

Why: langdetect samples n-grams at random, so the same page can flip between
``fa`` and ``ar`` from run to run; a private ``DetectorFactory`` with a fixed
seed (profiles loaded in sorted order) makes it a function of the text.  On
short Arabic-script texts n-gram statistics are weak, so the letters that only
one of the two languages writes (پ چ ژ گ and Persian ی/ک versus ة ى and Arabic
ي/ك, plus a few function words) and the page's declared ``lang`` and the
site's language act as priors.  The factory is built once per process (it is
read-only after loading) so a worker pays the profile load once.
"""

from __future__ import annotations

import math
import os
import re
from functools import lru_cache
from typing import Optional

_MAX_CHARS = 1500  # script cues look at this much
_LANGDETECT_CHARS = 800  # langdetect converges on far less; it is the costly part
_TRIALS = 4  # langdetect default 7; fixed so results stay deterministic

_FA_LETTERS = "\u067e\u0686\u0698\u06af\u06cc\u06a9\u06c0"  # پ چ ژ گ ی ک ۀ
_AR_LETTERS = "\u0629\u0649\u064a\u0643\u0623\u0625\u0624"  # ة ى ي ك أ إ ؤ
_OTHER_LETTERS = "\u0679\u0688\u0691\u06ba\u06d2\u06be\u06d5\u06ce\u06c6\u06b5\u0695\u067c\u0689\u0693\u06bc"  # Urdu, Kurdish, Pashto
# Counted as what a removal takes away, run by run (a word at a time), not
# as a findall list of one-character strings (~0.2 ms a page, for counts).
_AR_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")  # a letter is [^\W\d_]
_FA_WORDS = re.compile(r"(?<!\w)(?:است|این|که|را|می|های|برای|شده|کرد|بود|آن|شود|هم|نیز|اند)(?!\w)")
_AR_WORDS = re.compile(r"(?<!\w)(?:في|من|على|إلى|الى|التي|الذي|أن|عن|مع|هذا|هذه|كان|قال|بين)(?!\w)")


@lru_cache(maxsize=1)
def _factory():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    profiles = []
    for name in sorted(os.listdir(PROFILES_DIRECTORY)):
        path = os.path.join(PROFILES_DIRECTORY, name)
        if os.path.isfile(path) and not name.startswith("."):
            with open(path, encoding="utf-8") as fh:
                profiles.append(fh.read())
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


def _langdetect(text: str) -> dict[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.n_trial = _TRIALS
    detector.append(text[:_LANGDETECT_CHARS])
    try:
        return {p.lang: p.prob for p in detector.get_probabilities()}
    except LangDetectException:
        return {}


def _base(tag: Optional[str]) -> Optional[str]:
    if not tag:
        return None
    tag = tag.strip().lower().replace("_", "-").split("-")[0]
    return {"per": "fa", "fas": "fa", "ara": "ar", "prs": "fa", "pes": "fa"}.get(tag, tag) or None


def _count(text: str, letters: str) -> int:
    """How many of ``text``'s characters are among ``letters``."""
    return sum(map(text.count, letters))


def detect(text: str, declared: Optional[str] = None, site_language: Optional[str] = None) -> tuple[Optional[str], Optional[float]]:
    """(ISO 639-1 code, confidence 0..1) for ``text``.

    ``declared`` is the page's ``<html lang>``/``Content-Language``;
    ``site_language`` the site definition's language.
    """
    declared, site_language = _base(declared), _base(site_language)
    sample = text[:_MAX_CHARS]
    letters = len(_NOT_LETTER.sub("", sample))
    if letters < 3:
        prior = site_language or declared
        return (prior, 0.3) if prior else (None, None)

    arabic_script = (len(sample) - len(_AR_SCRIPT.sub("", sample))) / letters
    fa_l, ar_l = _count(sample, _FA_LETTERS), _count(sample, _AR_LETTERS)
    if arabic_script >= 0.8 and _count(sample, _OTHER_LETTERS) < 3 and (fa_l >= 30 and ar_l * 10 <= fa_l or ar_l >= 30 and fa_l * 10 <= ar_l):
        # The letters only one language writes settle it; langdetect adds nothing but time.
        return ("fa", 0.999) if fa_l > ar_l else ("ar", 0.999)
    probs = _langdetect(sample)
    if arabic_script < 0.5:
        if not probs:
            return (declared or site_language, 0.3) if (declared or site_language) else (None, None)
        lang, p = max(probs.items(), key=lambda kv: (kv[1], kv[0]))
        for prior in (declared, site_language):
            if prior and prior in probs and probs[prior] > 0.2 and prior != lang:
                lang, p = prior, probs[prior]
                break
        return lang, round(p, 3)

    # Arabic script: weigh fa against ar (other Arabic-script languages are
    # taken from langdetect only when it is sure).
    other = {k: v for k, v in probs.items() if k not in ("fa", "ar")}
    if other:
        lang, p = max(other.items(), key=lambda kv: (kv[1], kv[0]))
        if (p > 0.9 and letters >= 100 and lang in ("ur", "ps", "ku", "ckb", "ug", "sd")
                and declared not in ("fa", "ar") and site_language not in ("fa", "ar")):
            return lang, round(p, 3)

    eps = 1e-3
    log_odds = math.log((probs.get("fa", 0) + eps) / (probs.get("ar", 0) + eps))
    log_odds = max(-6.0, min(6.0, log_odds))
    fa_w, ar_w = len(_FA_WORDS.findall(sample)), len(_AR_WORDS.findall(sample))
    log_odds += 1.5 * math.log((fa_l + 1) / (ar_l + 1)) + 1.0 * math.log((fa_w + 1) / (ar_w + 1))
    for prior, weight in ((declared, 1.0), (site_language, 1.0)):
        if prior == "fa":
            log_odds += weight
        elif prior == "ar":
            log_odds -= weight
    p_fa = 1 / (1 + math.exp(-log_odds))
    return ("fa", round(p_fa, 3)) if p_fa >= 0.5 else ("ar", round(1 - p_fa, 3))
