"""Unicode clean-up: joiners and harakat kept, invisible noise removed, folding separate."""

from crawler.extraction.chars import CharGuard, ascii_digits, clean, fold, letters_folded

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
    assert ascii_digits("٪۵٫۲ ١٬٠٠٠") == "٪5.2 1,000"  # the percent sign is not a digit


def test_letters_folded_maps_each_character_on_its_own():
    """The fast path (a regex for digits, chained replaces for letters) gives
    what a per-character table gives, for every character of the Basic
    Multilingual Plane, alone and in a Persian/Arabic line."""
    table = {**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)},
             "\u066b": ".", "\u066c": ",", "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
             "\u0640": "", ZWNJ: " ", "\u00a0": " "}
    everything = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    assert letters_folded(everything) == "".join(table.get(c, c) for c in everything)
    line = f"كتب ي{ZWNJ}ى ١٢٣ ۴۵ ـ\u00a0x"
    assert letters_folded(line) == "کتب ی ی 123 45  x"  # tatweel dropped, no-break space a space


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


def test_fold_maps_each_character_as_its_table_does():
    """``fold`` without ``str.translate`` (a regex for digits, chained replaces
    for letters) gives what translating with its table gives, for every
    character outside the surrogates, alone and in a run."""
    import re
    import unicodedata

    from crawler.extraction.chars import _FOLD, _MARKS

    def by_table(text):
        text = unicodedata.normalize("NFKC", text.translate(_FOLD))
        return re.sub(r"[ \t]+", " ", _MARKS.sub("", text)).casefold()

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert fold(everything) == by_table(everything)
    assert [fold(c) for c in everything] == [by_table(c) for c in everything]
    import itertools

    for n in range(1, 5):  # runs of what folds to a space or a tab
        for chars in itertools.product((" ", "\t", "\u00a0", ZWNJ, "\u2003", "a", "\u064e"), repeat=n):
            assert fold("".join(chars)) == by_table("".join(chars))


def test_the_key_of_joined_lines_is_the_join_of_their_keys():
    """``joined_key`` (each line keyed once) equals keying the joined text,
    over every character outside the surrogates, in short lines and long."""
    from crawler.extraction.chars import joined_key, line_key

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for size in (7, 150, 5_000):
        lines = [everything[i:i + size] for i in range(0, len(everything), size)]
        assert joined_key(lines) == line_key(" ".join(lines))
    assert joined_key([]) == line_key("") == ""


def test_clean_collapses_space_runs_as_one_pattern_for_all_runs_did():
    """``clean`` leaves a line of single " " gaps as it is and rewrites any
    other with ``str.split``: the same text as replacing every run of spaces
    (line breaks included) with one " ", for every character, and for every
    string of up to four characters over the spaces and a letter or two."""
    import itertools
    import re

    from crawler.extraction.chars import _INVISIBLE, _clean

    every_run = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")

    def reference(text: str) -> str:
        text = _INVISIBLE.sub("", text).replace("\r", " ").replace("\n", " ")
        return every_run.sub(" ", text).strip()

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert _clean(everything) == reference(everything)
    # every whitespace character str.split() knows is a space here or invisible noise
    assert all(_INVISIBLE.fullmatch(c) or every_run.fullmatch(c) or c in "\r\n"
               for c in everything if c.isspace())
    spaces = [c for c in everything if every_run.fullmatch(c)] + ["\r", "\n"]
    assert len(spaces) == 22
    for n in range(1, 5):
        for chars in itertools.product(spaces[:6] + ["\n", "a", ZWNJ, "\u200b"], repeat=n):
            text = "".join(chars)
            assert _clean(text) == clean(text) == reference(text)
    for n in range(1, 4):
        for chars in itertools.product(spaces + ["a"], repeat=n):
            text = "".join(chars)
            assert _clean(text) == reference(text)
    for text in ("a  b", " a b ", "a\u00a0b", "a\tb", "a\r\nb", "a \u200b b"):
        assert _clean(text) == reference(text) and "  " not in _clean(text)


def test_line_keys_drop_what_the_non_word_pattern_drops():
    """``line_key`` goes word by word; the key is still the folded text with
    every ``[\\W_]`` character removed, over every character and mixed lines."""
    import random
    import re

    from crawler.extraction.chars import _line_key

    def reference(text: str) -> str:
        return re.sub(r"[\W_]+", "", letters_folded(text).casefold())

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert _line_key(everything) == reference(everything)
    rng = random.Random(7)
    pool = list(everything)
    for _ in range(3000):
        text = "".join(rng.choice(pool) if rng.random() < 0.3 else rng.choice(" _a۱ـ\u200c\u064b-«»،.")
                       for _ in range(rng.randint(0, 30)))
        assert _line_key(text) == reference(text)
