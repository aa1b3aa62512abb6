"""A small section page that claims og:type=article is still a listing."""

import pytest

from crawler.extraction import NotAnArticle, extract

TEASERS = [
    ("/news/708114-مذاکرات-دوجانبه", "مذاکرات دوجانبه و چهار جانبه وزرای دفاع روسیه، ایران، ترکیه و سوریه",
     "وزیران دفاع روسیه، ایران، ترکیه و سوریه روز سه‌شنبه در مسکو با یکدیگر دیدار کرده و درباره همکاری‌ها با هدف تقو"),
    ("/news/707830-هوش-مصنوعی", "هوش مصنوعی چگونه بازار کار را تغییر می‌دهد؟",
     "با گسترش چت‌بات‌های هوش مصنوعی، پرسش درباره آینده مشاغل بیش از هر زمان دیگری مطرح شده است؛ کارشناسان از تغییر"),
    ("/news/707455-تورم", "تورم نقطه‌ای فروردین به ۵۵ درصد رسید",
     "مرکز آمار ایران نرخ تورم نقطه‌ای فروردین ماه ۱۴۰۲ را ۵۵.۵ درصد اعلام کرد و کارشناسان این رقم را بی‌سابقه خواندند."),
]


def section_page(date_meta: str = "") -> bytes:
    items = "".join(f'<li><h3><a href="{href}">{title}</a></h3><p>{excerpt}</p></li>' for href, title, excerpt in TEASERS)
    return (f'<html lang="fa"><head><meta property="og:type" content="article">{date_meta}<title>سیاسی - خبرنامه</title></head>'
            f'<body><nav><a href="/">صفحه اصلی</a></nav><main><h1>سیاسی</h1><ul>{items}</ul></main></body></html>').encode()


def test_undated_headline_teasers_are_a_listing():
    with pytest.raises(NotAnArticle) as err:
        extract("https://unknown-fa-news.example/section/politics-10", section_page(), {"Content-Type": "text/html; charset=utf-8"})
    assert err.value.reason == "listing"


def test_a_dated_story_with_a_few_links_is_kept():
    body = "".join(f"<p>{excerpt} {excerpt}</p>" for _, _, excerpt in TEASERS)
    page = (f'<html lang="fa"><head><meta property="og:type" content="article"><title>نشست مسکو</title></head><body>'
            f'<article><h1>نشست مسکو</h1><time datetime="2023-04-25T21:46:00+03:30">۵ اردیبهشت ۱۴۰۲</time>{body}'
            f'<p><a href="/news/1">{TEASERS[0][1]}</a></p></article></body></html>').encode()
    article = extract("https://unknown-fa-news.example/news/1501840-x", page, {"Content-Type": "text/html; charset=utf-8"})
    assert article.title == "نشست مسکو" and article.published.startswith("2023-04-25")
