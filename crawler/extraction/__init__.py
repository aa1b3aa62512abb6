"""Pure article extraction: ``extract(url, body, headers, site=None) -> Article``.

Independent of Scrapy and the network; the same function serves live crawls
(in a worker process), WARC replay and the tests.  Raises ``NotAnArticle``
for pages that are not a single news article, so callers can count and skip
them; ``NotAnArticle.reason`` is one short slug:

* from the URL: ``home``, ``tag``, ``section``, ``listing``, ``video``,
  ``print``, ``static`` (about/contact pages), ``not-article-url`` (a known
  site's URL that matches none of its article patterns);
* from the page: ``listing`` (teasers, link soup), ``video``, ``gallery``,
  ``error`` (soft 404s), ``static``, ``no-body`` (no story text),
  ``binary`` (random or binary bytes served as text: ``decode.looks_binary``).

``ExtractionError`` is raised only for input that is not HTML at all (empty,
binary, a non-HTML content type).  Nothing else escapes for well-formed calls.

Modules, one concern each: ``decode`` (bytes → text), ``chars`` (ZWNJ
protection, invisible-character clean-up, search folding), ``metadata``
(JSON-LD/meta), ``scan`` (generic lead/date/tag candidates), ``families``
(Iranian CMS families), ``boilerplate`` (DOM pruning and phrase rules),
``blocks`` (DOM → paragraphs), ``classify`` (article or not), ``dates``
(Jalali/Arabic/relative dates), ``language`` (deterministic fa/ar/...),
``core`` (the composition).
"""

from .core import ExtractionError, NotAnArticle, extract
from .decode import looks_like_html

__all__ = ["extract", "NotAnArticle", "ExtractionError", "looks_like_html"]
