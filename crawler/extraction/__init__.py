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

Modules, one concern each.  The composition: ``core`` (``extract``), ``page``
(the parsed page every attribute reads).  One module per attribute, as
fundus gives each field its own function: ``title``, ``authors``,
``published`` (which of the page's dates are the story's), ``body`` (the
text), ``fields`` (lead, section, tags, source credit, image) and
``classify`` (article or not: URL, declared type, content).  What they
share: ``decode`` (bytes → text), ``chars`` (ZWNJ protection, invisible-
character clean-up, search folding, line keys), ``dom`` (CSS selection,
element order), ``metadata`` (JSON-LD/meta), ``scan`` (generic lead/date/tag
candidates), ``families`` (which CMS family an unknown site's page uses),
``links`` (the page's links, for the listing tests), ``prune`` (DOM
boilerplate), ``lines`` (paragraph rules, their options in one
``LineOptions``), ``phrases`` (the fa/ar/en furniture phrases, as data),
``blocks`` (DOM → paragraphs), ``dates`` (Jalali/Arabic/relative date
strings), ``language`` (deterministic fa/ar/...).  Site-specific rules live
in the site definitions (``crawler/sites``), never here.
"""

from .core import ExtractionError, NotAnArticle, extract
from .decode import looks_like_html

__all__ = ["extract", "NotAnArticle", "ExtractionError", "looks_like_html", "warm"]


def warm() -> None:
    """Load what extraction loads on first use (trafilatura and its justext
    stoplists, the langdetect profiles), for timing pages without the first
    page's cost.  Workers do not call it: a worker that never needs them
    (no page needing trafilatura or langdetect) stays smaller."""
    from .body import trafilatura_module
    from .language import _factory

    trafilatura_module().external.jt_stoplist_init()
    _factory()
