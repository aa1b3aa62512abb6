"""The extract() contract: pure, deterministic, picklable, worker-safe; its
classification of non-articles; characters through the generic path."""

import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from crawler.extraction import ExtractionError, NotAnArticle, extract
from crawler.items import Article
from crawler.sites import get_site

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "pages"
ZWNJ = "\u200c"
HTML = {"Content-Type": "text/html; charset=utf-8"}

ARTICLE_FA = """<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>{title} - خبرگزاری نمونه</title></head>
<body><nav><a href="/">خانه</a> <a href="/politics">سیاسی</a></nav><article><h1>{title}</h1>
<p>وزیران دفاع روسیه، ایران، ترکیه و سوریه روز سه&zwnj;شنبه در مسکو با یکدیگر دیدار کردند و درباره همکاری&#8204;ها گفت&#x200c;وگو کردند.</p>
<p>{second}</p></article><footer>کلیه حقوق محفوظ است</footer></body></html>"""


def fa_page(title="دیدار وزیران دفاع در مسکو", second="طرفین بر ادامه رایزنی\u200cها تاکید کردند و قرار شد نشست بعدی در سطح وزیران خارجه برگزار شود."):
    return ARTICLE_FA.format(title=title, second=second).encode("utf-8")


def test_returns_article_without_caller_fields():
    a = extract("https://www.example-news.ir/news/1/x", fa_page(), HTML)
    assert isinstance(a, Article)
    assert a.fetched_at is None and a.warc is None
    assert a.site is None and a.language == "fa"
    assert a.text.count("\n\n") == 1  # two paragraphs, one blank line between
    assert "سه\u200cشنبه" in a.text and "همکاری\u200cها" in a.text and "گفت\u200cوگو" in a.text
    assert a.word_count == len(a.text.split())
    assert a.text_normalized and "ي" not in a.text_normalized


def test_deterministic_and_picklable():
    body = (GOLDEN / "gulf_wp_turkey_syria.html").read_bytes()
    url = "https://www.gulfnews24.ae/2023/04/25/x/"
    first = extract(url, body, HTML)
    assert all(extract(url, body, HTML) == first for _ in range(3))
    assert pickle.loads(pickle.dumps(first)) == first
    err = pickle.loads(pickle.dumps(NotAnArticle("listing")))
    assert isinstance(err, NotAnArticle) and err.reason == "listing"


def _extract_in_worker(args):
    return extract(*args)


def test_runs_in_a_worker_process():
    body = (GOLDEN / "mashregh_moscow_deputies.html").read_bytes()
    url = "https://www.mashreghnews.ir/news/1492215/x"
    with ProcessPoolExecutor(max_workers=1) as pool:
        remote = pool.submit(_extract_in_worker, (url, body, HTML)).result(timeout=120)
    assert remote == extract(url, body, HTML)
    assert remote.site == "mashregh"


def test_site_argument_overrides_url_lookup():
    body = (GOLDEN / "mashregh_breaking_two_paragraphs.html").read_bytes()
    a = extract("https://mirror.local/news/1512345/x", body, HTML, site=get_site("mashregh"))
    assert a.site == "mashregh" and a.published == "2023-04-25T21:46:00+03:30"


def test_headers_accept_pairs_and_none():
    body = fa_page()
    url = "https://www.example-news.ir/news/1/x"
    assert extract(url, body, None) == extract(url, body, [("Content-Type", "text/html")]) == extract(url, body, HTML)


def test_short_item_kept_on_unknown_site():
    body = fa_page(second="جزئیات بیشتر به\u200cزودی منتشر می\u200cشود.")
    a = extract("https://www.example-news.ir/news/2/x", body, HTML)
    assert len(a.text.split("\n\n")) == 2


@pytest.mark.parametrize("url,reason", [
    ("https://www.mashreghnews.ir/", "home"),
    ("https://www.mashreghnews.ir/tag/سوریه", "tag"),
    ("https://www.mashreghnews.ir/service/politics", "section"),
    ("https://www.mashreghnews.ir/photo/1535504/", "video"),
    ("https://www.namehnews.com/fa/print/707675", "print"),
    ("https://www.example.com/tag/syria/", "tag"),
    ("https://www.example.com/category/politics/", "listing"),
    ("https://www.example.com/news/page/3/", "listing"),
    ("https://www.example.com/about-us/", "static"),
])
def test_non_article_urls(url, reason):
    with pytest.raises(NotAnArticle) as err:
        extract(url, fa_page(), HTML)
    assert err.value.reason == reason


