"""Unicode hygiene for Persian and Arabic text.

Why: the zero-width non-joiner (U+200C) is part of Persian spelling
(«می‌خوانند», «بین‌الملل»); general-purpose extractors delete it because it is
not ``str.isprintable()``.  ``CharGuard`` swaps the joiners for printable
placeholders before any third-party code sees the page and swaps them back in
every string we emit.  ``clean`` then removes only invisible noise (U+200B,
BOM, soft hyphen, bidi controls) and never changes a letter.  Letter and digit
folding for search lives in ``fold``, which feeds separate ``*_normalized``
fields and is never applied to ``text``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ZWNJ = "\u200c"
ZWJ = "\u200d"

# The page may spell a joiner as a character or as a character reference.
# Numeric references are resolved by HTML parsers even without ';'.
_ZWNJ_REFS = re.compile(r"&(?:zwnj;|#0*8204;?|#[xX]0*200[cC];?)")
_ZWJ_REFS = re.compile(r"&(?:zwj;|#0*8205;?|#[xX]0*200[dD];?)")
_ANY_REF = re.compile(r"&(?:zwn?j;|#0*820[45]|#[xX]0*200[cdCD])")

# Printable letters (category Lo, outside BMP) from scripts no Persian/Arabic news page
# uses.  Being letters, they behave like part of the word in every third-party
# heuristic (no word split, no whitespace trimming).  Several candidates so that a
# page which happens to contain one still gets a placeholder of its own.
_PLACEHOLDER_CANDIDATES = (
    "\U0001E800", "\U0001E801", "\U0001E802", "\U0001E803",
    "\U0001E804", "\U0001E805", "\U0001E806", "\U0001E807",
)

# Invisible characters removed from all output: zero-width space, word joiner,
# BOM/zero-width no-break space, soft hyphen, bidi marks/embeddings/isolates,
# Arabic letter mark, and C0/C1 controls other than tab/newline.
_INVISIBLE = re.compile(
    "[\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"
    "\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]"
)
# Characters XML cannot hold: one of them in a page makes lxml refuse the
# elements trafilatura builds, and the whole extraction is discarded.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The spaces a line may hold once _INVISIBLE is gone are " ", line breaks and
# these: with them, exactly the characters ``str.split()`` splits on, so
# ``" ".join(text.split())`` makes each run one " " (tests/extraction/test_chars.py).
_OTHER_SPACE = re.compile(r"[\r\n\t\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


class CharGuard:
    """Protects ZWNJ/ZWJ through code that would drop them.

    ``protect`` works on HTML source (characters and references alike) or on
    text; ``protect_tree`` on a parsed tree's text nodes; ``restore`` turns
    placeholders back into joiners in any extracted string.
    Placeholders are picked so that none already occurs in the page, so a
    restore can never invent a joiner that was not there.
    """

    __slots__ = ("zwnj_ph", "zwj_ph", "needed")

    def __init__(self, source: str):
        free = [c for c in _PLACEHOLDER_CANDIDATES if c not in source]
        if len(free) < 2:  # pragma: no cover - a page containing all eight
            raise ValueError("no free placeholder characters")
        self.zwnj_ph, self.zwj_ph = free[0], free[1]
        # Pages without any joiner (most non-Persian pages) skip the tree passes.
        self.needed = ZWNJ in source or ZWJ in source or bool(_ANY_REF.search(source))

    def protect(self, source: str) -> str:
        source = _ZWNJ_REFS.sub(self.zwnj_ph, source)
        source = _ZWJ_REFS.sub(self.zwj_ph, source)
        return source.replace(ZWNJ, self.zwnj_ph).replace(ZWJ, self.zwj_ph)

    def protect_tree(self, tree) -> None:
        """Swap joiners for placeholders in every text node of an lxml tree."""
        if not self.needed:
            return
        for el in tree.iter():
            if el.text and (ZWNJ in el.text or ZWJ in el.text):
                el.text = self.protect(el.text)
            if el.tail and (ZWNJ in el.tail or ZWJ in el.tail):
                el.tail = self.protect(el.tail)

    def unprotect_tree(self, tree) -> None:
        if not self.needed:
            return
        for el in tree.iter():
            if el.text and (self.zwnj_ph in el.text or self.zwj_ph in el.text):
                el.text = self.restore(el.text)
            if el.tail and (self.zwnj_ph in el.tail or self.zwj_ph in el.tail):
                el.tail = self.restore(el.tail)

    def restore(self, text: str | None) -> str | None:
        if not text:
            return text
        return text.replace(self.zwnj_ph, ZWNJ).replace(self.zwj_ph, ZWJ)


_BARE_JOINER_REFS = re.compile(r"&(zwn?j)(?!;)", re.I)


def fix_bare_joiner_refs(html: str) -> str:
    """``&zwnj`` written without its ``;`` (careless CMS templates): HTML
    parsers leave it as literal text, but it can only mean the joiner."""
    if "&zw" not in html and "&ZW" not in html:
        return html
    return _BARE_JOINER_REFS.sub(lambda m: ZWNJ if m.group(1).lower() == "zwnj" else ZWJ, html)


def clean(text: str | None) -> str:
    """One line of clean text: invisible noise removed, spaces collapsed.

    Combining marks, ZWNJ/ZWJ, tatweel and every letter stay as they are: no
    Unicode normalisation is applied, so the text is what the page says.
    """
    if not text:
        return ""
    if len(text) <= _RECURRING_LINE:  # a plain str key: see line_key
        return _recurring_clean(text if type(text) is str else str(text))
    return _clean(text)


def _clean(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    # Most lines hold single " " gaps only: checked for (a substring test and
    # a scan for the other space characters) before they are rewritten.
    # (Line breaks are spaces here; every other whitespace character
    # str.split() knows is in _INVISIBLE, and gone.)
    if "  " in text or _OTHER_SPACE.search(text):
        return " ".join(text.split())
    return text.strip()


# --------------------------------------------------------------------------
# Folding for dedup/search (separate fields only).

_FOLD = str.maketrans({
    "\u064a": "\u06cc",  # ي → ی
    "\u0649": "\u06cc",  # ى → ی
    "\u0643": "\u06a9",  # ك → ک
    "\u0629": "\u0647",  # ة → ه
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ → ا
    "\u0624": "\u0648",  # ؤ → و
    "\u0626": "\u06cc",  # ئ → ی
    "\u06c0": "\u0647",  # ۀ → ه
    "\u0640": None,  # tatweel
    ZWNJ: " ", ZWJ: None,
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
})


# Combining marks: Arabic harakat, Quranic marks, superscript alef, Latin diacritics.
_MARKS = re.compile("[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]")


def fold(text: str | None) -> str | None:
    """Search form: Arabic/Persian letter variants and digits unified,
    harakat removed, ZWNJ as a space, case folded.  Never shown to readers."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", _fold_chars(text))
    text = _MARKS.sub("", text)
    if "  " in text or "\t" in text:  # rare: the regex scan costs ~0.15 ms on a story
        text = _FOLD_SPACES.sub(" ", text)
    return text.casefold()


