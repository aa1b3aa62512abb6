"""One thin spider per site definition with ``own_spider``, generated from
the registry; all behaviour lives in KhabarSpider.

``scrapy crawl mashregh -a base_url=http://127.0.0.1:8000`` crawls a mirror.
The callbacks a definition names in ``contract_urls`` carry ``scrapy check``
contracts (crawler/contracts.py).
"""

import inspect

from ..contracts import contract_doc
from ..sites import spider_sites
from .base import KhabarSpider


def _spider_class(site_name: str, contract_urls=()) -> type:
    name = f"{site_name.title().replace('_', '')}Spider"
    attrs = {"name": site_name, "site_name": site_name, "__module__": __name__}
    for callback, url in contract_urls:
        attrs[callback] = _checked(callback, url)
    return type(name, (KhabarSpider,), attrs)


def _checked(callback: str, url: str):
    """``KhabarSpider.<callback>`` itself, under a docstring of contracts for
    ``scrapy check`` (Scrapy reads contracts from the callback's docstring)."""
    base = getattr(KhabarSpider, callback)
    if inspect.isasyncgenfunction(base):
        async def method(self, response, **kwargs):
            async for out in base(self, response, **kwargs):
                yield out
    else:
        def method(self, response, **kwargs):
            yield from base(self, response, **kwargs)
    method.__name__ = method.__qualname__ = callback
    method.__doc__ = contract_doc(callback, url)
    return method


for _site in spider_sites():
    _cls = _spider_class(_site.name, _site.contract_urls)
    globals()[_cls.__name__] = _cls
del _site, _cls
