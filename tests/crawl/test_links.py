"""crawler/links.py: the links the extraction worker reads are the ones Scrapy
would read, and the per-href memo gives what rebasing each href gives."""

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_base_url

from crawler.links import LinkTriage, page_links
from crawler.urls import Rebaser, url_key

PAGE = """<html><head><meta charset="windows-1256"><base href="/news/"></head><body>
<a href="/service/politics">a</a> <a href="/service/politics">again</a>
<a href="12/%D8%AE%D8%A8%D8%B1">rel</a> <a href=" https://www.mashreghnews.ir/news/7/x?utm_source=t#c ">abs</a>
<a href="//mashreghnews.ir/tag/x">scheme</a> <a href="mailto:a@b">mail</a> <a href="https://other.example/">off</a>
<a href="/news/9/\u062e\u0628\u0631">raw</a><!-- <a href="/in/comment"> --><a>no href</a></body></html>"""


def test_page_links_are_scrapys_links_once_each():
    body = PAGE.encode("cp1256")
    response = HtmlResponse("http://127.0.0.1:8000/news/5/s", body=body,
                            headers={"Content-Type": "text/html; charset=windows-1256"})
    links = page_links(response.url, body, response.encoding)
    assert links.base == get_base_url(response) == "http://127.0.0.1:8000/news/"
    assert list(links.hrefs) == list(dict.fromkeys(response.xpath("//a/@href").getall()))
    assert len(links.hrefs) == 7 and links.hrefs[-1] == "/news/9/\u062e\u0628\u0631"  # decoded as Scrapy decodes


def test_triage_gives_what_rebasing_each_href_gives_and_forgets_on_a_new_domain():
    rebase = Rebaser(("mashreghnews.ir",), "http://127.0.0.1:8000")
    triage = LinkTriage(rebase, lambda url: "article" if "/news/" in url else None, limit=4)
    hrefs = ["/service/politics", "12/x", " https://www.mashreghnews.ir/news/7/x?utm_source=t#c ",
             "//mashreghnews.ir/tag/x", "mailto:a@b", "https://other.example/", "/news/9/y"]
    for base in ("http://127.0.0.1:8000/news/", "http://127.0.0.1:8000/tag/z/", "http://127.0.0.1:8000/news/"):
        got = [(l.target, l.key, l.kind) if l else None for l in triage(hrefs, base)]
        want = []
        for href in hrefs:
            target = rebase(href, base)
            want.append((target, url_key(target), "article" if "/news/" in target else None) if target else None)
        assert got == want
    assert triage.link("https://other.example/a", "http://127.0.0.1:8000/") is None
    rebase.add_domain("other.example")
    assert triage.link("https://other.example/a", "http://127.0.0.1:8000/").target == "http://127.0.0.1:8000/a"


def test_a_full_triage_memo_keeps_the_hrefs_every_page_repeats():
    """The menus every page carries stay resolved when the memo fills with
    one-off story links; the memo stays within its bound; every answer is
    what rebasing the href gives."""
    rebase = Rebaser(("mashreghnews.ir",), "http://127.0.0.1:8000")
    resolved = []

    def kind(url):
        resolved.append(url)
        return "article" if "/news/" in url else "listing"

    triage = LinkTriage(rebase, kind, limit=4)
    base = "http://127.0.0.1:8000/news/1/x"
    for page in range(10):
        hrefs = ["/service/politics", "/service/economy", f"/news/{100 + 2 * page}/a", f"/news/{101 + 2 * page}/b"]
        got = [(l.target, l.key, l.kind) for l in triage(hrefs, base)]
        want = [(rebase(h, base), url_key(rebase(h, base)), "article" if "/news/" in h else "listing") for h in hrefs]
        assert got == want
        assert len(triage._memo) <= 4
    menus = [u for u in resolved if "/service/" in u]
    assert sorted(menus) == ["http://127.0.0.1:8000/service/economy", "http://127.0.0.1:8000/service/politics"]
    assert len(resolved) == 2 + 20  # each menu link once, each story link once


