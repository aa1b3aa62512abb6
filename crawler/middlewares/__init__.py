"""Khabar's Scrapy middlewares, one concern each, wired in crawler/settings.py.

Downloader: :mod:`.robots` (robots.txt by RFC 9309), :mod:`.retry_after`
(429/503 ``Retry-After``), :mod:`.sizecaps` (size caps per kind of document,
decompression included), :mod:`.redirects` (redirects kept on a mirror).
Spider: :mod:`.provenance` (``warc``/``fetched_at``/``site`` on every
article), :mod:`.sitemapcap` (sitemap count and depth), :mod:`.hostilexml`
(hostile XML documents named).  The WARC capture middleware lives with the
archive (``crawler.archive.capture``).
"""
