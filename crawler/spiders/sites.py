"""One thin spider per site definition; all behaviour lives in KhabarSpider.

``scrapy crawl mashregh -a base_url=http://127.0.0.1:8000`` crawls a mirror.
"""

from .base import KhabarSpider


class NamehnewsSpider(KhabarSpider):
    name = "namehnews"
    site_name = "namehnews"


class MashreghSpider(KhabarSpider):
    name = "mashregh"
    site_name = "mashregh"


class AlarabySpider(KhabarSpider):
    name = "alaraby"
    site_name = "alaraby"