def test_soft_404_page():
    body = """<html lang="fa"><head><title>خطا - مشرق نیوز</title></head><body><nav><a href="/">صفحه نخست</a></nav>
    <main><h1>خطا</h1><p>خبر مورد نظر یافت نشد یا حذف شده است. لطفا از طریق صفحه نخست یا جستجو مطلب را پیدا کنید.</p></main></body></html>"""
    with pytest.raises(NotAnArticle) as err:
        extract("https://www.mashreghnews.ir/news/1499990/x", body.encode(), HTML)
    assert err.value.reason == "error"


def test_video_page():
    body = """<html lang="ar"><head><title>فيديو: لحظة وصول الوزراء</title><meta property="og:type" content="video.other"></head>
    <body><h1>فيديو: لحظة وصول الوزراء</h1><video src="/v.mp4"></video><p>لحظة وصول وزراء الدفاع إلى مقر الاجتماع في موسكو.</p></body></html>"""
    with pytest.raises(NotAnArticle) as err:
        extract("https://www.example.com/videos/2023/04/25/arrival", body.encode(), HTML)
    assert err.value.reason == "video"


def test_page_without_body_text():
    body = b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(NotAnArticle) as err:
        extract("https://www.example.com/news/2023/x", body, HTML)
    assert err.value.reason == "no-body"


@pytest.mark.parametrize("body,headers", [
    (b"%PDF-1.7\n...", {"Content-Type": "application/pdf"}),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", None),
    (b"", HTML),
    (b"just some plain text without any markup at all", {"Content-Type": "text/plain"}),
])
def test_not_html_raises_extraction_error(body, headers):
    with pytest.raises(ExtractionError):
        extract("https://www.example.com/a", body, headers)


def test_invisible_noise_removed_and_marks_kept():
    second = "قال الوزیر\u200b إن \u200fالاجتماع «كَانَ إِيجَابِيًّا»\u00ad، وأضاف أن المحادثات ستستمر\ufeff في الأسابيع المقبلة."
    a = extract("https://www.example-news.ir/news/3/x", fa_page(title="عنوان\u200b الخبر\u200e هنا", second=second), HTML)
    for ch in "\u200b\u200f\u200e\u00ad\ufeff":
        assert ch not in a.text and ch not in a.title
    assert "كَانَ إِيجَابِيًّا" in a.text
    assert a.title == "عنوان الخبر هنا"


def test_placeholder_characters_in_the_page_do_not_turn_into_joiners():
    second = "نماد \U0001E800 و \U0001E801 در متن آمده است و باید همان\u200cطور بماند که بود."
    a = extract("https://www.example-news.ir/news/4/x", fa_page(second=second), HTML)
    assert "\U0001E800" in a.text and "\U0001E801" in a.text
    assert "همان\u200cطور" in a.text
    assert not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in a.text)


def test_plain_trafilatura_loses_zwnj_we_do_not():
    """The trap the issue names: trafilatura drops non-printable U+200C."""
    import trafilatura

    body = (GOLDEN / "mashregh_moscow_deputies.html").read_bytes()
    plain = trafilatura.extract(body.decode("utf-8")) or ""
    ours = extract("https://www.mashreghnews.ir/news/1492215/x", body, HTML).text
    assert ZWNJ not in plain and "گفتوگو" in plain
    assert ours.count(ZWNJ) >= 30 and "گفتوگو" not in ours


def test_malformed_urls_do_not_escape_as_errors():
    body = ("<html><head><link rel=canonical href='http://[bad]/x'><meta property='og:image' content='http://[x]/i.jpg'>"
            "</head><body><h1>Title of the article here</h1><p>" + "Some text of the article goes here. " * 10
            + "<a href='http://[ccpa-preferences]/'>Do not sell my info</a></p></body></html>").encode()
    a = extract("https://example.com/news/2023/x", body, None)
    assert a.image is None and a.text.startswith("Some text")
    assert extract("http://[broken/news/x", body, None).url == "http://[broken/news/x"


