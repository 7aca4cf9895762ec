"""Custom scrapy commands: ``scrapy extract``."""
