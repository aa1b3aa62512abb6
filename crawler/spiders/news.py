"""``news``: the one spider name for any news site, defined or not.

    scrapy crawl news -a site=https://any-news-site.example   # GenericSpider
    scrapy crawl news -a site=sahebkhabar                     # its definition
    scrapy crawl news -a site=https://www.mashreghnews.ir     # its definition

A site name, or a URL on a defined site's domain, is crawled by
``KhabarSpider`` bound to that definition (the aggregators ``sahebkhabar``
and ``titronline`` have no spider of their own); ``-a base_url=`` then points
it at a mirror.  Any other URL is crawled by ``GenericSpider``.

``NewsSpider`` only chooses: Scrapy builds spiders through ``from_crawler``
(and ``scrapy crawl`` checks arguments by calling the class), so both return
the chosen class's spider, named ``news``.  ``crawler.spidercls`` stays
``NewsSpider``; Scrapy reads from it only ``name`` and ``custom_settings``
(which neither spider sets), everything else from ``crawler.spider``.
"""

from __future__ import annotations

from typing import Any, Optional

import scrapy

from ..sites import SITES, site_for_url
from ..urls import origin_problem
from .base import KhabarSpider, positive_int
from .generic import GenericSpider


class NewsSpider(scrapy.Spider):
    name = "news"
    # The classes it builds: their arguments are the ones ``news`` takes
    # (``crawler.validate.spider_arguments``).
    builds = (GenericSpider, KhabarSpider)

    def __new__(cls, *args: Any, **kwargs: Any):
        spidercls, kwargs = cls.choose(**kwargs)
        return spidercls(*args, **kwargs)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spidercls, kwargs = cls.choose(**kwargs)
        return spidercls.from_crawler(crawler, *args, **kwargs)

    @classmethod
    def choose(cls, site: Optional[str] = None, base_url: Optional[str] = None,
               max_depth: Optional[str] = None, **kwargs: Any) -> tuple[type[KhabarSpider], dict]:
        """The spider class for ``-a site=`` and the arguments to build it with."""
        if not site:
            raise ValueError("the news spider needs -a site=<URL or site name> "
                             f"(defined sites: {', '.join(sorted(SITES))})")
        kwargs["name"] = cls.name
        if site in SITES:
            definition = SITES[site]
        elif site.startswith(("http://", "https://")):
            problem = origin_problem(site)  # ``..``, user@host, a port that is no number: a usage error
            if problem:
                raise ValueError(f"-a site= {problem}, got {site!r}")
            definition = site_for_url(site)
            if definition is None:
                return GenericSpider, dict(kwargs, site=site, base_url=base_url, max_depth=max_depth)
            if not base_url and site.rstrip("/") != definition.home.rstrip("/"):
                base_url = site  # a defined site reached under another origin of its own
        else:
            raise ValueError(f"-a site= must be a URL or one of {', '.join(sorted(SITES))}, got {site!r}")
        positive_int(max_depth, "max_depth")  # accepted, and unused: the definition says what to follow
        return KhabarSpider, dict(kwargs, site=definition, base_url=base_url)
