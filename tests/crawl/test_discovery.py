"""Feed, sitemap and robots.txt parsing (crawler.discovery)."""

import gzip
from datetime import datetime, timezone

import pytest

from crawler.discovery import is_feed, is_sitemap, parse_feed, parse_sitemap, robots_sitemaps

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>مشرق</title>
<item><title>خبر یک</title><link>https://www.mashreghnews.ir/news/1/%D8%AE%D8%A8%D8%B1</link>
<pubDate>Tue, 25 Apr 2023 17:16:00 GMT</pubDate></item>
<item><title>بدون تاریخ</title><link>https://www.mashreghnews.ir/news/2/slug</link></item>
<item><title>only guid</title><guid>https://www.mashreghnews.ir/news/3/g</guid></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>a</title><link rel="alternate" href="https://www.alaraby.co.uk/news/a-b-c"/>
<updated>2023-04-25T10:00:00+03:00</updated></entry></feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://www.alaraby.co.uk/politics/x-y-z</loc>
<news:news><news:publication><news:name>x</news:name><news:language>ar</news:language></news:publication>
<news:publication_date>2023-04-25T21:46:00+03:30</news:publication_date><news:title>t</news:title></news:news></url>
<url><loc> https://www.alaraby.co.uk/news/p-q-r </loc><lastmod>2023-04-24</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://www.namehnews.com/sitemap-1.xml</loc><lastmod>2023-04-01T00:00:00Z</lastmod></sitemap>
<sitemap><loc>https://www.namehnews.com/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_rss_items_with_dates_and_guid_fallback():
    entries = parse_feed(RSS)
    assert [e.url for e in entries] == [
        "https://www.mashreghnews.ir/news/1/%D8%AE%D8%A8%D8%B1",
        "https://www.mashreghnews.ir/news/2/slug",
        "https://www.mashreghnews.ir/news/3/g",
    ]
    assert entries[0].published == datetime(2023, 4, 25, 17, 16, tzinfo=timezone.utc)
    assert entries[1].published is None and entries[1].date is None


def test_atom_entries():
    (entry,) = parse_feed(ATOM)
    assert entry.url == "https://www.alaraby.co.uk/news/a-b-c"
    # Atom <updated> says when the entry changed, not when it was published
    assert entry.published is None
    assert entry.modified == datetime(2023, 4, 25, 7, 0, tzinfo=timezone.utc)


def test_google_news_sitemap_reads_publication_date():
    kind, entries = parse_sitemap(NEWS_SITEMAP)
    assert kind == "urlset"
    assert entries[0].published == datetime(2023, 4, 25, 18, 16, tzinfo=timezone.utc)
    assert entries[0].title == "t"
    assert entries[1].url == "https://www.alaraby.co.uk/news/p-q-r"
    assert entries[1].published is None
    assert entries[1].modified == datetime(2023, 4, 24, tzinfo=timezone.utc)


def test_naive_sitemap_dates_are_in_the_sites_zone():
    from zoneinfo import ZoneInfo
    body = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.ir/news/1</loc><lastmod>2023-04-25T10:00:00</lastmod></url></urlset>'
    _, (entry,) = parse_sitemap(body, ZoneInfo("Asia/Tehran"))
    assert entry.modified == datetime(2023, 4, 25, 6, 30, tzinfo=timezone.utc)


def test_sitemap_index_and_gzip():
    kind, entries = parse_sitemap(gzip.compress(INDEX))
    assert kind == "index"
    assert [e.url for e in entries][1].endswith("sitemap-2.xml.gz")
    assert is_sitemap(INDEX) and is_sitemap(gzip.compress(INDEX))


def test_not_a_sitemap_is_a_clear_error():
    with pytest.raises(ValueError, match="not a sitemap"):
        parse_sitemap(b"<html><body>404</body></html>")
    with pytest.raises(ValueError):
        parse_feed(b"")


def test_robots_sitemap_lines_any_case():
    body = "\ufeffSitemap: https://a.example/s0.xml\n".encode() + b"User-agent: *\nDisallow: /search\nsitemap: https://a.example/s1.xml\nSITEMAP:https://a.example/s2.xml\n"
    assert robots_sitemaps(body) == ["https://a.example/s0.xml", "https://a.example/s1.xml", "https://a.example/s2.xml"]


def test_feed_sniffing():
    assert is_feed(RSS) and is_feed(ATOM) and is_feed(b"", "application/rss+xml; charset=utf-8")
    assert not is_feed(b"<!doctype html><html>")


