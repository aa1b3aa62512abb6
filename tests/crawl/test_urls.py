"""URL spelling variants reduce to one key; mirror rebasing."""

from crawler.urls import Rebaser, normalize, url_key

RAW = "https://www.namehnews.com/بخش-بین-الملل-11/707675-از-نسل-کشی"
ENCODED = normalize(RAW)


def test_raw_and_percent_encoded_slugs_share_a_key():
    assert "%D8%A8" in ENCODED
    assert url_key(RAW) == url_key(ENCODED)


def test_tracking_fragment_and_www_do_not_make_a_new_article():
    variants = [ENCODED + "?utm_source=telegram&utm_medium=x", ENCODED + "#comments",
                ENCODED.replace("www.", ""), ENCODED + "/"]
    assert {url_key(v) for v in variants} == {url_key(RAW)}


def test_meaningful_query_is_kept():
    assert url_key("https://x.ir/archive?pi=2") != url_key("https://x.ir/archive?pi=3")


def test_rebaser_maps_real_domain_to_mirror_and_drops_offsite():
    rebase = Rebaser(("mashreghnews.ir",), "http://127.0.0.1:8080")
    assert rebase("https://www.mashreghnews.ir/news/1/a?utm_source=rss") == "http://127.0.0.1:8080/news/1/a"
    assert rebase("/news/2/b", "http://127.0.0.1:8080/archive") == "http://127.0.0.1:8080/news/2/b"
    assert rebase("news/3", "http://127.0.0.1:8080/archive/") == "http://127.0.0.1:8080/archive/news/3"
    assert rebase("https://twitter.com/share") is None
    assert rebase("mailto:a@b.c") is None
    assert rebase("http://127.0.0.1:9999/news/1") is None  # another local origin


def test_rebaser_live_keeps_site_domains():
    rebase = Rebaser(("alaraby.co.uk", "alaraby.com"), None)
    assert rebase("https://www.alaraby.com/news/x") == "https://www.alaraby.com/news/x"
    assert rebase("https://example.com/") is None