def test_entities_without_semicolon_in_text_and_title():
    body = ("<html><head><title>بین&zwnjالملل</title></head><body><h1>بین&zwnjالملل و همکاری&zwnjها</h1>"
            "<p>" + "وزیران دفاع در مسکو گفت&zwnjوگو کردند و درباره همکاری&zwnjها تبادل نظر کردند. " * 3 + "</p></body></html>").encode()
    a = extract("https://www.example-news.ir/news/9/x", body, HTML)
    assert "&zwnj" not in a.text and "گفت\u200cوگو" in a.text and a.title == "بین\u200cالملل و همکاری\u200cها"


def test_old_table_layout_page_in_windows_1256_without_declaration():
    """trafilatura falls back to the whole page here; the densest block is the story."""
    story = ["وزير دفاع کشورمان صبح امروز براي شرکت در نشست چهارجانبه وزيران دفاع ايران، روسيه، ترکيه و سوريه وارد مسکو شد.",
             "بر اساس اين گزارش، در اين نشست موضوعات مربوط به همکاري\u200cهاي امنيتي و عادي\u200cسازي روابط ترکيه و سوريه بررسي مي\u200cشود.",
             "وي پيش از سفر گفته بود ايران از هر اقدامي که به ثبات منطقه کمک کند حمايت مي\u200cکند."]
    page = ('<html><head><title>خبرگزاري نمونه - سفر وزير دفاع به مسکو</title></head><body><table width="100%">'
            '<tr><td class="menu"><a href="/">صفحه اصلي</a> | <a href="/s">سياسي</a> | <a href="/e">اقتصادي</a> | '
            '<a href="/v">ورزشي</a></td></tr><tr><td><span class="titr">سفر وزير دفاع به مسکو براي شرکت در نشست</span><br>'
            '<span class="date">سه شنبه 5 ارديبهشت 1402 ساعت 10:30</span><br><br><div class="matn">'
            + "<br><br>".join(story) + '</div></td></tr><tr><td class="footer">کليه حقوق محفوظ است</td></tr></table></body></html>')
    a = extract("http://www.old-news-sample.ir/news/12345.htm", page.encode("cp1256"), {"Content-Type": "text/html"})
    assert a.text.split("\n\n") == story
    assert a.language == "fa" and a.published == "2023-04-25T10:30:00+03:30"


def test_known_site_article_with_tracking_parameters_or_new_url_shape():
    body = (GOLDEN / "mashregh_moscow_deputies.html").read_bytes()  # declares a NewsArticle
    a = extract("https://www.mashreghnews.ir/news/1492215/x?utm_source=telegram", body, HTML)
    assert a.site == "mashregh" and a.text
    a = extract("https://www.mashreghnews.ir/fa/news-item/1492215", body, HTML)  # unknown shape, but an article
    assert a.title.startswith("نشست فنی")
    with pytest.raises(NotAnArticle) as err:  # unknown shape and no article claim
        extract("https://www.mashreghnews.ir/page/about", fa_page(), HTML)
    assert err.value.reason == "not-article-url"


def test_a_story_after_deeply_nested_sloppy_markup_is_read_whole():
    """A menu of 400 items each leaving a <font> open nests 800 levels deep.
    libxml2 stops reading at 256 levels unless told otherwise (huge_tree, as
    Scrapy's own parser): the story after the menu was lost, the page taken
    for a listing, without an error."""
    menu = "<ul>" + "".join(f"<li><font><a href='/section/{i}'>بخش {i}</a>" for i in range(400)) + "</ul>"
    page = fa_page().decode("utf-8").replace("<body>", "<body>" + menu, 1).encode("utf-8")
    article = extract("https://www.example-news.ir/news/1/x", page, HTML)
    assert article.title == "دیدار وزیران دفاع در مسکو"
    assert article.text == extract("https://www.example-news.ir/news/1/x", fa_page(), HTML).text
