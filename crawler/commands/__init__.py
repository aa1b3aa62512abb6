"""Project Scrapy commands (`scrapy replay`)."""
