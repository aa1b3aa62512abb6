"""Khabar's own Scrapy commands (``COMMANDS_MODULE = "crawler.commands"``)."""
