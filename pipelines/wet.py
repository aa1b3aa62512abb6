"""Item pipeline writing each article's clean text as a WARC ``conversion`` record.

This is what Common Crawl's WET files carry: a ``conversion`` record,
``Content-Type: text/plain; charset=utf-8``, ``WARC-Target-URI`` the page,
``WARC-Refers-To`` the ``WARC-Record-ID`` of the page's response record and
``WARC-Date`` that response's date, so tools that read only WARC get the text
too.  It goes into the crawl's current WARC file, through the crawl's
:class:`~crawler.archive.extension.WarcArchive`.

Off (``NotConfigured``) when the archive is (``WARC_ENABLED`` false or
``WARC_REPLAY`` set).  Items without a ``warc`` pointer or without text pass
through untouched (counted under ``khabar/warc/conversion_skipped``).
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from crawler.archive.extension import WarcArchive, archiving
from crawler.writefail import archive_write_failed


class WetConversionPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        if not archiving(crawler.settings):
            raise NotConfigured  # no WARC output in this run, by the user's choice
        return cls(crawler)

    async def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        pointer = adapter.get("warc") if "warc" in adapter.field_names() else None
        text = adapter.get("text") if "text" in adapter.field_names() else None
        if not pointer or not text:
            self.stats.inc_value("khabar/warc/conversion_skipped")
            return item
        archive = self.crawler.get_extension(WarcArchive)
        try:
            await archive.call("write_conversion", url=adapter.get("url"), text=text,
                               refers_to=pointer.get("record_id"), date=adapter.get("fetched_at"))
        except OSError as exc:  # the crawl stops; the item itself is still written
            archive_write_failed(self.crawler, "the WARC archive", exc)
            return item
        self.stats.inc_value("khabar/warc/conversions")
        return item
