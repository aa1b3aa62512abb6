"""fa vs ar, deterministic, even for short texts; priors from the page and the site."""

import pytest

from crawler.extraction.language import detect

FA = [
    "نشست چهارجانبه در مسکو برگزار شد",
    "وزیر دفاع کشورمان به مسکو سفر کرد",
    "قیمت دلار امروز",
    "جزئیات بیانیه پایانی به‌زودی منتشر می‌شود.",
    "ما از گفت‌وگوهای چهارجانبه استقبال می‌کنیم",
]
AR = [
    "اجتماع رباعي في موسكو",
    "وزيرا دفاع تركيا وسوريا يجتمعان في روسيا",
    "قال المتحدث إن الاجتماع كان إيجابياً",
    "الحكومة العراقية تقر مشروع الموازنة",
    "منذ 3 ساعات",
]


@pytest.mark.parametrize("text", FA)
def test_short_persian(text):
    assert detect(text)[0] == "fa"


@pytest.mark.parametrize("text", AR)
def test_short_arabic(text):
    assert detect(text)[0] == "ar"


def test_persian_written_with_arabic_yeh_and_kaf():
    # Legacy windows-1256 Persian pages use ي and ك; Persian letters and words still decide.
    assert detect("وزيران دفاع روسيه، ايران، ترکيه و سوريه روز سه شنبه در مسکو با يکديگر ديدار کردند")[0] == "fa"


def test_priors_decide_when_text_is_ambiguous():
    assert detect("سوريا")[0] in ("fa", "ar")
    assert detect("سوريا", declared="ar")[0] == "ar"
    assert detect("سوریه", site_language="fa")[0] == "fa"
    assert detect("سلام", declared="fa-IR")[0] == "fa"


def test_strong_text_beats_a_wrong_prior():
    text = "أعلنت وزارة الدفاع التركية أن الوزراء ورؤساء المخابرات من تركيا والنظام السوري وإيران وروسيا ناقشوا تعزيز الأمن"
    assert detect(text, declared="fa", site_language="fa")[0] == "ar"


def test_deterministic():
    text = "مذاکرات دوجانبه وزرای دفاع"
    assert len({detect(text) for _ in range(20)}) == 1


def test_other_languages():
    assert detect("The quick brown fox jumps over the lazy dog near the river bank")[0] == "en"
    lang, conf = detect("Die Bundesregierung hat am Dienstag neue Maßnahmen beschlossen, teilte ein Sprecher mit.")
    assert lang == "de" and 0 < conf <= 1


def test_confidence_range_and_empty():
    lang, conf = detect("اجتماع رباعي في موسكو")
    assert 0.5 <= conf <= 1
    assert detect("") == (None, None)
    assert detect("123 456", site_language="fa") == ("fa", 0.3)


def test_the_script_counts_are_per_character_counts():
    """The cues are counted by removing runs (``_NOT_LETTER``, ``_AR_SCRIPT``)
    and by ``str.count``: the same numbers as matching one character at a
    time, over every character and over mixed text."""
    import re

    from crawler.extraction import language as L

    letter = re.compile(r"[^\W\d_]")
    arabic = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    mixed = "گزارش ۱۲ خبرنگار: «الرياض» ـ١٤٤٥ هـ، 2024 _x_ ك ي ة " + "\u200c\u064b\u0670 Ab9"
    for text in (everything, mixed, mixed * 40, ""):
        assert len(L._NOT_LETTER.sub("", text)) == len(letter.findall(text))
        assert len(text) - len(L._AR_SCRIPT.sub("", text)) == len(arabic.findall(text))
        for letters in (L._FA_LETTERS, L._AR_LETTERS, L._OTHER_LETTERS):
            assert L._count(text, letters) == len(re.findall(f"[{letters}]", text))
