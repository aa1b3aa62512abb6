"""One thin spider per site definition with ``own_spider``, generated from
the registry; all behaviour lives in KhabarSpider.

``scrapy crawl mashregh -a base_url=http://127.0.0.1:8000`` crawls a mirror.
"""

from ..sites import spider_sites
from .base import KhabarSpider


def _spider_class(site_name: str) -> type:
    name = f"{site_name.title().replace('_', '')}Spider"
    return type(name, (KhabarSpider,), {"name": site_name, "site_name": site_name, "__module__": __name__})


for _site in spider_sites():
    _cls = _spider_class(_site.name)
    globals()[_cls.__name__] = _cls
del _site, _cls