_FOLD_SPACES = re.compile(r"[ \t]{2,}|\t")  # runs of spaces and tabs as one space (a lone " " is left: see _SPACES)


def _fold_chars(text: str) -> str:
    """``text.translate(_FOLD)``, without a dict lookup per character (see
    ``letters_folded``): digits by a regex, the rest by chained replaces."""
    if _FOLD_DIGIT.search(text):
        text = _FOLD_DIGIT.sub(_folded_digit, text)
    for variant, letter in _FOLD_LETTERS:
        if variant in text:
            text = text.replace(variant, letter)
    return text


_FOLD_LETTERS = tuple((chr(k), v or "") for k, v in _FOLD.items() if not chr(k).isdigit())
_FOLD_DIGIT = re.compile("[" + "".join(chr(k) for k in _FOLD if chr(k).isdigit()) + "]")


def _folded_digit(m: re.Match) -> str:
    return _FOLD[ord(m.group())]


_DIGITS = str.maketrans({
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    **{chr(0x0660 + i): str(i) for i in range(10)},
    "\u066b": ".", "\u066c": ",",  # Arabic decimal/thousands separators
})


# ``str.translate`` with a dict looks every character up (~0.25 us each on
# Persian text, a third of extract()'s time): digits are rare, so a regex
# finds them; the six letter variants are chained ``str.replace`` (C scans).
# Same output as translating with these tables.
_DIGIT_CHARS = {chr(k): v for k, v in _DIGITS.items()}
_ANY_DIGIT = re.compile("[" + "".join(sorted(_DIGIT_CHARS)) + "]")


