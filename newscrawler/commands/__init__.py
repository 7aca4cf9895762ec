"""Custom scrapy commands: ``scrapy extract``, ``scrapy crawlall``."""
