"""Minimal spider for capture tests: follows every link from ``-a start=URL``.

Yields ``Article`` items through the real extractor for pages under
``/news/``; ``warc``/``fetched_at`` are stamped by the project's
``ProvenanceMiddleware`` (enabled in the test settings), as in a real crawl.
"""

from urllib.parse import urlsplit

import scrapy

from crawler.extraction import NotAnArticle, extract


class CaptureSpider(scrapy.Spider):
    name = "capture"

    async def start(self):
        yield scrapy.Request(self.start_url)

    def __init__(self, start=None, *a, **kw):
        super().__init__(*a, **kw)
        self.start_url = start

    def parse(self, response):
        if "/news/" in response.url:
            headers = [(k.decode("latin-1"), v.decode("latin-1"))
                       for k, vs in response.headers.items() for v in vs]
            try:
                art = extract(response.url, response.body, headers)
            except NotAnArticle:
                return
            # as the news spider names a site without a definition: its bare host
            art.site = art.site or urlsplit(response.url).hostname.removeprefix("www.")
            yield art
        if hasattr(response, "css"):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href)
