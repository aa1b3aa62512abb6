"""The one-file spider a competent Scrapy user would write in an afternoon:
the yardstick ``bench/throughput.py`` measures Khabar against (issue 10).

Sitemaps in, one JSON line and one gzip WARC response record per article out,
everything inline in one pipeline: ``trafilatura.extract`` (JSON, with
metadata), ``langdetect.detect``, ``json.dumps``, warcio's ``WARCWriter``.

    scrapy runspider bench/naive_spider.py -a sitemaps=URL,URL -a mirror=DOMAIN=ORIGIN,... -s NAIVE_OUT=DIR

``mirror`` maps each site's real domain onto the loopback origin serving its
copy (the sitemaps name the live sites), in ``sitemap_filter``.
"""

import json
from io import BytesIO
from urllib.parse import urlsplit

import langdetect
import trafilatura
from scrapy.spiders import SitemapSpider
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


class NaivePipeline:
    def __init__(self, out):
        self.out = out

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("NAIVE_OUT", "."))

    def open_spider(self):
        out = self.out
        self.lines = open(f"{out}/items.jsonl", "w", encoding="utf-8")
        self.warc_file = open(f"{out}/pages.warc.gz", "wb")
        self.warc = WARCWriter(self.warc_file, gzip=True)

    def close_spider(self):
        self.lines.close()
        self.warc_file.close()

    def process_item(self, item):
        headers = StatusAndHeaders(f"{item['status']} OK", item["headers"], protocol="HTTP/1.1")
        record = self.warc.create_warc_record(item["url"], "response", payload=BytesIO(item["body"]),
                                              http_headers=headers)
        self.warc.write_record(record)
        doc = trafilatura.extract(item["body"].decode("utf-8", "replace"), output_format="json",
                                  with_metadata=True, url=item["url"])
        if not doc:
            return None
        data = json.loads(doc)
        try:
            data["language"] = langdetect.detect(data.get("text") or "")
        except langdetect.LangDetectException:
            data["language"] = None
        data["url"] = item["url"]
        self.lines.write(json.dumps(data, ensure_ascii=False) + "\n")
        return {"url": item["url"]}


class NaiveSpider(SitemapSpider):
    name = "naive"
    custom_settings = {"ITEM_PIPELINES": {NaivePipeline: 300}}

    def __init__(self, sitemaps="", mirror="", **kwargs):
        self.sitemap_urls = [u for u in sitemaps.split(",") if u]
        self.mirror = dict(pair.split("=", 1) for pair in mirror.split(",") if pair)
        super().__init__(**kwargs)

    def sitemap_filter(self, entries):
        for entry in entries:
            parts = urlsplit(entry["loc"])
            origin = self.mirror.get(parts.hostname.removeprefix("www."))
            if origin:
                entry["loc"] = origin + entry["loc"][len(f"{parts.scheme}://{parts.netloc}"):]
            yield entry

    def parse(self, response):
        headers = [(k.decode(), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs]
        yield {"url": response.url, "status": response.status, "headers": headers, "body": response.body}
