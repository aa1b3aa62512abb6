"""Unicode clean-up: joiners and harakat kept, invisible noise removed, folding separate."""

from crawler.extraction.chars import CharGuard, ascii_digits, clean, fold

ZWNJ, ZWJ = "\u200c", "\u200d"


def test_clean_keeps_joiners_and_harakat():
    text = f"می{ZWNJ}خوانند بين{ZWNJ}الملل كَتَبَ 👨{ZWJ}👩"
    assert clean(text) == text


def test_clean_removes_invisible_noise_consistently():
    dirty = "\ufeffسلام\u200b دنیا\u00ad \u200fمرحبا\u202b!\u202c \u2066x\u2069\u061c"
    assert clean(dirty) == "سلام دنیا مرحبا! x"


def test_clean_collapses_spaces_but_not_letters():
    assert clean("  ي\u00a0ك\n\tی\u2028ﻻ  ") == "ي ك ی ﻻ"  # Arabic yeh/kaf, presentation forms untouched


def test_fold_is_for_search_only():
    assert fold("كتاب‌ها ي ۱۲۳ ٤٥ مَدرسة") == "کتاب ها ی 123 45 مدرسه"
    assert fold(None) is None


def test_ascii_digits():
    assert ascii_digits("۱۴۰۲/۰۲/۰۵ ٢١:٤٦") == "1402/02/05 21:46"


def test_guard_round_trip_of_characters_and_references():
    src = f"<p>می&zwnj;خوانند و بین&#8204;الملل و x&#x200C;y و a&#X200c;b و می{ZWNJ}روند و &zwj;</p>"
    guard = CharGuard(src)
    protected = guard.protect(src)
    assert ZWNJ not in protected and "&zwnj;" not in protected and "&#8204;" not in protected
    assert protected.isprintable()
    restored = guard.restore(protected)
    assert restored.count(ZWNJ) == 5 and restored.count(ZWJ) == 1


def test_guard_never_reuses_a_character_present_in_the_page():
    first = "\U0001E800"
    guard = CharGuard(f"<p>{first}</p>")
    assert first not in (guard.zwnj_ph, guard.zwj_ph)
    assert guard.restore(f"{first}") == first


def test_bare_joiner_references_without_semicolon():
    from crawler.extraction.chars import fix_bare_joiner_refs

    assert fix_bare_joiner_refs("می&zwnjخوانند و می&zwnj;روند x&ZWJy") == f"می{ZWNJ}خوانند و می&zwnj;روند x{ZWJ}y"
