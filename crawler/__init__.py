"""Khabar: a Scrapy crawler and WARC archiver for Persian and Arabic news."""

__version__ = "0.1.0"
