"""Pure article extraction: ``extract(url, body, headers, site=None) -> Article``.

Independent of Scrapy and the network; the same function serves live crawls
(in a worker process), WARC replay and the tests.  Raises ``NotAnArticle``
for pages that are not a single news article (listings, tag pages, galleries,
error pages), so callers can count and skip them.
"""

from .core import ExtractionError, NotAnArticle, extract

__all__ = ["extract", "NotAnArticle", "ExtractionError"]