def _golden(name: str):
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "golden"
    gold = json.loads((root / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    return gold, (root / "pages" / f"{name}.html").read_bytes()


def test_links_that_cannot_be_read_cost_the_links_not_the_article():
    """A ``<base href>`` that is no URL (urljoin raises ValueError) used to
    fail the worker task after extract() succeeded: the story was lost."""
    from crawler.extraction import extract
    from crawler.sites import definition_named
    from crawler.workers import extract_page

    gold, body = _golden("titronline_irib_moscow")
    body = body.replace(b"<head>", b'<head><base href="http://[oops/">', 1)
    headers = list(gold["headers"].items())
    site = definition_named(gold["site"])
    article, links = extract_page(gold["url"], body, headers, site, "utf-8", site)
    assert article == extract(gold["url"], body, headers, site)
    assert links.hrefs == () and links.requisites is None and "ValueError" in links.error


def test_a_requisite_reference_that_is_no_url_costs_only_itself():
    from crawler.requisites import requisites

    page = ('<html><head><link rel="stylesheet" href="/a.css"></head><body>'
            '<img src="http://[oops/x.jpg"><img srcset="http://[bad/y.jpg 2x"><img src="/b.png"></body></html>')
    assert [(r.url, r.kind) for r in requisites("https://site.example/news/1", page)] == [
        ("https://site.example/a.css", "stylesheet"), ("https://site.example/b.png", "image")]


def _spider_links(spider, hrefs, base):
    """What the crawl process itself makes of a page's hrefs (its LinkTriage)."""
    seen, out = set(), []
    for link in spider.links(hrefs, base):
        if link is not None and link.kind is not None and (link.key, link.kind) not in seen:
            seen.add((link.key, link.kind))
            out.append(link)
    return out


def test_links_triaged_in_the_worker_are_the_spiders_own_decisions():
    """An article's links are triaged by the extraction worker with the
    spider's pickled LinkPolicy: the same links, kinds and keys the spider's
    own triage gives, for a site spider and for the generic spider (whose
    kinds and learned domains differ), on pages in markup the rules were
    not written for."""
    import pickle

    from crawler.spiders.generic import GenericSpider
    from crawler.spiders.base import KhabarSpider
    from crawler.sites import get_site

    page = ("<html><body>" + "".join(
        f'<a href="{h}">x</a>' for h in (
            "/news/1234567/\u062e\u0628\u0631-\u0641\u0648\u0631\u06cc", "/news/1234567/x?utm_source=a",
            "/service/politics", "/tag/\u0627\u06cc\u0631\u0627\u0646", "https://www.mashreghnews.ir/news/77/y",
            "//mashreghnews.ir/photo/5", "mailto:a@b", "https://mirror.example/news/88/z", "../about", "#top",
            "/fa/news/55/\u0628\u0639\u062f\u06cc")) + "</body></html>").encode()
    base = "http://127.0.0.1:8000/news/1/s"
    mashregh = KhabarSpider(name="mashregh", site=get_site("mashregh"), base_url="http://127.0.0.1:8000")
    generic = GenericSpider(name="generic", site="http://127.0.0.1:8000")
    generic.rebase.add_domain("mirror.example")  # as learn_alias does
    for spider in (mashregh, generic):
        policy = pickle.loads(pickle.dumps(spider.link_policy))  # as the worker gets it
        got = page_links(base, page, "utf-8", policy=policy)
        hrefs = page_links(base, page, "utf-8").hrefs
        want = _spider_links(spider, hrefs, base)
        assert list(got.links) == want and got.hrefs == ()
        assert want  # the page has links both spiders follow
    assert {l.kind for l in generic.link_policy.follow(hrefs, base)} == {"article", "listing"}


def _mirror_responses():
    """Every HTML page of the bundled mirrors and of the golden set as Scrapy
    would receive it (with its own headers: charset labels right or wrong)."""
    import json
    from pathlib import Path

    from w3lib.url import safe_url_string

    root = Path(__file__).resolve().parents[2] / "mirror" / "sites"
    for routes_file in sorted(root.glob("*/routes.json")):
        routes = json.loads(routes_file.read_text(encoding="utf-8"))
        for path, route in sorted(routes["routes"].items()):
            if not isinstance(route, dict) or not str(route.get("file") or "").endswith(".html"):
                continue
            body = (routes_file.parent / "files" / route["file"]).read_bytes()
            yield routes["site"], HtmlResponse(routes["origin"] + path, body=body,
                                               headers=[tuple(h) for h in route.get("headers", ())])
    golden = Path(__file__).resolve().parents[1] / "golden"
    for gold_file in sorted((golden / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        body = (golden / "pages" / f"{gold.get('page', gold_file.stem)}.html").read_bytes()
        yield gold.get("site"), HtmlResponse(safe_url_string(gold["url"]), body=body, headers=gold["headers"])


def test_an_article_pages_links_come_from_the_extractors_own_parse_and_are_scrapys(monkeypatch):
    """The worker reads an article page's links from the extractor's parse
    (no second parse) when the extractor decoded the page as Scrapy did, and
    from Scrapy's decoding when not (a mislabelled charset); either way they
    are exactly what ``response.xpath`` and ``get_base_url`` give, and the
    requisites what ``requisites()`` finds in Scrapy's own selector, on every
    article page of the bundled mirrors (trap pages included)."""
    import crawler.workers as workers
    from crawler.extraction import ExtractionError, NotAnArticle, extract
    from crawler.extraction.core import parse_document
    from crawler.links import same_codec
    from crawler.requisites import requisites
    from crawler.sites import definition_named

    reparsed = []
    real_page_links = workers.page_links
    monkeypatch.setattr(workers, "page_links", lambda url, *a, **k: reparsed.append(url) or real_page_links(url, *a, **k))
    checked, want_reparsed = 0, []
    for name, response in _mirror_responses():
        site = definition_named(name) if name else None
        headers = [(k.decode(), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs]
        try:
            article, links = workers.extract_page(response.url, response.body, headers, site,
                                                  response.encoding, site)
        except (NotAnArticle, ExtractionError):
            continue
        assert article == extract(response.url, response.body, headers, site)
        assert links.error is None
        assert links.base == get_base_url(response)
        assert links.hrefs == tuple(dict.fromkeys(response.xpath("//a/@href").getall()))
        assert links.requisites == tuple(requisites(response.url, None, site, selector=response.selector))
        document = parse_document(response.url, response.body, headers, site)
        if not (document.faithful and same_codec(document.encoding, response.encoding)):
            want_reparsed.append(response.url)
        checked += 1
    assert checked >= 100  # the mirrors' and the golden set's article pages
    assert reparsed == want_reparsed  # a second parse only where the extractor's parse is not Scrapy's
    assert len(want_reparsed) < checked // 10  # nearly every page is parsed once


def test_a_page_scrapy_decodes_otherwise_gets_scrapys_links():
    """UTF-8 says the header; the bytes are windows-1256 (a misconfigured
    server): the extractor reads the page as windows-1256, Scrapy as broken
    UTF-8.  The crawl's links stay Scrapy's, read from Scrapy's decoding."""
    from crawler.workers import extract_page

    page = ('<html><head><meta charset="windows-1256"><title>\u062e\u0628\u0631</title></head><body><h1>\u062e\u0628\u0631 \u0639\u0627\u062c\u0644</h1>'
            + "<p>" + "\u0647\u0630\u0627 \u062e\u0628\u0631 \u0645\u0647\u0645 \u062c\u062f\u0627. " * 40 + "</p>"
            + '<a href="/news/9/\u062e\u0628\u0631">raw</a><a href="/tag/x">t</a></body></html>')
    body = page.encode("cp1256")
    response = HtmlResponse("http://127.0.0.1:8000/news/5/s", body=body,
                            headers={"Content-Type": "text/html; charset=utf-8"})
    assert response.encoding == "utf-8"
    article, links = extract_page(response.url, body, [("Content-Type", "text/html; charset=utf-8")], None,
                                  response.encoding)
    assert "\u062e\u0628\u0631" in article.title  # the extractor read the real text
    assert links.hrefs == tuple(dict.fromkeys(response.xpath("//a/@href").getall()))
    assert "\u062e\u0628\u0631" not in links.hrefs[0]  # Scrapy's reading of the bytes, not the extractor's


def test_links_requested_from_an_earlier_page_are_passed_over_as_the_request_methods_would():
    """The crawl passes over a link it already requested (the menus every
    page repeats) by the key hash the triage worked out: the same requests
    as asking article_request/listing_request about every link, and the
    same counts."""
    import pickle

    from scrapy.http import HtmlResponse as Page
    from scrapy.utils.test import get_crawler

    from crawler.keyset import key_hash
    from crawler.links import PageLinks
    from crawler.sites import get_site
    from crawler.spiders.base import KhabarSpider

    hrefs = ["/news/%d/x" % n for n in range(1700000, 1700040)] + ["/service/%d" % n for n in range(20)]
    html = ("<html><body>" + "".join(f'<a href="{h}">l</a>' for h in hrefs) + "</body></html>").encode()

    def spider_and_page():
        spider = KhabarSpider(name="mashregh", site=get_site("mashregh"), base_url="http://127.0.0.1:8000")
        spider.crawler = get_crawler(KhabarSpider)
        from scrapy import Request

        page = Page("http://127.0.0.1:8000/fa/news/1/s", body=html, headers={"Content-Type": "text/html"},
                    request=Request("http://127.0.0.1:8000/fa/news/1/s"))
        policy = pickle.loads(pickle.dumps(spider.link_policy))  # as the worker gets it
        return spider, page, page_links(page.url, html, "utf-8", policy=policy)

    fast, page, links = spider_and_page()
    slow, _, _ = spider_and_page()
    assert all(link.key_hash == key_hash(link.key) for link in links.links)
    first_half = PageLinks(links.base, (), None, links=links.links[::2])
    for spider in (fast, slow):  # an earlier page linked half of them
        assert len(list(spider.article_links(page, first_half))) == 30
    got = [r.url for r in fast.article_links(page, links)]
    want = [r.url for r in (slow.linked_page_request(link, 1) for link in links.links) if r is not None]
    assert got == want and len(got) == 30
    assert fast.crawler.stats.get_stats() == slow.crawler.stats.get_stats()


_STORY = ("<h1>\u062e\u0628\u0631 \u0645\u0647\u0645 \u0627\u0645\u0631\u0648\u0632</h1><p>"
          + "\u0627\u06cc\u0646 \u06cc\u06a9 \u0645\u062a\u0646 \u062e\u0628\u0631\u06cc \u0627\u0633\u062a. " * 40 + "</p>")


@pytest.mark.parametrize("tail", [
    # an unclosed <font> per list item: libxml2 stops at 256 levels unless huge_tree (Scrapy sets it)
    "<ul>" + "".join(f"<li><font><a href='/n{i}'>x</a>" for i in range(400)) + "</ul>",
    "<div>" * 300 + "<a href='/deep'>d</a>" + "</div>" * 300 + "<a href='/after'>a</a>",
    # the extractor reads a bare &zwnj as the joiner (and drops control characters); Scrapy keeps them
    "<a href='/tag/\u06a9\u062a\u0627\u0628&zwnj\u062e\u0648\u0627\u0646\u06cc'>t</a><a href='/s?a=1&zwj=2'>q</a>",
    "<a href='/a\x0cb'>c</a>",
], ids=["deep-list", "deep-divs", "bare-joiner-refs", "control-character"])
def test_a_page_the_extractor_parses_otherwise_than_scrapy_gets_scrapys_links(tail):
    """Pages whose extractor tree is not Scrapy's (a parser limit met, a
    character rewritten before parsing) get their links from Scrapy's own
    parse: none lost, none respelled."""
    from crawler.workers import extract_page

    body = f"<html><body>{_STORY}{tail}</body></html>".encode()
    response = HtmlResponse("http://127.0.0.1:8000/news/1/s", body=body,
                            headers={"Content-Type": "text/html; charset=utf-8"})
    article, links = extract_page(response.url, body, [("Content-Type", "text/html; charset=utf-8")], None,
                                  response.encoding)
    assert article.title
    assert links.hrefs == tuple(dict.fromkeys(response.xpath("//a/@href").getall()))


def test_links_of_a_page_that_is_no_article_are_not_triaged():
    """The worker triages a page's links only once the page is an article:
    a listing or an error page on an article URL costs no link work."""
    from crawler.extraction import NotAnArticle
    from crawler.links import LinkPolicy
    from crawler.workers import extract_page

    asked = []
    policy = LinkPolicy(Rebaser(("example-news.ir",), None), lambda url: asked.append(url) or "article")
    listing = ("<html><body><ul>" + "".join(f"<li><a href='/news/{n}/x'>\u062e\u0628\u0631 {n}</a></li>"
                                            for n in range(40)) + "</ul></body></html>").encode()
    with pytest.raises(NotAnArticle):
        extract_page("https://example-news.ir/news/1/x", listing, [("Content-Type", "text/html; charset=utf-8")],
                     None, "utf-8", False, policy)
    assert asked == []
    story = f"<html><body>{_STORY}<a href='/news/2/y'>y</a></body></html>".encode()
    _, links = extract_page("https://example-news.ir/news/1/x", story, [("Content-Type", "text/html; charset=utf-8")],
                            None, "utf-8", False, policy)
    assert asked == ["https://example-news.ir/news/2/y"] and [l.target for l in links.links] == asked