# One bad entry costs one entry (issue 9): dates out of range are None, counted.
def _sitemap_with(lastmod: str) -> bytes:
    return (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b'<url><loc>https://a.example/1</loc><lastmod>' + lastmod.encode() + b'</lastmod></url>'
            b'<url><loc>https://a.example/2</loc><lastmod>2023-04-25</lastmod></url></urlset>')


@pytest.mark.parametrize("lastmod", ["0000-01-01T00:00:00+00:00", "0000-01-01", "0001-01-01T00:00:00+05:00",
                                     "9999-12-31T23:59:59-05:00", "2023-13-45"])
def test_sitemap_bad_lastmod_costs_only_that_date(lastmod):
    bad = []
    kind, entries = parse_sitemap(_sitemap_with(lastmod), on_bad_date=bad.append)
    assert kind == "urlset"
    assert [e.url for e in entries] == ["https://a.example/1", "https://a.example/2"]
    assert entries[0].modified is None
    assert entries[1].modified == datetime(2023, 4, 25, tzinfo=timezone.utc)
    assert bad == [lastmod]


def test_sitemap_bad_lastmod_without_callback():
    _, entries = parse_sitemap(_sitemap_with("0000-01-01"))
    assert len(entries) == 2 and entries[0].date is None


@pytest.mark.parametrize("pub", ["0000-00-00 00:00:00", "0001-01-01T00:00:00+05:00"])  # year -1, year 0
def test_feed_bad_pubdate_costs_only_that_date(pub):
    body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f'<item><link>https://a.example/1</link><pubDate>{pub}</pubDate></item>'
            f'<item><link>https://a.example/2</link><pubDate>Tue, 25 Apr 2023 17:16:00 GMT</pubDate></item>'
            f'</channel></rss>').encode()
    bad = []
    entries = parse_feed(body, on_bad_date=bad.append)
    assert [e.url for e in entries] == ["https://a.example/1", "https://a.example/2"]
    assert entries[0].published is None
    assert entries[1].published == datetime(2023, 4, 25, 17, 16, tzinfo=timezone.utc)
    assert bad == [pub]


# -- hostile XML: refused before any parser, named by kind ---------------------
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
          + ']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.ir/news/&lol9;</loc>'
            '</url></urlset>').encode()
XXE_RSS = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           b'<rss version="2.0"><channel><link>&xxe;</link><item><title>&xxe;</title>'
           b'<link>https://x.ir/news/1/a</link></item></channel></rss>')
PARAMETER_XXE = (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/x.dtd"> %ext;]>'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>')
RSS_091 = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
           b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>t</title>'
           b'<item><title>a</title><link>https://x.ir/news/1/a</link></item></channel></rss>')


def hostile_kind(call, *args):
    from crawler.discovery import HostileDocument

    with pytest.raises(HostileDocument) as info:
        call(*args)
    assert "\n" not in str(info.value)
    return info.value.kind


def test_entity_declarations_are_refused_before_parsing():
    from crawler.discovery import HostileDocument, feed_home

    assert hostile_kind(parse_sitemap, LAUGHS) == "xml_entities"
    assert hostile_kind(parse_sitemap, gzip.compress(LAUGHS)) == "xml_entities"
    assert hostile_kind(parse_sitemap, PARAMETER_XXE) == "xml_external_entity"
    assert hostile_kind(parse_feed, XXE_RSS) == "xml_external_entity"
    assert hostile_kind(feed_home, XXE_RSS) == "xml_external_entity"
    assert hostile_kind(parse_feed, LAUGHS.replace(b"urlset", b"rss")) == "xml_entities"
    # in UTF-16, or behind an encoding no parser knows: still seen
    utf16 = XXE_RSS.replace(b'version="1.0"?>', b'version="1.0" encoding="UTF-16"?>', 1).decode().encode("utf-16")
    assert hostile_kind(parse_feed, utf16) == "xml_external_entity"
    unknown = XXE_RSS.replace(b'version="1.0"?>', b'version="1.0" encoding="x-bogus"?>', 1)
    assert hostile_kind(parse_feed, unknown) == "xml_external_entity"
    # not a ValueError: the callbacks' "not a sitemap/feed" handling must not swallow it
    assert not issubclass(HostileDocument, ValueError)


def test_a_doctype_without_entities_is_read_as_before():
    (entry,) = parse_feed(RSS_091)
    assert entry.url == "https://x.ir/news/1/a"
    html = b"<!DOCTYPE html><html><body><p>&nbsp;no feed</p></body></html>"
    with pytest.raises(ValueError):
        parse_sitemap(html)
