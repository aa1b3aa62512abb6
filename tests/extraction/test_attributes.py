"""Each attribute's own function, on a small page, without the rest of ``extract``."""

import json

import lxml.html
import pytest

from crawler.extraction import authors, classify, links, published, title
from crawler.extraction.body import Body
from crawler.extraction.chars import CharGuard
from crawler.extraction.lines import LineOptions, filter_paragraphs
from crawler.extraction.page import read_page
from crawler.sites import get_site

STORY = "وزیران دفاع چهار کشور در مسکو دیدار کردند و درباره همکاری‌ها گفت‌وگو کردند."


def page_of(html: str, url: str = "https://www.example.com/news/123456/x", site=None):
    return read_page(url, lxml.html.document_fromstring(html), CharGuard(html), {}, site)


def test_title_is_the_h1_that_the_declared_title_names():
    page = page_of("<html><head><title>دیدار وزیران دفاع در مسکو | خبرگزاری نمونه</title>"
                   "<meta property='og:site_name' content='خبرگزاری نمونه'></head>"
                   "<body><h1>نمونه</h1><h1>دیدار وزیران دفاع در مسکو</h1></body></html>")
    text, el = title.read(page)
    assert text == "دیدار وزیران دفاع در مسکو" and el is not None and el.tag == "h1"


def test_title_without_an_h1_is_the_declared_title_without_the_site_name():
    page = page_of("<html><head><title>دیدار وزیران دفاع در مسکو | خبرگزاری نمونه</title></head>"
                   "<body><p>x</p></body></html>")
    assert title.read(page) == ("دیدار وزیران دفاع در مسکو", None)


def test_authors_leave_out_the_publishing_organisation():
    ld = {"@type": "NewsArticle", "author": [{"@type": "Person", "name": "مریم احمدی"},
                                             {"@type": "Organization", "name": "خبرگزاری نمونه"}]}
    page = page_of(f"<html><head><script type='application/ld+json'>{json.dumps(ld)}</script></head>"
                   "<body><p>x</p></body></html>")
    assert authors.read(page) == ["مریم احمدی"]


def test_an_unknown_persian_pages_date_line_is_read_in_iran_time():
    page = page_of(f"<html><body><div><h1>دیدار وزیران دفاع در مسکو</h1><span>۵ اردیبهشت ۱۴۰۲ - ۲۱:۴۶</span></div>"
                   f"<p>{STORY}</p></body></html>")
    assert published.clock(page).zone is None  # a .com host, no definition: no zone yet
    found = published.candidates(page, title.read(page)[1])
    assert found.published[0] == ("۵ اردیبهشت ۱۴۰۲ - ۲۱:۴۶", False)
    assert published.resolve(page, found, "fa").published == "2023-04-25T21:46:00+03:30"
    assert published.resolve(page, found, "ar").published == "2023-04-25T21:46:00"


def test_a_family_sites_metadata_utc_is_given_in_its_zone():
    page = page_of("<html><head><meta property='article:published_time' content='2023-04-25T17:16:00Z'></head>"
                   "<body><h1>عنوان</h1></body></html>", url="https://www.namehnews.com/x-1/707675-y",
                   site=get_site("namehnews"))
    when = published.resolve(page, published.candidates(page, None), "fa")
    assert when.published == "2023-04-25T20:46:00+03:30" and when.published_raw == "2023-04-25T17:16:00Z"


def test_line_options_carry_what_the_page_adds():
    options = LineOptions(title="دیدار در مسکو", authors=("مریم احمدی",), phrases=("منبع از",))
    paras = ["دیدار در مسکو", "مریم احمدی", "منبع از جایی", STORY]
    assert filter_paragraphs(paras, options).paragraphs == [STORY]
    assert filter_paragraphs(paras).paragraphs == paras
    with pytest.raises(AttributeError):
        options.title = "x"  # one frozen object per page, shared by both body passes


def test_content_classification_on_the_extracted_body():
    page = page_of("<html><body><h1>عنوان خبر</h1><p>کوتاه</p></body></html>")
    page_links = links.read(page)
    assert classify.reject_by_content(page, "عنوان خبر", None, Body(["کوتاه"], None, False, None), page_links) == "no-body"
    story = Body([STORY, STORY + " دوم"], None, False, None)
    assert classify.reject_by_content(page, "دیدار وزیران دفاع در مسکو", None, story, page_links) is None