def _digit(m: re.Match) -> str:
    return _DIGIT_CHARS[m.group()]


def ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as ASCII (for parsing only)."""
    return _ANY_DIGIT.sub(_digit, text) if _ANY_DIGIT.search(text) else text


_LETTER_FOLD = (
    ("\u064a", "\u06cc"), ("\u0649", "\u06cc"), ("\u0643", "\u06a9"),
    ("\u0640", ""), (ZWNJ, " "), ("\u00a0", " "),
)


def letters_folded(text: str) -> str:
    """Arabic-script letter variants unified (ي/ی, ك/ک) and ASCII digits;
    used to match phrases and month names written either way."""
    text = ascii_digits(text)
    for variant, letter in _LETTER_FOLD:
        if variant in text:
            text = text.replace(variant, letter)
    return text


def line_key(text: str) -> str:
    """Comparison form of a short line: folded letters, no punctuation/space."""
    # a plain str: lxml's text results (a str subclass) hold their element,
    # and a cached one held its whole parsed page
    text = text if type(text) is str else str(text)
    if len(text) > _RECURRING_LINE:
        return _paragraph_key(text) if len(text) <= _PARAGRAPH else _line_key(text)
    return _recurring_line_key(text)


def joined_key(lines) -> str:
    """``line_key(" ".join(lines))``, from each line's key: every step of a
    key maps characters one by one (no context) and drops the spaces, so the
    key of a join is the join of the keys, and a page's paragraphs are keyed
    once, not again as one long text."""
    return "".join(map(line_key, lines))


def _line_key(text: str) -> str:
    # Word by word: a word of letters and digits only (``str.isalnum``, the
    # same test as the regex's \w less "_") is kept whole without a regex
    # scan; whitespace is \W, dropped by the split.
    return "".join([w if w.isalnum() else _NOT_KEY.sub("", w) for w in letters_folded(text).casefold().split()])


_NOT_KEY = re.compile(r"[\W_]+")


# Menu labels and headlines recur across a site's pages: their keys are
# remembered.  (Unbounded by length, and keyed on lxml results that keep their
# page's tree alive, this cache grew each extraction worker by ~0.25 MB per
# page, without end.)  The bound is a site's recurring lines (a page's menus
# and sidebars), not the site: at 16,384 it kept the headline of every story
# the crawl's pages linked to (~0.5 KB each: +7 MB per worker at 5,000
# stories); at 2,048 it still filled between 500 and 5,000 stories.  A paragraph is keyed several times within its page (the line
# rules, the drop rules, what the body kept): the last few are remembered.
_RECURRING_LINE = 200
_recurring_line_key = lru_cache(maxsize=512)(_line_key)
_PARAGRAPH = 5_000  # bounded: a few MB at most, whatever a page holds
_paragraph_key = lru_cache(maxsize=128)(_line_key)
# Link labels (a page's 100+ menu and sidebar links are the same on every
# page of a site), dates, captions: cleaned once (bounded as above).
_recurring_clean = lru_cache(maxsize=512)(_clean)
