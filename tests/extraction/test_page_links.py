"""The page's links as extraction reads them (crawler/extraction/links.py)."""

import itertools

from crawler.extraction.links import _joined_norm, norm_url


def test_site_wide_hrefs_normalise_as_joined_on_each_page():
    """An href joined on the page's scheme and host alone (and remembered for
    the site) comes to what joining it on the whole page URL gives, for every
    short href over the characters urljoin and urlsplit treat specially, on
    pages with and without paths, queries, ports and www."""
    bases = ["https://www.example.com/news/1/a-story?x=1#top", "http://example.com", "https://example.com/",
             "https://user@example.com:8443/a/b/c.html;p?q", "http://[::1]:8080/x/", "https://EXAMPLE.com/Path/"]
    parts = ["/", "//", "http:", "https:", "http://", "h", "?q", "#f", "\t", "\n", " ", "..", ".", "x", "%D8%A7",
             "ا", "[", ":80", "www.", "\\", ";p", "@"]
    hrefs = {"".join(p) for n in (1, 2, 3) for p in itertools.product(parts, repeat=n)}
    for base in bases:
        for href in hrefs:
            assert norm_url(base, href) == _joined_norm(base, href), (base, href)
            assert norm_url(base, href) == _joined_norm(base, href), (base, href)  # now remembered
