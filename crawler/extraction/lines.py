"""Paragraph rules: the serialised paragraphs, with furniture lines dropped.

Why: what survives DOM pruning still carries lines no selector can reach:
"read also" lines (and the linked headlines under a bare label), end-of-
article labels after which nothing belongs to the story, the source credit
(moved to its own field), repeated titles, date lines and bylines near the
top, captions, calls to follow the outlet.  What one page adds to the rules
(its title, authors, link texts, the site's phrases) travels in one
``LineOptions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .chars import letters_folded, line_key
from .dates import parse_text_date
from .phrases import (BYLINE, CALL_TO_FOLLOW, CAPTION, CREDIT_LABEL, CREDIT_SENTENCE, DISCLAIMER, DROP_CONTAINS_FORMS,
                      DROP_EXACT_KEYS, DROP_PREFIX_FORMS, END_KEYS, SOURCE_PREFIX, phrase_form,
                      phrase_form_of_folded)


@dataclass(frozen=True)
class LineOptions:
    """What one page adds to the paragraph rules."""

    title: Optional[str] = None  # a line repeating it is dropped
    title_aliases: tuple[str, ...] = ()  # the headline as written, with its kicker
    authors: tuple[str, ...] = ()  # a line naming only them is a byline
    phrases: tuple[str, ...] = ()  # the site's ``boilerplate_phrases``: lines starting so are dropped
    calendar: str = "gregorian"  # how date lines near the top are read
    link_texts: frozenset = frozenset()  # keys of links to other pages (headlines under a "read also" label)
    # Keys of all the page's short link labels: a one-to-three word line equal
    # to one of them before any story text is a section label («العالم» above
    # the headline), not the story's first paragraph.
    label_links: frozenset = frozenset()


@dataclass
class Filtered:
    paragraphs: list[str]
    source_credit: Optional[str] = None


# View/comment counters on their own line: «۱۲۳۴ بازدید», «مشاهدة 1520», «نظرات (۰)».
_COUNTER_LINE = re.compile(
    r"^\s*(?:[\d,.]+\s*(?:بازدید|نظر|دیدگاه|مشاهده|مشاهدة|مشاهدات|تعلیق|تعلیقات|قراءة|views?|comments?)"
    r"|(?:بازدید|تعداد بازدید|نظرات|دیدگاه‌ها|دیدگاه ها|التعلیقات|تعلیقات|مشاهدات|مشاهدة|المشاهدات|views?|comments?)\s*[:(]?\s*[\d,.]+\s*\)?)\s*$",
    re.I)
_ID_LINE = re.compile(r"^.{0,40}?(?:کد خبر|شناسه خبر|شناسهٔ خبر|شناسه\u06c0 خبر|کد مطلب|رقم الخبر|رمز الخبر)\s*[:：]?\s*\d+\s*$")


# A line of share buttons: only the networks' names («Facebook Twitter Google+ Whatsapp»).
_SHARE_NAMES = (r"facebook|twitter|google\+|whatsapp|linkedin|pinterest|telegram|reddit|tumblr|e-?mail|print|"
                r"messenger|فيسبوك|فيس بوك|تويتر|واتساب|تلغرام|تيليجرام|لينكدإن|تلگرام|توییتر|فیسبوک|واتساپ|ایتا|بله")
_SHARE_LINE = re.compile(rf"^\s*(?:{_SHARE_NAMES})(?:[\s|,•·/]+(?:{_SHARE_NAMES}))+\s*$", re.I)
# An unrendered WordPress shortcode («[button link=…]Send us…[/button]»).
_SHORTCODE = re.compile(r"\[/[a-z_]{2,20}\]")


def _is_drop(line: str) -> bool:
    k = line_key(line)
    if not k:
        return True
    if len(line) < 200 and (_SHARE_LINE.match(line) or _SHORTCODE.search(line)):
        return True
    folded = letters_folded(line)  # once per line: the rules below all read it
    if _ID_LINE.match(folded) or _COUNTER_LINE.match(folded):
        return True
    if k in DROP_EXACT_KEYS:
        return True
    if len(line) >= 600:  # the phrase rules below are for short lines only
        return False
    low = phrase_form_of_folded(folded)
    if len(line) < 300 and low.startswith(DROP_PREFIX_FORMS):
        return True
    if any(c in low for c in DROP_CONTAINS_FORMS):
        return True
    if len(line) < 160 and CALL_TO_FOLLOW.search(low):
        return True
    if len(line) < 300 and DISCLAIMER.search(low):
        return True
    return False


def filter_paragraphs(paras: list[str], options: LineOptions = LineOptions()) -> Filtered:
    """Apply the paragraph rules to serialised paragraphs, in order."""
    site_prefixes = tuple(phrase_form(p) for p in options.phrases)
    title_key = line_key(options.title) if options.title else None
    alias_keys = {line_key(t) for t in options.title_aliases if t}
    author_keys = {line_key(a) for a in options.authors if a}
    link_texts, label_links = options.link_texts, options.label_links
    total = sum(len(p) for p in paras) or 1

    out: list[str] = []
    credit = None
    seen_chars = 0
    i = 0
    while i < len(paras):
        line = paras[i]
        k = line_key(line)
        seen_chars += len(line)
        i += 1
        # End-of-story label: nothing after it belongs to the article.
        if k in END_KEYS:
            if out and seen_chars > 0.3 * total:
                break
            continue
        m = CREDIT_LABEL.match(line)
        if m and len(line) < 150 and (len(paras) - i) < 6:
            value = m.group(2).strip()
            if not value and i < len(paras) and len(paras[i]) < 80:
                value = paras[i].strip()
                i += 1
            if value:
                credit = credit or value
            continue
        m = SOURCE_PREFIX.match(line)
        if m:
            credit = credit or m.group(1).strip()
            continue
        m = CREDIT_SENTENCE.search(line)
        if m and len(line) < 400:
            credit = credit or m.group(1)
            continue
        if _is_drop(line):
            # «اقرأ أيضاً:» alone on its line introduces the linked headline(s) that follow.
            if len(line) < 25:
                while i < len(paras) and line_key(paras[i]) in link_texts:
                    i += 1
            continue
        if site_prefixes and len(line) < 300 and phrase_form(line).startswith(site_prefixes):
            continue
        if title_key and (k == title_key or k in alias_keys):
            continue
        if not out and label_links and len(line) < 40 and len(line.split()) <= 3 and k in label_links:
            continue
        if author_keys and k in author_keys:
            continue
        if link_texts and out and len(line) < 150 and k in link_texts and _shouted(line):
            continue  # another story's headline set in the text in capitals, as a link: a teaser
        if len(out) < 3 and len(line) < 120:
            if BYLINE.match(line):
                continue
            if _is_date_line(line, options.calendar):
                continue
        if len(line) < 300 and CAPTION.search(line):
            continue
        out.append(line)
    return Filtered(_without_trailing_teasers(out, link_texts), credit)


def _without_trailing_teasers(out: list[str], link_texts: frozenset) -> list[str]:
    """The story without a run of other stories' headlines (links to other
    pages), each perhaps with its one-line excerpt, at its end: a "more
    stories" rail the generic path took for a continuation.  Cut where the
    run starts, when it holds at least two headlines and they are two in five
    of its lines or more; no line of the run is longer than an excerpt."""
    if not link_texts or len(out) < 4:
        return out
    def headline(line: str) -> bool:
        return len(line) > 15 and line_key(line) in link_texts

    count, cut, last = 0, None, None
    for i in range(len(out) - 1, 0, -1):
        line = out[i]
        if len(line) > 200:
            break
        if headline(line):
            last = i if last is None else last
            count += 1
            if count >= 2 and count >= 0.4 * (len(out) - i):
                cut = i  # the run starts at a headline
    if cut is None:
        return out
    run = [i for i in range(cut, last + 1) if headline(out[i])]
    # Headlines each with an excerpt: the last one's excerpt goes too; what
    # follows the run (an editor's note, «Originally published on …») stays.
    paired = sum(1 for i in run if i + 1 < len(out) and not headline(out[i + 1])) >= 0.6 * len(run)
    end = last + 2 if paired and last + 1 < len(out) else last + 1
    # A list of links that is most of the text is the story (a shopping list, a link roundup).
    if sum(map(len, out[cut:end])) > 0.5 * sum(map(len, out[:cut])):
        return out
    return out[:cut] + out[end:]


def _shouted(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 10 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


_WORD = re.compile(r"[^\W\d_]{2,}")


def _is_date_line(line: str, calendar: str) -> bool:
    """A short line that is mostly a date (with a weekday, source or clock)."""
    if not parse_text_date(line, None, calendar):
        return False
    words = _WORD.findall(letters_folded(line))
    return len(words) <= 8
