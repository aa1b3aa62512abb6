"""Bytes to text as a browser would, plus the corrections the issue asks for."""

import codecs

import pytest

from crawler.extraction.decode import NotHTML, check_html, decode, http_charset, meta_charset

AR = "أعلنت وزارة الدفاع التركية أن الوزراء ورؤساء المخابرات ناقشوا تعزيز الأمن وتطبيع العلاقات بين أنقرة ودمشق"
FA_1256 = "وزيران دفاع روسيه، ايران، ترکيه و سوريه روز سه شنبه در مسکو با يکديگر ديدار کرده و درباره همکاري\u200cها گفتگو کردند"


def page(text, meta=""):
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


def test_bom_wins():
    body = codecs.BOM_UTF8 + page(AR).encode("utf-8")
    text, enc = decode(body, {"Content-Type": "text/html; charset=windows-1256"})
    assert enc == "utf-8" and AR in text


def test_http_charset_used():
    body = page(AR).encode("cp1256")
    text, enc = decode(body, {"Content-Type": "text/html; charset=windows-1256"})
    assert enc == "cp1256" and AR in text


@pytest.mark.parametrize("meta", [
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
    "<meta charset='windows-1256'>",
    '<META HTTP-EQUIV=content-type CONTENT="text/html;charset=Windows-1256">',
])
def test_charset_only_in_meta(meta):
    body = page(AR, meta).encode("cp1256")
    text, enc = decode(body, {"Content-Type": "text/html"})
    assert enc == "cp1256" and AR in text


@pytest.mark.parametrize("wrong", ["utf-8", "ISO-8859-1"])
def test_wrong_http_charset_with_meta(wrong):
    body = page(AR, '<meta charset="windows-1256">').encode("cp1256")
    text, _ = decode(body, {"Content-Type": f"text/html; charset={wrong}"})
    assert AR in text


def test_wrong_http_latin1_without_meta():
    body = page(AR).encode("cp1256")
    text, enc = decode(body, [("Content-Type", "text/html; charset=iso-8859-1")])
    assert enc == "cp1256" and AR in text


def test_utf8_page_declared_as_1256_is_utf8():
    body = page(AR, '<meta charset="windows-1256">').encode("utf-8")
    text, enc = decode(body, {"Content-Type": "text/html; charset=windows-1256"})
    assert enc == "utf-8" and AR in text


@pytest.mark.parametrize("text,hint", [(AR, "ar"), (FA_1256, "fa"), (AR, None)])
def test_no_declaration_detected(text, hint):
    body = page(text * 3).encode("cp1256")
    decoded, enc = decode(body, None, hint=hint)
    assert enc == "cp1256" and text in decoded


def test_zwnj_in_windows_1256_survives():
    body = page(FA_1256).encode("cp1256")
    decoded, _ = decode(body, {"content-type": "text/html; charset=windows-1256"})
    assert "همکاري\u200cها" in decoded


def test_western_page_declared_latin1_stays_western():
    text = "Le président a déclaré à la presse que les élèves étaient fâchés. Où est-il? Ça va, déjà été. " * 4
    body = page(text).encode("cp1252")
    decoded, enc = decode(body, {"Content-Type": "text/html; charset=ISO-8859-1"})
    assert enc == "cp1252" and text.strip() in decoded


def test_header_forms():
    assert http_charset({"content-type": "text/html; charset=UTF-8"}) == "utf-8"
    assert http_charset([(b"Content-Type", b"text/html; charset=windows-1256")]) == "cp1256"
    assert http_charset(None) is None
    assert meta_charset(b'<meta content="text/html; charset=utf-8" http-equiv="Content-Type">') == "utf-8"


@pytest.mark.parametrize("body,headers", [
    (b"", None),
    (b"   ", None),
    (b"%PDF-1.4 ...", {"Content-Type": "text/html"}),
    (b"\x89PNG\r\n\x1a\n....", None),
    (b"<html>...</html>", {"Content-Type": "image/jpeg"}),
    (b'{"a": 1}', {"Content-Type": "application/json"}),
])
def test_not_html(body, headers):
    with pytest.raises(NotHTML):
        check_html(body, headers)


# Random or binary bytes served as text/html are not a page (issue 9).
def test_random_bytes_look_binary():
    import random

    from crawler.extraction.decode import looks_binary
    noise = random.Random(9).randbytes(50 * 1024)
    assert looks_binary(noise)
    assert not looks_binary("<html><body><p>خبر\tيك\r\n</p></body></html>".encode("utf-8") * 100)
    assert not looks_binary("<html><body><p>خبر</p></body></html>".encode("cp1256") * 100)
    assert not looks_binary("<html><body>x</body></html>".encode("utf-16"))  # NULs, but a BOM
    assert not looks_binary(b"")


def test_random_bytes_as_html_are_not_an_article():
    import random

    from crawler.extraction import NotAnArticle, extract
    noise = random.Random(9).randbytes(50 * 1024)
    with pytest.raises(NotAnArticle) as err:
        extract("https://example.com/news/2023/04/25/a-long-story-slug-here", noise,
                {"Content-Type": "text/html; charset=utf-8"})
    assert err.value.reason == "binary"
